package report

import (
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"duban/model"
)

// Template columns, in order. The first six are filled by duban and
// locked; the last five are for the department to fill in.
const (
	tcID = iota
	tcName
	tcTarget
	tcUnit
	tcLast
	tcLastDate
	tcValue
	tcDate
	tcNote
	tcProblems
	tcNext
	tcCount
)

// templateCols are the label keys of the template's header row. Import
// recognises each by its label in either language.
var templateCols = [tcCount]struct{ key string }{
	{"report.col.id"}, {"report.col.name"}, {"report.col.target"}, {"report.col.unit"},
	{"report.tcol.last"}, {"report.tcol.lastdate"}, {"report.tcol.value"}, {"report.tcol.date"},
	{"report.col.note"}, {"report.col.problems"}, {"report.col.next"},
}

// templateHeaderRow is the row of the xlsx template's column headers,
// under the title, the scope line and the instructions.
const templateHeaderRow = 4

// writeTemplateXLSX writes the 进度填报模板: the department's tasks with
// their last report, and yellow columns to fill in, checked by data
// validation (numbers in the task's range, dates inside the plan period).
// The sheet is protected without a password so that only the yellow cells
// take input: the id column cannot be changed by accident.
func writeTemplateXLSX(w io.Writer, snap *model.Snapshot, rows []model.Row, o Options) error {
	l := o.Lang
	b := newBook()
	defer b.f.Close()
	p := page{name: l.T("report.sheet.template"), headerRow: templateHeaderRow, freezeCol: 2, printTitles: true}
	ws := newWidths(tcCount)
	widthLimits := [tcCount][2]float64{{8, 12}, {20, 36}, {8, 12}, {6, 10}, {10, 12}, {12, 12}, {14, 16}, {12, 12}, {24, 36}, {24, 36}, {24, 36}}
	for i, c := range templateCols {
		ws.see(i, l.T(c.key))
		ws.limit(i, widthLimits[i][0], widthLimits[i][1])
	}
	for _, r := range rows {
		ws.see(tcID, r.Task.ID)
		ws.see(tcName, r.Task.Name)
		ws.see(tcTarget, r.Task.Target.String())
		ws.see(tcUnit, r.Task.Unit)
		if u := r.Eval.Latest; u != nil {
			ws.see(tcLast, u.Value.String())
		}
	}
	cols := ws.columns()
	sw := b.sheet(p, cols)
	// The plan it is for, so it can only be read back into it.
	if err := b.f.SetCustomProps(excelize.CustomProperty{Name: templatePlanProp, Value: snap.Plan.ID}); err != nil {
		return err
	}
	// Its as-of date, shown in the scope line: a blank 报告日期 means it.
	if err := b.f.SetCustomProps(excelize.CustomProperty{Name: templateAsOfProp, Value: model.FormatDate(o.AsOf)}); err != nil {
		return err
	}

	plan := snap.Plan
	b.banner(sw, 1, tcCount, b.title, l.T("report.template.title", title(l, snap)), 24)
	b.banner(sw, 2, tcCount, b.subtitle, l.T("report.template.subtitle", scope(l, o),
		model.FormatDate(o.AsOf), model.FormatDate(plan.Start), model.FormatDate(plan.End), len(rows)), 0)
	b.banner(sw, 3, tcCount, b.note, l.T("report.template.help", model.FormatDate(o.AsOf)), 66)
	hdr := make([]string, tcCount)
	for i, c := range templateCols {
		hdr[i] = l.T(c.key)
	}
	b.row(sw, templateHeaderRow, b.headerCells(hdr), 30)

	first := templateHeaderRow + 1
	var nonneg, percent, signed []int // data rows by what the value column accepts
	for i, r := range rows {
		t := r.Task
		var last, lastDate any
		if u := r.Eval.Latest; u != nil {
			last, lastDate = fnum(u.Value), u.AsOf
		}
		cells := []any{
			excelize.Cell{StyleID: b.locked, Value: t.ID},
			excelize.Cell{StyleID: b.lockedWrap, Value: t.Name},
			excelize.Cell{StyleID: b.lockedNum, Value: fnum(t.Target)},
			excelize.Cell{StyleID: b.locked, Value: t.Unit},
			excelize.Cell{StyleID: b.lockedNum, Value: last},
			excelize.Cell{StyleID: b.lockedDate, Value: lastDate},
			excelize.Cell{StyleID: b.input},
			excelize.Cell{StyleID: b.inputDate},
			excelize.Cell{StyleID: b.inputWrap},
			excelize.Cell{StyleID: b.inputWrap},
			excelize.Cell{StyleID: b.inputWrap},
		}
		b.row(sw, first+i, cells, rowHeight(lines(t.Name, cols[tcName]), 4))
		switch t.Kind {
		case model.KindMilestone:
			percent = append(percent, first+i)
		case model.KindGrowth:
			signed = append(signed, first+i)
		default:
			nonneg = append(nonneg, first+i)
		}
	}
	last := first + len(rows) - 1
	if b.err == nil {
		col := tcValue + 1
		b.validate(p.name, col, nonneg, 0, 1e15, l.T("report.dv.value.title"), l.T("report.dv.value"), l.T("report.dv.nonneg"))
		b.validate(p.name, col, percent, 0, 100, l.T("report.dv.value.title"), l.T("report.dv.percent"), l.T("report.dv.percent.err"))
		b.validate(p.name, col, signed, -1e15, 1e15, l.T("report.dv.value.title"), l.T("report.dv.value"), l.T("report.dv.number"))
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(colRange(tcDate+1, tcDate+1, first, last))
		b.check(dv.SetRange(excelSerial(plan.Start), excelSerial(plan.End), excelize.DataValidationTypeDate,
			excelize.DataValidationOperatorBetween))
		dv.SetInput(l.T("report.dv.date.title"), l.T("report.dv.date", model.FormatDate(plan.Start), model.FormatDate(plan.End)))
		dv.SetError(excelize.DataValidationErrorStyleStop, l.T("report.dv.date.title"),
			l.T("report.dv.date", model.FormatDate(plan.Start), model.FormatDate(plan.End)))
		b.check(b.f.AddDataValidation(p.name, dv))
		b.check(b.f.ProtectSheet(p.name, &excelize.SheetProtectionOptions{
			SelectLockedCells: true, SelectUnlockedCells: true, FormatCells: true, FormatColumns: true, FormatRows: true,
			AutoFilter: true, Sort: true,
		}))
	}
	b.finish(sw, p, tcCount, last)
	if b.err != nil {
		return b.err
	}
	return writeBook(w, b.f)
}

// validate adds a decimal validation between lo and hi to column col of
// the given rows (merged into runs of consecutive rows).
func (b *book) validate(sheet string, col int, rows []int, lo, hi float64, title, prompt, errMsg string) {
	if len(rows) == 0 || b.err != nil {
		return
	}
	dv := excelize.NewDataValidation(true)
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		dv.SetSqref(colRange(col, col, rows[i], rows[j]))
		i = j + 1
	}
	b.check(dv.SetRange(lo, hi, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
	dv.SetInput(title, prompt)
	dv.SetError(excelize.DataValidationErrorStyleStop, title, errMsg)
	b.check(b.f.AddDataValidation(sheet, dv))
}

// excelSerial is a date as Excel's 1900 date system counts it.
func excelSerial(t time.Time) int {
	return int(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}
