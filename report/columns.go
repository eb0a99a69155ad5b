package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"duban/i18n"
	"duban/model"
)

// column is one column of the task tables (csv 明细, xlsx 明细 and 滞后任务):
// its header, its text, and how a sheet sizes, styles and fills it. All of
// that belongs to the column, so a table can be reordered, or a column
// added, without any other column getting its width, style or values.
type column struct {
	key      string  // label key of the header
	min, max float64 // xlsx: bounds of the width, in Excel's units
	wrap     bool    // xlsx: the text wraps, and the row grows to show it
	free     bool    // text someone typed: guarded against formulas in csv
	pct      bool    // a percentage: csv writes the bare number, its header says %
	// text is the cell as csv writes it, and what the sheet's width is
	// measured by.
	text func(l i18n.Lang, d detail) string
	// cell is the cell as the sheet writes it.
	cell func(b *book, l i18n.Lang, d detail) excelize.Cell
}

// width returns c with its width bounds in a sheet.
func (c column) width(min, max float64) column { c.min, c.max = min, max; return c }

// textCol is a column of text as it stands: wrapped in a sheet when wrap.
func textCol(key string, wrap, free bool, v func(d detail) string) column {
	return column{key: key, wrap: wrap, free: free,
		text: func(_ i18n.Lang, d detail) string { return v(d) },
		cell: func(b *book, _ i18n.Lang, d detail) excelize.Cell {
			style := b.text
			if wrap {
				style = b.wrap
			}
			return excelize.Cell{StyleID: style, Value: txt(v(d))}
		}}
}

// The columns, each once.
var (
	colID       = textCol("report.col.id", false, false, func(d detail) string { return d.ID })
	colChapter  = textCol("report.col.chapter", true, true, func(d detail) string { return d.Chapter })
	colSection  = textCol("report.col.section", true, true, func(d detail) string { return d.Section })
	colName     = textCol("report.col.name", true, true, func(d detail) string { return d.Name })
	colLead     = textCol("report.col.lead", true, true, func(d detail) string { return d.Lead })
	colPartners = textCol("report.col.partners", true, true, func(d detail) string { return d.Partners })
	colBy       = textCol("report.col.by", false, true, func(d detail) string { return d.By })
	colNote     = textCol("report.col.note", true, true, func(d detail) string { return d.Note })
	colProblems = textCol("report.col.problems", true, true, func(d detail) string { return d.Problems })
	colNext     = textCol("report.col.next", true, true, func(d detail) string { return d.Next })
	colUnit     = column{key: "report.col.unit", free: true,
		text: func(_ i18n.Lang, d detail) string { return d.Unit },
		cell: func(b *book, _ i18n.Lang, d detail) excelize.Cell {
			return excelize.Cell{StyleID: b.center, Value: txt(d.Unit)}
		}}
	colTarget = column{key: "report.col.target",
		text: func(_ i18n.Lang, d detail) string { return model.FormatValue(d.Target) },
		cell: func(b *book, _ i18n.Lang, d detail) excelize.Cell {
			return excelize.Cell{StyleID: b.num, Value: fnum(d.Target)}
		}}
	colActual = column{key: "report.col.actual",
		text: func(_ i18n.Lang, d detail) string { return nullStr(d.Actual) },
		cell: func(b *book, _ i18n.Lang, d detail) excelize.Cell {
			return excelize.Cell{StyleID: b.num, Value: fnull(d.Actual)}
		}}
	colProgress = column{key: "report.col.progress", pct: true,
		text: func(_ i18n.Lang, d detail) string { return nullPct(d.Progress) },
		cell: func(b *book, _ i18n.Lang, d detail) excelize.Cell {
			return excelize.Cell{StyleID: b.pct, Value: fracNull(d.Progress)}
		}}
	colTimeProgress = column{key: "report.col.timeprogress", pct: true,
		text: func(_ i18n.Lang, d detail) string { return model.FormatPercent(d.TimeProgress) },
		cell: func(b *book, _ i18n.Lang, d detail) excelize.Cell {
			return excelize.Cell{StyleID: b.pct, Value: frac(d.TimeProgress)}
		}}
	colLag = column{key: "report.col.lag",
		text: func(_ i18n.Lang, d detail) string { return model.FormatPercent(d.Lag) },
		cell: func(b *book, _ i18n.Lang, d detail) excelize.Cell {
			return excelize.Cell{StyleID: b.num, Value: fnum(d.Lag.Round(1))}
		}}
	colStatus = column{key: "report.col.status",
		text: func(l i18n.Lang, d detail) string { return detailLabel(l, d) },
		cell: func(b *book, l i18n.Lang, d detail) excelize.Cell {
			return excelize.Cell{StyleID: b.status[d.Status], Value: detailLabel(l, d)}
		}}
	colNeed = column{key: "report.col.need",
		text: func(_ i18n.Lang, d detail) string { return nullStr(d.Need) },
		cell: func(b *book, _ i18n.Lang, d detail) excelize.Cell {
			return excelize.Cell{StyleID: b.num, Value: fnull(d.Need)}
		}}
	colUpdated = column{key: "report.col.updated",
		text: func(_ i18n.Lang, d detail) string { return model.FormatDate(d.Updated) },
		cell: func(b *book, _ i18n.Lang, d detail) excelize.Cell {
			return excelize.Cell{StyleID: b.date, Value: dateCell(d)}
		}}
)

// detailCols are the 明细 columns of the csv, in order: the whole record.
var detailCols = []column{colID, colChapter, colSection, colName, colTarget, colUnit, colActual,
	colProgress, colTimeProgress, colStatus, colLead, colPartners, colNeed, colUpdated, colBy,
	colNote, colProblems, colNext}

// detailSheet is the xlsx 明细 sheet: first the detailPrintCols columns a
// reader of the printed page needs, the print area; then the rest of the
// record, in the sheet but not printed.
var detailSheet = table{
	cols: []column{
		colID.width(8, 12), colName.width(16, 36), colLead.width(10, 24), colTarget.width(8, 14),
		colUnit.width(6, 10), colActual.width(8, 14), colProgress.width(9, 10),
		colTimeProgress.width(9, 10), colStatus.width(9, 10), colProblems.width(12, 36),
		// not printed
		colChapter.width(8, 16), colSection.width(8, 18), colPartners.width(10, 24),
		colNeed.width(8, 14), colUpdated.width(12, 12), colBy.width(6, 12),
		colNote.width(12, 36), colNext.width(12, 36),
	},
	printCols: 10, freezeCol: 1, maxLines: 6,
}

// lagSheet is the xlsx 滞后任务 sheet: 需月均完成 and 最近填报日期 come after
// 存在问题 and 下一步措施, out of the print area. Those two wrap at 20
// wide: at 24 the page, fitted to its width, printed the demo's text at
// 8.8 pt, under the 9 pt scripts/verify-print.sh holds it to (9.6 pt now).
var lagSheet = table{
	cols: []column{
		colID.width(8, 12), colName.width(16, 22), colLead.width(10, 16), colTarget.width(8, 12),
		colUnit.width(6, 10), colActual.width(8, 12), colProgress.width(9, 10),
		colTimeProgress.width(9, 10), colLag.width(9, 10), colStatus.width(9, 10),
		colProblems.width(14, 20), colNext.width(14, 20),
		// not printed
		colNeed.width(8, 12), colUpdated.width(12, 12),
	},
	printCols: 12, freezeCol: 2, maxLines: 8,
}

// table is a sheet of one task a row under a title, a subtitle and a
// header row.
type table struct {
	cols      []column
	printCols int // the first columns, the print area
	freezeCol int // columns kept in view when scrolling right
	maxLines  int // the most lines a row grows to
}

// write writes the sheet: title and subtitle on rows 1 and 2, the header on
// row 3, a task a row from row 4, the data bar over 完成率. With no rows it
// writes none (the caller's note says why, on row 4).
func (t table) write(b *book, name, heading, sub string, l i18n.Lang, ds []detail, none string) {
	n := len(t.cols)
	p := page{name: name, headerRow: 3, freezeCol: t.freezeCol, printTitles: true}
	ws := newWidths(n)
	for i, c := range t.cols {
		ws.limit(i, c.min, c.max)
		ws.see(i, l.T(c.key))
		for _, d := range ds {
			ws.see(i, c.text(l, d))
		}
	}
	widths := ws.columns()
	sw := b.sheet(p, widths)
	b.banner(sw, 1, t.printCols, b.title, heading, 24)
	b.banner(sw, 2, t.printCols, b.subtitle, sub, 0)
	hdr := make([]string, n)
	for i, c := range t.cols {
		hdr[i] = l.T(c.key)
	}
	b.row(sw, 3, b.headerCells(hdr), 30)
	if len(ds) == 0 && none != "" {
		b.banner(sw, 4, t.printCols, b.note, none, 0)
		b.finish(sw, page{name: name}, n, 4)
		return
	}
	cells := make([]any, n)
	for i, d := range ds {
		h := 1
		for j, c := range t.cols {
			cells[j] = c.cell(b, l, d)
			if c.wrap {
				h = max(h, lines(c.text(l, d), widths[j]))
			}
		}
		b.row(sw, 4+i, cells, rowHeight(h, t.maxLines))
	}
	last := 3 + len(ds)
	for i, c := range t.cols {
		if c.key == colProgress.key {
			b.dataBar(name, i+1, 4, last)
		}
	}
	b.check(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area",
		RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", name, colLetter(t.printCols), last), Scope: name}))
	b.finish(sw, p, n, last)
}
