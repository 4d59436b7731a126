package project

import (
	"embed"
	"regexp"
	"slices"
	"strings"
)

// stdlibFS holds sys.stdlib_module_names of every supported Python, one name per
// line (3.10–3.13 dumped from the interpreters, 3.14 from CPython's
// Python/stdlib_module_names.h). A package may shadow none of them.
//
//go:embed stdlib/*.txt
var stdlibFS embed.FS //nolint:gochecknoglobals // embedded data, never mutated

// StdlibVersions are the Pythons whose standard-library names are embedded; it
// matches the python choices.
func StdlibVersions() []string { return []string{"3.10", "3.11", "3.12", "3.13", "3.14"} }

// stdlibWith reports which supported Pythons ship a top-level module named mod.
func stdlibWith(mod string) []string {
	var in []string
	for _, v := range StdlibVersions() {
		b, err := stdlibFS.ReadFile("stdlib/" + v + ".txt")
		if err != nil {
			// The files are embedded at build time; TestStdlibLists guards their presence.
			panic("project: missing embedded stdlib list " + v)
		}
		for line := range strings.SplitSeq(string(b), "\n") {
			if line == mod {
				in = append(in, v)
				break
			}
		}
	}
	return in
}

// pythonKeywords are keyword.kwlist of Python 3.10–3.14 (identical in all of them).
func pythonKeywords() []string {
	return []string{
		"False", "None", "True", "and", "as", "assert", "async", "await", "break",
		"class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
		"from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
		"pass", "raise", "return", "try", "while", "with", "yield",
	}
}

// pythonSoftKeywords are keyword.softkwlist of Python 3.12–3.14 (3.10/3.11 lack
// "type"); legal identifiers, but a package named after one reads badly and
// confuses tools, so they are refused.
func pythonSoftKeywords() []string { return []string{"_", "case", "match", "type"} }

// ReservedPackages are import names refused because of the project layout:
// src/ and tests/ are directories of every generated project, and the course
// rules forbid a package called src.
func ReservedPackages() []string { return []string{"src", "test", "tests"} }

// DependencyImports are the top-level import names of every package a generated
// project may depend on (runtime, dev, docs and tool dependencies). A package with
// one of these names would shadow the dependency, so all are refused whatever the
// answers, which keeps the rule simple to state.
func DependencyImports() []string {
	return []string{
		"black", "boto3", "dvc", "dvc_gdrive", "dvc_gs", "dvc_s3", "fire", "flake8",
		"gcsfs", "hydra", "ipykernel", "isort", "jupyter", "lightning", "lightning_fabric",
		"matplotlib", "mkdocs", "mkdocstrings", "mlflow", "mypy", "nbqa", "nbstripout",
		"numpy", "omegaconf", "onnx", "onnxruntime", "pandas", "pip", "piptools",
		"pre_commit", "pydrive2", "pytest", "pytest_cov", "pytorch_lightning", "ruff",
		"s3fs", "scipy", "setuptools", "sklearn", "sphinx", "tensorboard",
		"torch", "torchvision", "tqdm", "tritonclient", "wandb", "yaml",
	}
}

// distNameRE is the PyPA name regex (PEP 508, as corrected in Aug 2025 to
// anchor at the very end), case-insensitive.
var distNameRE = regexp.MustCompile(`^(?i:[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$`) //nolint:gochecknoglobals // compiled once, never mutated

var separatorRunRE = regexp.MustCompile(`[-_.]+`) //nolint:gochecknoglobals // compiled once, never mutated

// packageRE is a lower-case ASCII Python identifier (PEP 8 module names).
var packageRE = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`) //nolint:gochecknoglobals // compiled once, never mutated

// NormalizeName is the PEP 503 normal form: lower case, every run of -, _ and .
// replaced by one -.
func NormalizeName(name string) string {
	return separatorRunRE.ReplaceAllString(strings.ToLower(name), "-")
}

// DerivePackage is the import name a distribution name implies, as uv_build and
// hatchling derive it: the normalised name with - turned into _.
func DerivePackage(name string) string {
	return strings.ReplaceAll(NormalizeName(name), "-", "_")
}

// checkName returns why name is not a valid distribution name, or "".
func checkName(name string) string {
	switch {
	case name == "":
		return "must not be empty"
	case !distNameRE.MatchString(name):
		return "is not a valid PEP 508 distribution name: use ASCII letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
	}
	return ""
}

// checkPackage returns why pkg is not an acceptable import name, or "".
func checkPackage(pkg string) string {
	switch {
	case pkg == "":
		return "must not be empty"
	case pkg[0] >= '0' && pkg[0] <= '9':
		return "must not start with a digit (it is a Python identifier)"
	case !packageRE.MatchString(pkg):
		return "must be a Python identifier of lower-case ASCII letters, digits and '_'"
	case slices.Contains(pythonKeywords(), pkg):
		return "is a Python keyword"
	case slices.Contains(pythonSoftKeywords(), pkg):
		return "is a Python soft keyword"
	case slices.Contains(ReservedPackages(), pkg):
		return "is reserved by the project layout (src, test and tests are refused)"
	case slices.Contains(DependencyImports(), pkg):
		return "would shadow the import name of a dependency mlinit projects use"
	}
	if in := stdlibWith(pkg); len(in) > 0 {
		return "is a standard-library module of Python " + strings.Join(in, ", ")
	}
	return ""
}
