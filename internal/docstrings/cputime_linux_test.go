package docstrings

import (
	"runtime"
	"syscall"
	"time"
)

// threadCPU measures f by the CPU time of the calling OS thread (RUSAGE_THREAD), so that
// other processes on a loaded machine do not distort the linear-time check.
func threadCPU(f func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const rusageThread = 1 // RUSAGE_THREAD
	var before, after syscall.Rusage
	if syscall.Getrusage(rusageThread, &before) != nil {
		start := time.Now()
		f()
		return time.Since(start)
	}
	f()
	if syscall.Getrusage(rusageThread, &after) != nil {
		return 0
	}
	return time.Duration(syscall.TimevalToNsec(after.Utime) - syscall.TimevalToNsec(before.Utime) +
		syscall.TimevalToNsec(after.Stime) - syscall.TimevalToNsec(before.Stime))
}
