package report

import (
	"archive/zip"
	"bytes"
	"testing"
)

// TestXLSXSameBytes: the same data exported again gives the same bytes, for
// the report, the fill-in template and the plan workbook; before the parts
// were put in one order, excelize's worksheets came out in an order that
// changed from one workbook to the next (an SSH export and the local one
// differed at byte 50).
func TestXLSXSameBytes(t *testing.T) {
	s := snapWith(t)
	rows := rowsOf(s)
	tpl := zhOpts()
	tpl.Template = true
	for name, export := range map[string]func() []byte{
		"report":   func() []byte { return exportBytes(t, "xlsx", s, rows, zhOpts()) },
		"template": func() []byte { return exportBytes(t, "xlsx", s, rows, tpl) },
		"plan": func() []byte {
			var b bytes.Buffer
			if err := WritePlanXLSX(&b, s.Plan, s.Tasks); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		},
	} {
		first := export()
		for i := range 20 {
			if again := export(); !bytes.Equal(again, first) {
				t.Fatalf("%s: export %d differs from the first", name, i+2)
			}
		}
		zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if zr.File[0].Name != "[Content_Types].xml" {
			t.Errorf("%s: first part %s, want [Content_Types].xml", name, zr.File[0].Name)
		}
		for i := 1; i < len(zr.File); i++ {
			if zr.File[i-1].Name >= zr.File[i].Name {
				t.Errorf("%s: parts out of order: %s before %s", name, zr.File[i-1].Name, zr.File[i].Name)
			}
		}
	}
}
