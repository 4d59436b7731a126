// Package project holds the typed model of `mlinit new` answers: the one set of
// options that flags, the interactive form and answers files all fill.
package project

// Answers are every choice that shapes a generated project. The toml keys are the
// answers-file keys (and the keys recorded in .mlinit.toml); the flag of each is
// --<key>. Defaults fills every option except Package and DVCRemote, which
// Validate derives (from Name, and local when Data is dvc); validated answers
// have DVCRemote empty exactly when Data is none.
type Answers struct {
	Name        string `toml:"name" json:"name"`               // distribution name, PEP 503-normalised after validation
	Package     string `toml:"package" json:"package"`         // import name
	Description string `toml:"description" json:"description"` // free text
	Author      string `toml:"author" json:"author"`           // free text, default empty
	Email       string `toml:"email" json:"email"`             // free text, default empty
	License     string `toml:"license" json:"license"`         // MIT, Apache-2.0, BSD-3-Clause, proprietary
	Year        int    `toml:"year" json:"year"`               // licence year
	Python      string `toml:"python" json:"python"`           // 3.12, 3.10, 3.11, 3.13, 3.14
	Env         string `toml:"env" json:"env"`                 // uv, poetry, pip, conda
	Lint        string `toml:"lint" json:"lint"`               // ruff, classic
	Typecheck   string `toml:"typecheck" json:"typecheck"`     // mypy, none
	Framework   string `toml:"framework" json:"framework"`     // none, sklearn, pytorch, lightning
	Config      string `toml:"config" json:"config"`           // hydra, none
	CLI         string `toml:"cli" json:"cli"`                 // fire, none
	Tracking    string `toml:"tracking" json:"tracking"`       // mlflow, wandb, tensorboard, none
	Data        string `toml:"data" json:"data"`               // dvc, none
	DVCRemote   string `toml:"dvc-remote" json:"dvc-remote"`   // local, s3, gcs, gdrive (only with data=dvc)
	Docs        string `toml:"docs" json:"docs"`               // mkdocs, sphinx, none
	CI          string `toml:"ci" json:"ci"`                   // github, gitlab, none
	Docker      string `toml:"docker" json:"docker"`           // cpu, cuda, none
	Notebooks   bool   `toml:"notebooks" json:"notebooks"`     // yes/no
}

// Choice lists the accepted values of an enumerated option, default first.
type Choice struct {
	Key    string   // answers-file key and flag name
	Values []string // accepted values; Values[0] is the default
	Help   string   // one line for flag help and the form
}

// Choices is the single table of enumerated options, in form order.
func Choices() []Choice {
	return []Choice{
		{Key: "license", Values: []string{"MIT", "Apache-2.0", "BSD-3-Clause", "proprietary"}, Help: "licence of the project"},
		{Key: "python", Values: []string{"3.12", "3.10", "3.11", "3.13", "3.14"}, Help: "minimum Python version"},
		{Key: "env", Values: []string{"uv", "poetry", "pip", "conda"}, Help: "environment and lockfile manager"},
		{Key: "lint", Values: []string{"ruff", "classic"}, Help: "ruff, or classic black + isort + flake8 + prettier"},
		{Key: "typecheck", Values: []string{"mypy", "none"}, Help: "static type checker"},
		{Key: "framework", Values: []string{"none", "sklearn", "pytorch", "lightning"}, Help: "ML framework"},
		{Key: "config", Values: []string{"hydra", "none"}, Help: "configuration system"},
		{Key: "cli", Values: []string{"fire", "none"}, Help: "command-line entry point"},
		{Key: "tracking", Values: []string{"mlflow", "wandb", "tensorboard", "none"}, Help: "experiment tracking"},
		{Key: "data", Values: []string{"dvc", "none"}, Help: "data versioning"},
		{Key: "dvc-remote", Values: []string{"local", "s3", "gcs", "gdrive"}, Help: "DVC remote (with data=dvc)"},
		{Key: "docs", Values: []string{"mkdocs", "sphinx", "none"}, Help: "documentation builder"},
		{Key: "ci", Values: []string{"github", "gitlab", "none"}, Help: "continuous integration"},
		{Key: "docker", Values: []string{"cpu", "cuda", "none"}, Help: "Dockerfile flavour"},
	}
}
