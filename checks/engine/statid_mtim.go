//go:build linux || openbsd

package engine

import "syscall"

// cacheSupported: statID needs inode numbers and change times.
const cacheSupported = true

func statIDOf(st *syscall.Stat_t) statID {
	return statID{
		Dev: uint64(st.Dev), Ino: uint64(st.Ino), Size: st.Size, //nolint:gosec,unconvert // widths differ by platform; only equality matters
		Mtime: st.Mtim.Nano(), Ctime: st.Ctim.Nano(), Mode: uint32(st.Mode), //nolint:unconvert // width differs by platform
	}
}
