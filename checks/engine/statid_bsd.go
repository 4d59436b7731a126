//go:build darwin || freebsd || netbsd

package engine

import "syscall"

// cacheSupported: statID needs inode numbers and change times.
const cacheSupported = true

func statIDOf(st *syscall.Stat_t) statID {
	return statID{
		Dev: uint64(st.Dev), Ino: uint64(st.Ino), Size: st.Size, //nolint:gosec,unconvert // widths differ by platform; only equality matters
		Mtime: st.Mtimespec.Nano(), Ctime: st.Ctimespec.Nano(), Mode: uint32(st.Mode), //nolint:unconvert // uint16 on some platforms
	}
}
