//go:build unix

package generate

import "syscall"

func setUmask(m int) int { return syscall.Umask(m) }
