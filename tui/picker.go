package tui

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"duban/model"
)

// pickOption is one choice of the filter picker.
type pickOption struct {
	group string // i18n key of its group, shown on the group's first line
	label string
	count int
	f     taskFilter
}

// pickerModel is the filter picker (f): all tasks, a status, overdue
// reports, a chapter or a lead department, each with its count.
type pickerModel struct {
	opts []pickOption
	cur  taskFilter // the filter it was opened on: its options are marked
	listPos
}

func newPicker(d *derived, c common, cur taskFilter) pickerModel {
	p := pickerModel{cur: cur}
	first := true
	add := func(group, label string, n int, f taskFilter) {
		p.opts = append(p.opts, pickOption{group: group, label: label, count: n, f: f})
		if first && isOn(cur, f) {
			p.cursor, first = len(p.opts)-1, false
		}
	}
	// The marks first: a department's own tasks, urged, returned.
	if len(d.actor.Depts) > 0 {
		add("tui.pick.marks", c.st.g.mine+" "+c.T("tui.mark.mine"), d.nMine, taskFilter{mine: true})
	}
	add("tui.pick.marks", c.st.g.urged+" "+c.T("tui.mark.urged"), d.nUrged, taskFilter{urged: true})
	add("tui.pick.marks", c.st.g.returned+" "+c.T("tui.mark.returned"), d.nRet, taskFilter{returned: true})
	add("tui.pick.all", c.T("tui.pick.alltasks"), len(d.rows), taskFilter{})
	for _, s := range model.Statuses {
		add("tui.pick.status", c.st.g.status[s]+" "+c.statusLabel(s), d.sum.All.Counts[s], taskFilter{status: s})
	}
	add("tui.pick.status", c.T("tui.stale"), d.sum.All.Stale, taskFilter{stale: true})
	for _, g := range d.sum.Chapters {
		add("tui.pick.chapter", g.Name, g.Tasks, taskFilter{chapter: g.Name})
	}
	for _, g := range d.sum.Depts {
		add("tui.pick.dept", g.Name, g.Tasks, taskFilter{dept: g.Name})
	}
	p.scrollTo(c)
	return p
}

func (p *pickerModel) height(c common) int { return max(1, c.height-1) }

func (p *pickerModel) move(msg tea.KeyPressMsg, c common) {
	p.step(msg, c.keys, p.height(c), len(p.opts))
}

func (p *pickerModel) scrollTo(c common) { p.follow(p.height(c), len(p.opts)) }

// click selects the option at body line y (the title above).
func (p *pickerModel) click(y int, c common) {
	p.pick(y-1, len(p.opts))
	p.scrollTo(c)
}

func (p *pickerModel) chosen() taskFilter { return p.opts[p.cursor].f }

// combine is the filter cur with option f applied: f takes the place of
// cur's choice in f's group (a status, a chapter, a department, a mark) and
// keeps the others, so a department and a status filter at once. All tasks
// (the zero option) clears every filter; choosing what is already chosen
// takes it off.
func combine(cur, f taskFilter) taskFilter {
	out := cur
	switch {
	case f == taskFilter{}:
		return f
	case f.status != "" || f.stale:
		out.status, out.stale = f.status, f.stale
		if cur.status == f.status && cur.stale == f.stale {
			out.status, out.stale = "", false
		}
	case f.chapter != "":
		out.chapter = f.chapter
		if cur.chapter == f.chapter {
			out.chapter = ""
		}
	case f.dept != "":
		out.dept = f.dept
		if cur.dept == f.dept {
			out.dept = ""
		}
	default: // a mark
		out.mine, out.urged, out.returned = f.mine, f.urged, f.returned
		if cur.mine == f.mine && cur.urged == f.urged && cur.returned == f.returned {
			out.mine, out.urged, out.returned = false, false, false
		}
	}
	return out
}

// isOn reports whether option f is part of filter cur.
func isOn(cur, f taskFilter) bool {
	switch {
	case f == taskFilter{}:
		return cur == f
	case f.status != "" || f.stale:
		return cur.status == f.status && cur.stale == f.stale
	case f.chapter != "":
		return cur.chapter == f.chapter
	case f.dept != "":
		return cur.dept == f.dept
	}
	return cur.mine == f.mine && cur.urged == f.urged && cur.returned == f.returned
}

func (p *pickerModel) view(c common) []string {
	lines := []string{c.st.Title.paint(c.T("tui.pick.title"))}
	gw := 0
	for _, o := range p.opts {
		gw = max(gw, width(c.T(o.group)))
	}
	end := min(len(p.opts), p.offset+p.height(c))
	for k := p.offset; k < end; k++ {
		o := p.opts[k]
		group := ""
		if k == p.offset || p.opts[k-1].group != o.group {
			group = c.T(o.group)
		}
		cur := "  "
		label := o.label
		if isOn(p.cur, o.f) && o.f != (taskFilter{}) {
			label += c.T("tui.pick.on")
		}
		if k == p.cursor {
			cur = c.st.Selected.paint(c.st.g.cursor) + " "
			label = c.st.Selected.paint(label)
		}
		n := strconv.Itoa(o.count)
		lw := max(4, c.width-2-gw-2-6-2)
		lines = append(lines, cur+c.st.Muted.paint(c.cell(group, gw))+"  "+
			padRight(c.truncate(label, lw), lw)+" "+c.cellRight(n, 6))
	}
	return lines
}

// pickerKey handles a key while the picker is open: enter applies the
// choice, esc (or f again) closes it.
func (t *tasksModel) pickerKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := &m.keys
	c := m.common()
	switch {
	case key.Matches(msg, k.Open):
		t.filter = combine(t.filter, t.picker.chosen())
		t.picking = false
		t.top()
		t.rebuild(m.data)
		t.scrollTo(c)
	case key.Matches(msg, k.Back, k.Filter):
		t.picking = false
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.toggleHelp()
	default:
		t.picker.move(msg, c)
	}
	return nil
}
