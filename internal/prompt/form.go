// Package prompt asks for `mlinit new` answers with a huh form. Every huh import
// of mlinit stays in this package, so a huh upgrade touches nothing else.
package prompt

import (
	"context"
	"errors"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/iostreams"
	"github.com/mlinit/mlinit/internal/project"
)

// Options configure one run of the project form.
type Options struct {
	IO *iostreams.IOStreams
	// Given are the options already set by flags; they are not asked again.
	Given map[string]bool
	// Accessible selects huh's line-by-line mode for screen readers. Accessible
	// reads it from the environment.
	Accessible bool
}

// Accessible reports whether the environment asks for accessible prompts:
// MLINIT_ACCESSIBLE, or the ACCESSIBLE variable huh's examples use, set to a
// true value, or TERM=dumb, a terminal the full-screen form cannot drive (huh
// itself switches to its accessible mode there, without this package's
// safeguards; see runAccessible).
func Accessible(ios *iostreams.IOStreams) bool {
	if v, ok := ios.Getenv("TERM"); ok && v == "dumb" {
		return true
	}
	for _, k := range []string{"MLINIT_ACCESSIBLE", "ACCESSIBLE"} {
		if v, ok := ios.Getenv(k); ok {
			if b, err := strconv.ParseBool(v); err == nil {
				return b
			}
			return v != "" && v != "no" && v != "off"
		}
	}
	return false
}

// Ask fills the options of a that opts.Given does not name. a arrives holding
// the defaults (pre-filled in the form) and the flag values. The form renders
// on stderr. Esc or Ctrl-C, or ctx being cancelled, returns cmdutil.ErrCancel.
// Every field is checked inline by project.Validate; the caller validates the
// whole result again, as accessible mode can skip checks at end of input.
func Ask(ctx context.Context, opts Options, a *project.Answers) error {
	s := newState(a, opts.Given, opts.Accessible)
	sections := s.sections()
	if len(sections) == 0 {
		return nil
	}
	var err error
	if opts.Accessible {
		err = runAccessible(ctx, opts.IO, sections)
	} else {
		err = newTUIForm(opts.IO, sections).RunWithContext(ctx)
	}
	if err != nil {
		if errors.Is(err, huh.ErrUserAborted) || ctx.Err() != nil {
			return cmdutil.ErrCancel
		}
		return err
	}
	return s.finish()
}

// newTUIForm is the full-screen form: one huh group per section, rendered on
// stderr so stdout stays for data.
func newTUIForm(ios *iostreams.IOStreams, sections []section) *huh.Form {
	groups := make([]*huh.Group, len(sections))
	for i, sec := range sections {
		groups[i] = sec.group()
	}
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithKeys("ctrl+c", "esc"), key.WithHelp("esc", "cancel"))
	// WithAccessible(false): huh's NewForm switches to its accessible mode when
	// the process has TERM=dumb, but Ask has chosen the mode already (Accessible
	// reads TERM through ios). WithProgramOptions replaces the program options
	// WithInput and WithOutput would add, so the streams are given there.
	return huh.NewForm(groups...).
		WithKeyMap(km).
		WithShowHelp(true).
		WithAccessible(false).
		WithProgramOptions(
			tea.WithInput(ios.In),
			tea.WithOutput(ios.ErrOut),
			tea.WithFilter(sizeFallback),
		)
}

// Fallback size for a terminal that reports none.
const (
	minWidth       = 20 // the narrowest terminal the form is laid out for
	fallbackWidth  = 80
	fallbackHeight = 24
)

// sizeFallback replaces a missing terminal size in every size report. Output
// that is no terminal, or a pseudo-terminal that reports 0×0 (`script` run
// without a terminal), gives Bubble Tea v2 a 0×0 screen: it renders nothing
// and huh lays its fields out zero columns wide. The filter runs before the
// program resizes its renderer, so both get the fallback.
func sizeFallback(_ tea.Model, msg tea.Msg) tea.Msg {
	ws, ok := msg.(tea.WindowSizeMsg)
	if !ok {
		return msg
	}
	if ws.Width < minWidth {
		ws.Width = fallbackWidth
	}
	if ws.Height <= 0 {
		ws.Height = fallbackHeight
	}
	return ws
}

// runAccessible runs each visible section as its own form, deciding visibility
// just before asking it: huh's accessible mode ignores hidden groups otherwise
// (still so in huh v2.0.3).
// The read happens in a goroutine so that a cancelled ctx (SIGINT while a line
// is being read) returns at once.
func runAccessible(ctx context.Context, ios *iostreams.IOStreams, sections []section) error {
	for _, sec := range sections {
		if sec.hide != nil && sec.hide() {
			continue
		}
		form := huh.NewForm(sec.group()).
			WithAccessible(true).
			WithInput(ios.In).
			WithOutput(ios.ErrOut)
		done := make(chan error, 1)
		go func() {
			// huh's accessible select (v1 and v2.0.3) indexes out of range when
			// input ends after an invalid line; end of input is the user giving up.
			defer func() {
				if r := recover(); r != nil {
					done <- cmdutil.ErrCancel
				}
			}()
			done <- form.Run()
		}()
		select {
		case err := <-done:
			if err != nil {
				return err
			}
		case <-ctx.Done():
			return cmdutil.ErrCancel
		}
	}
	return nil
}

// section is one group of the form: its fields and when it is hidden.
type section struct {
	title  string
	fields []huh.Field
	hide   func() bool
}

func (s section) group() *huh.Group {
	g := huh.NewGroup(s.fields...).Title(s.title)
	if s.hide != nil {
		g = g.WithHideFunc(s.hide)
	}
	return g
}

// state holds the answers being edited and the string forms of non-string
// options while the form runs.
type state struct {
	a          *project.Answers
	given      map[string]bool
	year       string
	accessible bool
}

func newState(a *project.Answers, given map[string]bool, accessible bool) *state {
	if given == nil {
		given = map[string]bool{}
	}
	if !given["dvc-remote"] && a.DVCRemote == "" {
		a.DVCRemote = "local" // pre-filled in case data=dvc is chosen
	}
	return &state{a: a, given: given, year: strconv.Itoa(a.Year), accessible: accessible}
}

// layout is the form: section titles and their option keys, in order.
func layout() []struct {
	title string
	keys  []string
} {
	return []struct {
		title string
		keys  []string
	}{
		{"Project", []string{"name", "package", "description", "author", "email", "license", "year"}},
		{"Environment", []string{"python", "env"}},
		{"ML stack", []string{"framework", "config", "cli", "tracking", "data"}},
		{"Data remote", []string{"dvc-remote"}},
		{"Quality", []string{"lint", "typecheck", "notebooks"}},
		{"Delivery", []string{"docs", "ci", "docker"}},
	}
}

// sections builds the fields of every option not given, skipping empty groups.
func (s *state) sections() []section {
	help := map[string]project.Field{}
	for _, f := range project.Fields() {
		help[f.Key] = f
	}
	var out []section
	for _, l := range layout() {
		sec := section{title: l.title}
		for _, k := range l.keys {
			if s.given[k] {
				continue
			}
			sec.fields = append(sec.fields, s.field(help[k]))
		}
		if len(sec.fields) == 0 {
			continue
		}
		if l.title == "Data remote" {
			sec.hide = func() bool { return s.a.Data != "dvc" }
		}
		out = append(out, sec)
	}
	return out
}

func (s *state) field(f project.Field) huh.Field {
	switch {
	case f.Key == "notebooks":
		return huh.NewConfirm().Key(f.Key).Title(f.Key).Description(f.Help).
			Affirmative("yes").Negative("no").Value(&s.a.Notebooks)
	case f.Key == "year":
		return s.input(f.Key, f.Help, &s.year)
	case f.Values != nil:
		sel := huh.NewSelect[string]().Key(f.Key).Title(f.Key).Description(f.Help).
			Options(huh.NewOptions(f.Values...)...).Value(s.a.StringField(f.Key))
		if !s.accessible {
			// At end of input huh's accessible select (v1 and v2.0.3) loops
			// forever on a default its validator rejects; there the form's
			// result is validated after.
			sel = sel.Validate(s.check(f.Key))
		}
		return sel
	case f.Key == "package":
		// A static placeholder: huh (v2 too) computes *Func values in commands,
		// i.e. goroutines, that race with the field being edited.
		return s.input(f.Key, "import name; leave empty to derive it from the name", &s.a.Package).
			Placeholder("derived from the name")
	default:
		return s.input(f.Key, f.Help, s.a.StringField(f.Key))
	}
}

// input is a text field bound to v. In accessible mode an empty line keeps
// the current value (huh's behaviour), so the title shows that value and the
// check judges it rather than the empty line.
func (s *state) input(key, help string, v *string) *huh.Input {
	check := s.check(key)
	in := huh.NewInput().Key(key).Title(key).Description(help).Value(v)
	if !s.accessible {
		return in.Validate(check)
	}
	if *v != "" {
		in = in.Title(key + " (default " + *v + ")")
	}
	return in.Validate(func(line string) error {
		if line == "" {
			line = *v
		}
		return check(line)
	})
}

// check validates a candidate value of key with project.Validate, the same
// function flags and answers files go through, and reports the first problem
// that involves key.
func (s *state) check(key string) func(string) error {
	return func(v string) error {
		b := *s.a
		if key == "year" {
			b.Year = 0
		}
		if err := b.Set(key, v); err != nil {
			return err
		}
		if !s.given["dvc-remote"] && b.Data != "dvc" {
			b.DVCRemote = ""
		}
		_, _, err := project.Validate(b)
		if probs := project.ProblemsFor(err, key); len(probs) > 0 {
			return errors.New(probs[0].Message(func(k string) string { return k }))
		}
		return nil
	}
}

// finish converts the string fields back and drops a pre-filled dvc-remote that
// does not apply.
func (s *state) finish() error {
	if !s.given["year"] {
		n, err := strconv.Atoi(s.year)
		if err != nil {
			return cmdutil.UsageErrorf("year: %q is not a four-digit year", s.year)
		}
		s.a.Year = n
	}
	if !s.given["dvc-remote"] && s.a.Data != "dvc" {
		s.a.DVCRemote = ""
	}
	return nil
}
