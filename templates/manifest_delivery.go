package templates

// deliveryEntries lists the delivery templates (pre-commit config, Dockerfile,
// CI workflows, docs, DVC files). Owned by the delivery work; see Manifest.
func deliveryEntries(d Data) []Entry {
	var out []Entry
	add := func(e ...Entry) { out = append(out, e...) }

	add(file(".pre-commit-config.yaml.tmpl"))
	add(when(d.DockerCPU || d.DockerGPU,
		file("Dockerfile.tmpl"),
		file(".dockerignore"),
	)...)
	add(when(d.GitHub,
		file(".github/workflows/ci.yml.tmpl"),
		file(".github/workflows/release.yml.tmpl"),
		file(".github/dependabot.yml.tmpl"),
	)...)
	add(when(d.GitHub && (d.MkDocs || d.Sphinx), file(".github/workflows/docs.yml.tmpl"))...)
	add(when(d.GitLab, file(".gitlab-ci.yml.tmpl"))...)
	add(when(d.MkDocs,
		file("mkdocs.yml.tmpl"),
		as("docs/index.md", "docs/mkdocs/index.md.tmpl"),
		as("docs/api.md", "docs/mkdocs/api.md.tmpl"),
	)...)
	add(when(d.Sphinx,
		as("docs/conf.py", "docs/sphinx/conf.py.tmpl"),
		as("docs/index.md", "docs/sphinx/index.md.tmpl"),
		as("docs/api.md", "docs/sphinx/api.md.tmpl"),
	)...)
	add(when(d.MkDocs || d.Sphinx, file("docs/getting-started.md.tmpl"))...)
	add(when(d.DVC,
		file(".dvc/config.tmpl"),
		file(".dvc/.gitignore"),
		file(".dvcignore"),
		file("dvc.yaml.tmpl"),
	)...)
	return out
}
