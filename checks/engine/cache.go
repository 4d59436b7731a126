package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"sync"
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

// cacheEntry is what one file contributed to a run.
type cacheEntry struct {
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

// resultCache is the cache for one run: entries read from disk, and the ones
// this run produces.
type resultCache struct {
	dir         string
	fingerprint [32]byte
	checkIDs    []string // the first-level file checks, in run order
	racyAfter   int64    // ns: entries touched at or after this are not stored

	old map[string]*cacheEntry

	mu      sync.Mutex
	next    map[string]*cacheEntry
	changed bool
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

// openCache reads the cache in dir for a run with this fingerprint. A missing,
// unreadable, corrupt or foreign cache is simply empty.
func openCache(dir string, fp [32]byte, checkIDs []string, start time.Time) *resultCache {
	c := &resultCache{
		dir: dir, fingerprint: fp, checkIDs: checkIDs,
		racyAfter: start.Add(-racyWindow).UnixNano(),
		old:       map[string]*cacheEntry{},
		next:      map[string]*cacheEntry{},
	}
	data, err := os.ReadFile(filepath.Join(dir, cacheFileName))
	if err != nil {
		return c
	}
	if entries, err := decodeCache(data, fp, checkIDs); err == nil {
		c.old = entries
	}
	return c
}

// lookup returns the stored entry for rel when the file is unchanged and the
// entry answers this run's question (checked, when the file is in scope).
func (c *resultCache) lookup(rel, abs string, needChecks bool) (*cacheEntry, bool) {
	e := c.old[rel]
	if e == nil || (needChecks && e.flags&flagChecked == 0) {
		return nil, false
	}
	id, ok := lstatRegular(abs)
	if !ok || id != e.id {
		return nil, false
	}
	return e, true
}

// keep carries an entry over into this run's cache unchanged.
func (c *resultCache) keep(rel string, e *cacheEntry) {
	c.mu.Lock()
	c.next[rel] = e
	c.mu.Unlock()
}

// store records what this run learned about a file.
func (c *resultCache) store(rel string, e *cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.changed = true
	if max(e.id.Mtime, e.id.Ctime) >= c.racyAfter {
		return // racily clean: check it again next time
	}
	c.next[rel] = e
}

// save writes the cache when this run changed it. listedAll says the run saw
// every file in scope, so entries it did not touch belong to deleted files.
func (c *resultCache) save(listedAll bool) error {
	if !listedAll {
		for p, e := range c.old {
			if _, ok := c.next[p]; !ok {
				c.next[p] = e
			}
		}
	} else if len(c.next) != len(c.old) {
		c.changed = true
	}
	if !c.changed {
		return nil
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
	if _, err := tmp.Write(encodeCache(c.next, c.fingerprint, c.checkIDs)); err != nil {
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

func encodeCache(entries map[string]*cacheEntry, fp [32]byte, checkIDs []string) []byte {
	var b bytes.Buffer
	b.WriteString(cacheMagic)
	b.WriteByte(cacheFormat)
	b.Write(fp[:])
	putUvarint(&b, uint64(len(checkIDs)))
	for _, id := range checkIDs {
		putString(&b, id)
	}
	paths := make([]string, 0, len(entries))
	for p := range entries {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	putUvarint(&b, uint64(len(paths)))
	for _, p := range paths {
		e := entries[p]
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
			putUvarint(&b, uint64(f.check))
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
// these checks; anything else is errBadCache. It never trusts a length beyond
// the bytes that remain, so a corrupt file cannot make it allocate much.
func decodeCache(data []byte, fp [32]byte, checkIDs []string) (map[string]*cacheEntry, error) {
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
	entries := make(map[string]*cacheEntry, n)
	for range n {
		p := d.string()
		e := &cacheEntry{}
		e.id.Dev, e.id.Ino = d.uvarint(), d.uvarint()
		e.id.Size, e.id.Mtime, e.id.Ctime = d.varint(), d.varint(), d.varint()
		e.id.Mode = uint32(d.uvarint()) //nolint:gosec // written from a uint32
		e.flags = d.byte()
		e.suppressed = uint32(d.uvarint()) //nolint:gosec // written from a uint32
		nf := d.count()
		for range nf {
			ci := d.uvarint()
			if ci >= uint64(len(checkIDs)) {
				d.fail()
				break
			}
			f := cachedFinding{check: int(ci), Finding: checks.Finding{Path: p, CheckID: checkIDs[ci]}} //nolint:gosec // bounded above
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
		entries[p] = e
	}
	if d.err != nil || d.off != len(d.data) {
		return nil, errBadCache
	}
	return entries, nil
}

func putUvarint(b *bytes.Buffer, v uint64) { b.Write(binary.AppendUvarint(nil, v)) }
func putVarint(b *bytes.Buffer, v int64)   { b.Write(binary.AppendVarint(nil, v)) }
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
	if v > uint64(len(d.data)-d.off) {
		d.fail()
		return 0
	}
	return int(v)
}

func (d *cacheReader) string() string {
	return string(d.bytes(d.count()))
}
