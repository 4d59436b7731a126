package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/mlinit/mlinit/checks"
)

// The results cache keeps, per file, what the first pass learned — the file
// checks' findings and the facts repository checks use (binary, LFS pointer) —
// keyed by the file's stat identity (device, inode, size, mtime, ctime, mode).
// A later run that finds the same identity reuses the entry without opening
// the file: one lstat instead of open, fstat, read and close, and no checking.
// Repository checks always run; they read what they need from disk.
//
// The whole cache is discarded when the tool build or anything that shapes the
// file checks' results changes (which checks run, their options, severity
// overrides, the read limit): its fingerprint then differs. Entries whose
// timestamps fall within racyWindow of the run's start are not stored, since a
// second write in the same timestamp tick could leave the identity unchanged
// (git's "racily clean" entries).

// CacheDirName is the cache directory beneath the project root. It ignores
// itself (a .gitignore holding "*"), as .ruff_cache and .pytest_cache do.
const CacheDirName = ".mlinit_cache"

const (
	cacheFileName = "check-results.bin"
	cacheMagic    = "mlinit-check-cache\x00"
	cacheFormat   = 1
	racyWindow    = 3 * time.Second
)

// statID identifies one version of a file's content: any write changes the
// ctime, which user space cannot set back. Where stat has no inode numbers or
// change times (cacheSupported false) only Size, Mtime and Mode are filled.
type statID struct {
	Dev, Ino     uint64
	Size         int64
	Mtime, Ctime int64 // nanoseconds since the epoch
	Mode         uint32
}

func (s statID) perm() fs.FileMode { return fs.FileMode(s.Mode & 0o777) }

// cacheEntry is what one file contributed to a run.
type cacheEntry struct {
	path       string // set for entries decoded from disk
	id         statID
	flags      uint8
	suppressed uint32
	findings   []cachedFinding
}

// cachedFinding is a post-processed finding and the index (in the run's
// first-level file checks) of the check that reported it.
type cachedFinding struct {
	check int
	checks.Finding
}

const (
	flagBinary     uint8 = 1 << iota // content looked binary
	flagLFSPointer                   // content is a git LFS pointer
	flagLFS                          // tracked by LFS (rules or pointer) when stored
	flagChecked                      // the file checks ran on it
)

// resultCache is the cache for one run. Entries on disk are sorted by path,
// as the listing is, so they are matched to the listing's indexes in one merge
// and the workers then touch only their own index: no maps, no locks.
type resultCache struct {
	dir         string
	fingerprint [32]byte
	checkIDs    []string // the first-level file checks, in run order
	racyAfter   int64    // ns: entries touched at or after this are not stored

	byIndex   []*cacheEntry // the stored entry for each listed path, or nil
	unmatched []*cacheEntry // stored entries for paths this run did not list

	kept   []bool        // byIndex[i] was reused unchanged
	stored []*cacheEntry // what this run learned about path i (nil: nothing to store)
}

// cacheFingerprint names everything besides a file's content that shapes its
// cached results.
func cacheFingerprint(salt string, cs []*checks.Check, opts []checks.Options, severity map[string]checks.Severity, limit int64) ([32]byte, error) {
	type checkKey struct {
		ID       string
		Options  checks.Options
		Severity checks.Severity `json:",omitempty"`
	}
	key := struct {
		Format int
		Salt   string
		Limit  int64
		Checks []checkKey
	}{Format: cacheFormat, Salt: salt, Limit: limit}
	for i, c := range cs {
		key.Checks = append(key.Checks, checkKey{ID: c.ID, Options: opts[i], Severity: severity[c.ID]})
	}
	b, err := json.Marshal(key) // map keys are sorted: the same settings give the same bytes
	if err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(b), nil
}

// openCache reads the cache in dir for a run with this fingerprint over the
// listed paths (sorted). A missing, unreadable, corrupt or foreign cache is
// simply empty.
func openCache(dir string, fp [32]byte, checkIDs []string, start time.Time, paths []string) *resultCache {
	c := &resultCache{
		dir: dir, fingerprint: fp, checkIDs: checkIDs,
		racyAfter: start.Add(-racyWindow).UnixNano(),
		byIndex:   make([]*cacheEntry, len(paths)),
		kept:      make([]bool, len(paths)),
		stored:    make([]*cacheEntry, len(paths)),
	}
	data, err := os.ReadFile(filepath.Join(dir, cacheFileName))
	if err != nil {
		return c
	}
	entries, err := decodeCache(data, fp, checkIDs)
	if err != nil {
		return c
	}
	i := 0
	for _, e := range entries {
		for i < len(paths) && paths[i] < e.path {
			i++
		}
		if i < len(paths) && paths[i] == e.path {
			c.byIndex[i] = e
		} else {
			c.unmatched = append(c.unmatched, e)
		}
	}
	return c
}

// lookup returns the stored entry for listed path i when the file is
// unchanged and the entry answers this run's question (checked, when the file
// is in scope).
func (c *resultCache) lookup(i int, abs string, needChecks bool) (*cacheEntry, bool) {
	e := c.byIndex[i]
	if e == nil || (needChecks && e.flags&flagChecked == 0) {
		return nil, false
	}
	id, ok := lstatRegular(abs)
	if !ok || id != e.id {
		return nil, false
	}
	return e, true
}

// keep carries path i's entry over into this run's cache unchanged.
func (c *resultCache) keep(i int) { c.kept[i] = true }

// store records what this run learned about path i.
func (c *resultCache) store(i int, e *cacheEntry) {
	if max(e.id.Mtime, e.id.Ctime) >= c.racyAfter {
		return // racily clean: check it again next time
	}
	c.stored[i] = e
}

// save writes the cache when this run changed it. listedAll says the run saw
// every file in scope, so entries it did not list belong to deleted files.
func (c *resultCache) save(paths []string, listedAll bool) error {
	changed := listedAll && len(c.unmatched) > 0
	var next []*cacheEntry
	for i, p := range paths {
		e := c.stored[i]
		switch {
		case e != nil:
			changed = true
		case c.kept[i]:
			e = c.byIndex[i]
		case c.byIndex[i] != nil:
			changed = true // read again and not storable (racy), or gone
		}
		if e != nil {
			e.path = p
			next = append(next, e)
		}
	}
	if !changed {
		return nil
	}
	if !listedAll {
		next = append(next, c.unmatched...)
		sort.Slice(next, func(a, b int) bool { return next[a].path < next[b].path })
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	// The directory keeps itself out of git and out of backups.
	for name, body := range map[string]string{
		".gitignore":   "# Created by mlinit check: results cache\n*\n",
		"CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by mlinit.\n",
	} {
		p := filepath.Join(c.dir, name)
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil { //nolint:gosec // not secret
				return err
			}
		}
	}
	tmp, err := os.CreateTemp(c.dir, cacheFileName+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) //nolint:errcheck // gone after the rename
	if _, err := tmp.Write(encodeCache(next, c.fingerprint, c.checkIDs)); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(c.dir, cacheFileName))
}

// The format: magic, format byte, fingerprint, the check-ID table, then the
// entries sorted by path. Integers are varints; strings are length-prefixed.

func encodeCache(entries []*cacheEntry, fp [32]byte, checkIDs []string) []byte {
	var b bytes.Buffer
	b.WriteString(cacheMagic)
	b.WriteByte(cacheFormat)
	b.Write(fp[:])
	putUvarint(&b, uint64(len(checkIDs)))
	for _, id := range checkIDs {
		putString(&b, id)
	}
	putUvarint(&b, uint64(len(entries)))
	for _, e := range entries {
		p := e.path
		putString(&b, p)
		putUvarint(&b, e.id.Dev)
		putUvarint(&b, e.id.Ino)
		putVarint(&b, e.id.Size)
		putVarint(&b, e.id.Mtime)
		putVarint(&b, e.id.Ctime)
		putUvarint(&b, uint64(e.id.Mode))
		b.WriteByte(e.flags)
		putUvarint(&b, uint64(e.suppressed))
		putUvarint(&b, uint64(len(e.findings)))
		for _, f := range e.findings {
			putUvarint(&b, uint64(f.check)) //nolint:gosec // an index into checkIDs, never negative
			var same uint8
			if f.Path == p {
				same |= 1
			}
			if f.check < len(checkIDs) && f.CheckID == checkIDs[f.check] {
				same |= 2
			}
			b.WriteByte(same)
			if same&1 == 0 {
				putString(&b, f.Path)
			}
			if same&2 == 0 {
				putString(&b, f.CheckID)
			}
			putUvarint(&b, uint64(max(f.Line, 0)))
			putUvarint(&b, uint64(max(f.Column, 0)))
			putUvarint(&b, uint64(max(int(f.Severity), 0)))
			putString(&b, f.Message)
		}
	}
	return b.Bytes()
}

var errBadCache = errors.New("unreadable results cache") //nolint:gochecknoglobals // sentinel error

// decodeCache reads a cache written by encodeCache for this fingerprint and
// these checks; anything else (entries out of order included) is errBadCache.
// It never trusts a length beyond the bytes that remain, so a corrupt file
// cannot make it allocate much.
func decodeCache(data []byte, fp [32]byte, checkIDs []string) ([]*cacheEntry, error) {
	d := &cacheReader{data: data}
	if string(d.bytes(len(cacheMagic))) != cacheMagic || d.byte() != cacheFormat || !bytes.Equal(d.bytes(32), fp[:]) {
		return nil, errBadCache
	}
	n := d.count()
	if d.err != nil || n != len(checkIDs) {
		return nil, errBadCache
	}
	for i := range n {
		if d.string() != checkIDs[i] {
			return nil, errBadCache
		}
	}
	n = d.count()
	entries := make([]*cacheEntry, 0, n)
	for range n {
		e := &cacheEntry{path: d.string()}
		if k := len(entries); k > 0 && entries[k-1].path >= e.path {
			d.fail()
		}
		e.id.Dev, e.id.Ino = d.uvarint(), d.uvarint()
		e.id.Size, e.id.Mtime, e.id.Ctime = d.varint(), d.varint(), d.varint()
		e.id.Mode = uint32(d.uvarint()) //nolint:gosec // written from a uint32
		e.flags = d.byte()
		e.suppressed = uint32(d.uvarint()) //nolint:gosec // written from a uint32
		nf := d.count()
		if nf > 0 {
			e.findings = make([]cachedFinding, 0, nf)
		}
		for range nf {
			ci := d.uvarint()
			if ci >= uint64(len(checkIDs)) {
				d.fail()
				break
			}
			f := cachedFinding{check: int(ci), Finding: checks.Finding{Path: e.path, CheckID: checkIDs[ci]}} //nolint:gosec // bounded above
			same := d.byte()
			if same&1 == 0 {
				f.Path = d.string()
			}
			if same&2 == 0 {
				f.CheckID = d.string()
			}
			f.Line, f.Column = int(d.uvarint()), int(d.uvarint()) //nolint:gosec // written from ints
			f.Severity = checks.Severity(d.uvarint())             //nolint:gosec // written from a Severity
			f.Message = d.string()
			e.findings = append(e.findings, f)
		}
		if d.err != nil {
			return nil, errBadCache
		}
		entries = append(entries, e)
	}
	if d.err != nil || d.off != len(d.data) {
		return nil, errBadCache
	}
	return entries, nil
}

func putUvarint(b *bytes.Buffer, v uint64) {
	var buf [binary.MaxVarintLen64]byte
	b.Write(buf[:binary.PutUvarint(buf[:], v)])
}

func putVarint(b *bytes.Buffer, v int64) {
	var buf [binary.MaxVarintLen64]byte
	b.Write(buf[:binary.PutVarint(buf[:], v)])
}

func putString(b *bytes.Buffer, s string) {
	putUvarint(b, uint64(len(s)))
	b.WriteString(s)
}

// cacheReader reads the format above; the first problem sticks in err and
// every later read returns zero values.
type cacheReader struct {
	data []byte
	off  int
	err  error
}

func (d *cacheReader) fail() {
	if d.err == nil {
		d.err = errBadCache
	}
}

func (d *cacheReader) bytes(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.data)-d.off {
		d.fail()
		return nil
	}
	b := d.data[d.off : d.off+n]
	d.off += n
	return b
}

func (d *cacheReader) byte() uint8 {
	if b := d.bytes(1); b != nil {
		return b[0]
	}
	return 0
}

func (d *cacheReader) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data[d.off:])
	if n <= 0 {
		d.fail()
		return 0
	}
	d.off += n
	return v
}

func (d *cacheReader) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.data[d.off:])
	if n <= 0 {
		d.fail()
		return 0
	}
	d.off += n
	return v
}

// count reads a number of items that each take at least one byte.
func (d *cacheReader) count() int {
	v := d.uvarint()
	if v > uint64(len(d.data)-d.off) { //nolint:gosec // off never passes len(data)
		d.fail()
		return 0
	}
	return int(v) //nolint:gosec // bounded by the remaining length above
}

func (d *cacheReader) string() string {
	return string(d.bytes(d.count()))
}
