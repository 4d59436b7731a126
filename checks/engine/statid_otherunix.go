//go:build unix && !linux && !openbsd && !darwin && !freebsd && !netbsd

package engine

import "syscall"

// cacheSupported is false where the stat fields that tell rewrites apart are
// not known to this package: every run checks every file.
const cacheSupported = false

func statIDOf(st *syscall.Stat_t) statID {
	return statID{Size: st.Size, Mode: uint32(st.Mode)} //nolint:unconvert // width differs by platform
}
