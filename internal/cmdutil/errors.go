// Package cmdutil holds what every command shares: the factory of dependencies,
// the error kinds and the one mapping from errors to exit codes.
package cmdutil

import (
	"context"
	"errors"
	"fmt"
)

// Exit codes: the contract documented in the README and in `mlinit help exit-codes`.
const (
	ExitOK          = 0   // success
	ExitFindings    = 1   // check found problems at or above the fail level
	ExitUsage       = 2   // usage or configuration error
	ExitInternal    = 3   // internal error, or an external tool crashed or timed out
	ExitInterrupted = 130 // interrupted (SIGINT/SIGTERM, Esc or Ctrl-C in a form)
)

// FlagError is a usage error: bad flag, argument, answer or configuration.
type FlagError struct{ Err error }

func (e *FlagError) Error() string { return e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// UsageErrorf builds a FlagError from a format string.
func UsageErrorf(format string, args ...any) error {
	return &FlagError{Err: fmt.Errorf(format, args...)}
}

// UsageError wraps err as a FlagError (nil stays nil).
func UsageError(err error) error {
	if err == nil {
		return nil
	}
	return &FlagError{Err: err}
}

// ErrCancel means the user cancelled (Ctrl-C, Esc in a form); exit 130.
var ErrCancel = errors.New("cancelled") //nolint:gochecknoglobals // sentinel error, never mutated

// ExitError carries an explicit exit code. A nil Err means the command already said
// everything it had to say (check reports its own findings) and nothing more is printed.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}
func (e *ExitError) Unwrap() error { return e.Err }

// ExitCode maps an error from a command to the process exit code. ctx is the root
// context: once it is cancelled by a signal every failure counts as an interruption.
func ExitCode(ctx context.Context, err error) int {
	if err == nil {
		return ExitOK
	}
	var exitErr *ExitError
	var flagErr *FlagError
	switch {
	case errors.Is(err, ErrCancel):
		return ExitInterrupted
	case ctx != nil && ctx.Err() != nil:
		return ExitInterrupted
	case errors.As(err, &exitErr):
		return exitErr.Code
	case errors.As(err, &flagErr):
		return ExitUsage
	default:
		return ExitInternal
	}
}

// Message is the one line printed for err, or "" when nothing should be printed.
func Message(err error) string {
	var exitErr *ExitError
	if errors.As(err, &exitErr) && exitErr.Err == nil {
		return ""
	}
	if errors.Is(err, ErrCancel) {
		return "cancelled"
	}
	return err.Error()
}
