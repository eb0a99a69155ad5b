package tui

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"duban/model"
)

// overviewModel is screen 1: the plan at a glance. It has no state of its
// own; everything comes from the derived data, so it changes the moment a
// save is re-evaluated.
type overviewModel struct{}

const screenOverview screen = "overview"

func (*overviewModel) refresh(*Model, common) {}

func (*overviewModel) view(m *Model, c common) body { return lines(overview(c, m.data, m.anim), true) }

func (*overviewModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Open) {
		m.show(screenTasks)
	}
	return nil
}

// bindings: the other tabs first.
func (*overviewModel) bindings(m *Model, _ model.Can) []key.Binding {
	k := &m.keys
	tabs := m.tabKeys()[1:]
	return cat(tabs, []key.Binding{k.Search, k.Help, k.Quit, k.PrevMonth, k.NextMonth, k.Export})
}

// overview draws screen 1. Every line is exactly c.width cells.
func overview(c common, d *derived, a barAnim) []string {
	st := c.st
	w := c.width
	sum := d.sum
	out := make([]string, 0, c.height)
	blank := func() { out = append(out, padRight("", w)) }

	var s seg
	s.styled(st.Title, d.snap.Plan.Title)
	out = append(out, s.line(c, w))

	// Time progress and overall completion as bars.
	lw := max(width(c.T("tui.ov.tp")), width(c.T("tui.ov.overall")))
	bw := max(10, min(50, w-lw-30))
	s = seg{}
	s.cell(c, ink{}, c.T("tui.ov.tp"), lw)
	s.spaces(1)
	s.raw(st.bar(bw, d.planTP, -1, model.StatusDone), bw)
	s.text(" " + decPct(sum.TimeProgress) + "  ")
	s.styled(st.Muted, c.T("tui.ov.asof", model.FormatDate(d.asOf)))
	out = append(out, s.line(c, w))
	s = seg{}
	s.cell(c, ink{}, c.T("tui.ov.overall"), lw)
	s.spaces(1)
	s.raw(st.bar(bw, f64(sum.All.AvgProgress), d.planTP, paceStatus(sum.All, d)), bw)
	s.text(" " + decPct(sum.All.AvgProgress) + "  ")
	s.styled(st.Muted, c.T("tui.ov.tasks", sum.All.Tasks))
	out = append(out, s.line(c, w))

	// Status counts, symbol and label each.
	s = seg{}
	for k, status := range model.Statuses {
		if status == model.StatusUnpublished && sum.All.Counts[status] == 0 {
			continue // only statistics tasks before their first release
		}
		if k > 0 {
			s.spaces(2)
		}
		s.styled(st.Status[status], st.g.status[status]+" "+c.statusLabel(status))
		s.text(" " + strconv.Itoa(sum.All.Counts[status]))
	}
	out = append(out, s.line(c, w))
	s = seg{}
	stale := c.T("tui.ov.stale", sum.All.Stale)
	if sum.All.Stale > 0 {
		s.styled(st.Status[model.StatusBehind], stale)
	} else {
		s.text(stale)
	}
	out = append(out, s.line(c, w))
	blank()

	// Chapters and departments side by side, or one above the other when
	// narrow; as many departments as fit, the rest on screen 3.
	laggingH := 1 + max(1, len(d.lagging)) // heading and rows
	room := c.height - len(out) - 1 - laggingH
	if w >= 80 {
		colW := (w - 2) / 2
		left := groupLines(c, d, c.T("tui.ov.chapters"), sum.Chapters, colW, room, false, "tui.ov.more.chapters")
		right := groupLines(c, d, c.T("tui.ov.depts"), sum.Depts, w-colW-2, room, true, "tui.ov.more")
		for k := range max(len(left), len(right)) {
			l, r := padRight("", colW), padRight("", w-colW-2)
			if k < len(left) {
				l = left[k]
			}
			if k < len(right) {
				r = right[k]
			}
			out = append(out, l+"  "+r)
		}
	} else {
		half := max(2, room/2)
		out = append(out, groupLines(c, d, c.T("tui.ov.chapters"), sum.Chapters, w, half, false, "tui.ov.more.chapters")...)
		out = append(out, groupLines(c, d, c.T("tui.ov.depts"), sum.Depts, w, room-half, true, "tui.ov.more")...)
	}
	blank()

	// The most lagging tasks.
	s = seg{}
	s.styled(st.Title, c.T("tui.ov.lagging"))
	out = append(out, s.line(c, w))
	if len(d.lagging) == 0 {
		s = seg{}
		s.styled(st.Muted, c.T("tui.ov.nolag"))
		out = append(out, s.line(c, w))
	}
	lagW := 0
	for _, r := range d.lagging {
		lagW = max(lagW, width(c.T("tui.ov.lag", model.FormatPercent(r.Eval.Lag))))
	}
	for _, r := range d.lagging {
		i, _ := d.row(r.Task.ID)
		out = append(out, lagLine(c, d, a, i, lagW))
	}
	return out
}

// groupLines is a titled list of groups, each with its average-progress bar
// and its average 完成率, or its ranking score when score is set (the
// departments), at most maxLines lines of exactly w cells.
func groupLines(c common, d *derived, title string, gs []model.Group, w, maxLines int, score bool, moreKey string) []string {
	st := c.st
	var s seg
	s.styled(st.Title, title)
	out := []string{s.line(c, w)}
	if maxLines < 2 {
		return out
	}
	pw := 6
	nw := 0
	for _, g := range gs {
		nw = max(nw, width(g.Name))
	}
	nw = max(6, min(nw, (w-pw-3)*11/20))
	bw := max(4, w-nw-pw-2)
	n := len(gs)
	if n > maxLines-1 {
		n = maxLines - 2 // leave a line for "N more"
	}
	for _, g := range gs[:max(0, n)] {
		s = seg{}
		s.cell(c, ink{}, g.Name, nw)
		s.spaces(1)
		s.raw(st.bar(bw, f64(g.AvgProgress), d.planTP, paceStatus(g, d)), bw)
		s.spaces(1)
		if score {
			s.cellRight(c, st.Status[g.Standing()], model.FormatScore(g.Score), pw)
		} else {
			s.cellRight(c, ink{}, decPct(g.AvgProgress), pw)
		}
		out = append(out, s.line(c, w))
	}
	if n < len(gs) {
		s = seg{}
		s.styled(st.Muted, c.T(moreKey, len(gs)-n))
		out = append(out, s.line(c, w))
	}
	return out
}

// lagLine is one of the most lagging tasks, exactly c.width cells.
func lagLine(c common, d *derived, a barAnim, i, lagW int) string {
	st := c.st
	r := d.rows[i]
	status := r.Eval.Status
	pct, pctS := d.prog[i], "-"
	if d.hasProg[i] {
		pctS = decPct(r.Eval.Progress.Decimal)
	}
	if v, ok := a.value(r.Task.ID); ok {
		pct, pctS = v, pctText(v, true)
	}
	bw := 12
	if c.width >= 120 {
		bw = 20
	}
	fixed := 2 + d.idWidth + 1 + 1 + bw + 1 + 6 + 2 + lagW
	nw := max(6, c.width-fixed)
	lw := 0
	if c.width >= 110 {
		lw = min(24, nw/2)
		nw -= lw + 2
	}
	var s seg
	s.styled(st.Status[status], st.g.status[status])
	s.spaces(1)
	s.cell(c, ink{}, r.Task.ID, d.idWidth)
	s.spaces(1)
	s.cell(c, ink{}, r.Task.Name, nw)
	s.spaces(1)
	s.raw(st.bar(bw, pct, d.tpOf(i), status), bw)
	s.spaces(1)
	s.cellRight(c, ink{}, pctS, 6)
	s.spaces(2)
	s.cell(c, st.Status[status], c.T("tui.ov.lag", model.FormatPercent(r.Eval.Lag)), lagW)
	if lw > 0 {
		s.spaces(2)
		s.cell(c, st.Muted, r.Task.Lead, lw)
	}
	return s.line(c, c.width)
}
