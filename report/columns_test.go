package report

import (
	"bytes"
	"slices"
	"testing"

	"duban/i18n"
)

// Every column of a task sheet has its own header, width bounds and style
// wherever it stands: the widths belong to the column definitions, so a
// reordered table keeps each column's width with its header.
func TestSheetColumnsKeepTheirWidths(t *testing.T) {
	s := snapWith(t)
	rows := rowsOf(s)
	reversed := detailSheet
	reversed.cols = slices.Clone(detailSheet.cols)
	slices.Reverse(reversed.cols)
	for _, tc := range []struct {
		name  string
		sheet table
	}{{"detail", detailSheet}, {"lagging", lagSheet}, {"reversed", reversed}} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBook()
			defer b.f.Close()
			ds := make([]detail, len(rows))
			for i, r := range rows {
				ds[i] = detailOf(r)
			}
			tc.sheet.write(b, "S", "title", "sub", i18n.Zh, ds, "")
			if b.err != nil {
				t.Fatal(b.err)
			}
			var buf bytes.Buffer
			if _, err := b.f.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			f := openXLSX(t, buf.Bytes())
			for i, c := range tc.sheet.cols {
				col := colLetter(i + 1)
				if got := cellValue(t, f, "S", col+"3", false); got != i18n.Zh.T(c.key) {
					t.Errorf("column %s: header %q, want %q", col, got, i18n.Zh.T(c.key))
				}
				w, err := f.GetColWidth("S", col)
				if err != nil || w < c.min || w > c.max {
					t.Errorf("column %s (%s): width %v, want %v to %v", col, c.key, w, c.min, c.max)
				}
			}
		})
	}
}
