package report

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"duban/model"
	"duban/safetext"
)

// bom makes Excel on Windows read the file as UTF-8 rather than the
// system code page, so Chinese shows as Chinese.
const bom = "\ufeff"

// newCSV starts a CSV file: BOM, RFC 4180 quoting, CRLF line ends.
func newCSV(w io.Writer) (*csv.Writer, *bufio.Writer, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(bom); err != nil {
		return nil, nil, err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	return cw, bw, nil
}

func endCSV(cw *csv.Writer, bw *bufio.Writer) error {
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// writeCSV writes the 明细 columns, one task a line. Percentages are plain
// numbers (49.6 means 49.6%), as the headers say.
func writeCSV(w io.Writer, rows []model.Row, o Options) error {
	cw, bw, err := newCSV(w)
	if err != nil {
		return err
	}
	l := o.Lang
	header := make([]string, len(detailCols))
	for i, c := range detailCols {
		header[i] = l.T(c.key)
		if c.pct {
			header[i] += l.T("report.col.pctsuffix")
		}
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(detailCols))
	for _, r := range rows {
		d := detailOf(r)
		for i, c := range detailCols {
			rec[i] = c.text(l, d)
			if c.free {
				rec[i] = safeText(rec[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	return endCSV(cw, bw)
}

// writeTemplateCSV writes the fill-in template as CSV: the template
// columns, the last report filled in, the columns to fill left empty.
func writeTemplateCSV(w io.Writer, snap *model.Snapshot, rows []model.Row, o Options) error {
	cw, bw, err := newCSV(w)
	if err != nil {
		return err
	}
	// The plan it is for comes first, so it can only be read back into it.
	if err := cw.Write([]string{o.Lang.T("report.template.plan"), snap.Plan.ID}); err != nil {
		return err
	}
	// Then its as-of date: a blank 报告日期 means it.
	if err := cw.Write([]string{o.Lang.T("report.template.asof"), model.FormatDate(o.AsOf)}); err != nil {
		return err
	}
	header := make([]string, len(templateCols))
	for i, c := range templateCols {
		header[i] = o.Lang.T(c.key)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		last, date := "", ""
		if u := r.Eval.Latest; u != nil {
			last, date = model.FormatValue(u.Value), model.FormatDate(u.AsOf)
		}
		rec := []string{r.Task.ID, safeText(r.Task.Name), model.FormatValue(r.Task.Target), safeText(r.Task.Unit),
			last, date, "", "", "", "", ""}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	return endCSV(cw, bw)
}

func nullStr(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return model.FormatValue(d.Decimal)
}

func nullPct(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return model.FormatPercent(d.Decimal)
}

// safeText keeps a spreadsheet from running text as a formula (CSV
// injection): free text someone typed, starting with = + - @ or a control
// character, gets a leading apostrophe, which Excel and WPS treat as "this
// is text". Imports strip it again (see unguard).
func safeText(s string) string { return safetext.Cell(s) }

// unguard undoes safeText on a cell read from a CSV file.
func unguard(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}
