package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"

	"duban/i18n"
	"duban/model"
)

// ── MODEL ───────────────────────────────────────────────────────────────────

const screenGrid screen = "grid"

// batcher records several updates in one transaction, all or none
// (*store.Store and the server's per-session backend have it).
type batcher interface {
	ApplyUpdates(us []model.Update) ([]model.Update, error)
}

// The columns of a grid row that take text: the value in the table, the
// three texts in the panel under it.
const (
	gridValue    = iota // 本期累计完成
	gridNote            // 进展情况
	gridProblems        // 存在问题
	gridNext            // 下一步措施
	gridInputs
)

var gridLabels = [gridInputs]string{"tui.form.value", "tui.form.note", "tui.form.problems", "tui.form.next"}

// gridModel is 本月填报: the month of one department as an editable grid,
// like the Excel 台账 it replaces. One row a task the department leads;
// the value is typed in the table, the texts of the row under the cursor
// in the panel under it. A row left empty is not reported this time (never
// zero). One key saves the whole month as one transaction: every row is
// checked first with the rules of every other entry path, every problem is
// listed with its row, and nothing is saved while any row is refused.
//
// Every action has a non-letter key, so it works with a Chinese input
// method active: enter and tab go to the next row, ctrl+r repeats the
// last report's value, f3 (ctrl+t) moves between the value and the texts,
// ctrl+s (f5) saves, esc leaves.
type gridModel struct {
	dept     string // the department whose month this is; "" until chosen
	choose   bool   // choosing the department (administrators, staff of several)
	depts    []string
	deptPos  listPos // over depts
	rows     []gridRow
	listPos      // over rows; the selection is a task id
	focus    int // which input of the row has the keys (gridValue…)
	asOf     time.Time
	data     *derived // what rows were built from
	saving   bool
	problems []string // why the last save was refused, one line a row
	warned   string   // the batch whose plausibility warnings were shown: saving it again confirms them
	from     screen   // the tab it was opened from, where esc goes back to
}

// gridRow is one task of the month.
type gridRow struct {
	id      string
	in      [gridInputs]field
	last    *model.Update   // the latest report on or before the month's date
	err     string          // why the value cannot be taken as typed
	value   decimal.Decimal // the value typed, parsed
	preview model.Eval      // the task with the typed value
	has     bool            // preview is valid
	saved   bool            // saved: the next build starts it afresh from its new last report
}

// gridKeys are the grid's own bindings.
type gridKeys struct {
	Next, Prev, Texts, Same, Save, Leave, Pick key.Binding
}

func newGridKeys(l i18n.Lang) gridKeys {
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, l.T(desc)))
	}
	return gridKeys{
		Next:  b([]string{"enter", "tab"}, "enter", "tui.grid.key.next"),
		Prev:  b([]string{"shift+tab"}, "shift+tab", "tui.grid.key.prev"),
		Texts: b([]string{"f3", "ctrl+t"}, "f3", "tui.grid.key.texts"),
		Same:  b([]string{"ctrl+r"}, "ctrl+r", "tui.grid.key.same"),
		Save:  b([]string{"ctrl+s", "f5"}, "ctrl+s", "tui.grid.key.save"),
		Leave: b([]string{"esc"}, "esc", "tui.key.back"),
		Pick:  b([]string{"enter"}, "enter", "tui.grid.key.pick"),
	}
}

// helpGroup lists the grid's keys in the help.
func (g *gridModel) helpGroup(m *Model) *helpGroup {
	gk := newGridKeys(m.opts.Lang)
	return &helpGroup{"tui.grid.title", []key.Binding{gk.Next, gk.Prev, gk.Same, gk.Texts, gk.Save, gk.Leave}}
}

// openedFrom remembers the tab the grid was opened from.
func (g *gridModel) openedFrom(s screen) { g.from = s }

// labelKey: the tab is 本月.
func (g *gridModel) labelKey(*Model) string { return "grid" }

func (g *gridModel) task(m *Model) string {
	if g.choose || g.cursor >= len(g.rows) {
		return ""
	}
	return g.rows[g.cursor].id
}

// refresh follows newer data: rows are rebuilt for a new date or new
// history, keeping what was typed and the cursor on its task.
func (g *gridModel) refresh(m *Model, c common) {
	d := m.data
	g.depts = g.deptsOf(m)
	if g.dept == "" && len(g.depts) == 1 {
		g.dept = g.depts[0]
	}
	g.choose = g.dept == ""
	// Hidden, the rows follow other sessions' saves when next shown
	// (Model.catchUp): 50 staff sessions need not each copy their month's
	// rows on every save.
	hidden := m.screen != screenGrid && g.data != nil && d.from != 0 && g.asOf.Equal(m.asOf)
	if g.data != d && !hidden {
		g.build(m, d)
	}
	g.follow(g.rowsHeight(c), len(g.rows))
	g.deptPos.follow(max(1, c.height-1), len(g.depts))
}

// deptsOf are the departments the actor may report a month for: their own
// for staff, every lead department for administrators.
func (g *gridModel) deptsOf(m *Model) []string {
	if !m.can().Admin {
		return m.actor.Depts
	}
	out := make([]string, 0, len(m.data.sum.Depts))
	for _, dg := range m.data.sum.Depts {
		out = append(out, dg.Name)
	}
	slices.Sort(out)
	return out
}

// build makes the rows of the department's tasks from d, keeping what was
// typed on a task that is still there.
func (g *gridModel) build(m *Model, d *derived) {
	if g.patch(m, d) {
		return
	}
	typed := make(map[string][gridInputs]field, len(g.rows))
	if g.asOf.Equal(m.asOf) {
		for _, r := range g.rows {
			if !r.saved {
				typed[r.id] = r.in
			}
		}
	}
	g.data, g.asOf = d, m.asOf
	var rows []gridRow
	dept := strings.TrimSpace(g.dept)
	for i := range d.rows {
		r := d.rows[i]
		if dept == "" || strings.TrimSpace(r.Task.Lead) != dept {
			continue
		}
		gr := gridRow{id: r.Task.ID}
		if u := model.LatestAsOf(d.snap.History[r.Task.ID], m.asOf); u != nil {
			last := *u
			gr.last = &last
			gr.in[gridProblems] = newField(u.Problems)
			gr.in[gridNext] = newField(u.Next)
		}
		if in, ok := typed[gr.id]; ok {
			gr.in = in
		}
		gr.check(d, m.asOf, m.opts.Lang)
		rows = append(rows, gr)
	}
	g.rows = rows
	g.keep(len(g.rows), func(k int) string { return g.rows[k].id })
}

// patch brings the rows up to d when d's snapshot is a patch of the one
// they were built from (another session's save): only the changed tasks'
// rows are made again, what was typed on them kept. It reports false when
// the rows must be built from scratch (no patch, another date, a task that
// moved into or out of the department).
func (g *gridModel) patch(m *Model, d *derived) bool {
	old := g.data
	if old == nil || !g.asOf.Equal(m.asOf) {
		return false
	}
	ids, ok := d.snap.Changed(old.snap)
	if !ok {
		return false
	}
	dept := strings.TrimSpace(g.dept)
	for _, id := range ids {
		i, ok := d.row(id)
		if !ok || (strings.TrimSpace(old.rows[i].Task.Lead) == dept) != (strings.TrimSpace(d.rows[i].Task.Lead) == dept) {
			return false
		}
	}
	rows := slices.Clone(g.rows)
	for k := range rows {
		if !slices.Contains(ids, rows[k].id) {
			continue
		}
		gr := gridRow{id: rows[k].id}
		if u := model.LatestAsOf(d.snap.History[gr.id], m.asOf); u != nil {
			last := *u
			gr.last = &last
			gr.in[gridProblems] = newField(u.Problems)
			gr.in[gridNext] = newField(u.Next)
		}
		if !rows[k].saved {
			gr.in = rows[k].in
		}
		gr.check(d, m.asOf, m.opts.Lang)
		rows[k] = gr
	}
	g.data, g.rows = d, rows
	return true
}

// update is the update row r describes, as of the month's date.
func (r *gridRow) update(value decimal.Decimal, asOf time.Time, by string) model.Update {
	return model.Update{
		TaskID:   r.id,
		Value:    value,
		AsOf:     asOf,
		Note:     strings.TrimSpace(r.in[gridNote].Value()),
		Problems: strings.TrimSpace(r.in[gridProblems].Value()),
		Next:     strings.TrimSpace(r.in[gridNext].Value()),
		By:       by,
	}
}

// empty reports whether the row is not reported this time.
func (r *gridRow) empty() bool { return strings.TrimSpace(r.in[gridValue].Value()) == "" }

// check parses the row's value and previews the task with it; a full check
// of the update (the store's rules) is err, "" when it would be taken.
func (r *gridRow) check(d *derived, asOf time.Time, l i18n.Lang) {
	r.err, r.has = "", false
	if r.empty() {
		return
	}
	t, _ := d.snap.Task(r.id)
	v, err := model.ParseValue(strings.TrimSpace(r.in[gridValue].Value()), t.Unit)
	if err == nil {
		err = model.ValidateValue(t, v)
	}
	if err != nil {
		r.err = i18n.Message(l, err)
		return
	}
	r.value = v
	hist := d.snap.History[r.id]
	u := r.update(v, asOf, "")
	r.preview, r.has = previewEval(d.snap.Plan, t, hist, u), true
	if err := model.CheckUpdate(d.snap.Plan, t, hist, u); err != nil {
		r.err = i18n.Message(l, err)
	}
}

func (g *gridModel) rowsHeight(c common) int { return max(1, c.height-2-gridPanel) }

// gridPanel is the lines under the table: a rule, the row's three texts and
// its message.
const gridPanel = 5

// ── UPDATE ──────────────────────────────────────────────────────────────────

// typed: the grid takes every key but the few global ones that are not
// text (tab numbers are text here: they are values).
func (g *gridModel) typed(m *Model, msg tea.KeyPressMsg) (bool, tea.Cmd) {
	if g.choose {
		return false, nil
	}
	return true, g.key(m, msg)
}

func (g *gridModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	gk := newGridKeys(m.opts.Lang)
	c := m.common()
	if g.choose {
		return g.chooseKey(m, msg, gk, c)
	}
	if g.saving {
		return nil
	}
	g.rows = slices.Clone(g.rows) // an older Model may still hold them
	switch {
	case key.Matches(msg, gk.Leave):
		g.problems = nil
		m.show(g.back(m))
	case key.Matches(msg, gk.Save):
		return g.save(m)
	case key.Matches(msg, gk.Next) || msg.String() == "down": // not j and k: letters are text here
		g.by(1, g.rowsHeight(c), len(g.rows))
	case key.Matches(msg, gk.Prev) || msg.String() == "up":
		g.by(-1, g.rowsHeight(c), len(g.rows))
	case msg.String() == "pgdown", msg.String() == "pgup": // not ctrl+d, ctrl+u, space: they edit the field here
		g.step(msg, c.keys, g.rowsHeight(c), len(g.rows))
	case key.Matches(msg, gk.Texts):
		g.focus = (g.focus + 1) % gridInputs
	case key.Matches(msg, gk.Same):
		if r := g.row(); r != nil && r.last != nil {
			r.in[gridValue].set(model.FormatValue(r.last.Value))
			g.edited(m, r)
		}
	case msg.String() == "f1":
		m.toggleHelp()
	default:
		if r := g.row(); r != nil {
			if _, changed := r.in[g.focus].update(msg); changed {
				g.edited(m, r)
			}
		}
	}
	g.mark(len(g.rows), func(k int) string { return g.rows[k].id })
	return nil
}

// back is where esc leaves to: the screen the grid was opened from.
func (g *gridModel) back(m *Model) screen {
	if g.from != "" && g.from != screenGrid && m.isTab(g.from) {
		return g.from
	}
	return screenOverview
}

func (g *gridModel) chooseKey(m *Model, msg tea.KeyPressMsg, gk gridKeys, c common) tea.Cmd {
	switch {
	case key.Matches(msg, gk.Pick):
		if g.deptPos.cursor < len(g.depts) {
			g.dept, g.choose, g.data = g.depts[g.deptPos.cursor], false, nil
			g.top()
			g.refresh(m, c)
		}
	case key.Matches(msg, gk.Leave):
		m.show(g.back(m))
	default:
		g.deptPos.step(msg, c.keys, max(1, c.height-1), len(g.depts))
	}
	return nil
}

func (g *gridModel) paste(m *Model, msg tea.PasteMsg) tea.Cmd {
	g.rows = slices.Clone(g.rows)
	if r := g.row(); r != nil && !g.choose {
		if _, changed := r.in[g.focus].update(msg); changed {
			g.edited(m, r)
		}
	}
	return nil
}

// row is the row under the cursor.
func (g *gridModel) row() *gridRow {
	if g.cursor < len(g.rows) {
		return &g.rows[g.cursor]
	}
	return nil
}

func (g *gridModel) edited(m *Model, r *gridRow) {
	g.problems = nil
	r.check(m.data, g.asOf, m.opts.Lang)
}

// save checks every row and, when none is refused, records the month's
// reports in one transaction.
func (g *gridModel) save(m *Model) tea.Cmd {
	b, has := m.backend.(batcher)
	if !m.offer(has, nil) {
		return nil
	}
	var (
		us       []model.Update
		warnings []string
		warnedAt []int // indexes into us of the updates with warnings
		batch    strings.Builder
	)
	g.problems = nil
	for k := range g.rows {
		r := &g.rows[k]
		r.check(m.data, g.asOf, m.opts.Lang)
		if r.empty() {
			continue
		}
		if r.err != "" {
			t, _ := m.data.snap.Task(r.id)
			g.problems = append(g.problems, m.T("tui.grid.problem", k+1, t.ID+" "+t.Name, r.err))
			continue
		}
		u := r.update(r.value, g.asOf, m.actor.Name)
		// The store's plausibility rules (model.CheckPlausible), row by
		// row: a fall without a note is a problem, a likely slip a warning
		// the person confirms by saving the same month again.
		t, _ := m.data.snap.Task(r.id)
		u.Confirmed = true
		ws, err := model.CheckPlausible(t, m.data.snap.History[r.id], u)
		u.Confirmed = false
		if err != nil {
			g.problems = append(g.problems, m.T("tui.grid.problem", k+1, t.ID+" "+t.Name, m.errText(err)))
			continue
		}
		for _, w := range ws {
			warnings = append(warnings, m.T("tui.grid.problem", k+1, t.ID+" "+t.Name, w.Text(m.opts.Lang)))
		}
		if len(ws) > 0 {
			warnedAt = append(warnedAt, len(us))
		}
		batch.WriteString(fmt.Sprintf("%s=%s|%s|%s|%s\n", u.TaskID, u.Value, u.Note, u.Problems, u.Next))
		us = append(us, u)
	}
	switch {
	case len(g.problems) > 0:
		g.warned = ""
		m.setStatus(m.T("tui.grid.refused", len(g.problems)), false)
		return nil
	case len(us) == 0:
		m.setStatus(m.T("tui.grid.nothing"), false)
		return nil
	case len(warnings) > 0 && g.warned != batch.String():
		g.warned, g.problems = batch.String(), warnings
		m.setStatus(m.T("tui.grid.warned", len(warnedAt)), false)
		return nil
	}
	for _, i := range warnedAt {
		us[i].Confirmed = true // shown, and saved again unchanged
	}
	g.warned = ""
	g.saving = true
	m.setStatus(m.T("tui.saving"), true)
	return func() tea.Msg {
		saved, err := b.ApplyUpdates(us)
		return gridSavedMsg{saved: saved, err: err}
	}
}

// gridSavedMsg is the result of saving a month.
type gridSavedMsg struct {
	saved []model.Update
	err   error
}

// receive takes the result of a save: the typed values become the month's
// reports (the rows show them as 上次填报 once reloaded), or the store's
// refusal is shown and nothing was saved.
func (g *gridModel) receive(m *Model, msg tea.Msg) tea.Cmd {
	res, ok := msg.(gridSavedMsg)
	if !ok {
		return nil
	}
	g.saving = false
	if res.err != nil {
		text := m.errText(res.err)
		g.problems = []string{text}
		m.setStatus(m.T("tui.grid.storerefused", text), false)
		return nil
	}
	g.rows = slices.Clone(g.rows)
	saved := make(map[string]bool, len(res.saved))
	for _, u := range res.saved {
		saved[u.TaskID] = true
	}
	for k := range g.rows {
		g.rows[k].saved = saved[g.rows[k].id]
	}
	g.data = nil // rebuild from the reload: the saved reports are the last ones
	m.setStatus(m.T("tui.grid.saved", len(res.saved), model.FormatDate(g.asOf)), true)
	m.loadSeq++
	return loadCmdCached(m.backend, m.loadSeq, m.esc)
}

func (g *gridModel) bindings(m *Model, _ model.Can) []key.Binding {
	gk := newGridKeys(m.opts.Lang)
	if g.choose {
		return []key.Binding{gk.Pick, gk.Leave, m.keys.Up, m.keys.Down}
	}
	return []key.Binding{gk.Save, gk.Next, gk.Same, gk.Texts, gk.Leave}
}

func (g *gridModel) wheel(m *Model, c common, n int) {
	if g.choose {
		g.deptPos.by(n, max(1, c.height-1), len(g.depts))
		return
	}
	g.by(n, g.rowsHeight(c), len(g.rows))
	g.mark(len(g.rows), func(k int) string { return g.rows[k].id })
}

func (g *gridModel) click(m *Model, c common, y int) {
	if g.choose {
		g.deptPos.pick(y-1, len(g.depts))
		return
	}
	if g.pick(y-2, len(g.rows)) {
		g.mark(len(g.rows), func(k int) string { return g.rows[k].id })
	}
}

// ── VIEW ────────────────────────────────────────────────────────────────────

// gridCols are the column widths; tp and need are 0 when they do not fit.
type gridCols struct{ id, name, target, last, value, pct, tp, need, status int }

func layoutGridCols(c common, d *derived) gridCols {
	cols := gridCols{
		id:     max(d.idWidth, width(c.T("tui.col.id"))),
		target: max(min(d.tgtWidth, 10), width(c.T("tui.col.target")), width(i18n.Kind(c.lang, model.KindMilestone))),
		last:   max(11, width(c.T("tui.grid.col.last"))),
		value:  max(10, width(c.T("tui.grid.col.value"))),
		pct:    max(6, width(c.T("tui.col.pct"))),
		status: c.statusTextWidth(),
	}
	fixed := 2 + cols.id + cols.target + cols.last + cols.value + cols.pct + cols.status + 7
	if c.width >= 110 {
		cols.tp = max(6, width(c.T("tui.grid.col.tp")))
		cols.need = max(10, width(c.T("tui.grid.col.need")))
		fixed += cols.tp + cols.need + 2
	}
	cols.name = max(4, c.width-fixed)
	return cols
}

func (g *gridModel) view(m *Model, c common) body {
	if g.choose {
		return g.chooseView(c)
	}
	d := m.data
	st := c.st
	out := []string{c.fit(st.Title.paint(c.T("tui.grid.title"))+"  "+st.Bold.paint(g.dept)+"  "+
		c.T("tui.grid.info", model.FormatDate(g.asOf), len(g.rows), g.count()), c.width)}
	cols := layoutGridCols(c, d)
	h := headings(c, []heading{
		{"tui.col.id", cols.id, false}, {"tui.col.name", cols.name, false}, {"tui.col.target", cols.target, false},
		{"tui.grid.col.last", cols.last, true}, {"tui.grid.col.value", cols.value, false},
		{"tui.col.pct", cols.pct, true}, {"tui.grid.col.tp", cols.tp, true}, {"tui.grid.col.need", cols.need, true},
		{"tui.col.status", cols.status, false},
	})
	out = append(out, h)
	cx, cy := -1, -1
	if len(g.rows) == 0 {
		out = append(out, c.fit("  "+c.T("tui.grid.none"), c.width))
	}
	end := min(len(g.rows), g.offset+g.rowsHeight(c))
	for k := g.offset; k < end; k++ {
		line, x := g.rowLine(c, d, cols, k)
		if k == g.cursor && g.focus == gridValue {
			cx, cy = x, len(out)
		}
		out = append(out, line)
	}
	for len(out) < 2+g.rowsHeight(c) {
		out = append(out, "")
	}
	panel, px, py := g.panel(c, d)
	if px >= 0 {
		cx, cy = px, len(out)+py
	}
	out = append(out, panel...)
	return body{lines: out, cx: cx, cy: cy}
}

// rowLine is one task of the month, and where the value's cursor is.
func (g *gridModel) rowLine(c common, d *derived, cols gridCols, k int) (string, int) {
	st := c.st
	r := &g.rows[k]
	i, _ := d.row(r.id)
	row := d.rows[i]
	t := row.Task
	var s seg
	nameInk := s.lead(c, k == g.cursor)
	s.cell(c, ink{}, t.ID, cols.id)
	s.spaces(1)
	s.cell(c, nameInk, t.Name, cols.name)
	s.spaces(1)
	s.cell(c, ink{}, targetLabel(c, d, i), cols.target)
	s.spaces(1)
	last, lastInk := "-", st.Muted
	if r.last != nil {
		last = model.FormatValue(r.last.Value) + " " + model.FormatDate(r.last.AsOf)[5:]
		if r.last.Review == model.ReviewReturned { // 已退回: to be reported again
			last, lastInk = st.g.returned+" "+last, st.Error
		}
	}
	s.cellRight(c, lastInk, last, cols.last)
	s.spaces(1)
	fk := st.Field
	if k == g.cursor && g.focus == gridValue {
		fk = st.FieldFocus
	}
	if r.err != "" {
		fk = st.Error
	}
	x := s.w
	in, fx := r.in[gridValue].view(cols.value, fk, st.Muted)
	s.raw(in, cols.value)
	s.spaces(1)
	e := row.Eval
	if r.has {
		e = r.preview
	}
	progressCells(c, &s, *t, e, cols.pct, cols.tp)
	if cols.tp > 0 {
		need := "-"
		if e.NeedPerMonth.Valid {
			need = model.FormatValue(e.NeedPerMonth.Decimal.Round(2)) + t.Unit
		}
		s.cellRight(c, st.Muted, need, cols.need)
		s.spaces(1)
	}
	statusInk := st.Status[e.Status]
	if !r.has && !r.empty() {
		statusInk = st.Muted
	}
	s.cell(c, statusInk, st.g.status[e.Status]+" "+c.statusLabel(e.Status), cols.status)
	return s.line(c, c.width), x + fx
}

// panel is the texts of the row under the cursor and its message (or the
// problems of the last save), and where the real cursor is in it.
func (g *gridModel) panel(c common, d *derived) ([]string, int, int) {
	st := c.st
	out := []string{c.fit(st.Muted.paint(strings.Repeat(st.g.rule, c.width)), c.width)}
	r := g.row()
	if r == nil {
		return out, -1, -1
	}
	lw := 0
	for _, l := range gridLabels[1:] {
		lw = max(lw, width(c.T(l)))
	}
	t, _ := d.snap.Task(r.id)
	cx, cy := -1, -1
	for k := gridNote; k < gridInputs; k++ {
		fk := st.Field
		label := c.cell(c.T(gridLabels[k]), lw)
		if k == g.focus {
			fk, label = st.FieldFocus, st.Bold.paint(label)
		}
		req := "  "
		if r.has && (k == gridProblems || k == gridNext) && model.NeedsExplanation(d.snap.Plan, t, d.snap.History[r.id],
			r.update(r.value, g.asOf, "")) {
			req = st.Required.paint("* ")
		}
		in, x := r.in[k].view(max(8, c.width-lw-3), fk, st.Muted)
		if k == g.focus {
			cx, cy = lw+1+2+x, len(out)
		}
		out = append(out, c.fit(label+" "+req+in, c.width))
	}
	var msg string
	switch {
	case len(g.problems) > 0:
		msg = st.Error.paint(strings.Join(g.problems, "  "))
	case r.err != "":
		msg = st.Error.paint(r.err)
	case r.has:
		msg = st.Muted.paint("= "+model.FormatValue(r.preview.Actual.Decimal)+t.Unit+"  ") + c.statusText(r.preview.Status)
	case r.last != nil && r.last.Review == model.ReviewReturned:
		msg = st.Error.paint(st.g.returned + " " + c.T("tui.review.returned") + c.T("report.colon") + oneLine(r.last.ReviewComment))
	case r.empty():
		msg = st.Muted.paint(c.T("tui.grid.empty"))
	}
	out = append(out, c.fit(msg, c.width))
	return out, cx, cy
}

// chooseView lists the departments to choose from.
func (g *gridModel) chooseView(c common) body {
	out := []string{c.fit(c.st.Title.paint(c.T("tui.grid.choose")), c.width)}
	if len(g.depts) == 0 {
		return lines(append(out, c.fit("  "+c.T("tui.grid.nodept"), c.width)), false)
	}
	end := min(len(g.depts), g.deptPos.offset+max(1, c.height-1))
	for k := g.deptPos.offset; k < end; k++ {
		var s seg
		nameInk := s.lead(c, k == g.deptPos.cursor)
		s.cell(c, nameInk, g.depts[k], c.width-2)
		out = append(out, s.line(c, c.width))
	}
	return lines(out, false)
}

// count is how many reports the grid would save (for tests and the info line).
func (g *gridModel) count() int {
	n := 0
	for k := range g.rows {
		if !g.rows[k].empty() {
			n++
		}
	}
	return n
}
