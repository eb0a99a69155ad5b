package cli

import (
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"

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
	for _, r := range all {
		for i, c := range r {
			if m := t.max[i]; m > 0 && ansi.StringWidth(c) > m {
				r[i] = ansi.Truncate(c, m, "…")
				c = r[i]
			}
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range all {
		b.Reset()
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-ansi.StringWidth(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if t.right[i] {
				b.WriteString(pad + c)
			} else if i < len(r)-1 {
				b.WriteString(c + pad)
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
