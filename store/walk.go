package store

import (
	"encoding/binary"
	"fmt"
	"os"
)

// walkPages checks, with plain reads, that every page reachable from the
// file's meta lies within the file and that every key and value of every
// branch and leaf lies within its page, for the page layout of probe.go.
// Check runs it before bbolt's own check (Tx.Check), which reads pages
// through the memory map in a goroutine of its own: a key whose size was
// damaged would make it read past the mapping and crash the process, where
// the fault cannot be recovered.
func walkPages(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return walkFile(f, -1)
}

// walkTop is walkPages for the pages Open has bbolt read: the root and the
// top two levels of buckets below it (the file's buckets, each plan's),
// not the records' pages. bbolt copies an inline bucket's value when it
// opens the bucket, so a damaged size there would be copied whole (an
// allocation of up to 4 GB) before anything else noticed.
func walkTop(f *os.File) error { return walkFile(f, 2) }

// walkFile walks f to the depth of nested pages given (-1: all).
func walkFile(f *os.File, depth int) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	buf := make([]byte, pageHeaderSize+metaSize)
	var metas [2]boltMeta
	ps := int64(os.Getpagesize())
	for i := range 2 {
		if n, err := readAt(f, buf, int64(i)*ps); err == nil && n == len(buf) {
			metas[i] = readMeta(buf)
			if i == 0 && metas[0].valid {
				ps = int64(metas[0].pageSize)
			}
		}
	}
	m := metas[0]
	if metas[1].valid && (!m.valid || metas[1].txid > m.txid) {
		m = metas[1]
	}
	if !m.valid {
		return fmt.Errorf("both meta pages are damaged")
	}
	ps = int64(m.pageSize)
	if ps < 512 || int64(m.pgid)*ps > fi.Size() {
		return fmt.Errorf("meta page: page size %d or high-water mark %d beyond the file", ps, m.pgid)
	}
	w := walker{f: f, ps: ps, hw: m.pgid, seen: map[uint64]bool{}, limit: depth}
	return w.page(m.root, 0)
}

type walker struct {
	f     *os.File
	ps    int64
	hw    uint64 // the high-water mark: pages are below it
	seen  map[uint64]bool
	limit int // the deepest page to read; -1 for all
}

const (
	branchPageFlag = 0x01
	leafPageFlag   = 0x02
	bucketLeafFlag = 0x01
	elementSize    = 16
)

// page checks the page id and what it refers to.
func (w *walker) page(id uint64, depth int) error {
	if id < 2 || id >= w.hw {
		return fmt.Errorf("page %d is out of range", id)
	}
	if w.seen[id] || depth > 64 {
		return fmt.Errorf("page %d is referred to twice", id)
	}
	if w.limit >= 0 && depth > w.limit {
		return nil
	}
	w.seen[id] = true
	hdr := make([]byte, pageHeaderSize)
	if n, err := readAt(w.f, hdr, int64(id)*w.ps); err != nil || n < len(hdr) {
		return fmt.Errorf("page %d is unreadable", id)
	}
	overflow := uint64(binary.NativeEndian.Uint32(hdr[12:]))
	if id+overflow >= w.hw {
		return fmt.Errorf("page %d overflows the end", id)
	}
	b := make([]byte, int64(overflow+1)*w.ps)
	if n, err := readAt(w.f, b, int64(id)*w.ps); err != nil || n < len(b) {
		return fmt.Errorf("page %d is unreadable", id)
	}
	for o := uint64(1); o <= overflow; o++ {
		w.seen[id+o] = true
	}
	return w.elements(id, b, depth)
}

// elements checks the elements of page b (a page, or an inline bucket's).
func (w *walker) elements(id uint64, b []byte, depth int) error {
	ne := binary.NativeEndian
	flags, count := ne.Uint16(b[8:]), int(ne.Uint16(b[10:]))
	if pageHeaderSize+count*elementSize > len(b) {
		return fmt.Errorf("page %d claims %d elements", id, count)
	}
	for i := range count {
		e := pageHeaderSize + i*elementSize
		switch flags {
		case branchPageFlag:
			pos, ksize, child := int(ne.Uint32(b[e:])), int(ne.Uint32(b[e+4:])), ne.Uint64(b[e+8:])
			if e+pos+ksize > len(b) || e+pos+ksize < e {
				return fmt.Errorf("page %d: key %d lies beyond the page", id, i)
			}
			if err := w.page(child, depth+1); err != nil {
				return err
			}
		case leafPageFlag:
			eflags, pos, ksize, vsize := ne.Uint32(b[e:]), int(ne.Uint32(b[e+4:])), int(ne.Uint32(b[e+8:])), int(ne.Uint32(b[e+12:]))
			end := e + pos + ksize + vsize
			if end > len(b) || end < e {
				return fmt.Errorf("page %d: element %d lies beyond the page", id, i)
			}
			if eflags&bucketLeafFlag == 0 {
				continue
			}
			v := b[e+pos+ksize : end]
			if len(v) < 16 {
				return fmt.Errorf("page %d: bucket %d has no header", id, i)
			}
			if root := ne.Uint64(v); root != 0 {
				if err := w.page(root, depth+1); err != nil {
					return err
				}
			} else if len(v) < 16+pageHeaderSize {
				return fmt.Errorf("page %d: inline bucket %d has no page", id, i)
			} else if err := w.elements(id, v[16:], depth+1); err != nil {
				return err
			}
		default:
			return fmt.Errorf("page %d has flags %#x", id, flags)
		}
	}
	return nil
}
