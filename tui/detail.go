package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"duban/i18n"
	"duban/model"
)

// detailModel is a task's detail (enter on a task): the verbatim source
// clause, the facts of the task, where it stands, a month-by-month chart and
// status strip, and its update history. It is one long page that scrolls.
type detailModel struct {
	id    string
	from  screen
	pos   listPos // the page's scroll
	drawn int     // lines of the page as last drawn: keys scroll without drawing it again
}

const screenDetail screen = "detail"

// openDetail shows task id's detail over the active screen.
func (m *Model) openDetail(id string) {
	*m.detail() = detailModel{id: id, from: m.screen}
	m.show(screenDetail)
}

func (v *detailModel) parent() screen         { return v.from }
func (v *detailModel) task(*Model) string     { return v.id }
func (v *detailModel) refresh(*Model, common) {}

func (v *detailModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	c := m.common()
	if key.Matches(msg, c.keys.Back) {
		m.show(v.from)
		return nil
	}
	v.pos.scroll(msg, c.keys, c.height, v.length(m, c))
	return nil
}

func (v *detailModel) wheel(m *Model, c common, n int) { v.pos.scrollBy(n, c.height, v.length(m, c)) }

// length is the page's number of lines: as last drawn, or drawn now if it
// never was.
func (v *detailModel) length(m *Model, c common) int {
	if v.drawn == 0 {
		v.drawn = len(v.content(c, m.data, barAnim{}))
	}
	return v.drawn
}

func (v *detailModel) bindings(m *Model, can model.Can) []key.Binding {
	k := &m.keys
	var depts []key.Binding
	if can.Admin {
		depts = []key.Binding{k.EditDepts}
	}
	return cat(m.taskKeys(can), depts,
		[]key.Binding{k.Back, k.Up, k.Down, k.Help, k.Quit, k.PrevMonth, k.NextMonth})
}

// view draws the part of the page in view.
func (v *detailModel) view(m *Model, c common) body {
	ls := v.content(c, m.data, m.anim)
	v.drawn = len(ls)
	v.pos.scrollBy(0, c.height, len(ls))
	return lines(page(c, ls, v.pos.offset), false)
}

// content is the whole page.
func (v *detailModel) content(c common, d *derived, a barAnim) []string {
	i, ok := d.row(v.id)
	if !ok {
		return []string{c.T("tui.detail.gone")}
	}
	st := c.st
	r := d.rows[i]
	t, e := *r.Task, r.Eval
	hist := d.snap.History[t.ID]
	var out []string
	add := func(s ...string) { out = append(out, s...) }
	label := func(k string) string { return st.Muted.paint(c.T(k)) }
	w := c.width

	// Title, status on the right.
	title := st.Title.paint(t.ID + " " + t.Name)
	status := c.statusText(e.Status)
	if gap := w - width(title) - width(status); gap >= 2 {
		add(title + strings.Repeat(" ", gap) + status)
	} else {
		add(title, status)
	}
	add(label("tui.detail.chapter") + " " + t.Chapter + " / " + t.Section)

	// What asks for action: an open 督办, a returned report.
	if u := t.Urged; u != nil {
		head := st.Error.paint(st.g.urged+" "+c.T("tui.detail.urged")) +
			st.Muted.paint(c.T("tui.detail.urgedby", u.By, clockTime(u.At)))
		if !u.ReplyBy.IsZero() {
			head += "  " + st.Bold.paint(c.T("tui.detail.replyby", model.FormatDate(u.ReplyBy)))
		}
		add(head)
		for _, l := range wrap(u.Comment, w-2) {
			add("  " + l)
		}
	}
	if n := len(hist); n > 0 && hist[n-1].Review == model.ReviewReturned {
		u := hist[n-1]
		by := u.Reviewer
		if !u.ReviewedAt.IsZero() {
			by += c.T("tui.detail.at", clockTime(u.ReviewedAt))
		}
		for _, l := range wrap(st.g.returned+" "+c.T("tui.detail.returned", model.FormatDate(u.AsOf), by), w) {
			add(st.Status[model.StatusBehind].paint(l))
		}
		for _, l := range wrap(u.ReviewComment, w-2) {
			add("  " + l)
		}
	}

	// The source clause, verbatim.
	lw := max(width(c.T("tui.detail.source")), 4) + 1
	for k, l := range wrap(t.Source, w-lw) {
		if k == 0 {
			add(padRight(label("tui.detail.source"), lw) + l)
		} else {
			add(strings.Repeat(" ", lw) + l)
		}
	}

	// Facts, in pairs.
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	base := "-"
	if t.Baseline.Valid {
		base = model.FormatValue(t.Baseline.Decimal) + t.Unit
	}
	lead := t.Lead
	if t.LeadDefault {
		lead += c.T("tui.detail.default")
	}
	add(pairs(c, [][2]string{
		{"tui.detail.kind", i18n.Kind(c.lang, t.Kind)},
		{"tui.detail.target", model.FormatValue(t.Target) + t.Unit},
		{"tui.detail.qualifier", dash(t.Qualifier)},
		{"tui.detail.baseline", base},
		{"tui.detail.due", model.FormatDate(t.DueOr(d.snap.Plan))},
	})...)
	yours := func(mine bool) string {
		if mine {
			return " " + st.Selected.paint(st.g.mine+" "+c.T("tui.detail.yours"))
		}
		return ""
	}
	add(label("tui.detail.lead") + " " + dash(lead) + yours(model.InDepts(d.actor, t.Lead)))
	add(label("tui.detail.partners") + " " + dash(model.JoinList(t.Partners)) +
		yours(d.mine[i] && !model.InDepts(d.actor, t.Lead)))
	add("")

	// Where it stands.
	pct, pctS := 0.0, "-"
	if e.Progress.Valid {
		pct, pctS = f64(e.Progress.Decimal), decPct(e.Progress.Decimal)
	}
	if av, ok := a.value(t.ID); ok {
		pct, pctS = av, pctText(av, true)
	}
	bw := max(10, min(40, w-44))
	add(label("tui.detail.progress") + " " + st.bar(bw, pct, d.tpOf(i), e.Status) + " " + pctS +
		"  " + paceNote(c, t, e))
	actual := "-"
	if e.Actual.Valid {
		actual = model.FormatValue(e.Actual.Decimal) + t.Unit
	}
	need := "-"
	if e.NeedPerMonth.Valid {
		need = model.NeedText(e.NeedPerMonth.Decimal) + t.Unit
	}
	proj := "-"
	if e.Projection.Valid {
		proj = decPct(e.Projection.Decimal)
	}
	add(pairs(c, [][2]string{
		{"tui.detail.actual", actual},
		{"tui.detail.need", need},
		{"tui.detail.projection", proj},
	})...)
	// What 序时进度 means for the task, and when its statistics come out.
	if pc := d.snap.Plan.PacingOf(t); t.Kind.Paced() && pc.Kind != model.PacingLinear {
		for _, l := range wrap(c.T("field.pacing")+c.T("report.colon")+model.PacingText(c.lang, d.snap.Plan, t, e), w) {
			add(l)
		}
	}
	if rt := model.ReleaseText(c.lang, t, e); rt != "" {
		for _, l := range wrap(c.T("field.release")+c.T("report.colon")+rt, w) {
			add(l)
		}
	}
	if e.Stale {
		add(st.Status[model.StatusBehind].paint(st.g.status[model.StatusBehind] + " " + c.T("tui.stale")))
	}
	add("")

	// Month by month: the chart with the status strip under it.
	add(st.Title.paint(c.T("tui.detail.months")))
	add(monthChart(c, d, t, hist)...)
	add("")

	// History, newest first: the updates by their date, the notes (备注)
	// by the day they were written.
	notes := d.snap.Notes[t.ID]
	if len(notes) == 0 {
		add(st.Title.paint(c.T("tui.detail.history", len(hist))))
	} else {
		add(st.Title.paint(c.T("tui.detail.historynotes", len(hist), len(notes))))
	}
	if len(hist) == 0 && len(notes) == 0 {
		if !c.can.Report {
			add(st.Muted.paint(c.T("tui.detail.nohistory.view")))
		} else {
			add(st.Muted.paint(c.T("tui.detail.nohistory")))
		}
	}
	k, nk := len(hist)-1, len(notes)-1
	for k >= 0 || nk >= 0 {
		if nk >= 0 && (k < 0 || !clockDay(notes[nk].At).Before(hist[k].AsOf)) {
			n := notes[nk]
			nk--
			add(model.FormatDate(clockDay(n.At)) + "  " + st.Selected.paint(c.T("tui.detail.notemark")) + "  " + n.By)
			for j, l := range wrap(n.Text, w-4) {
				if j == 0 {
					add("  " + st.Muted.paint(c.T("tui.detail.notetext")) + l)
				} else {
					add("    " + l)
				}
			}
			continue
		}
		u := hist[k]
		k--
		head := model.FormatDate(u.AsOf) + "  " + st.Bold.paint(model.FormatValue(u.Value)+t.Unit) +
			"  " + u.By + "  " + c.T("tui.review."+string(u.Review))
		if u.AsOf.After(d.asOf) {
			head += "  " + st.Muted.paint(c.T("tui.detail.future"))
		}
		add(head)
		for _, n := range [][2]string{
			{"tui.detail.note", u.Note}, {"tui.detail.problems", u.Problems}, {"tui.detail.next", u.Next},
		} {
			if strings.TrimSpace(n[1]) == "" {
				continue
			}
			pre := "  " + c.T(n[0])
			for j, l := range wrap(n[1], w-width(pre)) {
				if j == 0 {
					add(st.Muted.paint(pre) + l)
				} else {
					add(strings.Repeat(" ", width(pre)) + l)
				}
			}
		}
		if u.ReviewComment != "" {
			pre := "  " + c.T("tui.detail.comment")
			if u.Reviewer != "" {
				pre = "  " + c.T("tui.detail.commentby", u.Reviewer)
			}
			for j, l := range wrap(u.ReviewComment, w-width(pre)) {
				if j == 0 {
					add(st.Muted.paint(pre) + l)
				} else {
					add(strings.Repeat(" ", width(pre)) + l)
				}
			}
		}
	}
	for k := range out {
		out[k] = c.fit(out[k], w)
	}
	return out
}

// pairs lays out label–value pairs on as few lines as fit.
func pairs(c common, kv [][2]string) []string {
	var out []string
	line := ""
	for _, p := range kv {
		item := c.st.Muted.paint(c.T(p[0])) + " " + p[1]
		if line != "" && width(line)+3+width(item) > c.width {
			out = append(out, line)
			line = ""
		}
		if line != "" {
			line += "   "
		}
		line += item
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// chartHeight is the rows of the month chart.
const chartHeight = 5

// monthChart draws progress at each month end against time progress over
// the whole year, and under it the status strip (亮灯记录) from January to
// the as-of month. Months after the as-of date have no progress yet.
func monthChart(c common, d *derived, t model.Task, hist []model.Update) []string {
	st := c.st
	p := d.snap.Plan
	ends := p.MonthEnds(p.End)
	asOfEnds := p.MonthEnds(d.asOf)
	strip := model.StatusStrip(p, t, hist, d.asOf)
	n := len(ends)
	cw := 3
	if 6+n*4 <= c.width {
		cw = 4
	}
	prog := make([]float64, n)
	has := make([]bool, n)
	plan := make([]float64, n)
	for k, end := range ends {
		plan[k] = 100
		if t.Kind.Paced() {
			plan[k] = f64(p.TimeProgress(t, end))
		}
		if k < len(asOfEnds) {
			e := model.Evaluate(p, t, hist, asOfEnds[k])
			if e.Progress.Valid {
				prog[k], has[k] = min(100, f64(e.Progress.Decimal)), true
			}
		}
	}
	partial := []string{" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"}
	var out []string
	for row := range chartHeight {
		lo := float64(chartHeight-1-row) / chartHeight * 100
		hi := float64(chartHeight-row) / chartHeight * 100
		axis := "     "
		switch row {
		case 0:
			axis = "100% "
		case chartHeight - 1:
			axis = "  0% "
		}
		var b strings.Builder
		b.WriteString(st.Muted.paint(axis))
		inBand := func(k int) bool {
			return k < n && (plan[k] > lo && plan[k] <= hi || row == chartHeight-1 && plan[k] == 0)
		}
		planGlyph := st.Marker.paint(st.g.chartPlan)
		for k := range n {
			side := " "
			if inBand(k) {
				side = planGlyph
			}
			cell := side
			if has[k] && prog[k] > lo {
				s := strip[min(k, len(strip)-1)]
				switch {
				case prog[k] >= hi:
					cell = st.Fill[s].paint(st.g.chartFill)
				case st.g.chartFill == "#": // ASCII: whole cells only
					if prog[k]-lo >= (hi-lo)/2 {
						cell = st.Fill[s].paint("#")
					}
				default:
					cell = st.Fill[s].paint(partial[max(1, int((prog[k]-lo)/(hi-lo)*8))])
				}
			}
			b.WriteString(side + cell + side)
			if cw == 4 {
				// The gap joins the line when the next month stays in band.
				if inBand(k) && inBand(k+1) {
					b.WriteString(planGlyph)
				} else {
					b.WriteByte(' ')
				}
			}
		}
		out = append(out, b.String())
	}
	var months, lights strings.Builder
	months.WriteString("     ")
	lights.WriteString(st.Muted.paint(padRight(c.T("tui.detail.strip"), 5)))
	for k := range n {
		months.WriteString(padRight(" "+strconv.Itoa(int(ends[k].Month())), cw))
		sym := " "
		if k < len(strip) {
			sym = st.Status[strip[k]].paint(st.g.status[strip[k]])
		}
		lights.WriteString(" " + sym + strings.Repeat(" ", cw-2))
	}
	out = append(out, st.Muted.paint(months.String()), lights.String())
	legend := st.Fill[model.StatusOnTrack].paint(st.g.chartFill) + " " + c.T("tui.detail.legend.progress") +
		"  " + st.Marker.paint(st.g.chartPlan) + " " + c.T("tui.detail.legend.plan")
	out = append(out, "     "+legend)
	return out
}

// paceNote says what a task's bar is measured against: the time progress
// for count and milestone tasks, the target itself for rates and levels
// (whose marker therefore sits at 100%).
func paceNote(c common, t model.Task, e model.Eval) string {
	if !t.Kind.Paced() {
		return c.st.Muted.paint(c.T("tui.pace.target"))
	}
	return c.st.Muted.paint(c.T("tui.form.tp", decPct(e.TimeProgress)))
}
