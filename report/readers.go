package report

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"duban/i18n"
)

// csv reads a CSV file (a plan or a template). Excel and WPS on Chinese
// Windows save CSV in the system code page (GBK) unless told otherwise,
// or as UTF-16 "Unicode text" with tabs, so all three are accepted.
func (in importer) csv(data []byte) (*Imported, error) {
	text, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.FieldsPerRecord = -1
	cr.Comma = sniffComma(text)
	g := &grid{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, i18n.E("report.err.csv", pe.StartLine, pe.Err.Error())
			}
			return nil, i18n.E("report.err.csv", 0, err.Error())
		}
		if err := g.add(rec); err != nil {
			return nil, err
		}
	}
	if len(g.rows) == 0 {
		return nil, i18n.E("report.err.emptyfile")
	}
	return in.fromGrid(g)
}

// Limits on what an import reads, each far above a real plan or template
// and far below what would take the machine's memory: a province's yearly
// roll-up has a few thousand tasks.
const (
	// MaxRows bounds the rows of a sheet (a plan's tasks, a template's
	// lines), header included.
	MaxRows = 200_000
	// MaxCellChars bounds one cell's text, in characters.
	MaxCellChars = 10_000
	// MaxUnzipped bounds an xlsx file's contents once decompressed.
	MaxUnzipped = 100 << 20
	// maxRatio bounds how much an xlsx of over ratioFloor bytes may
	// inflate: real workbooks compress about 5 to 20 times; a zip bomb
	// hundreds or thousands of times.
	maxRatio   = 100
	ratioFloor = 10 << 20
)

// add appends one row read from a file, refusing a sheet or a cell over
// the limits as soon as it is seen, before more is read.
func (g *grid) add(rec []string) error {
	if len(g.rows) >= MaxRows {
		return i18n.E("report.err.rows", MaxRows)
	}
	for c, v := range rec {
		if len(v) > MaxCellChars && utf8.RuneCountInString(v) > MaxCellChars {
			return i18n.E("report.err.cell", len(g.rows)+1, c+1, MaxCellChars)
		}
	}
	g.rows = append(g.rows, rec)
	return nil
}

// checkZip refuses an xlsx whose contents would inflate past MaxUnzipped,
// or inflate suspiciously much, from the sizes its directory declares
// (archive/zip refuses an entry that inflates past its declared size), so
// a zip bomb is refused before a byte of it is decompressed.
func checkZip(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil // not a zip: excelize says so in its own error
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > MaxUnzipped {
			return i18n.E("report.err.inflate", MaxUnzipped>>20)
		}
	}
	if total > ratioFloor && total > uint64(len(data))*maxRatio {
		return i18n.E("report.err.ratio", total/uint64(max(1, len(data))))
	}
	return nil
}

// decodeText returns a text file as UTF-8 without a byte order mark.
func decodeText(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(data)
		if err != nil {
			return nil, i18n.E("report.err.encoding")
		}
		return out, nil
	}
	if utf8.Valid(data) {
		return data, nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(out) {
		return nil, i18n.E("report.err.encoding")
	}
	return out, nil
}

// sniffComma picks tab when the first line has tabs and no commas.
func sniffComma(text []byte) rune {
	line, _, _ := bytes.Cut(text, []byte("\n"))
	if bytes.IndexByte(line, '\t') >= 0 && bytes.IndexByte(line, ',') < 0 {
		return '\t'
	}
	return ','
}

// xlsx reads a workbook: the first sheet that has a plan or a template
// header. A file excelize cannot read is one clear error, never a crash.
func (in importer) xlsx(data []byte) (im *Imported, err error) {
	defer func() {
		if r := recover(); r != nil {
			im, err = nil, i18n.E("report.err.xlsx", fmt.Sprint(r))
		}
	}()
	if err := checkZip(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: 16 << 20,
	})
	if err != nil {
		return nil, i18n.E("report.err.xlsx", err.Error())
	}
	defer f.Close()
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	for _, sheet := range f.GetSheetList() {
		g := &grid{xlsx: true, date1904: date1904, percent: percentCells(f, sheet), formula: formulaCells(f, sheet), plan: xlsxPlan(f),
			asOf: xlsxProp(f, templateAsOfProp)}
		if err := readSheet(f, sheet, g); err != nil {
			return nil, err
		}
		if kind, _, _ := g.kindOf(); kind == "" {
			continue
		}
		return in.fromGrid(g)
	}
	return in.fromGrid(&grid{xlsx: true})
}

// readSheet streams a sheet's rows into g, within the limits.
func readSheet(f *excelize.File, sheet string, g *grid) error {
	rows, err := f.Rows(sheet)
	if err != nil {
		return i18n.E("report.err.xlsx", err.Error())
	}
	defer rows.Close()
	for rows.Next() {
		rec, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return i18n.E("report.err.xlsx", err.Error())
		}
		if err := g.add(rec); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return i18n.E("report.err.xlsx", err.Error())
	}
	// GetRows drops trailing empty rows; so does this.
	for len(g.rows) > 0 && len(g.rows[len(g.rows)-1]) == 0 {
		g.rows = g.rows[:len(g.rows)-1]
	}
	return nil
}

// formulaCells tells whether a cell holds a formula.
func formulaCells(f *excelize.File, sheet string) func(r, c int) bool {
	return func(r, c int) bool {
		cell, err := excelize.CoordinatesToCellName(c+1, r+1)
		if err != nil {
			return false
		}
		fx, err := f.GetCellFormula(sheet, cell)
		return err == nil && fx != ""
	}
}

// percentCells tells whether a cell's number format is a percentage,
// remembering each style's answer.
func percentCells(f *excelize.File, sheet string) func(r, c int) bool {
	styles := map[int]bool{}
	return func(r, c int) bool {
		cell, err := excelize.CoordinatesToCellName(c+1, r+1)
		if err != nil {
			return false
		}
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			return false
		}
		if p, ok := styles[id]; ok {
			return p
		}
		p := false
		if st, err := f.GetStyle(id); err == nil {
			p = st.NumFmt == 9 || st.NumFmt == 10 || (st.CustomNumFmt != nil && strings.Contains(*st.CustomNumFmt, "%"))
		}
		styles[id] = p
		return p
	}
}

// templatePlanProp is the workbook property naming the plan a template was
// made for (in a CSV template, its first line: 计划,ID).
const templatePlanProp = "duban-plan"

// templateAsOfProp is the workbook property holding a template's as-of
// date (in a CSV template, its second line: 截至日期,DATE).
const templateAsOfProp = "duban-asof"

// xlsxPlan reads a workbook's templatePlanProp, "" when it has none.
func xlsxPlan(f *excelize.File) string { return xlsxProp(f, templatePlanProp) }

// xlsxProp reads a workbook's custom text property, "" when it has none.
func xlsxProp(f *excelize.File, name string) string {
	props, err := f.GetCustomProps()
	if err != nil {
		return ""
	}
	for _, p := range props {
		if p.Name == name {
			if s, ok := p.Value.(string); ok {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}
