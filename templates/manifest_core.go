package templates

// coreEntries lists the core project files: packaging, top-level files, code,
// configs and tests. Variants of one output (per env manager, framework,
// tracker, licence) are separate templates mapped with as(), so each template
// stays readable; small differences are conditionals inside a template.
func coreEntries(d Data) []Entry {
	var out []Entry
	add := func(e ...Entry) { out = append(out, e...) }

	// Packaging and top-level files.
	add(
		file("pyproject.toml.tmpl"),
		file(".python-version.tmpl"),
		file("README.md.tmpl"),
		file("CHANGELOG.md"),
		file(".gitignore"),
		file(".gitattributes"),
		file(".editorconfig"),
		licenseEntry(d.License),
	)
	add(when(d.Pip, file("requirements.in.tmpl"), file("requirements-dev.in.tmpl"))...)
	add(when(d.Conda, file("environment.yml.tmpl"))...)
	add(when(d.Classic, file(".flake8"))...)

	// Directory skeleton: data and models stay out of git (see .gitignore).
	for _, dir := range []string{"data/raw", "data/processed", "models", "plots"} {
		add(as(dir+"/.gitkeep", ".gitkeep"))
	}
	add(when(d.Notebooks, file("notebooks/README.md"))...)

	// Package code.
	pkg := "src/" + PackagePlaceholder + "/"
	add(
		file(pkg+"__init__.py.tmpl"),
		file(pkg+"config.py.tmpl"),
		file(pkg+"data.py.tmpl"),
		as(pkg+"model.py", pkg+"model_"+modelVariant(d)+".py.tmpl"),
		file(pkg+"train.py.tmpl"),
		file(pkg+"infer.py.tmpl"),
		file(pkg+"export.py.tmpl"),
		file(pkg+"tracking.py.tmpl"),
		file(pkg+"plotting.py"),
		file("commands.py.tmpl"),
	)
	// py.typed tells type checkers of dependents that the package is typed.
	add(when(d.Mypy, file(pkg+"py.typed"))...)

	// Hydra configuration: one group per stage, one logger file for the tracker.
	if d.Hydra {
		add(
			file("configs/config.yaml.tmpl"),
			file("configs/data/default.yaml.tmpl"),
			file("configs/model/default.yaml.tmpl"),
			file("configs/train/default.yaml.tmpl"),
			file("configs/infer/default.yaml.tmpl"),
			file("configs/export/default.yaml.tmpl"),
			file("configs/logger/"+loggerConfig(d)+".yaml"),
		)
	}

	// Tests.
	add(
		file("tests/conftest.py.tmpl"),
		file("tests/test_version.py.tmpl"),
		file("tests/test_config.py.tmpl"),
		file("tests/test_train_infer.py.tmpl"),
		file("tests/test_cli.py.tmpl"),
	)
	return out
}

// licenseEntry picks the licence text; Apache-2.0 has no fields to fill, so it
// is copied verbatim.
func licenseEntry(license string) Entry {
	if license == "Apache-2.0" {
		return as("LICENSE", "licenses/Apache-2.0")
	}
	return as("LICENSE", "licenses/"+license+".tmpl")
}

// modelVariant names the model.py template for the framework.
func modelVariant(d Data) string {
	switch {
	case d.Sklearn:
		return "sklearn"
	case d.Lightning:
		return "lightning"
	case d.Torch:
		return "pytorch"
	}
	return "numpy"
}

// loggerConfig names the configs/logger file for the tracker.
func loggerConfig(d Data) string {
	if d.Tracker {
		return d.Tracking
	}
	return "local"
}
