package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"duban/i18n"
	"duban/model"
)

// Plan columns that need care when read from an xlsx.
var (
	pcTarget   = planCol("target")
	pcUnit     = planCol("unit")
	pcBaseline = planCol("baseline")
	pcDue      = planCol("due")
)

func planCol(name string) int {
	for i, c := range model.PlanColumns {
		if c == name {
			return i
		}
	}
	panic("report: no plan column " + name)
}

// planGrid reads a plan in model.PlanColumns under the header row.
func (in importer) planGrid(g *grid, header int) (*Imported, error) {
	if err := in.needPlan(); err != nil {
		return nil, err
	}
	im := &Imported{Kind: KindPlan}
	plan, ok := im.planMeta(g, header, in.snap.Plan)
	im.Plan = plan
	if !ok {
		return im, nil
	}
	seen := map[string]int{}
	n := len(model.PlanColumns)
	head := make([]string, len(g.rows[header]))
	for c := range head {
		head[c] = normHeader(g.cell(header, c))
	}
	// isPlanHeader accepted this header, so it maps.
	cols, _ := model.PlanHeader(head)
	for r := header + 1; r < len(g.rows); r++ {
		if g.empty(r) {
			continue
		}
		row := r + 1
		if !g.xlsx && (len(g.rows[r]) < model.PlanMinColumns || len(g.rows[r]) > len(g.rows[header])) {
			im.Problems = append(im.Problems, Problem{Row: row, Err: i18n.E("err.plan.fields", n, len(g.rows[r]))})
			continue
		}
		rec := make([]string, n)
		for i, c := range cols {
			if c >= 0 {
				rec[i] = g.cell(r, c)
			}
		}
		if g.xlsx {
			unit := g.cell(r, pcUnit)
			rec[pcTarget], rec[pcBaseline] = g.number(r, pcTarget, unit), g.number(r, pcBaseline, unit)
			if isFloat(rec[pcDue]) {
				if d, err := g.date(r, pcDue); err == nil {
					rec[pcDue] = model.FormatDate(d)
				}
			}
		}
		im.addTask(plan, row, rec, seen, func(field string) string { return field })
	}
	if len(im.Tasks) == 0 && len(im.Problems) == 0 {
		im.Problems = append(im.Problems, Problem{Err: i18n.E("err.plan.empty")})
	}
	return im, nil
}

// planMeta reads the lines above a plan's header that state its period
// ("period" or "计划期", then "2020-01-01..2020-12-31", or the start and
// the end in two cells), its title ("title", "计划名称") or one of its
// settings ("setting" or "设置", then a key of model.SettingKeys and its
// value). Period and title fill in what the plan being imported into
// leaves open (a new plan given only its id); a period that contradicts
// the plan's is a problem, so a year's plan can never be read into another
// year's. A file that states settings sets them all
// (model.Plan.WithStatedSettings); a bad one is a problem of its line.
// ok is false when the rows cannot be read for want of a period or for a
// bad setting.
func (im *Imported) planMeta(g *grid, header int, plan model.Plan) (model.Plan, bool) {
	var kv [][2]string
	var rows []int // the line of each of kv
	for r := 0; r < header; r++ {
		row := r + 1
		key := normHeader(g.cell(r, 0))
		switch key {
		case model.PlanSettingLine, "设置":
			kv = append(kv, [2]string{strings.ToLower(strings.TrimSpace(g.cell(r, 1))), g.cell(r, 2)})
			rows = append(rows, row)
		case "period", "计划期":
			a, b, _ := strings.Cut(g.cell(r, 1), "..")
			if b == "" {
				b = g.cell(r, 2)
			}
			start, err1 := model.ParseDate(a)
			end, err2 := model.ParseDate(b)
			if err1 != nil || err2 != nil || end.Before(start) {
				im.Problems = append(im.Problems, Problem{Row: row, Column: "period", Err: i18n.E("report.err.period")})
				return plan, false
			}
			if plan.Start.IsZero() {
				plan.Start, plan.End = start, end
			} else if !plan.Start.Equal(start) || !plan.End.Equal(end) {
				im.Problems = append(im.Problems, Problem{Row: row, Column: "period", Err: i18n.E("report.err.otherperiod",
					model.FormatDate(start), model.FormatDate(end), plan.ID, model.FormatDate(plan.Start), model.FormatDate(plan.End))})
				return plan, false
			}
		case "title", "计划名称":
			if plan.Title == "" {
				plan.Title = g.cell(r, 1)
			}
		}
	}
	if plan.Start.IsZero() {
		im.Problems = append(im.Problems, Problem{Column: "period", Err: i18n.E("report.err.noperiod", plan.ID)})
		return plan, false
	}
	if p, ok := im.planSettings(plan, kv, func(i int) (int, string) { return rows[i], "setting" }); ok {
		return p, true
	}
	return plan, false
}

// planSettings sets the settings a plan file states on plan, or records
// the problem at the setting it is about (where(i) gives the line and the
// column of kv[i]): an unknown key, a value out of its range, a key stated
// twice, or scores that rise (at a stated score out of order).
func (im *Imported) planSettings(plan model.Plan, kv [][2]string, where func(int) (int, string)) (model.Plan, bool) {
	first := map[string]int{}
	lastScore := -1
	for i, x := range kv {
		row, col := where(i)
		if j, dup := first[x[0]]; dup {
			r0, _ := where(j)
			im.Problems = append(im.Problems, Problem{Row: row, Column: col, Err: i18n.E("settings.err.twice", x[0], r0)})
			return plan, false
		}
		first[x[0]] = i
		if strings.HasPrefix(x[0], "score.") {
			lastScore = i
		}
		// Each value alone, for its line; the scores' order is checked
		// together below.
		if _, err := plan.WithStatedSettings(kv[i : i+1]); err != nil && !isScoresErr(err) {
			im.Problems = append(im.Problems, Problem{Row: row, Column: col, Err: err})
			return plan, false
		}
	}
	p, err := plan.WithStatedSettings(kv)
	if err != nil {
		i := max(lastScore, 0)
		if isScoresErr(err) {
			i = risingScore(kv, first, i)
		}
		row, col := where(i)
		im.Problems = append(im.Problems, Problem{Row: row, Column: col, Err: err})
		return plan, false
	}
	return p, true
}

// scoreKeys are the score settings from 已完成 to 未填报.
var scoreKeys = []string{model.SetScoreDone, model.SetScoreOnTrack, model.SetScoreBehind, model.SetScoreAtRisk, model.SetScoreNone}

// risingScore is the index in kv of a stated score that rises above the
// one before it (the later of the two when both are stated; at is every
// key's index in kv), or fallback.
func risingScore(kv [][2]string, at map[string]int, fallback int) int {
	def := model.Plan{}
	var prev int
	for j, k := range scoreKeys {
		v, _ := def.Setting(k)
		if i, ok := at[k]; ok {
			v = kv[i][1]
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return fallback
		}
		if j > 0 && n > prev {
			if i, ok := at[k]; ok {
				return i
			}
			if i, ok := at[scoreKeys[j-1]]; ok {
				return i
			}
		}
		prev = n
	}
	return fallback
}

// isScoresErr reports whether err is the one about scores that rise.
func isScoresErr(err error) bool {
	var e *i18n.Error
	return errors.As(err, &e) && e.Key == "err.plan.setting.scores"
}

// addTask validates one plan record and keeps the task, or records the
// problem under the column it is about (named by column).
func (im *Imported) addTask(plan model.Plan, row int, rec []string, seen map[string]int, column func(string) string) {
	t, err := model.TaskFromRecord(plan, rec)
	if err != nil {
		im.Problems = append(im.Problems, Problem{Row: row, Column: column(model.ColumnOf(err)), Err: err})
		return
	}
	if first, dup := seen[t.ID]; dup {
		im.Problems = append(im.Problems, Problem{Row: row, Column: column("id"),
			Err: i18n.E("report.err.dupplan", t.ID, first)})
		return
	}
	seen[t.ID] = row
	im.Tasks = append(im.Tasks, t)
}

// jsonPlanIn is the JSON export read back as a plan: the progress fields
// are ignored, numbers may be JSON numbers or strings, partners an array
// or a 、-separated string.
type jsonPlanIn struct {
	Plan *struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Start string `json:"start"`
		End   string `json:"end"`
		Demo  *bool  `json:"demo"`
		// Settings by key; a value may be a string or a number.
		Settings map[string]json.RawMessage `json:"settings"`
	} `json:"plan"`
	Tasks []jsonTaskIn `json:"tasks"`
}

type jsonTaskIn struct {
	ID        json.RawMessage `json:"id"`
	Chapter   json.RawMessage `json:"chapter"`
	Section   json.RawMessage `json:"section"`
	Name      json.RawMessage `json:"name"`
	Kind      json.RawMessage `json:"kind"`
	Target    json.RawMessage `json:"target"`
	Unit      json.RawMessage `json:"unit"`
	Qualifier json.RawMessage `json:"qualifier"`
	Baseline  json.RawMessage `json:"baseline"`
	Lead      json.RawMessage `json:"lead"`
	Partners  json.RawMessage `json:"partners"`
	Due       json.RawMessage `json:"due"`
	Source    json.RawMessage `json:"source"`
	Pacing    json.RawMessage `json:"pacing"`
	Release   json.RawMessage `json:"release"`
}

// json reads the JSON export (or a plan in the same shape, or a bare
// array of tasks) as a plan.
func (in importer) json(data []byte) (*Imported, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var doc jsonPlanIn
	trimmed := bytes.TrimSpace(data)
	var err error
	if len(trimmed) > 0 && trimmed[0] == '[' {
		err = json.Unmarshal(trimmed, &doc.Tasks)
	} else {
		err = json.Unmarshal(trimmed, &doc)
	}
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, i18n.E("report.err.jsonat", se.Offset, se.Error())
		}
		return nil, i18n.E("report.err.json", err.Error())
	}
	var plan model.Plan
	if in.snap != nil {
		plan = in.snap.Plan
	} else if doc.Plan == nil {
		return nil, i18n.E("report.err.noplan")
	}
	im := &Imported{Kind: KindPlan}
	if p := doc.Plan; p != nil {
		if p.ID != "" {
			plan.ID = strings.TrimSpace(p.ID)
		}
		if p.Title != "" {
			plan.Title = strings.TrimSpace(p.Title)
		}
		if p.Demo != nil {
			plan.Demo = *p.Demo
		}
		if d, ok := im.planDate("plan.start", p.Start); ok {
			plan.Start = d
		}
		if d, ok := im.planDate("plan.end", p.End); ok {
			plan.End = d
		}
		if plan.Start.IsZero() || plan.End.IsZero() || plan.End.Before(plan.Start) {
			im.Problems = append(im.Problems, Problem{Column: "plan", Err: i18n.E("report.err.period")})
		}
		// In SettingKeys order, then any unknown key (refused by name).
		var kv [][2]string
		for _, k := range model.SettingKeys {
			if v, ok := p.Settings[k]; ok {
				kv = append(kv, [2]string{k, jsonText(v)})
			}
		}
		var unknown []string
		for k := range p.Settings {
			if !slices.Contains(model.SettingKeys, k) {
				unknown = append(unknown, k)
			}
		}
		slices.Sort(unknown)
		for _, k := range unknown {
			kv = append(kv, [2]string{k, jsonText(p.Settings[k])})
		}
		if len(im.Problems) == 0 {
			plan, _ = im.planSettings(plan, kv, func(i int) (int, string) { return 0, "plan.settings." + kv[i][0] })
		}
	}
	im.Plan = plan
	if len(im.Problems) > 0 {
		return im, nil
	}
	seen := map[string]int{}
	for i, t := range doc.Tasks {
		rec := []string{jsonText(t.ID), jsonText(t.Chapter), jsonText(t.Section), jsonText(t.Name),
			jsonText(t.Kind), jsonText(t.Target), jsonText(t.Unit), jsonText(t.Qualifier), jsonText(t.Baseline),
			jsonText(t.Lead), jsonList(t.Partners), jsonText(t.Due), jsonText(t.Source),
			jsonText(t.Pacing), jsonText(t.Release)}
		im.addTask(plan, i+1, rec, seen, func(field string) string { return field })
	}
	if len(im.Tasks) == 0 && len(im.Problems) == 0 {
		im.Problems = append(im.Problems, Problem{Err: i18n.E("err.plan.empty")})
	}
	return im, nil
}

// jsonText is a JSON value as plan text: a string unquoted, a number as
// written (exactly: 0.3 stays 0.3), null as empty.
func jsonText(m json.RawMessage) string {
	m = bytes.TrimSpace(m)
	if len(m) == 0 || string(m) == "null" {
		return ""
	}
	if m[0] == '"' {
		var s string
		if json.Unmarshal(m, &s) == nil {
			return s
		}
	}
	return string(m)
}

// jsonList is a partners value: an array of names or one string.
func jsonList(m json.RawMessage) string {
	var xs []string
	if json.Unmarshal(m, &xs) == nil {
		return model.JoinList(xs)
	}
	return jsonText(m)
}

// planDate reads a plan date field of a JSON file; empty keeps the
// current plan's.
func (im *Imported) planDate(field, s string) (time.Time, bool) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, false
	}
	d, err := model.ParseDate(s)
	if err != nil {
		im.Problems = append(im.Problems, Problem{Column: field, Err: err})
		return time.Time{}, false
	}
	return d, true
}

// WritePlanXLSX writes a plan as an xlsx that the importer reads back,
// with the lines of model.WritePlanFile on its one sheet, every cell text
// (so that 0.3 stays 0.3 and an id 1.10 is not the number 1.1).
func WritePlanXLSX(w io.Writer, p model.Plan, tasks []model.Task) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows := append(model.PlanFileLines(p), model.PlanColumns)
	for _, t := range tasks {
		rows = append(rows, model.PlanFileTask(p, t))
	}
	for i, r := range rows {
		for j, c := range r {
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return err
			}
			if c == "" {
				continue
			}
			if err := f.SetCellStr(sheet, cell, c); err != nil {
				return err
			}
		}
	}
	return writeBook(w, f)
}
