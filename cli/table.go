package cli

import (
	"io"
	"strings"

	"duban/safetext"
)

// table writes aligned columns measured in display cells (a Chinese
// character is two), so Chinese and ASCII columns line up in a terminal.
type table struct {
	header []string
	rows   [][]string
	right  map[int]bool // right-aligned columns (numbers)
	max    map[int]int  // maximum display width of a column; longer cells end in …
}

// add appends a row. Cells are shown on one line with every control
// character escaped (safetext.Line): user text never reaches the terminal
// raw.
func (t *table) add(cells ...string) {
	for i, c := range cells {
		cells[i] = safetext.Line(c)
	}
	t.rows = append(t.rows, cells)
}

func (t *table) write(w io.Writer) error {
	all := append([][]string{t.header}, t.rows...)
	widths := make([]int, len(t.header))
	cw := make([][]int, len(all)) // each cell's width, measured once (cellWidth)
	for j, r := range all {
		cw[j] = make([]int, len(r))
		for i, c := range r {
			n := cellWidth(c)
			if m := t.max[i]; m > 0 && n > m {
				r[i] = truncateCells(c, m)
				n = cellWidth(r[i])
			}
			cw[j][i] = n
			if i < len(widths) {
				widths[i] = max(widths[i], n)
			}
		}
	}
	const spaces = "                                                                "
	padTo := func(b *strings.Builder, n int) {
		for ; n > len(spaces); n -= len(spaces) {
			b.WriteString(spaces)
		}
		b.WriteString(spaces[:max(n, 0)])
	}
	var b strings.Builder
	for j, r := range all {
		b.Reset()
		for i, c := range r {
			pad := 0
			if i < len(widths) {
				pad = widths[i] - cw[j][i]
			}
			if i > 0 {
				b.WriteString("  ")
			}
			if t.right[i] {
				padTo(&b, pad)
				b.WriteString(c)
			} else if i < len(r)-1 {
				b.WriteString(c)
				padTo(&b, pad)
			} else {
				b.WriteString(c)
			}
		}
		b.WriteByte('\n')
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}
