package store

import (
	"os"
	"unsafe"
)

// pageDropper drops from the process's page tables the pages of records a
// whole-plan read has done with, every dropEvery records (madvise
// MADV_DONTNEED, see dropMapped), for the local TUI (DropPagesAsRead).
// Without it such a read holds every page of the plan's digests resident
// until it ends: 133 MB at 100,000 tasks (genplan -reports 3), beside the
// snapshot being built. The pages are the file's, in the page cache: a
// page dropped that is read again (the next pass, a record of another
// goroutine's in the same page) is mapped again from there, as it was.
type pageDropper struct {
	base, end uintptr // bbolt's mapping, as the transaction sees the file
	lo, hi    uintptr // the records noted since the last drop span [lo, hi)
	n         int
}

// dropEvery is how many records a pageDropper reads between drops.
const dropEvery = 1024

var pageSize = uintptr(os.Getpagesize())

// worker returns a pageDropper of the same mapping for one goroutine, or
// nil for nil.
func (p *pageDropper) worker() *pageDropper {
	if p == nil {
		return nil
	}
	return &pageDropper{base: p.base, end: p.end}
}

// next notes that b, a record in the mapping, is read next, having first
// dropped the pages of the dropEvery records before it when there are as
// many (flush drops those of the last ones).
func (p *pageDropper) next(b []byte) {
	if p == nil || len(b) == 0 {
		return
	}
	if p.n == dropEvery {
		p.flush()
	}
	a := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	e := a + uintptr(len(b))
	if a < p.base || e > p.end { // not in the mapping (an inline bucket's copy)
		return
	}
	if p.n == 0 {
		p.lo, p.hi = a, e
	}
	p.lo, p.hi = min(p.lo, a), max(p.hi, e)
	p.n++
}

// flush drops the pages of the records noted since the last drop.
func (p *pageDropper) flush() {
	if p == nil || p.n == 0 {
		return
	}
	lo := p.base + (p.lo-p.base)/pageSize*pageSize
	hi := min(p.base+(p.hi-p.base+pageSize-1)/pageSize*pageSize, p.end)
	_ = dropMapped(lo, int64(hi-lo)) // only memory: a failure changes nothing else
	p.n = 0
}
