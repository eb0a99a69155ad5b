package tui

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"duban/i18n"
	"duban/model"
)

// reviewModel is screen 4. For supervisors and administrators it is the
// review queue (审核): every update waiting for review, oldest first; a
// approves the selected one, r returns it with a comment, enter opens its
// task. For staff it is their own queue: their department's updates that
// were returned (first) or wait for review. The queue is part of the
// derived data, so it follows every reload: an update approved in another
// session leaves it within a second.
type reviewModel struct {
	listPos              // over items; the selection is an update's sequence number
	items   []int        // indices into derived.queue that pass the filters
	dept    string       // only this lead department's updates ("": all)
	status  model.Status // only updates that leave their task so ("": all)
	data    *derived     // what items were built from
}

const screenReview screen = "review"

// labelKey: for staff, 4 is their own queue.
func (v *reviewModel) labelKey(m *Model) string {
	if m.can().Own {
		return "myqueue"
	}
	return "review"
}

// rowsHeight is how many items (two lines each) fit under the info and
// header lines.
func (v *reviewModel) rowsHeight(c common) int { return max(1, (c.height-2)/2) }

func (v *reviewModel) seqAt(d *derived) func(int) string {
	return func(k int) string { return strconv.FormatUint(d.queue[v.items[k]].u.Seq, 10) }
}

// itemEval is the task as the update leaves it: evaluated with its history
// up to the update's own date.
func itemEval(d *derived, it queueItem) model.Eval {
	t := d.rows[it.row].Task
	return model.Evaluate(d.snap.Plan, *t, d.snap.History[t.ID], it.u.AsOf)
}

// filter rebuilds the items from the queue. Unfiltered, they are every
// item, shared with the other screens of as many rows (never modified): 50
// sessions need not each number the queue again after every save (3 MB of
// garbage a save at 100,000 tasks, BenchmarkFanout50TUI100k's profile).
func (v *reviewModel) filter(d *derived) {
	if v.dept == "" && v.status == "" {
		v.items = everyRow(len(d.queue))
		return
	}
	v.items = v.items[:0:0]
	for k, it := range d.queue {
		if v.dept != "" && d.rows[it.row].Task.Lead != v.dept {
			continue
		}
		if v.status != "" && itemEval(d, it).Status != v.status {
			continue
		}
		v.items = append(v.items, k)
	}
}

// refresh keeps the cursor on the same update; when it has left the queue
// (approved, returned) the cursor stays where it was, on the next one.
func (v *reviewModel) refresh(m *Model, c common) {
	if v.data != m.data {
		v.data = m.data
		v.filter(m.data)
	}
	v.keep(len(v.items), v.seqAt(m.data))
	v.follow(v.rowsHeight(c), len(v.items))
}

func (v *reviewModel) remember(d *derived) { v.mark(len(v.items), v.seqAt(d)) }

// selected is the item under the cursor.
func (v *reviewModel) selected(d *derived) (queueItem, bool) {
	if d != nil && v.cursor < len(v.items) {
		return d.queue[v.items[v.cursor]], true
	}
	return queueItem{}, false
}

func (v *reviewModel) task(m *Model) string {
	if it, ok := v.selected(m.data); ok {
		return m.data.rows[it.row].Task.ID
	}
	return ""
}

func (v *reviewModel) wheel(m *Model, c common, n int) {
	v.by(n, v.rowsHeight(c), len(v.items))
	v.remember(m.data)
}

// click selects the item at body line y: two lines of headings, then
// two lines an item.
func (v *reviewModel) click(m *Model, c common, y int) {
	if y >= 2 && v.pick((y-2)/2, len(v.items)) {
		v.remember(m.data)
	}
}

// reviewKeys are the review screen's own bindings: the filters and the
// batch approval, none of them letters.
type reviewKeys struct{ Dept, Status, Month, Grid key.Binding }

func newReviewKeys(l i18n.Lang, ascii bool) reviewKeys {
	lr, slr := "←/→", "shift+←/→"
	if ascii {
		lr, slr = "left/right", "shift+left/right"
	}
	return reviewKeys{
		Dept:   key.NewBinding(key.WithKeys("left", "right"), key.WithHelp(lr, l.T("tui.review.key.dept"))),
		Status: key.NewBinding(key.WithKeys("shift+left", "shift+right"), key.WithHelp(slr, l.T("tui.review.key.status"))),
		Month:  key.NewBinding(key.WithKeys("A", "f6"), key.WithHelp("A/f6", l.T("tui.review.key.month"))),
		Grid:   key.NewBinding(key.WithKeys("f4"), key.WithHelp("f4", l.T("tui.key.grid"))),
	}
}

// helpGroup lists the queue's own keys in the help.
func (v *reviewModel) helpGroup(m *Model) *helpGroup {
	rk := newReviewKeys(m.opts.Lang, m.opts.ASCII)
	switch can := m.can(); {
	case can.Review:
		return &helpGroup{"tui.help.queue", []key.Binding{rk.Month, rk.Dept, rk.Status}}
	case can.Report:
		return &helpGroup{"tui.help.queue", []key.Binding{rk.Grid}}
	}
	return nil
}

func (v *reviewModel) bindings(m *Model, can model.Can) []key.Binding {
	k := &m.keys
	rk := newReviewKeys(m.opts.Lang, m.opts.ASCII)
	if can.Review {
		return []key.Binding{k.Approve, rk.Month, k.Return, k.Open, rk.Dept, rk.Status, k.Urge, k.Help, k.Quit}
	}
	return cat([]key.Binding{rk.Grid, k.Open}, m.taskKeys(can), []key.Binding{k.Up, k.Down, k.Help, k.Quit})
}

// key handles the keys of screen 4.
func (v *reviewModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := &m.keys
	rk := newReviewKeys(m.opts.Lang, m.opts.ASCII)
	c := m.common()
	switch {
	case key.Matches(msg, k.Approve):
		return m.approve()
	case key.Matches(msg, rk.Month):
		return m.openApproveMonth()
	case key.Matches(msg, rk.Grid) && m.isTab(screenGrid): // staff: their month, from their queue
		m.show(screenGrid)
	case key.Matches(msg, k.Return):
		return m.openReturn()
	case key.Matches(msg, k.Open):
		if it, ok := v.selected(m.data); ok {
			m.openDetail(m.data.rows[it.row].Task.ID)
		}
	case key.Matches(msg, rk.Dept):
		v.dept = cycle(v.queueDepts(m.data), v.dept, msg.String() == "left")
		v.refilter(m.data, c)
	case key.Matches(msg, rk.Status):
		statuses := make([]string, len(model.Statuses))
		for i, s := range model.Statuses {
			statuses[i] = string(s)
		}
		v.status = model.Status(cycle(statuses, string(v.status), msg.String() == "shift+left"))
		v.refilter(m.data, c)
	default:
		if v.step(msg, c.keys, v.rowsHeight(c), len(v.items)) {
			v.remember(m.data)
		}
	}
	return nil
}

// refilter applies changed filters: the view shows the top of the new list.
func (v *reviewModel) refilter(d *derived, c common) {
	v.filter(d)
	v.top()
	v.remember(d)
	v.follow(v.rowsHeight(c), len(v.items))
}

// queueDepts are the lead departments with updates in the queue.
func (v *reviewModel) queueDepts(d *derived) []string {
	var out []string
	for _, it := range d.queue {
		if l := d.rows[it.row].Task.Lead; !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

// cycle is the choice after (or before) cur in "" (all) followed by opts.
func cycle(opts []string, cur string, back bool) string {
	all := append([]string{""}, opts...)
	k := max(0, slices.Index(all, cur))
	if back {
		return all[(k+len(all)-1)%len(all)]
	}
	return all[(k+1)%len(all)]
}

// monthItems are the pending updates of the selected update's lead
// department dated in its month, not after the viewed date: what A
// approves at once.
func (v *reviewModel) monthItems(d *derived) (dept string, month time.Time, seqs []uint64) {
	it, ok := v.selected(d)
	if !ok {
		return "", time.Time{}, nil
	}
	dept = d.rows[it.row].Task.Lead
	y, mo, _ := it.u.AsOf.Date()
	month = time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC)
	for _, q := range d.queue {
		qy, qm, _ := q.u.AsOf.Date()
		if pending(q.u) && d.rows[q.row].Task.Lead == dept && qy == y && qm == mo && !q.u.AsOf.After(d.asOf) {
			seqs = append(seqs, q.u.Seq)
		}
	}
	return dept, month, seqs
}

// ── VIEW ────────────────────────────────────────────────────────────────────

// reviewCols are the column widths of the queue; tp and lead are 0 when
// they do not fit.
type reviewCols struct{ id, name, value, delta, pct, tp, status, date, by, state, lead int }

func layoutReviewCols(c common, d *derived, staff bool) reviewCols {
	cols := reviewCols{
		id:     max(d.idWidth, width(c.T("tui.col.id"))),
		value:  width(c.T("tui.col.value")),
		delta:  max(6, width(c.T("tui.review.col.delta"))),
		pct:    max(6, width(c.T("tui.col.pct"))),
		status: c.statusTextWidth(),
		date:   max(10, width(c.T("tui.col.asof"))),
		by:     width(c.T("tui.col.by")),
	}
	for _, it := range d.queue {
		t := d.rows[it.row].Task
		cols.value = max(cols.value, min(12, width(model.FormatValue(it.u.Value)+t.Unit)))
		cols.by = max(cols.by, min(8, width(it.u.By)))
	}
	if staff {
		cols.state = max(width(c.T("tui.review.pending")), width(c.T("tui.review.returned")))
	}
	fixed := 2 + cols.id + 1 + 1 + cols.value + 1 + cols.delta + 1 + cols.pct + 1 + cols.status + 1 + cols.date + 1 + cols.by
	if cols.state > 0 {
		fixed += 1 + cols.state
	}
	if c.width >= 100 { // room for 序时进度 and the lead department
		cols.tp = max(6, width(c.T("tui.grid.col.tp")))
		cols.lead = max(width(c.T("tui.col.lead")), min(d.leadWidth, 20))
		fixed += cols.tp + 1 + cols.lead + 1
	}
	if c.width-fixed < 10 { // a name needs room more than the change does
		fixed -= cols.delta + 1
		cols.delta = 0
	}
	cols.name = max(4, c.width-fixed)
	return cols
}

// view draws the info line, the column heads and the items in view.
func (v *reviewModel) view(m *Model, c common) body { return lines(v.table(c, m.data), true) }

func (v *reviewModel) table(c common, d *derived) []string {
	staff := model.Abilities(d.actor).Own
	var info string
	if staff {
		ret := 0
		for _, it := range d.queue {
			if it.u.Review == model.ReviewReturned {
				ret++
			}
		}
		info = c.T("tui.review.mine", len(d.queue)-ret, ret, d.nOwnUrged)
	} else {
		info = c.T("tui.review.info", len(d.queue))
	}
	if v.dept != "" || v.status != "" {
		f := v.dept
		if v.status != "" {
			f = strings.TrimPrefix(f+" + "+c.statusLabel(v.status), " + ")
		}
		info += "  " + c.T("tui.review.filtered", len(v.items), f)
	}
	lines := []string{c.fit(info, c.width)}
	cols := layoutReviewCols(c, d, staff)
	h := headings(c, []heading{
		{"tui.col.id", cols.id, false}, {"tui.col.name", cols.name, false}, {"tui.col.value", cols.value, true},
		{"tui.review.col.delta", cols.delta, true}, {"tui.col.pct", cols.pct, true}, {"tui.grid.col.tp", cols.tp, true},
		{"tui.col.status", cols.status, false}, {"tui.col.asof", cols.date, false}, {"tui.col.by", cols.by, false},
		{"tui.col.review", cols.state, false}, {"tui.col.lead", cols.lead, false},
	})
	lines = append(lines, h)
	if len(v.items) == 0 {
		none := "tui.review.none"
		if staff {
			none = "tui.review.none.mine"
		}
		return append(lines, c.fit("  "+c.T(none), c.width))
	}
	end := min(len(v.items), v.offset+v.rowsHeight(c))
	for k := v.offset; k < end; k++ {
		lines = append(lines, v.itemLines(c, d, cols, d.queue[v.items[k]], k == v.cursor)...)
	}
	return lines
}

// sinceApproved is the change of the update's value since the task's last
// approved report before it, "-" when there is none.
func sinceApproved(d *derived, it queueItem) string {
	h := d.snap.History[d.rows[it.row].Task.ID]
	for k := len(h) - 1; k >= 0; k-- {
		p := &h[k]
		if p.Seq == it.u.Seq || p.Review != model.ReviewApproved || p.AsOf.After(it.u.AsOf) {
			continue
		}
		diff := it.u.Value.Sub(p.Value)
		if diff.IsPositive() {
			return "+" + model.FormatValue(diff)
		}
		return model.FormatValue(diff)
	}
	return "-"
}

// itemLines is one update: its figures, then what it says.
func (v *reviewModel) itemLines(c common, d *derived, cols reviewCols, it queueItem, selected bool) []string {
	st := c.st
	t := d.rows[it.row].Task
	e := itemEval(d, it)
	future := it.u.AsOf.After(d.asOf)
	var s seg
	nameInk := s.lead(c, selected)
	s.cell(c, ink{}, t.ID, cols.id)
	s.spaces(1)
	s.cell(c, nameInk, t.Name, cols.name)
	s.spaces(1)
	s.cellRight(c, st.Bold, model.FormatValue(it.u.Value)+t.Unit, cols.value)
	s.spaces(1)
	if cols.delta > 0 {
		s.cellRight(c, ink{}, sinceApproved(d, it), cols.delta)
		s.spaces(1)
	}
	progressCells(c, &s, *t, e, cols.pct, cols.tp)
	s.cell(c, st.Status[e.Status], st.g.status[e.Status]+" "+c.statusLabel(e.Status), cols.status)
	s.spaces(1)
	dateInk := ink{}
	if future {
		dateInk = st.Error
	}
	s.cell(c, dateInk, model.FormatDate(it.u.AsOf), cols.date)
	s.spaces(1)
	s.cell(c, ink{}, it.u.By, cols.by)
	if cols.state > 0 {
		s.spaces(1)
		k := st.Muted
		if it.u.Review == model.ReviewReturned {
			k = st.Error
		}
		s.cell(c, k, c.T("tui.review."+string(it.u.Review)), cols.state)
	}
	if cols.lead > 0 {
		s.spaces(1)
		s.cell(c, st.Muted, t.Lead, cols.lead)
	}
	first := s.line(c, c.width)

	var p seg
	p.spaces(4)
	if future {
		p.styled(st.Error, c.T("tui.review.future", model.FormatDate(d.asOf))+"  ")
	}
	if it.u.Review == model.ReviewReturned {
		by := it.u.Reviewer
		if !it.u.ReviewedAt.IsZero() {
			by += " " + clockTime(it.u.ReviewedAt)
		}
		p.styled(st.Error, st.g.returned+" "+c.T("tui.review.retcomment", by)+oneLine(it.u.ReviewComment)+"  ")
	}
	var parts []string
	for _, f := range [][2]string{
		{"tui.detail.note", it.u.Note}, {"tui.detail.problems", it.u.Problems}, {"tui.detail.next", it.u.Next},
	} {
		if txt := oneLine(f[1]); txt != "" {
			parts = append(parts, c.T(f[0])+txt)
		}
	}
	if len(parts) == 0 {
		parts = append(parts, c.T("tui.review.nonote"))
	}
	p.cell(c, st.Muted, strings.Join(parts, "  "), max(0, c.width-p.w))
	return []string{first, p.line(c, c.width)}
}

// oneLine puts text on one line for a preview.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
