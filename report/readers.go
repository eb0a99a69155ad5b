package report

import (
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
		g.rows = append(g.rows, rec)
	}
	if len(g.rows) == 0 {
		return nil, i18n.E("report.err.emptyfile")
	}
	return in.fromGrid(g)
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
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: 1 << 30, UnzipXMLSizeLimit: 64 << 20,
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
		raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, i18n.E("report.err.xlsx", err.Error())
		}
		g := &grid{rows: raw, xlsx: true, date1904: date1904, percent: percentCells(f, sheet), plan: xlsxPlan(f)}
		if kind, _, _ := g.kindOf(); kind == "" {
			continue
		}
		return in.fromGrid(g)
	}
	return in.fromGrid(&grid{xlsx: true})
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

// xlsxPlan reads a workbook's templatePlanProp, "" when it has none.
func xlsxPlan(f *excelize.File) string {
	props, err := f.GetCustomProps()
	if err != nil {
		return ""
	}
	for _, p := range props {
		if p.Name == templatePlanProp {
			if s, ok := p.Value.(string); ok {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}
