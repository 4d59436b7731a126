package native

import (
	"github.com/mlinit/mlinit/checks"
)

// env carries what checks share — compiled patterns and rule tables — built
// once per All() call, so the package has no mutable globals.
type env struct {
	re reParts
	layoutRes
	reproRes
	ciRes
	secrets    *secretScanner
	keyHeaders [][]byte
	keyHints   [][]byte
	artefacts  artefactSet // HY102's default patterns
}

func newEnv() *env {
	headers := privateKeyHeaders()
	return &env{
		re:         newReParts(),
		layoutRes:  newLayoutRes(),
		reproRes:   newReproRes(),
		ciRes:      newCIRes(),
		secrets:    newSecretScanner(secretRules()),
		keyHeaders: headers,
		keyHints:   privateKeyHints(headers),
		artefacts:  newArtefactSet(defaultArtefacts()),
	}
}

// All returns the native checks in catalogue order. Each call builds fresh
// state; the returned checks are safe for concurrent use.
func All() []*checks.Check {
	e := newEnv()
	const (
		E, W = checks.Error, checks.Warning
		F, R = checks.ScopeFile, checks.ScopeRepo
	)
	repo := func(id, title string, sev checks.Severity, fn func(*checks.Repo, checks.Options) ([]checks.Finding, string), requires ...string) *checks.Check {
		return &checks.Check{Meta: checks.Meta{ID: id, Title: title, Severity: sev, Scope: R, Requires: requires}, Repo: fn}
	}
	file := func(id, title string, sev checks.Severity, fn func(*checks.File, checks.Options) []checks.Finding) *checks.Check {
		return &checks.Check{Meta: checks.Meta{ID: id, Title: title, Severity: sev, Scope: F}, File: fn}
	}
	// options declares the per-check option keys ([tool.mlinit.checks.ID]); any
	// other key there is a configuration error.
	options := func(c *checks.Check, keys ...string) *checks.Check {
		c.Options = keys
		return c
	}
	fixable := func(c *checks.Check, fix func(*checks.File, checks.Options) ([]byte, bool)) *checks.Check {
		c.Fix = fix
		c.Fixable = true
		return c
	}
	list := []*checks.Check{
		// LP — layout & packaging
		repo("LP001", "pyproject.toml exists and parses", E, lp001),
		repo("LP002", "[build-system] declares requires and build-backend", E, withPyproject(lp002), "LP001"),
		repo("LP003", "[project] metadata is valid PEP 621", E, withPyproject(e.lp003), "LP001"),
		repo("LP004", "requires-python has a lower bound and no upper cap", W, withPyproject(lp004), "LP001"),
		repo("LP005", "License file and SPDX project.license", W, withPyproject(e.lp005), "LP001"),
		repo("LP006", "README exists and project.readme points to it", W, withPyproject(lp006), "LP001"),
		repo("LP007", "Importable package matches the distribution name", W, withPyproject(lp007), "LP001"),
		repo("LP008", "Tests directory and pytest configuration exist", W, withPyproject(lp008), "LP001"),
		repo("LP011", "No unknown or misspelt keys in known [tool.*] tables", W, withPyproject(lp011), "LP001"),
		repo("LP012", "No duplicated tool configuration", W, withPyproject(lp012), "LP001"),
		repo("LP014", ".gitignore covers Python and ML artefacts", W, lp014),

		// RX — reproducibility
		repo("RX001", "A lockfile exists and is tracked by git", E, rx001),
		repo("RX002", "Lockfile is fresh (offline)", E, e.rx002),
		repo("RX004", "Python version pinned for development and CI", W, withPyproject(e.rx004), "LP001"),
		file("RX006", "Dockerfile base images pinned", E, e.rx006),
		file("RX007", "Dockerfile installs from the lock", W, e.rx007),
		file("RX008", "requirements files fully pinned", W, e.rx008),
		repo("RX009", "pre-commit revs match locked tool versions", E, e.rx009),

		// HY — hygiene: files
		options(repo("HY101", "No large files outside LFS", E, hy101), "max-kb"),
		options(file("HY102", "No ML artefacts committed outside LFS/DVC", E, e.hy102), "artefacts"),
		file("HY104", "No merge-conflict markers", E, hy104),
		file("HY105", "TOML, YAML and JSON files parse", E, hy105),
		fixable(file("HY106", "Final newline, no trailing whitespace, consistent line endings, no BOM", W, hy106), fixWhitespace),
		repo("HY107", "No case-conflicting or Windows-illegal paths", E, hy107),
		file("HY108", "Executables have shebangs, shebang scripts are executable, symlinks resolve", W, hy108),
		repo("HY110", "No tracked junk (caches, virtualenvs, run logs)", E, hy110),

		// HY — hygiene: secrets
		file("HY201", "No private keys", E, e.hy201),
		file("HY202", "No API tokens", E, e.hy202),
		repo("HY203", "No credential files tracked", E, hy203),

		// HY — hygiene: notebooks
		options(fixable(file("HY301", "Notebook outputs stripped", E, hy301), fixOutputs), "outputs", "keep-output", "max-output-kb"),
		options(fixable(file("HY302", "No execution counts or volatile notebook metadata", W, hy302), fixMetadata), "keep-count", "keep-keys", "extra-keys"),
		file("HY305", "Notebooks are valid nbformat", E, e.hy305),

		// CI — workflows and hook wiring
		repo("CI001", "A workflow runs mlinit check on pull requests", E, ci001),
		file("CI002", "Workflows parse and have a name", W, ci002),
		file("CI005", "Workflows use least-privilege permissions", W, ci005),
		file("CI006", "actions/checkout does not persist credentials", W, ci006),
		file("CI007", "No untrusted expressions expanded in run scripts", E, e.ci007),
		options(file("CI008", "Third-party actions pinned to a commit SHA", W, e.ci008), "policy"),
		repo("CI013", "pre-commit runs mlinit and configures Ruff correctly", W, ci013),
		repo("CI014", "Repo-level pre-commit hooks use pass_filenames: false", W, ci014),

		// DC — documentation
		repo("DC001", "docs/ with a builder configuration", W, dc001),
		repo("DC002", "Docs builds are strict", W, dc002, "DC001"),
	}
	help := helpTexts()
	for _, c := range list {
		c.Help = help[c.ID]
	}
	return list
}
