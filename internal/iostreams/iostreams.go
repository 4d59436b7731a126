// Package iostreams puts stdin, stdout and stderr behind one injectable type so that
// every command can be tested with and without a terminal.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams holds the three standard streams and what is known about them.
// Data goes to Out; status messages, prompts and errors go to ErrOut.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY  bool
	stdoutTTY bool
	stderrTTY bool

	// env answers environment look-ups; injected so tests never read the real environment.
	env func(string) (string, bool)

	neverPrompt bool
}

// System returns streams bound to the process's real stdin, stdout and stderr.
func System() *IOStreams {
	return New(os.Stdin, os.Stdout, os.Stderr, os.LookupEnv)
}

// New builds streams around the given files or writers. Terminal detection works on
// anything with an Fd method (an *os.File); everything else counts as not a terminal.
func New(in io.Reader, out, errOut io.Writer, env func(string) (string, bool)) *IOStreams {
	if env == nil {
		env = func(string) (string, bool) { return "", false }
	}
	ios := &IOStreams{
		In: in, Out: out, ErrOut: errOut,
		stdinTTY:  isTerminal(in),
		stdoutTTY: isTerminal(out),
		stderrTTY: isTerminal(errOut),
		env:       env,
	}
	if v, ok := env("MLINIT_NO_PROMPT"); ok && truthy(v) {
		ios.neverPrompt = true
	}
	// CI systems set CI to any non-empty value; prompting there would hang a job.
	if v, ok := env("CI"); ok && v != "" {
		ios.neverPrompt = true
	}
	return ios
}

// Test returns streams over in-memory buffers. No stream is a terminal and the
// environment is empty until the test says otherwise.
func Test() (ios *IOStreams, stdin, stdout, stderr *bytes.Buffer) {
	stdin, stdout, stderr = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return New(stdin, stdout, stderr, nil), stdin, stdout, stderr
}

func isTerminal(s any) bool {
	f, ok := s.(interface{ Fd() uintptr })
	if !ok {
		return false
	}
	return term.IsTerminal(int(f.Fd())) //nolint:gosec // file descriptors fit in an int
}

func truthy(v string) bool {
	switch v {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

// SetStdinTTY overrides terminal detection for stdin; the override always wins.
func (s *IOStreams) SetStdinTTY(v bool) { s.stdinTTY = v }

// SetStdoutTTY overrides terminal detection for stdout.
func (s *IOStreams) SetStdoutTTY(v bool) { s.stdoutTTY = v }

// SetStderrTTY overrides terminal detection for stderr.
func (s *IOStreams) SetStderrTTY(v bool) { s.stderrTTY = v }

// SetEnv replaces the environment look-up (tests) and re-reads the prompt settings.
func (s *IOStreams) SetEnv(env func(string) (string, bool)) {
	n := New(s.In, s.Out, s.ErrOut, env)
	s.env, s.neverPrompt = n.env, n.neverPrompt
}

// IsStdinTTY reports whether stdin is a terminal.
func (s *IOStreams) IsStdinTTY() bool { return s.stdinTTY }

// IsStdoutTTY reports whether stdout is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether stderr is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// Getenv reads the injected environment.
func (s *IOStreams) Getenv(key string) (string, bool) { return s.env(key) }

// SetNeverPrompt disables prompting (the --no-input flag).
func (s *IOStreams) SetNeverPrompt(v bool) { s.neverPrompt = s.neverPrompt || v }

// CanPrompt is true when stdin and stdout are terminals and nothing disabled prompting.
func (s *IOStreams) CanPrompt() bool {
	return !s.neverPrompt && s.stdinTTY && s.stdoutTTY
}

// ColorEnabled reports whether stdout may carry ANSI colour.
func (s *IOStreams) ColorEnabled() bool { return s.colorFor(s.stdoutTTY) }

// ErrColorEnabled reports whether stderr may carry ANSI colour.
func (s *IOStreams) ErrColorEnabled() bool { return s.colorFor(s.stderrTTY) }

// colorFor applies the conventions in order: CLICOLOR_FORCE wins, then NO_COLOR
// (https://no-color.org), then CLICOLOR=0, then whether the stream is a terminal.
func (s *IOStreams) colorFor(tty bool) bool {
	if v, ok := s.env("CLICOLOR_FORCE"); ok && v != "" && v != "0" {
		return true
	}
	if v, ok := s.env("NO_COLOR"); ok && v != "" {
		return false
	}
	if v, ok := s.env("CLICOLOR"); ok && v == "0" {
		return false
	}
	return tty
}
