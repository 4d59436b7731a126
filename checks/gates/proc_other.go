//go:build !unix

package gates

import "os/exec"

// setProcessGroup: without process groups, cancellation kills the tool itself
// (exec.CommandContext's default).
func setProcessGroup(*exec.Cmd) {}
