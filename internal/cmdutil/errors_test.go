package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestExitCode(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want int
	}{
		{name: "nil", ctx: context.Background(), want: ExitOK},
		{name: "plain", ctx: context.Background(), err: errors.New("boom"), want: ExitInternal},
		{name: "usage", ctx: context.Background(), err: UsageErrorf("bad %s", "flag"), want: ExitUsage},
		{name: "wrapped usage", ctx: context.Background(), err: fmt.Errorf("ctx: %w", UsageErrorf("x")), want: ExitUsage},
		{name: "explicit", ctx: context.Background(), err: &ExitError{Code: ExitFindings}, want: ExitFindings},
		{name: "cancel", ctx: context.Background(), err: fmt.Errorf("form: %w", ErrCancel), want: ExitInterrupted},
		{name: "signal", ctx: cancelled, err: errors.New("killed"), want: ExitInterrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExitCode(tt.ctx, tt.err); got != tt.want {
				t.Errorf("ExitCode = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestMessage(t *testing.T) {
	if got := Message(&ExitError{Code: 1}); got != "" {
		t.Errorf("silent exit error printed %q", got)
	}
	if got := Message(UsageErrorf("unknown flag: --x")); got != "unknown flag: --x" {
		t.Errorf("got %q", got)
	}
	if got := Message(fmt.Errorf("x: %w", ErrCancel)); got != "cancelled" {
		t.Errorf("got %q", got)
	}
	if UsageError(nil) != nil {
		t.Error("UsageError(nil) must be nil")
	}
}
