package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"duban/model"
	"duban/safetext"
)

// Colours of the workbook. Status fills follow the usual traffic lights,
// with blue for done, and every status cell carries its label too.
const (
	colBorder   = "BFBFBF"
	colHeader   = "DDEBF7"
	colHeaderFg = "1F3864"
	colMuted    = "595959"
	colLocked   = "F2F2F2"
	colInput    = "FFF2CC"
	colBar      = "5B9BD5"
)

var statusColours = map[model.Status][2]string{ // fill, font
	model.StatusDone:     {"BDD7EE", "1F4E79"},
	model.StatusOnTrack:  {"C6EFCE", "006100"},
	model.StatusBehind:   {"FFEB9C", "9C5700"},
	model.StatusAtRisk:   {"FFC7CE", "9C0006"},
	model.StatusNoReport: {"EDEDED", "404040"},
}

// book wraps an excelize file with the styles duban's workbooks use and
// the first error met, so the writers read as a list of steps.
type book struct {
	f   *excelize.File
	err error

	title, subtitle, note, section             int
	header, text, wrap, center, num, pct, date int
	totalText, totalNum, totalPct              int
	locked, lockedWrap, lockedNum, lockedDate  int
	input, inputDate, inputWrap                int
	status                                     map[model.Status]int
	sheets                                     int
	footer                                     string // the page footer (Excel header/footer codes)
}

func newBook() *book {
	b := &book{f: excelize.NewFile(), status: map[model.Status]int{}, footer: "&C&P / &N"}
	_ = b.f.SetDefaultFont("等线") // Excel and WPS's Chinese default; falls back gracefully elsewhere
	border := []excelize.Border{
		{Type: "left", Color: colBorder, Style: 1}, {Type: "right", Color: colBorder, Style: 1},
		{Type: "top", Color: colBorder, Style: 1}, {Type: "bottom", Color: colBorder, Style: 1},
	}
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	fill := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }
	pctFmt, dateFmt := "0.0%", "yyyy-mm-dd"
	unlocked := &excelize.Protection{Locked: false}
	lockedP := &excelize.Protection{Locked: true}
	b.title = b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Vertical: "center"}})
	b.subtitle = b.style(&excelize.Style{Font: &excelize.Font{Color: colMuted}, Alignment: &excelize.Alignment{Vertical: "center"}})
	b.note = b.style(&excelize.Style{Font: &excelize.Font{Color: colMuted}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	b.section = b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}})
	b.header = b.style(&excelize.Style{Border: border, Fill: fill(colHeader),
		Font:      &excelize.Font{Bold: true, Color: colHeaderFg},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.text = b.style(&excelize.Style{Border: border, Alignment: top})
	b.wrap = b.style(&excelize.Style{Border: border, Alignment: wrapTop})
	b.center = b.style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}})
	b.num = b.style(&excelize.Style{Border: border, Alignment: top})
	b.pct = b.style(&excelize.Style{Border: border, Alignment: top, CustomNumFmt: &pctFmt})
	b.date = b.style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}, CustomNumFmt: &dateFmt})
	bold := &excelize.Font{Bold: true}
	b.totalText = b.style(&excelize.Style{Border: border, Font: bold, Fill: fill(colLocked)})
	b.totalNum = b.style(&excelize.Style{Border: border, Font: bold, Fill: fill(colLocked)})
	b.totalPct = b.style(&excelize.Style{Border: border, Font: bold, Fill: fill(colLocked), CustomNumFmt: &pctFmt})
	b.locked = b.style(&excelize.Style{Border: border, Alignment: top, Fill: fill(colLocked), Protection: lockedP})
	b.lockedWrap = b.style(&excelize.Style{Border: border, Alignment: wrapTop, Fill: fill(colLocked), Protection: lockedP})
	b.lockedNum = b.style(&excelize.Style{Border: border, Alignment: top, Fill: fill(colLocked), Protection: lockedP})
	b.lockedDate = b.style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"},
		Fill: fill(colLocked), Protection: lockedP, CustomNumFmt: &dateFmt})
	b.input = b.style(&excelize.Style{Border: border, Alignment: top, Fill: fill(colInput), Protection: unlocked})
	b.inputDate = b.style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"},
		Fill: fill(colInput), Protection: unlocked, CustomNumFmt: &dateFmt})
	b.inputWrap = b.style(&excelize.Style{Border: border, Alignment: wrapTop, Fill: fill(colInput), Protection: unlocked})
	for _, s := range model.Statuses {
		c := statusColours[s]
		b.status[s] = b.style(&excelize.Style{Border: border, Fill: fill(c[0]),
			Font:      &excelize.Font{Bold: true, Color: c[1]},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}})
	}
	return b
}

func (b *book) style(s *excelize.Style) int {
	id, err := b.f.NewStyle(s)
	b.check(err)
	return id
}

func (b *book) check(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

// page describes one sheet's layout: its heading rows, its header row and
// how it prints.
type page struct {
	name        string
	headerRow   int  // the row of column headers (frozen, with the autofilter); 0 for none
	freezeCol   int  // columns kept in view when scrolling right
	printTitles bool // repeat the header row on every printed page
}

// sheet creates a sheet with duban's print setup (A4 landscape, fit to
// width, header row repeated, page numbers) and returns its stream writer.
// Everything that excelize writes before sheetData (sheet properties,
// panes, column widths) must be set here or before the first row.
func (b *book) sheet(p page, widths []float64) *excelize.StreamWriter {
	if b.err != nil {
		return nil
	}
	if b.sheets == 0 {
		b.check(b.f.SetSheetName("Sheet1", p.name))
	} else {
		_, err := b.f.NewSheet(p.name)
		b.check(err)
	}
	b.sheets++
	fit := true
	b.check(b.f.SetSheetProps(p.name, &excelize.SheetPropsOptions{FitToPage: &fit}))
	a4, landscape, one, zero := 9, "landscape", 1, 0
	b.check(b.f.SetPageLayout(p.name, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero}))
	b.check(b.f.SetHeaderFooter(p.name, &excelize.HeaderFooterOptions{OddFooter: b.footer}))
	if p.headerRow > 0 && p.printTitles {
		b.check(b.f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", p.name, p.headerRow, p.headerRow), Scope: p.name}))
	}
	if b.err != nil {
		return nil
	}
	sw, err := b.f.NewStreamWriter(p.name)
	b.check(err)
	if err != nil {
		return nil
	}
	// excelize puts each new <col> in front of the ones set before and the
	// stream writer does not sort them; Excel wants them in ascending
	// order, so set them from the last column to the first.
	for i := len(widths) - 1; i >= 0; i-- {
		b.check(sw.SetColWidth(i+1, i+1, widths[i]))
	}
	if p.headerRow > 0 {
		tl, _ := excelize.CoordinatesToCellName(p.freezeCol+1, p.headerRow+1)
		b.check(sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: p.freezeCol, YSplit: p.headerRow,
			TopLeftCell: tl, ActivePane: activePane(p.freezeCol),
			Selection: []excelize.Selection{{SQRef: tl, ActiveCell: tl, Pane: activePane(p.freezeCol)}}}))
	}
	return sw
}

func activePane(freezeCol int) string {
	if freezeCol > 0 {
		return "bottomRight"
	}
	return "bottomLeft"
}

// row writes one row; height 0 leaves the default.
func (b *book) row(sw *excelize.StreamWriter, n int, cells []any, height float64) {
	if b.err != nil || sw == nil {
		return
	}
	cell, _ := excelize.CoordinatesToCellName(1, n)
	if height > 0 {
		b.check(sw.SetRow(cell, cells, excelize.RowOpts{Height: height}))
		return
	}
	b.check(sw.SetRow(cell, cells))
}

// banner writes a heading line merged across ncols columns.
func (b *book) banner(sw *excelize.StreamWriter, n, ncols, style int, text string, height float64) {
	b.row(sw, n, []any{excelize.Cell{StyleID: style, Value: text}}, height)
	if ncols > 1 && b.err == nil && sw != nil {
		from, _ := excelize.CoordinatesToCellName(1, n)
		to, _ := excelize.CoordinatesToCellName(ncols, n)
		b.check(sw.MergeCell(from, to))
	}
}

// headerCells is a header row's cells.
func (b *book) headerCells(labels []string) []any {
	out := make([]any, len(labels))
	for i, s := range labels {
		out[i] = excelize.Cell{StyleID: b.header, Value: s}
	}
	return out
}

// finish adds an autofilter over the table and flushes the sheet.
func (b *book) finish(sw *excelize.StreamWriter, p page, ncols, lastRow int) {
	if b.err != nil || sw == nil {
		return
	}
	if p.headerRow > 0 && lastRow > p.headerRow {
		b.check(b.f.AutoFilter(p.name, colRange(1, ncols, p.headerRow, lastRow), nil))
	}
	b.check(sw.Flush())
}

// dataBar draws bars of 0..100% (fractions 0..1) over a column's cells.
func (b *book) dataBar(sheet string, col, from, to int) {
	if b.err != nil || to < from {
		return
	}
	b.check(b.f.SetConditionalFormat(sheet, colRange(col, col, from, to), []excelize.ConditionalFormatOptions{{
		Type: "data_bar", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: "1", BarColor: colBar,
		BarSolid: true, // the Excel 2010 kind: a solid fill, not a gradient that fades out
	}}))
}

func colRange(c1, c2, r1, r2 int) string {
	a, _ := excelize.CoordinatesToCellName(c1, r1)
	z, _ := excelize.CoordinatesToCellName(c2, r2)
	return a + ":" + z
}

// widths measures columns for CJK-aware widths: a Chinese character is two
// units of Excel's column width (the width of "0"), an ASCII one is one.
type widths struct {
	w   []int
	min []float64
	max []float64
}

func newWidths(n int) *widths {
	ws := &widths{w: make([]int, n), min: make([]float64, n), max: make([]float64, n)}
	for i := range ws.min {
		ws.min[i], ws.max[i] = 6, 50
	}
	return ws
}

// limit sets column i's bounds.
func (ws *widths) limit(i int, min, max float64) { ws.min[i], ws.max[i] = min, max }

// see notes the width of s in column i.
func (ws *widths) see(i int, s string) {
	if i >= len(ws.w) {
		return
	}
	if w := textWidth(s); w > ws.w[i] {
		ws.w[i] = w
	}
}

// columns returns the widths to set, in Excel units.
func (ws *widths) columns() []float64 {
	out := make([]float64, len(ws.w))
	for i, w := range ws.w {
		out[i] = math.Min(ws.max[i], math.Max(ws.min[i], math.Ceil(float64(w)*1.1)+2))
	}
	return out
}

// cellWidth measures text the way a Chinese spreadsheet font draws it:
// CJK characters and the ambiguous-width punctuation around them (“”、—…)
// two units, everything else one. Fixed here rather than taken from the
// locale, so a workbook does not depend on who exported it.
var cellWidth = func() *runewidth.Condition {
	c := runewidth.NewCondition()
	c.EastAsianWidth = true
	return c
}()

// textWidth is the display width of the longest line of s.
func textWidth(s string) int {
	if isASCII(s) && !strings.ContainsAny(s, "\r\n") {
		return len(s)
	}
	m, w := 0, 0
	for _, r := range s {
		if r == '\n' || r == '\r' {
			m, w = max(m, w), 0
			continue
		}
		w += cellWidth.RuneWidth(r)
	}
	return max(m, w)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// lines estimates how many lines s takes wrapped in a column of width w.
func lines(s string, w float64) int {
	if s == "" {
		return 1
	}
	avail := max(1, int(w)-1)
	n := 0
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		n += max(1, (textWidth(line)+avail-1)/avail)
	}
	return n
}

// rowHeight is the height for a row whose tallest wrapped cell takes n
// lines, at most maxLines; 0 (the default height) for one line.
func rowHeight(n, maxLines int) float64 {
	if n <= 1 {
		return 0
	}
	return float64(min(n, maxLines))*15 + 3
}

// fnum is a decimal as a spreadsheet number.
func fnum(d decimal.Decimal) float64 { return d.InexactFloat64() }

// fnull is an optional decimal as a number, or an empty cell.
func fnull(d decimal.NullDecimal) any {
	if !d.Valid {
		return nil
	}
	return d.Decimal.InexactFloat64()
}

// frac is a percentage as the fraction a percent format shows: 49.6 → 0.496.
func frac(d decimal.Decimal) float64 { return d.Shift(-2).Round(6).InexactFloat64() }

func fracNull(d decimal.NullDecimal) any {
	if !d.Valid {
		return nil
	}
	return frac(d.Decimal)
}

// txt is a text cell's value; an empty text is an empty cell, not an
// empty string (smaller files, and COUNTA counts what was written). Control
// characters are escaped (safetext.Text); a text cell is a string, never
// a formula, whatever it starts with.
func txt(s string) any {
	if s == "" {
		return nil
	}
	return safetext.Text(s)
}
