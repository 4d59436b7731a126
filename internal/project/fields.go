package project

import (
	"fmt"
	"slices"
	"strconv"
)

// Field describes one option: its key (answers-file key, flag --Key, form field)
// and, for enumerations, its accepted values.
type Field struct {
	Key    string
	Help   string
	Values []string // accepted values, default first; nil for free text and year
}

// Fields lists every option in form and error order.
func Fields() []Field {
	fields := []Field{
		{Key: "name", Help: "distribution name (PEP 508; stored PEP 503-normalised); default: base name of DIR"},
		{Key: "package", Help: "import name; default: derived from the name"},
		{Key: "description", Help: "one-line project description"},
		{Key: "author", Help: "author name (default empty)"},
		{Key: "email", Help: "author e-mail (default empty)"},
	}
	choices := Choices()
	fields = append(fields, choiceField(choices, "license"), Field{Key: "year", Help: "licence year; default: the current year"})
	for _, c := range choices {
		if c.Key != "license" {
			fields = append(fields, Field{Key: c.Key, Help: c.Help, Values: c.Values})
		}
	}
	return append(fields, Field{Key: "notebooks", Help: "add a notebooks/ directory and notebook hooks", Values: []string{"yes", "no"}})
}

func choiceField(choices []Choice, key string) Field {
	for _, c := range choices {
		if c.Key == key {
			return Field{Key: c.Key, Help: c.Help, Values: c.Values}
		}
	}
	return Field{Key: key}
}

// Keys lists every option key in form order.
func Keys() []string {
	fields := Fields()
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.Key
	}
	return keys
}

// Get returns the value of key as the flag would spell it ("" for an unknown key).
func (a *Answers) Get(key string) string {
	if p := a.StringField(key); p != nil {
		return *p
	}
	switch key {
	case "year":
		return strconv.Itoa(a.Year)
	case "notebooks":
		return yesNo(a.Notebooks)
	}
	return ""
}

// Set assigns key from its flag spelling. Only syntax is checked here (year is a
// number, notebooks is yes/no); Validate judges the value.
func (a *Answers) Set(key, value string) error {
	if p := a.StringField(key); p != nil {
		*p = value
		return nil
	}
	switch key {
	case "year":
		n, err := strconv.Atoi(value)
		if err != nil {
			return &Problem{Key: key, Value: value, Reason: "must be a four-digit year"}
		}
		a.Year = n
		return nil
	case "notebooks":
		b, ok := ParseYesNo(value)
		if !ok {
			return &Problem{Key: key, Value: value, Reason: "invalid value", Accepted: []string{"yes", "no"}}
		}
		a.Notebooks = b
		return nil
	}
	return fmt.Errorf("project: unknown option %q", key)
}

// ParseYesNo reads the spellings of a yes/no option.
func ParseYesNo(s string) (value, ok bool) {
	switch s {
	case "yes", "true", "y", "1":
		return true, true
	case "no", "false", "n", "0":
		return false, true
	}
	return false, false
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// StringField points at the string option key, or is nil for year, notebooks
// and unknown keys. Flags and form fields bind to it.
func (a *Answers) StringField(key string) *string {
	switch key {
	case "name":
		return &a.Name
	case "package":
		return &a.Package
	case "description":
		return &a.Description
	case "author":
		return &a.Author
	case "email":
		return &a.Email
	case "license":
		return &a.License
	case "python":
		return &a.Python
	case "env":
		return &a.Env
	case "lint":
		return &a.Lint
	case "typecheck":
		return &a.Typecheck
	case "framework":
		return &a.Framework
	case "config":
		return &a.Config
	case "cli":
		return &a.CLI
	case "tracking":
		return &a.Tracking
	case "data":
		return &a.Data
	case "dvc-remote":
		return &a.DVCRemote
	case "docs":
		return &a.Docs
	case "ci":
		return &a.CI
	case "docker":
		return &a.Docker
	}
	return nil
}

// isKey reports whether key names an option.
func isKey(key string) bool { return slices.Contains(Keys(), key) }
