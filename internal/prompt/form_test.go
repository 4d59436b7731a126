package prompt

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mlinit/mlinit/internal/cmdutil"
	"github.com/mlinit/mlinit/internal/iostreams"
	"github.com/mlinit/mlinit/internal/project"
)

// allBut marks every option as given except the listed ones.
func allBut(keys ...string) map[string]bool {
	given := map[string]bool{}
	for _, k := range project.Keys() {
		given[k] = true
	}
	for _, k := range keys {
		delete(given, k)
	}
	return given
}

func defaults() project.Answers { return project.Defaults("/x/demo", 2026) }

// drive runs the TUI form on a pipe with no terminal, writing each step with a
// pause, longer after Enter: moving to the next field or group is an
// asynchronous command in huh, so a key sent too soon lands on the previous
// field. A step "?text" waits until the rendered form shows text. It fails the test if the form does not
// finish within ten seconds.
func drive(t *testing.T, a *project.Answers, given map[string]bool, steps ...string) error {
	t.Helper()
	pr, pw := io.Pipe()
	out := &syncBuffer{}
	ios := iostreams.New(pr, io.Discard, out, nil)
	done := make(chan error, 1)
	go func() { done <- Ask(t.Context(), Options{IO: ios, Given: given}, a) }()
	go func() {
		for _, s := range steps {
			if want, ok := strings.CutPrefix(s, "?"); ok {
				for !strings.Contains(out.String(), want) {
					time.Sleep(20 * time.Millisecond)
				}
				continue
			}
			time.Sleep(100 * time.Millisecond)
			if _, err := pw.Write([]byte(s)); err != nil {
				return
			}
			if s == enter {
				// Enter moves focus through commands run off the event loop.
				time.Sleep(400 * time.Millisecond)
			}
		}
	}()
	select {
	case err := <-done:
		_ = pw.Close()
		return err
	case <-time.After(10 * time.Second):
		_ = pw.Close()
		t.Fatalf("form did not finish; output so far:\n%s", out.String())
		return nil
	}
}

// syncBuffer is a bytes.Buffer safe for the form goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

const (
	enter = "\r"
	down  = "\x1b[B"
	ctrlC = "\x03"
)

func TestFormSelects(t *testing.T) {
	a := defaults()
	// python: down once → 3.10; env: down twice → pip.
	err := drive(t, &a, allBut("python", "env"), "?3.14", down, enter, "?conda", down, down, enter)
	if err != nil {
		t.Fatal(err)
	}
	if a.Python != "3.10" || a.Env != "pip" {
		t.Errorf("python %q env %q", a.Python, a.Env)
	}
	if a.Framework != "none" || a.Name != "demo" {
		t.Errorf("given options changed: %+v", a)
	}
}

func TestFormTextAndDerivedPackage(t *testing.T) {
	a := defaults()
	// name: clear the pre-filled "demo", type a new one; package: accept the derived default.
	err := drive(t, &a, allBut("name", "package"), "\x15", "Cats-vs-Dogs", enter, enter)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "Cats-vs-Dogs" || a.Package != "" {
		t.Errorf("name %q package %q", a.Name, a.Package)
	}
	got, notes, err := project.Validate(a)
	if err != nil || got.Package != "cats_vs_dogs" || len(notes) != 1 {
		t.Errorf("validated: %+v %q %v", got, notes, err)
	}
}

func TestFormCancel(t *testing.T) {
	for _, k := range []string{ctrlC, "\x1b"} {
		a := defaults()
		before := a
		err := drive(t, &a, allBut("python", "env"), k)
		if !errors.Is(err, cmdutil.ErrCancel) {
			t.Errorf("key %q: err = %v, want ErrCancel", k, err)
		}
		if a.Python != before.Python {
			t.Errorf("key %q: answers changed", k)
		}
	}
}

func TestFormDVCRemoteHidden(t *testing.T) {
	a := defaults()
	// data: down → none; the remote group is hidden, so one enter submits.
	err := drive(t, &a, allBut("data", "dvc-remote"), down, enter)
	if err != nil {
		t.Fatal(err)
	}
	if a.Data != "none" || a.DVCRemote != "" {
		t.Errorf("data %q remote %q", a.Data, a.DVCRemote)
	}
	b := defaults()
	// data stays dvc, then the remote is asked: down → s3.
	if err := drive(t, &b, allBut("data", "dvc-remote"), enter, "?gdrive", down, enter); err != nil {
		t.Fatal(err)
	}
	if b.Data != "dvc" || b.DVCRemote != "s3" {
		t.Errorf("data %q remote %q", b.Data, b.DVCRemote)
	}
}

func TestNothingToAsk(t *testing.T) {
	a := defaults()
	ios, _, _, stderr := iostreams.Test()
	if err := Ask(t.Context(), Options{IO: ios, Given: allBut()}, &a); err != nil || stderr.Len() != 0 {
		t.Errorf("err %v, output %q", err, stderr)
	}
}

func TestInlineValidation(t *testing.T) {
	a := defaults()
	s := newState(&a, allBut("name", "package", "docker", "year"), false)
	tests := []struct {
		key, value, want string
	}{
		{"name", "2cool name", "name: \"2cool name\" is not a valid PEP 508"},
		{"name", "fine-name", ""},
		{"package", "logging", "standard-library module"},
		{"package", "", ""}, // derived from a valid name
		{"docker", "cuda", `docker: "cuda" needs framework to be pytorch or lightning, not "none"`},
		{"docker", "cpu", ""},
		{"year", "20x6", "four-digit year"},
		{"year", "2027", ""},
	}
	for _, tt := range tests {
		err := s.check(tt.key)(tt.value)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s=%q: unexpected %v", tt.key, tt.value, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s=%q: got %v, want %q", tt.key, tt.value, err, tt.want)
		}
	}
	a.Name = "logging"
	if err := s.check("package")(""); err == nil || !strings.Contains(err.Error(), "derived from name") {
		t.Errorf("empty package with name logging: %v", err)
	}
}

// lineReader hands out one line per Read, as a terminal in canonical mode does;
// huh's accessible mode opens a new scanner per prompt and would otherwise
// swallow the lines meant for later prompts.
type lineReader struct{ lines []string }

func (r *lineReader) Read(p []byte) (int, error) {
	if len(r.lines) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.lines[0]+"\n")
	r.lines = r.lines[1:]
	return n, nil
}

func TestAccessibleMode(t *testing.T) {
	a := defaults()
	var stderr, stdout bytes.Buffer
	in := &lineReader{lines: []string{"my summary", "2", "4"}}
	ios := iostreams.New(in, &stdout, &stderr, nil)
	// description (project group first), then python (2 → 3.10), env (4 → conda).
	err := Ask(context.Background(), Options{IO: ios, Given: allBut("python", "env", "description"), Accessible: true}, &a)
	if err != nil {
		t.Fatal(err)
	}
	if a.Python != "3.10" || a.Env != "conda" || a.Description != "my summary" {
		t.Errorf("got python %q env %q description %q", a.Python, a.Env, a.Description)
	}
	if stdout.Len() != 0 || !strings.Contains(stderr.String(), "python") {
		t.Errorf("form must render on stderr only; stdout %q", stdout.String())
	}
}

func TestAccessibleEmptyLineKeepsDefault(t *testing.T) {
	a := defaults()
	var stderr bytes.Buffer
	in := &lineReader{lines: []string{"", "", "1999"}}
	ios := iostreams.New(in, io.Discard, &stderr, nil)
	err := Ask(context.Background(), Options{IO: ios, Given: allBut("name", "package", "year"), Accessible: true}, &a)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "demo" || a.Package != "" || a.Year != 1999 {
		t.Errorf("name %q package %q year %d; output:\n%s", a.Name, a.Package, a.Year, stderr.String())
	}
	if !strings.Contains(stderr.String(), "name (default demo)") || strings.Contains(stderr.String(), "must not be empty") {
		t.Errorf("output:\n%s", stderr.String())
	}
}

func TestAccessibleSkipsHiddenRemote(t *testing.T) {
	a := defaults()
	var stderr bytes.Buffer
	in := &lineReader{lines: []string{"2"}} // data: 2 → none; no remote question follows
	ios := iostreams.New(in, io.Discard, &stderr, nil)
	err := Ask(context.Background(), Options{IO: ios, Given: allBut("data", "dvc-remote"), Accessible: true}, &a)
	if err != nil {
		t.Fatal(err)
	}
	if a.Data != "none" || a.DVCRemote != "" || strings.Contains(stderr.String(), "dvc-remote") {
		t.Errorf("data %q remote %q; output:\n%s", a.Data, a.DVCRemote, stderr.String())
	}
}

func TestAccessibleCancelledContext(t *testing.T) {
	a := defaults()
	pr, pw := io.Pipe() // never written: the read blocks like a terminal waiting for a line
	defer pw.Close()
	ios := iostreams.New(pr, io.Discard, io.Discard, nil)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	err := Ask(ctx, Options{IO: ios, Given: allBut("python"), Accessible: true}, &a)
	if !errors.Is(err, cmdutil.ErrCancel) {
		t.Errorf("err = %v", err)
	}
}

func TestAccessibleFromEnv(t *testing.T) {
	tests := map[string]bool{"1": true, "true": true, "0": false, "false": false, "": false, "yes": true}
	for v, want := range tests {
		ios, _, _, _ := iostreams.Test()
		ios.SetEnv(func(k string) (string, bool) { return v, k == "MLINIT_ACCESSIBLE" })
		if got := Accessible(ios); got != want {
			t.Errorf("MLINIT_ACCESSIBLE=%q: %v", v, got)
		}
	}
	ios, _, _, _ := iostreams.Test()
	ios.SetEnv(func(k string) (string, bool) { return "1", k == "ACCESSIBLE" })
	if !Accessible(ios) {
		t.Error("ACCESSIBLE=1 ignored")
	}
	ios.SetEnv(func(k string) (string, bool) {
		return map[string]string{"TERM": "dumb", "MLINIT_ACCESSIBLE": "0"}[k], k == "TERM" || k == "MLINIT_ACCESSIBLE"
	})
	if !Accessible(ios) {
		t.Error("TERM=dumb: the full-screen form cannot run there")
	}
}

func TestAccessibleEndOfInputAfterGarbage(t *testing.T) {
	a := defaults()
	// huh's select panics when input ends after an invalid line; Ask must not.
	in := &lineReader{lines: []string{"not a number"}}
	ios := iostreams.New(in, io.Discard, io.Discard, nil)
	err := Ask(context.Background(), Options{IO: ios, Given: allBut("python"), Accessible: true}, &a)
	if !errors.Is(err, cmdutil.ErrCancel) {
		t.Errorf("err = %v", err)
	}
}

func TestFormCancelledContext(t *testing.T) {
	a := defaults()
	pr, pw := io.Pipe() // never written: the form waits for a key
	defer pw.Close()
	ios := iostreams.New(pr, io.Discard, io.Discard, nil)
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	err := Ask(ctx, Options{IO: ios, Given: allBut("python")}, &a)
	if !errors.Is(err, cmdutil.ErrCancel) {
		t.Errorf("err = %v", err)
	}
}

func TestSizeFallback(t *testing.T) {
	tests := []struct{ in, want tea.WindowSizeMsg }{
		{tea.WindowSizeMsg{}, tea.WindowSizeMsg{Width: fallbackWidth, Height: fallbackHeight}}, // 0×0 pty, or no terminal
		{tea.WindowSizeMsg{Width: 5, Height: 40}, tea.WindowSizeMsg{Width: fallbackWidth, Height: 40}},
		{tea.WindowSizeMsg{Width: 120, Height: 0}, tea.WindowSizeMsg{Width: 120, Height: fallbackHeight}},
		{tea.WindowSizeMsg{Width: 100, Height: 40}, tea.WindowSizeMsg{Width: 100, Height: 40}},
	}
	for _, tt := range tests {
		if got := sizeFallback(nil, tt.in); got != tt.want {
			t.Errorf("%+v: got %+v, want %+v", tt.in, got, tt.want)
		}
	}
	msg := tea.KeyPressMsg{Code: tea.KeyEnter}
	if sizeFallback(nil, msg) != tea.Msg(msg) {
		t.Error("other messages must pass unchanged")
	}
}
