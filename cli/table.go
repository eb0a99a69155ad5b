package cli

import (
	"io"
	"runtime"
	"sync"

	"github.com/charmbracelet/x/ansi"

	"duban/report"
	"duban/safetext"
)

// table writes aligned columns measured in display cells (a Chinese
// character is two), so Chinese and ASCII columns line up in a terminal.
//
// The rows are kept flat, each cell with its width measured once as it is
// added, and written through one buffer. BenchmarkTableWrite10k (go test
// ./cli -run '^$' -bench TableWrite10k -benchmem, 5 runs alternating with
// the previous version, this 2-core machine under load): 3.9–5.8 CPU ms,
// 2.0 MB, 11 allocs per op, against 18.8–28.6 ms, 8.4 MB, 70,032 allocs
// for a [][]string, a width slice per row, a new string per cut cell and a
// write per row.
// From report.ParallelMin rows the measuring and the lines are on
// GOMAXPROCS goroutines (writeOn): 4.2 ms, 5.7 CPU ms, 2.3 MB, 119 allocs
// in one run on 2 cores.
type table struct {
	header []string
	right  map[int]bool // right-aligned columns (numbers)
	max    map[int]int  // maximum display width of a column; longer cells end in …

	cells []tableCell // every row's cells, one row after another
	ends  []int       // where each row's cells end in cells
}

// tableCell is a cell's text and its width in cells. simple says the text
// is only of the characters simpleWidth measures; ellipsis that it was cut
// and "…" follows it.
type tableCell struct {
	s        string
	w        int32
	simple   bool
	ellipsis bool
}

// grow makes room for n more rows of the header's width.
func (t *table) grow(n int) {
	if need := len(t.cells) + n*len(t.header); need > cap(t.cells) {
		c := make([]tableCell, len(t.cells), need)
		copy(c, t.cells)
		t.cells = c
	}
	if need := len(t.ends) + n; need > cap(t.ends) {
		e := make([]int, len(t.ends), need)
		copy(e, t.ends)
		t.ends = e
	}
}

// add appends a row. Cells are shown on one line with every control
// character escaped (safetext.Line): user text never reaches the terminal
// raw. A cell of simple characters needs no escaping (TestSimpleRunes), so
// it is measured and kept as it is.
func (t *table) add(cells ...string) {
	if len(t.cells)+len(cells) > cap(t.cells) {
		t.grow(max(len(t.ends), 64)) // double, rather than append's quarter at a time
	}
	for _, c := range cells {
		t.cells = append(t.cells, measureCell(c, true))
	}
	t.ends = append(t.ends, len(t.cells))
}

// measureCell is c, escaped when escape is set and c needs it, with its
// width.
func measureCell(c string, escape bool) tableCell {
	if w, ok := simpleWidth(c); ok {
		return tableCell{s: c, w: int32(w), simple: true}
	}
	if escape {
		c = safetext.Line(c)
	}
	return tableCell{s: c, w: int32(cellWidth(c))}
}

// cut shortens the cell to m cells as truncateCells would, without making
// a new string when the cell is simple.
func (c *tableCell) cut(m int) {
	if int(c.w) <= m {
		return
	}
	if !c.simple {
		c.s = ansi.Truncate(c.s, m, "…")
		c.w = int32(cellWidth(c.s))
		return
	}
	cut, used := simpleCut(c.s, m-1)
	c.s, c.w, c.ellipsis = c.s[:cut], int32(used+1), true // "…" is one cell
}

func (t *table) write(w io.Writer) error { return t.writeOn(w, procsFor(len(t.ends))) }

// procsFor is how many goroutines format n rows: one below
// report.ParallelMin, else GOMAXPROCS.
func procsFor(n int) int {
	if n < report.ParallelMin {
		return 1
	}
	return runtime.GOMAXPROCS(0)
}

// parts calls f on procs parts of [0, n) at once, returning when all have.
func parts(n, procs int, f func(lo, hi int)) {
	if procs <= 1 || n < 2 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for i := range procs {
		if lo, hi := n*i/procs, n*(i+1)/procs; lo < hi {
			wg.Go(func() { f(lo, hi) })
		}
	}
	wg.Wait()
}

// tableChunk is how many rows make one chunk of lines (about 40 KB of
// a list's).
const tableChunk = 256

// writeOn is write measuring the rows and writing their lines on up to
// procs goroutines: the widths are the maximum of each part's, the lines
// written in order (report.FormatOrdered).
func (t *table) writeOn(w io.Writer, procs int) error {
	head := make([]tableCell, len(t.header))
	for i, h := range t.header {
		head[i] = measureCell(h, false)
	}
	ncol := len(head)
	for j := range t.ends {
		ncol = max(ncol, t.ends[j]-t.start(j))
	}
	maxw := make([]int, ncol)
	right := make([]bool, ncol)
	for i := range ncol {
		maxw[i], right[i] = t.max[i], t.right[i]
	}
	measure := func(widths []int, row []tableCell) {
		for i := range row {
			if m := maxw[i]; m > 0 {
				row[i].cut(m)
			}
			if i < len(widths) {
				widths[i] = max(widths[i], int(row[i].w))
			}
		}
	}
	widths := make([]int, len(head))
	measure(widths, head)
	var mu sync.Mutex
	parts(len(t.ends), procs, func(lo, hi int) {
		part := make([]int, len(head))
		for j := lo; j < hi; j++ {
			measure(part, t.cells[t.start(j):t.ends[j]])
		}
		mu.Lock()
		for i, w := range part {
			widths[i] = max(widths[i], w)
		}
		mu.Unlock()
	})

	const spaces = "                                                                "
	const flushAt = 32 << 10
	line := func(buf []byte, row []tableCell) []byte {
		for i := range row {
			c := &row[i]
			pad := 0
			if i < len(widths) {
				pad = widths[i] - int(c.w)
			}
			if i > 0 {
				buf = append(buf, "  "...)
			}
			if !right[i] {
				buf = append(buf, c.s...)
				if c.ellipsis {
					buf = append(buf, "…"...)
				}
				if i == len(row)-1 {
					pad = 0 // no trailing blanks
				}
			}
			for ; pad > len(spaces); pad -= len(spaces) {
				buf = append(buf, spaces...)
			}
			buf = append(buf, spaces[:max(pad, 0)]...)
			if right[i] {
				buf = append(buf, c.s...)
				if c.ellipsis {
					buf = append(buf, "…"...)
				}
			}
		}
		return append(buf, '\n')
	}
	buf := make([]byte, 0, flushAt+4<<10)
	buf = line(buf, head)
	if procs > 1 && len(t.ends) >= report.ParallelMin {
		if _, err := w.Write(buf); err != nil {
			return err
		}
		return report.FormatOrdered(w, len(t.ends), tableChunk, procs, func(b []byte, lo, hi int) []byte {
			if b == nil {
				b = make([]byte, 0, 64<<10)
			}
			for j := lo; j < hi; j++ {
				b = line(b, t.cells[t.start(j):t.ends[j]])
			}
			return b
		})
	}
	for j := range t.ends {
		buf = line(buf, t.cells[t.start(j):t.ends[j]])
		if len(buf) >= flushAt {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}

// start is where row j's cells begin in t.cells.
func (t *table) start(j int) int {
	if j == 0 {
		return 0
	}
	return t.ends[j-1]
}
