package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

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
	listPos // over the queue; the selection is an update's sequence number
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

func queueAt(d *derived) func(int) string {
	return func(k int) string { return strconv.FormatUint(d.queue[k].u.Seq, 10) }
}

// refresh keeps the cursor on the same update; when it has left the queue
// (approved, returned) the cursor stays where it was, on the next one.
func (v *reviewModel) refresh(m *Model, c common) {
	v.keep(len(m.data.queue), queueAt(m.data))
	v.follow(v.rowsHeight(c), len(m.data.queue))
}

func (v *reviewModel) remember(d *derived) { v.mark(len(d.queue), queueAt(d)) }

// selected is the item under the cursor.
func (v *reviewModel) selected(d *derived) (queueItem, bool) {
	if d != nil && v.cursor < len(d.queue) {
		return d.queue[v.cursor], true
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
	v.by(n, v.rowsHeight(c), len(m.data.queue))
	v.remember(m.data)
}

// click selects the item at body line y: two lines of headings, then
// two lines an item.
func (v *reviewModel) click(m *Model, c common, y int) {
	if y >= 2 && v.pick((y-2)/2, len(m.data.queue)) {
		v.remember(m.data)
	}
}

func (v *reviewModel) bindings(m *Model, can model.Can) []key.Binding {
	k := &m.keys
	if can.Review {
		return []key.Binding{k.Approve, k.Return, k.Open, k.Urge, k.Up, k.Down, k.Help, k.Quit}
	}
	return cat([]key.Binding{k.Open}, m.taskKeys(can), []key.Binding{k.Up, k.Down, k.Help, k.Quit})
}

// key handles the keys of screen 4.
func (v *reviewModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := &m.keys
	switch {
	case key.Matches(msg, k.Approve):
		return m.approve()
	case key.Matches(msg, k.Return):
		return m.openReturn()
	case key.Matches(msg, k.Open):
		if it, ok := v.selected(m.data); ok {
			m.openDetail(m.data.rows[it.row].Task.ID)
		}
	default:
		c := m.common()
		if v.step(msg, c.keys, v.rowsHeight(c), len(m.data.queue)) {
			v.remember(m.data)
		}
	}
	return nil
}

// reviewCols are the column widths of the queue.
type reviewCols struct{ id, name, value, date, by, state, lead int }

func layoutReviewCols(c common, d *derived, staff bool) reviewCols {
	cols := reviewCols{
		id:    max(d.idWidth, width(c.T("tui.col.id"))),
		value: width(c.T("tui.col.value")),
		date:  max(10, width(c.T("tui.col.asof"))),
		by:    width(c.T("tui.col.by")),
	}
	for _, it := range d.queue {
		t := &d.rows[it.row].Task
		cols.value = max(cols.value, min(12, width(model.FormatValue(it.u.Value)+t.Unit)))
		cols.by = max(cols.by, min(8, width(it.u.By)))
	}
	if staff {
		cols.state = max(width(c.T("tui.review.pending")), width(c.T("tui.review.returned")))
	}
	fixed := 2 + cols.id + 1 + 1 + cols.value + 1 + cols.date + 1 + cols.by
	if cols.state > 0 {
		fixed += 1 + cols.state
	}
	cols.name = max(4, c.width-fixed)
	if c.width >= 100 { // room for the lead department
		cols.lead = max(width(c.T("tui.col.lead")), min(d.leadWidth, 20))
		cols.name -= cols.lead + 1
	}
	return cols
}

// view draws the info line, the column heads and the items in view.
func (v *reviewModel) view(m *Model, c common) body { return lines(v.table(c, m.data), true) }

func (v *reviewModel) table(c common, d *derived) []string {
	st := c.st
	staff := model.Abilities(d.actor).Own
	var info string
	if staff {
		ret := 0
		for _, it := range d.queue {
			if it.u.Review == model.ReviewReturned {
				ret++
			}
		}
		urged := 0
		for _, r := range d.rows {
			if r.Task.Urged != nil && model.InDepts(d.actor, r.Task.Lead) {
				urged++
			}
		}
		info = c.T("tui.review.mine", len(d.queue)-ret, ret, urged)
	} else {
		info = c.T("tui.review.info", len(d.queue))
	}
	lines := []string{c.fit(info, c.width)}
	cols := layoutReviewCols(c, d, staff)
	var h seg
	h.spaces(2)
	h.cell(c, st.Muted, c.T("tui.col.id"), cols.id)
	h.spaces(1)
	h.cell(c, st.Muted, c.T("tui.col.name"), cols.name)
	h.spaces(1)
	h.cellRight(c, st.Muted, c.T("tui.col.value"), cols.value)
	h.spaces(1)
	h.cell(c, st.Muted, c.T("tui.col.asof"), cols.date)
	h.spaces(1)
	h.cell(c, st.Muted, c.T("tui.col.by"), cols.by)
	if cols.state > 0 {
		h.spaces(1)
		h.cell(c, st.Muted, c.T("tui.col.review"), cols.state)
	}
	if cols.lead > 0 {
		h.spaces(1)
		h.cell(c, st.Muted, c.T("tui.col.lead"), cols.lead)
	}
	lines = append(lines, h.line(c, c.width))
	if len(d.queue) == 0 {
		none := "tui.review.none"
		if staff {
			none = "tui.review.none.mine"
		}
		return append(lines, c.fit("  "+c.T(none), c.width))
	}
	end := min(len(d.queue), v.offset+v.rowsHeight(c))
	for k := v.offset; k < end; k++ {
		lines = append(lines, v.itemLines(c, d, cols, d.queue[k], k == v.cursor)...)
	}
	return lines
}

// itemLines is one update: its figures, then what it says.
func (v *reviewModel) itemLines(c common, d *derived, cols reviewCols, it queueItem, selected bool) []string {
	st := c.st
	t := &d.rows[it.row].Task
	var s seg
	nameInk := s.lead(c, selected)
	s.cell(c, ink{}, t.ID, cols.id)
	s.spaces(1)
	s.cell(c, nameInk, t.Name, cols.name)
	s.spaces(1)
	s.cellRight(c, st.Bold, model.FormatValue(it.u.Value)+t.Unit, cols.value)
	s.spaces(1)
	s.cell(c, ink{}, model.FormatDate(it.u.AsOf), cols.date)
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
	if it.u.Review == model.ReviewReturned {
		p.styled(st.Error, st.g.returned+" "+c.T("tui.review.retcomment", it.u.Reviewer)+oneLine(it.u.ReviewComment)+"  ")
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
