package iostreams

import "testing"

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestCanPrompt(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		in, out   bool
		noInput   bool
		wantAllow bool
	}{
		{name: "both terminals", in: true, out: true, wantAllow: true},
		{name: "stdin piped", in: false, out: true},
		{name: "stdout piped", in: true, out: false},
		{name: "CI set", env: map[string]string{"CI": "true"}, in: true, out: true},
		{name: "CI empty is not set", env: map[string]string{"CI": ""}, in: true, out: true, wantAllow: true},
		{name: "MLINIT_NO_PROMPT=1", env: map[string]string{"MLINIT_NO_PROMPT": "1"}, in: true, out: true},
		{name: "MLINIT_NO_PROMPT=0", env: map[string]string{"MLINIT_NO_PROMPT": "0"}, in: true, out: true, wantAllow: true},
		{name: "--no-input", in: true, out: true, noInput: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := Test()
			ios.SetEnv(envOf(tt.env))
			ios.SetStdinTTY(tt.in)
			ios.SetStdoutTTY(tt.out)
			ios.SetNeverPrompt(tt.noInput)
			if got := ios.CanPrompt(); got != tt.wantAllow {
				t.Errorf("CanPrompt() = %v, want %v", got, tt.wantAllow)
			}
		})
	}
}

func TestColor(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		tty  bool
		want bool
	}{
		{name: "terminal", tty: true, want: true},
		{name: "pipe", tty: false, want: false},
		{name: "NO_COLOR on terminal", env: map[string]string{"NO_COLOR": "1"}, tty: true, want: false},
		{name: "empty NO_COLOR ignored", env: map[string]string{"NO_COLOR": ""}, tty: true, want: true},
		{name: "CLICOLOR=0", env: map[string]string{"CLICOLOR": "0"}, tty: true, want: false},
		{name: "CLICOLOR_FORCE on pipe", env: map[string]string{"CLICOLOR_FORCE": "1"}, tty: false, want: true},
		{name: "CLICOLOR_FORCE beats NO_COLOR", env: map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, want: true},
		{name: "CLICOLOR_FORCE=0 ignored", env: map[string]string{"CLICOLOR_FORCE": "0"}, tty: false, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := Test()
			ios.SetEnv(envOf(tt.env))
			ios.SetStdoutTTY(tt.tty)
			ios.SetStderrTTY(tt.tty)
			if got := ios.ColorEnabled(); got != tt.want {
				t.Errorf("ColorEnabled() = %v, want %v", got, tt.want)
			}
			if got := ios.ErrColorEnabled(); got != tt.want {
				t.Errorf("ErrColorEnabled() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBuffersAreNotTerminals(t *testing.T) {
	ios, _, _, _ := Test()
	if ios.IsStdinTTY() || ios.IsStdoutTTY() || ios.IsStderrTTY() {
		t.Fatal("in-memory buffers must not count as terminals")
	}
}
