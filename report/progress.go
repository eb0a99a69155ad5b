package report

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"duban/i18n"
	"duban/model"
)

// progressGrid reads a filled-in template. Every row is checked as the
// store will check it (model.CheckUpdate against the task's history), and
// every problem is collected: a department fixing its file wants the
// whole list at once. A task may appear once per file, so the rows of a
// file never depend on each other.
func (in importer) progressGrid(g *grid, header int, cols [tcCount]int) (*Imported, error) {
	if err := in.needPlan(); err != nil {
		return nil, err
	}
	snap := in.snap
	im := &Imported{Kind: KindProgress, Plan: snap.Plan, PlanID: g.plan}
	tmplAsOf := g.asOf
	for r := 0; r < header; r++ { // a CSV template's first lines: 计划,ID and 截至日期,DATE
		switch k := normHeader(g.cell(r, 0)); k {
		case "plan", "计划":
			im.PlanID = g.cell(r, 1)
		case normHeader(i18n.Zh.T("report.template.asof")), normHeader(i18n.En.T("report.template.asof")):
			tmplAsOf = g.cell(r, 1)
		}
	}
	if im.PlanID != "" && im.PlanID != snap.Plan.ID {
		im.Problems = append(im.Problems, Problem{Err: i18n.E("report.err.otherplan", im.PlanID, snap.Plan.ID)})
		return im, nil
	}
	// A blank 报告日期 means --as-of, else the template's as-of date (the
	// date its header states), else today clamped into the plan.
	im.AsOf = snap.Plan.Clamp(in.now)
	switch {
	case !in.asOf.IsZero():
		im.AsOf = model.Day(in.asOf)
	case tmplAsOf != "":
		d, err := model.ParseDate(tmplAsOf)
		if err == nil {
			err = snap.Plan.CheckInPeriod(d)
		}
		if err != nil {
			im.Problems = append(im.Problems, Problem{Column: i18n.Zh.T("report.template.asof"), Err: err})
			return im, nil
		}
		im.AsOf = d
	}
	name := func(f int) string {
		if cols[f] < 0 {
			return i18n.Zh.T(templateCols[f].key)
		}
		return strings.TrimSpace(strings.TrimPrefix(g.rows[header][cols[f]], "\ufeff"))
	}
	problem := func(row, f int, err error) {
		im.Problems = append(im.Problems, Problem{Row: row, Column: name(f), Err: err})
	}
	seen := map[string]int{} // task id → first row
	for r := header + 1; r < len(g.rows); r++ {
		if g.empty(r) {
			continue
		}
		row := r + 1 // as the spreadsheet numbers it
		id := g.cell(r, cols[tcID])
		value := g.cell(r, cols[tcValue])
		note, problems, next := g.cell(r, cols[tcNote]), g.cell(r, cols[tcProblems]), g.cell(r, cols[tcNext])
		hasText := note != "" || problems != "" || next != ""
		if id == "" {
			if value != "" || hasText {
				problem(row, tcID, i18n.E("report.err.noid"))
			}
			continue
		}
		task, ok := snap.Task(id)
		if !ok {
			problem(row, tcID, i18n.E("err.task.unknown", id))
			continue
		}
		if first, dup := seen[id]; dup {
			problem(row, tcID, i18n.E("report.err.dupid", id, first))
			continue
		}
		seen[id] = row
		if value == "" {
			if g.formula != nil && g.formula(r, cols[tcValue]) {
				// A formula Excel never calculated (the file was written by
				// a program, not saved from Excel) has no value to import.
				problem(row, tcValue, i18n.E("report.err.formula"))
				continue
			}
			if hasText {
				problem(row, tcValue, i18n.E("report.err.novalue"))
			} else {
				im.Skipped++
			}
			continue
		}
		bad := false
		v, err := model.ParseValue(g.number(r, cols[tcValue], task.Unit), task.Unit)
		if err != nil {
			problem(row, tcValue, err)
			bad = true
		}
		asOf := im.AsOf
		if cols[tcDate] >= 0 && g.cell(r, cols[tcDate]) != "" {
			d, err := g.date(r, cols[tcDate])
			if err != nil {
				problem(row, tcDate, err)
				bad = true
			}
			asOf = d
		}
		if bad {
			continue
		}
		u := model.Update{
			TaskID: id, Value: v, AsOf: asOf, Note: note, Problems: problems, Next: next,
			By: in.user, At: in.now, Review: model.ReviewPending,
		}
		h := snap.History[id]
		if repeats(h, u) {
			im.Same++ // imported before: records nothing
			continue
		}
		if err := model.CheckUpdate(snap.Plan, task, h, u); err != nil {
			problem(row, updateErrColumn(err, u), err)
			continue
		}
		ws, err := model.CheckPlausible(task, h, u)
		var pe *model.PlausibilityError
		if err != nil && !errors.As(err, &pe) {
			problem(row, tcNote, err) // a fall that the 进展情况 does not explain
			continue
		}
		if len(ws) > 0 {
			im.Warnings = append(im.Warnings, Warned{Row: row, TaskID: id, Warnings: ws})
		}
		im.Updates = append(im.Updates, u)
	}
	return im, nil
}

// repeats reports whether u repeats the latest report of its date in
// history exactly: the same value and the same texts.
func repeats(history []model.Update, u model.Update) bool {
	last := model.LatestAsOf(history, u.AsOf)
	return last != nil && last.AsOf.Equal(u.AsOf) && last.Value.Equal(u.Value) &&
		strings.TrimSpace(last.Note) == strings.TrimSpace(u.Note) &&
		strings.TrimSpace(last.Problems) == strings.TrimSpace(u.Problems) &&
		strings.TrimSpace(last.Next) == strings.TrimSpace(u.Next)
}

// updateErrColumn is the template column a CheckUpdate error is about.
func updateErrColumn(err error, u model.Update) int {
	switch {
	case errors.Is(err, i18n.E("err.date.period")), errors.Is(err, i18n.E("err.update.before")), errors.Is(err, i18n.E("err.date")):
		return tcDate
	case errors.Is(err, i18n.E("err.update.explain")):
		if strings.TrimSpace(u.Problems) == "" {
			return tcProblems
		}
		return tcNext
	}
	return tcValue
}

// parseFloat reads a number as a spreadsheet stores it.
func parseFloat(s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, strconv.ErrSyntax
	}
	return f, nil
}

// cleanFloat rewrites a stored xlsx number with the 15 significant digits
// Excel shows and no exponent, so that 0.30000000000000004 (a formula's
// result) reads as 0.3 and 1.5E-3 as 0.0015. Anything else is returned
// as it is.
func cleanFloat(s string) string {
	if !isFloat(s) {
		return s
	}
	f, _ := parseFloat(s)
	if math.Abs(f) >= 1e18 {
		return s // too large for a task anyway; let ParseValue say so
	}
	g, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	return strconv.FormatFloat(g, 'f', -1, 64)
}

// excelDate reads an Excel date serial as a day.
func excelDate(s string, date1904 bool) (time.Time, error) {
	f, err := parseFloat(s)
	if err != nil || f < 1 || f > 2958465 { // 9999-12-31
		return time.Time{}, i18n.E("err.date", s)
	}
	t, err := excelize.ExcelDateToTime(f, date1904)
	if err != nil {
		return time.Time{}, i18n.E("err.date", s)
	}
	return model.Day(t), nil
}
