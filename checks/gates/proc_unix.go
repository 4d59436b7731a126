//go:build unix

package gates

import (
	"os/exec"
	"syscall"
)

// setProcessGroup starts the tool in a new process group and makes cancellation
// kill the whole group: a timeout or Ctrl-C must not leave pytest workers behind.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process == nil {
			return nil
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
