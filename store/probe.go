package store

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// Plain reads of bbolt's page format, to vet a file before bbolt maps it
// for writing (see open.go). They mirror go.etcd.io/bbolt v1.5's
// internal/common: a page starts with a 16-byte header (id u64, flags
// u16, count u16, overflow u32); pages 0 and 1 hold a meta (magic u32,
// version u32, pageSize u32, flags u32, root u64, root sequence u64,
// freelist u64, high-water pgid u64, txid u64, checksum u64: FNV-64a of
// the bytes before it), in the machine's byte order.
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	pageHeaderSize   = 16
	metaSize         = 64
	freelistPageFlag = 0x10
	noFreelist       = ^uint64(0)
)

type boltMeta struct {
	magic, version, pageSize uint32
	root, freelist, pgid     uint64
	txid                     uint64
	valid                    bool // magic, version and checksum all right
}

// readMeta decodes a meta page's meta from b (at least pageHeaderSize +
// metaSize bytes of the page).
func readMeta(b []byte) boltMeta {
	m := b[pageHeaderSize : pageHeaderSize+metaSize]
	ne := binary.NativeEndian
	bm := boltMeta{
		magic:    ne.Uint32(m[0:]),
		version:  ne.Uint32(m[4:]),
		pageSize: ne.Uint32(m[8:]),
		root:     ne.Uint64(m[16:]),
		freelist: ne.Uint64(m[32:]),
		pgid:     ne.Uint64(m[40:]),
		txid:     ne.Uint64(m[48:]),
	}
	h := fnv.New64a()
	h.Write(m[:56])
	bm.valid = bm.magic == boltMagic && bm.version == boltVersion && ne.Uint64(m[56:]) == h.Sum64()
	return bm
}

// readAt reads len(b) bytes at off, short only at the end of the file.
func readAt(f *os.File, b []byte, off int64) (int, error) {
	n, err := f.ReadAt(b, off)
	if err == io.EOF {
		err = nil
	}
	return n, err
}

// probeMeta checks what bbolt will trust when it opens the file: that the
// meta it will use says the data lies within the file, and that its
// freelist page (which a read-write open loads at once, panicking when it
// is not one) is a well-formed freelist.
func probeMeta(path string, f *os.File, size int64) error {
	corrupt := func(format string, args ...any) error {
		return newErr(ErrCorrupt, nil, "err.store.corrupt", path, detail(fmt.Sprintf(format, args...)))
	}
	buf := make([]byte, pageHeaderSize+metaSize)
	if n, err := readAt(f, buf, 0); err != nil || n < len(buf) {
		return corrupt("first page unreadable")
	}
	m0 := readMeta(buf)
	pageSize := int64(os.Getpagesize())
	if m0.valid {
		pageSize = int64(m0.pageSize)
	}
	m1 := boltMeta{}
	if n, err := readAt(f, buf, pageSize); err == nil && n == len(buf) {
		m1 = readMeta(buf)
	}
	// bbolt uses the valid meta with the higher txid (DB.meta).
	m := m0
	if m1.valid && (!m0.valid || m1.txid > m0.txid) {
		m = m1
	}
	if !m.valid {
		return corrupt("both meta pages are damaged")
	}
	ps := int64(m.pageSize)
	if need := int64(m.pgid) * ps; ps <= 0 || need > size || need/ps != int64(m.pgid) {
		return newErr(ErrCorrupt, nil, "err.store.truncated", path, size, need)
	}
	if m.root >= m.pgid {
		return corrupt("root page %d beyond the end %d", m.root, m.pgid)
	}
	if m.freelist == noFreelist {
		return nil
	}
	if m.freelist < 2 || m.freelist >= m.pgid {
		return corrupt("freelist page %d out of range", m.freelist)
	}
	hdr := make([]byte, pageHeaderSize+8)
	if n, err := readAt(f, hdr, int64(m.freelist)*ps); err != nil || n < len(hdr) {
		return corrupt("freelist page %d unreadable", m.freelist)
	}
	ne := binary.NativeEndian
	flags, count, overflow := ne.Uint16(hdr[8:]), uint64(ne.Uint16(hdr[10:])), uint64(ne.Uint32(hdr[12:]))
	if flags != freelistPageFlag {
		return corrupt("page %d is not a freelist page", m.freelist)
	}
	if m.freelist+overflow >= m.pgid {
		return corrupt("freelist page %d overflows the end", m.freelist)
	}
	off := int64(m.freelist)*ps + pageHeaderSize
	if count == 0xFFFF { // the real count is the first element
		count = ne.Uint64(hdr[pageHeaderSize:])
		off += 8
	}
	room := int64(overflow+1) * ps
	if count > uint64(room/8) || off+int64(count)*8 > int64(m.freelist)*ps+room {
		return corrupt("freelist page %d claims %d ids", m.freelist, count)
	}
	ids := make([]byte, count*8)
	if n, err := readAt(f, ids, off); err != nil || n < len(ids) {
		return corrupt("freelist page %d unreadable", m.freelist)
	}
	for i := 0; i < len(ids); i += 8 {
		if id := ne.Uint64(ids[i:]); id < 2 || id >= m.pgid {
			return corrupt("freelist page %d lists page %d", m.freelist, id)
		}
	}
	return nil
}

// looksLikeBolt reports whether the file has bbolt's magic where a meta
// page would put it: at page 0, or at page 1 for any page size bbolt
// supports (1 KiB to 16 MiB). A file bbolt refuses is damaged when it
// does, and not a bbolt file at all when it does not.
func looksLikeBolt(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, pageHeaderSize+4)
	for i := -1; i <= 14; i++ {
		off := int64(0)
		if i >= 0 {
			off = 1024 << i
		}
		if n, err := readAt(f, buf, off); err != nil || n < len(buf) {
			break
		}
		if binary.NativeEndian.Uint32(buf[pageHeaderSize:]) == boltMagic {
			return true
		}
	}
	return false
}
