package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"duban/i18n"
	"duban/model"
)

// ── MODEL ───────────────────────────────────────────────────────────────────

// sortKey orders the task table; s cycles through them.
type sortKey int

const (
	sortID       sortKey = iota // plan order
	sortProgress                // highest 完成率 first, unreported last
	sortLag                     // furthest behind time progress first
)

var sortKeys = []string{"tui.sort.id", "tui.sort.progress", "tui.sort.lag"}

// taskFilter selects rows by one attribute; the search is kept separately
// so that it survives choosing a filter.
type taskFilter struct {
	status   model.Status
	chapter  string // exact chapter
	dept     string // exact lead department
	stale    bool   // 未按期填报 only
	mine     bool   // 我的任务: led or partnered by the actor's department
	urged    bool   // 督办 open
	returned bool   // latest update returned (退回)
}

// tasksModel is screen 2: every task in a table that scrolls through any
// number of rows by drawing only those in view.
type tasksModel struct {
	sort      sortKey
	filter    taskFilter
	query     string // the search applied to the rows
	search    field  // the search being typed
	searching bool
	picking   bool // the filter picker is open
	picker    pickerModel

	visible    []int    // indices into derived.rows, filtered and sorted
	filterSeq  int      // the latest filtering asked for; older results are dropped
	visibleSeq int      // the filtering visible is the result of
	data       *derived // what visible was built from
	listPos             // over visible; the selection is a task id
}

const screenTasks screen = "tasks"

// idAt is the task id of visible row k.
func (t *tasksModel) idAt(d *derived) func(int) string {
	return func(k int) string { return d.rows[t.visible[k]].Task.ID }
}

// reselect puts the cursor back on the selected task, or keeps its place.
func (t *tasksModel) reselect(d *derived) { t.keep(len(t.visible), t.idAt(d)) }

func (t *tasksModel) remember(d *derived) { t.mark(len(t.visible), t.idAt(d)) }

// selectedID is the task under the cursor, or "".
func (t *tasksModel) selectedID(d *derived) string {
	if d == nil || t.cursor >= len(t.visible) {
		return ""
	}
	return d.rows[t.visible[t.cursor]].Task.ID
}

// rowsHeight is how many table rows fit under the info and header lines.
func (t *tasksModel) rowsHeight(c common) int { return max(1, c.height-2) }

// ── UPDATE ──────────────────────────────────────────────────────────────────

func (t *tasksModel) task(m *Model) string { return t.selectedID(m.data) }

// refresh rebuilds the rows from newer data, keeping the selection on the
// same task where it is still shown, and keeps the cursor in view.
func (t *tasksModel) refresh(m *Model, c common) {
	if t.data != m.data {
		old := t.data
		t.data = m.data
		if !t.repatch(old, m.data) {
			t.rebuild(m.data)
		}
	}
	t.scrollTo(c)
}

// typed gives the picker and the search line keys first.
func (t *tasksModel) typed(m *Model, msg tea.KeyPressMsg) (bool, tea.Cmd) {
	switch {
	case t.picking:
		return true, t.pickerKey(m, msg)
	case t.searching:
		return t.searchKey(msg, m.common(), m.data)
	}
	return false, nil
}

func (t *tasksModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	c := m.common()
	k := c.keys
	switch {
	case key.Matches(msg, k.Open):
		if id := t.selectedID(m.data); id != "" {
			m.openDetail(id)
		}
	case key.Matches(msg, k.Back):
		t.clearFilters(m.data)
	default:
		t.move(msg, c, m.data)
	}
	return nil
}

func (t *tasksModel) paste(m *Model, msg tea.PasteMsg) tea.Cmd {
	if !t.searching {
		return nil
	}
	_, cmd := t.searchKey(msg, m.common(), m.data)
	return cmd
}

func (t *tasksModel) bindings(m *Model, can model.Can) []key.Binding {
	k := &m.keys
	l := m.opts.Lang
	switch {
	case t.searching:
		return []key.Binding{
			withDesc(k.Open, l, "tui.key.keepsearch"),
			withDesc(k.Back, l, "tui.key.clearsearch"), k.Up, k.Down,
		}
	case t.picking:
		return []key.Binding{withDesc(k.Open, l, "tui.key.apply"),
			withDesc(k.Back, l, "tui.key.close"), k.Up, k.Down}
	}
	keys := cat([]key.Binding{k.Open}, m.taskKeys(can),
		[]key.Binding{k.Search, k.Sort, k.Filter, k.Help, k.Quit, k.PrevMonth, k.NextMonth})
	if t.filter != (taskFilter{}) || t.query != "" {
		keys = append([]key.Binding{keys[0], withDesc(k.Back, l, "tui.key.clearfilter")}, keys[1:]...)
	}
	return keys
}

// move handles the movement keys.
func (t *tasksModel) move(msg tea.KeyPressMsg, c common, d *derived) {
	if t.step(msg, c.keys, t.rowsHeight(c), len(t.visible)) {
		t.remember(d)
	}
}

func (t *tasksModel) wheel(m *Model, c common, n int) {
	if t.picking {
		t.picker.by(n, t.picker.height(c), len(t.picker.opts))
		return
	}
	t.by(n, t.rowsHeight(c), len(t.visible))
	t.remember(m.data)
}

// scrollTo keeps the cursor in view.
func (t *tasksModel) scrollTo(c common) { t.follow(t.rowsHeight(c), len(t.visible)) }

// click selects the row at body line y.
func (t *tasksModel) click(m *Model, c common, y int) {
	if t.picking {
		t.picker.click(y, c)
		return
	}
	if t.pick(y-2, len(t.visible)) {
		t.remember(m.data)
	}
}

// cycleSort switches to the next sort key and shows the top of the new
// order. A large list is sorted in a command, like a search, so the key
// press returns at once.
func (t *tasksModel) cycleSort(d *derived, c common) tea.Cmd {
	t.sort = (t.sort + 1) % sortKey(len(sortKeys))
	v := slices.Clone(t.visible) // never sort a slice an older Model shares
	t.filterSeq++
	t.top()
	if len(v) <= syncRows {
		sortRows(v, d, t.sort)
		t.setVisible(v)
		t.reselect(d)
		t.scrollTo(c)
		return nil
	}
	seq, by := t.filterSeq, t.sort
	return func() tea.Msg {
		sortRows(v, d, by)
		return filteredMsg{seq: seq, d: d, visible: v}
	}
}

func (t *tasksModel) startSearch() {
	t.searching = true
	t.picking = false
	t.search = newField(t.query)
}

// searchKey handles a key or paste while the search line has focus; it
// reports whether the key was used. The rows follow every keystroke.
func (t *tasksModel) searchKey(msg tea.Msg, c common, d *derived) (bool, tea.Cmd) {
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		k := c.keys
		switch {
		case key.Matches(kp, k.Open): // keep the filter, back to the list
			t.searching = false
			return true, nil
		case key.Matches(kp, k.Back): // clear it
			t.searching = false
			return true, t.setQuery("", d)
		case kp.String() == "up" || kp.String() == "down" || kp.String() == "pgup" || kp.String() == "pgdown":
			t.move(kp, c, d)
			return true, nil
		}
	}
	handled, changed := t.search.update(msg)
	var cmd tea.Cmd
	if changed {
		cmd = t.setQuery(t.search.Value(), d)
		t.scrollTo(c)
	}
	return handled, cmd
}

// setQuery applies a new search. Typing on only narrows the rows already
// shown (every word must still match), which is all a keystroke costs; on
// a large plan the filtering runs in a command so typing never waits.
func (t *tasksModel) setQuery(q string, d *derived) tea.Cmd {
	old := t.query
	t.query = strings.TrimSpace(q)
	t.top()
	var base []int
	if old != "" && strings.HasPrefix(t.query, old) {
		base = t.visible
	}
	n := len(d.rows)
	if base != nil {
		n = len(base)
	}
	t.filterSeq++
	if n <= syncRows {
		t.setVisible(filterRows(d, base, t.filter, t.query, t.sort))
		t.reselect(d)
		return nil
	}
	seq, f, query, by := t.filterSeq, t.filter, t.query, t.sort
	return func() tea.Msg {
		return filteredMsg{seq: seq, d: d, visible: filterRows(d, base, f, query, by)}
	}
}

// showDept lists one department's tasks (enter on screen 3).
func (t *tasksModel) showDept(name string, d *derived) {
	t.filter = taskFilter{dept: name}
	t.query, t.searching = "", false
	t.top()
	t.rebuild(d)
}

// clearFilters is esc on the list: everything shows again.
func (t *tasksModel) clearFilters(d *derived) {
	if t.filter == (taskFilter{}) && t.query == "" {
		return
	}
	t.filter, t.query = taskFilter{}, ""
	t.rebuild(d)
}

func (t *tasksModel) openPicker(d *derived, c common) {
	t.searching = false
	t.picking = true
	t.picker = newPicker(d, c, t.filter)
}

// ── VIEW ────────────────────────────────────────────────────────────────────

// taskCols are the column widths of the task table.
type taskCols struct {
	mark, id, name, target, actual, bar, pct, status, lead int
}

func layoutTaskCols(c common, d *derived) taskCols {
	cols := taskCols{
		id:     max(d.idWidth, width(c.T("tui.col.id"))),
		target: max(min(d.tgtWidth, 10+(c.width-80)/10), width(c.T("tui.col.target")), width(i18n.Kind(c.lang, model.KindMilestone))),
		actual: max(d.actWidth, width(c.T("tui.col.actual"))),
		pct:    max(6, width(c.T("tui.col.pct"))),
		status: c.statusTextWidth(),
	}
	fixed := 2 + cols.id + cols.target + cols.actual + cols.pct + cols.status + 7
	if d.marks { // mine, then urged or returned, then a space
		cols.mark = 2
		fixed += 3
	}
	flex := c.width - fixed
	cols.bar = max(6, width(c.T("tui.col.bar")), min(24, flex/4)) // its heading whole
	rest := flex - cols.bar
	cols.lead = max(6, min(d.leadWidth, rest*2/5))
	cols.name = rest - cols.lead
	if cols.name < 10 { // too narrow for both: the lead column goes first
		cols.lead = 0
		cols.name = rest + 1
	}
	cols.name = max(4, cols.name)
	return cols
}

// view draws the info line, the header and the rows in view; while
// searching the real cursor is in the search line.
func (t *tasksModel) view(m *Model, c common) body {
	if t.picking {
		return lines(t.picker.view(c), false)
	}
	ls, x := t.table(c, m.data, m.anim)
	b := lines(ls, true)
	if x >= 0 {
		b.cx, b.cy = x, 0
	}
	return b
}

// table draws the info line, the header and the rows in view.
func (t *tasksModel) table(c common, d *derived, a barAnim) ([]string, int) {
	lines := make([]string, 0, c.height)
	info, cursorX := t.infoLine(c, d)
	lines = append(lines, c.fit(info, c.width))
	cols := layoutTaskCols(c, d)
	lines = append(lines, t.headerLine(c, cols))
	if len(t.visible) == 0 {
		lines = append(lines, c.fit("  "+c.T("tui.tasks.none"), c.width))
		return lines, cursorX
	}
	end := min(len(t.visible), t.offset+t.rowsHeight(c))
	for k := t.offset; k < end; k++ {
		lines = append(lines, t.rowLine(c, d, a, cols, t.visible[k], k == t.cursor))
	}
	return lines, cursorX
}

// infoLine says how many rows show and how they are sorted and filtered;
// while searching it is the search input, and cursorX is the real cursor.
func (t *tasksModel) infoLine(c common, d *derived) (string, int) {
	count := c.T("tui.tasks.count", len(t.visible), len(d.rows))
	if t.searching {
		prompt := c.st.Title.paint("/ ")
		fw := max(4, c.width-2-width(count)-2)
		in, x := t.search.view(fw, c.st.FieldFocus, c.st.Muted)
		return prompt + in + "  " + c.st.Muted.paint(count), 2 + x
	}
	parts := []string{count, c.T("tui.tasks.sort", c.T(sortKeys[t.sort]))}
	if f := t.filterText(c); f != "" {
		parts = append(parts, c.T("tui.tasks.filter", f))
	}
	if t.query != "" {
		parts = append(parts, c.T("tui.tasks.search", t.query))
	}
	left := strings.Join(parts, "  ")
	legend := c.st.Marker.paint(c.st.g.marker) + c.st.Muted.paint(" "+c.T("tui.legend.marker"))
	if d.marks {
		var marks []string
		if d.nMine > 0 {
			marks = append(marks, c.st.Selected.paint(c.st.g.mine)+c.st.Muted.paint(" "+c.T("tui.mark.mine.short")))
		}
		if d.nUrged > 0 {
			marks = append(marks, c.st.Error.paint(c.st.g.urged)+c.st.Muted.paint(" "+c.T("tui.mark.urged.short")))
		}
		if d.nRet > 0 {
			marks = append(marks, c.st.Status[model.StatusBehind].paint(c.st.g.returned)+
				c.st.Muted.paint(" "+c.T("tui.mark.returned.short")))
		}
		if ml := strings.Join(marks, "  ") + "  " + legend; c.width-width(left)-width(ml) >= 2 {
			legend = ml
		}
	}
	if gap := c.width - width(left) - width(legend); gap >= 2 {
		return left + strings.Repeat(" ", gap) + legend, -1
	}
	return left, -1
}

// filterText names every active filter: 滞后 + 市交通运输局.
func (t *tasksModel) filterText(c common) string {
	f := t.filter
	var parts []string
	add := func(on bool, label string) {
		if on {
			parts = append(parts, label)
		}
	}
	add(f.mine, c.T("tui.mark.mine"))
	add(f.urged, c.T("tui.mark.urged"))
	add(f.returned, c.T("tui.mark.returned"))
	add(f.status != "", c.statusLabel(f.status))
	add(f.stale, c.T("tui.stale"))
	add(f.chapter != "", f.chapter)
	add(f.dept != "", f.dept)
	return strings.Join(parts, " + ")
}

func (t *tasksModel) headerLine(c common, w taskCols) string {
	m := c.st.Muted
	var s seg
	s.spaces(2)
	if w.mark > 0 {
		s.spaces(w.mark + 1)
	}
	s.cell(c, m, c.T("tui.col.id"), w.id)
	s.spaces(1)
	s.cell(c, m, c.T("tui.col.name"), w.name)
	s.spaces(1)
	s.cell(c, m, c.T("tui.col.target"), w.target)
	s.spaces(1)
	s.cellRight(c, m, c.T("tui.col.actual"), w.actual)
	s.spaces(1)
	s.cell(c, m, c.T("tui.col.bar"), w.bar)
	s.spaces(1)
	s.cellRight(c, m, c.T("tui.col.pct"), w.pct)
	s.spaces(1)
	s.cell(c, m, c.T("tui.col.status"), w.status)
	if w.lead > 0 {
		s.spaces(1)
		s.cell(c, m, c.T("tui.col.lead"), w.lead)
	}
	return s.line(c, c.width)
}

// rowLine is one task, exactly c.width cells.
func (t *tasksModel) rowLine(c common, d *derived, a barAnim, w taskCols, i int, selected bool) string {
	r := d.rows[i]
	st := c.st
	var s seg
	s.b.Grow(320)
	nameInk := s.lead(c, selected)
	if w.mark > 0 {
		if d.mine[i] {
			s.styled(st.Selected, st.g.mine)
		} else {
			s.spaces(1)
		}
		switch {
		case r.Task.Urged != nil:
			s.styled(st.Error, st.g.urged)
		case d.returned[i]:
			s.styled(st.Status[model.StatusBehind], st.g.returned)
		default:
			s.spaces(1)
		}
		s.spaces(1)
	}
	s.cell(c, ink{}, r.Task.ID, w.id)
	s.spaces(1)
	s.cell(c, nameInk, r.Task.Name, w.name)
	s.spaces(1)
	s.cell(c, ink{}, targetLabel(c, d, i), w.target)
	s.spaces(1)
	s.cellRight(c, ink{}, d.actualText(i), w.actual)
	s.spaces(1)
	pct, pctS := d.prog[i], "-"
	if d.hasProg[i] {
		pctS = decPct(r.Eval.Progress.Decimal)
	}
	if v, ok := a.value(r.Task.ID); ok {
		pct, pctS = v, pctText(v, true)
	}
	s.raw(st.bar(w.bar, pct, d.tpOf(i), r.Eval.Status), w.bar)
	s.spaces(1)
	s.cellRight(c, ink{}, pctS, w.pct)
	s.spaces(1)
	status := r.Eval.Status
	s.cell(c, st.Status[status], st.g.status[status]+" "+c.statusLabel(status), w.status)
	if w.lead > 0 {
		s.spaces(1)
		s.cell(c, ink{}, r.Task.Lead, w.lead)
	}
	return s.line(c, c.width)
}
