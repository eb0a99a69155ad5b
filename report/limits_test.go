package report

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"runtime"
	"strings"
	"testing"

	"duban/i18n"
)

// bomb is an xlsx-shaped zip whose one sheet declares size bytes but
// holds a few bytes of deflate data (archive/zip would refuse it while
// reading; the point is that nothing is read at all).
func bomb(t *testing.T, size uint64, pad int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(bytes.Repeat([]byte{' '}, pad))
	fw.Close()
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Hostile files are refused before they are read (issue 15 §6).
func TestImportRefusesZipBombs(t *testing.T) {
	s := plainSnap(t)
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadImport(bytes.NewReader(bomb(t, 900<<20, 1000)), "xlsx", s, "u", now)
	if !errors.Is(err, i18n.E("report.err.inflate")) {
		t.Fatalf("a 900 MB bomb: %v", err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 10<<20 {
		t.Errorf("refusing the bomb allocated %d MB", grew>>20)
	}
	_, err = ReadImport(bytes.NewReader(bomb(t, 50<<20, 1000)), "xlsx", s, "u", now)
	if !errors.Is(err, i18n.E("report.err.ratio")) {
		t.Fatalf("a 50 MB file inflating from a few KB: %v", err)
	}
}

func TestImportRowAndCellLimits(t *testing.T) {
	s := plainSnap(t)
	var b strings.Builder
	b.WriteString(templateHeader)
	for i := 0; i < MaxRows; i++ {
		b.WriteString("1.1.02,,,,,,,,,,\n")
	}
	_, err := ReadImport(strings.NewReader(b.String()), "csv", s, "u", now)
	if !errors.Is(err, i18n.E("report.err.rows")) {
		t.Fatalf("%d rows: %v", MaxRows+1, err)
	}
	long := templateHeader + "1.1.02,,,,,,1,2019-06-30," + strings.Repeat("长", MaxCellChars+1) + ",,\n"
	_, err = ReadImport(strings.NewReader(long), "csv", s, "u", now)
	if !errors.Is(err, i18n.E("report.err.cell")) || !strings.Contains(i18n.Message(i18n.Zh, err), "第 2 行第 9 列") {
		t.Fatalf("a cell of %d characters: %v", MaxCellChars+1, err)
	}
	ok := templateHeader + "1.1.02,,,,,,1,2019-06-30," + strings.Repeat("长", MaxCellChars) + ",,\n"
	if _, err := ReadImport(strings.NewReader(ok), "csv", s, "u", now); err != nil {
		t.Fatalf("a cell of exactly %d characters: %v", MaxCellChars, err)
	}
}

// A formula with no cached value is reported, not read as 未填写
// (issue 15 §7).
func TestImportFormulaWithoutValue(t *testing.T) {
	s := snapWith(t)
	data := exportBytes(t, "xlsx", s, rowsOf(s), Options{AsOf: asOf, Template: true})
	f := openXLSX(t, data)
	must(t, f.SetCellFormula("进度填报", "G5", "=1+1")) // excelize stores no cached value
	im := readBack(t, f, s, "王五")
	var got []string
	for _, p := range im.Problems {
		got = append(got, p.Text(i18n.Zh))
	}
	if len(got) != 1 || !strings.Contains(got[0], "第 5 行「本期累计完成」") || !strings.Contains(got[0], "公式") {
		t.Fatalf("problems: %q", got)
	}
}
