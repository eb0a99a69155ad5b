package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"duban/i18n"
	"duban/model"
)

// deptsModel is screen 3: one row per lead department, ranked by score
// (model.RankDepts), with its status counts, the bulletin categories and
// the 红黑榜 above; enter lists its tasks.
type deptsModel struct {
	listPos // over the ranking; the selection is a department's name
}

const screenDepts screen = "depts"

func (v *deptsModel) rowsHeight(c common) int { return max(1, c.height-deptsHeader) }

// deptsHeader is the lines above the rows: info, categories, 红榜, 黑榜, column heads.
const deptsHeader = 5

func deptAt(d *derived) func(int) string { return func(k int) string { return d.sum.Depts[k].Name } }

// refresh keeps the cursor on the same department when the ranking changes.
func (v *deptsModel) refresh(m *Model, c common) {
	v.keep(len(m.data.sum.Depts), deptAt(m.data))
	v.follow(v.rowsHeight(c), len(m.data.sum.Depts))
}

// selected is the department under the cursor.
func (v *deptsModel) selected(d *derived) (string, bool) {
	if v.cursor < len(d.sum.Depts) {
		return d.sum.Depts[v.cursor].Name, true
	}
	return "", false
}

func (v *deptsModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	c := m.common()
	d := m.data
	if key.Matches(msg, c.keys.Open) {
		if name, ok := v.selected(d); ok {
			m.tasks().showDept(name, d)
			m.show(screenTasks)
			m.tasks().scrollTo(c)
		}
		return nil
	}
	if v.step(msg, c.keys, v.rowsHeight(c), len(d.sum.Depts)) {
		v.mark(len(d.sum.Depts), deptAt(d))
	}
	return nil
}

func (v *deptsModel) bindings(m *Model, _ model.Can) []key.Binding {
	k := &m.keys
	return []key.Binding{withDesc(k.Open, m.opts.Lang, "tui.key.depttasks"), k.Up, k.Down,
		k.Help, k.Quit, k.PrevMonth, k.NextMonth}
}

func (v *deptsModel) wheel(m *Model, c common, n int) {
	v.by(n, v.rowsHeight(c), len(m.data.sum.Depts))
	v.mark(len(m.data.sum.Depts), deptAt(m.data))
}

// click selects the row at body line y (the headings above).
func (v *deptsModel) click(m *Model, c common, y int) {
	if v.pick(y-deptsHeader, len(m.data.sum.Depts)) {
		v.mark(len(m.data.sum.Depts), deptAt(m.data))
	}
}

// deptCols are the column widths of the department table; stale is 0
// when the overdue column does not fit.
type deptCols struct{ name, tasks, score, bar, pct, counts, stale int }

func layoutDeptCols(c common, d *derived) deptCols {
	cols := deptCols{
		tasks:  max(4, width(c.T("tui.col.tasks"))),
		pct:    6,
		counts: 5*len(model.Statuses) + len(model.Statuses) - 1, // "✓ 12 " per status
		score:  max(4, width(c.T("tui.col.score"))),
	}
	if c.width >= 100 {
		cols.stale = max(6, width(c.T("tui.col.stale")))
	}
	nw := 0
	for _, g := range d.sum.Depts {
		nw = max(nw, width(g.Name))
	}
	flex := c.width - 2 - cols.tasks - cols.pct - cols.counts - cols.score - 5
	if cols.stale > 0 {
		flex -= cols.stale + 1
	}
	cols.name = max(8, min(nw, flex*3/5))
	cols.bar = max(6, flex-cols.name)
	return cols
}

func (v *deptsModel) view(m *Model, c common) body { return lines(v.table(c, m.data), true) }

func (v *deptsModel) table(c common, d *derived) []string {
	st := c.st
	cols := layoutDeptCols(c, d)
	head := "  " + c.cell(c.T("tui.col.dept"), cols.name) + " " +
		c.cellRight(c.T("tui.col.tasks"), cols.tasks) + " " + c.cellRight(c.T("tui.col.score"), cols.score) + " " +
		c.cell(c.T("tui.col.avgbar"), cols.bar+1+cols.pct) + " " + c.cell(c.T("tui.col.counts"), cols.counts)
	if cols.stale > 0 {
		head += " " + c.cellRight(c.T("tui.col.stale"), cols.stale)
	}
	red, black := redBlackLines(c, d.sum.Depts)
	lines := []string{
		c.fit(c.T("tui.depts.info", len(d.sum.Depts), decPct(d.sum.TimeProgress)), c.width),
		c.fit(catsLine(c, d.sum.All), c.width),
		c.fit(red, c.width),
		c.fit(black, c.width),
		c.fit(st.Muted.paint(head), c.width),
	}
	end := min(len(d.sum.Depts), v.offset+v.rowsHeight(c))
	for k := v.offset; k < end; k++ {
		g := d.sum.Depts[k]
		var s seg
		nameInk := s.lead(c, k == v.cursor)
		s.cell(c, nameInk, g.Name, cols.name)
		s.spaces(1)
		s.cellRight(c, ink{}, strconv.Itoa(g.Tasks), cols.tasks)
		s.spaces(1)
		s.cellRight(c, c.st.Status[g.Standing()], model.FormatScore(g.Score), cols.score)
		s.spaces(1)
		s.raw(st.bar(cols.bar, f64(g.AvgProgress), d.planTP, paceStatus(g, d)), cols.bar)
		s.spaces(1)
		s.cellRight(c, ink{}, decPct(g.AvgProgress), cols.pct)
		s.spaces(1)
		statusCounts(c, &s, g)
		if cols.stale > 0 {
			s.spaces(1)
			s.cellRight(c, ink{}, strconv.Itoa(g.Stale), cols.stale)
		}
		lines = append(lines, s.line(c, c.width))
	}
	return lines
}

// statusCounts appends "✓ 1   ◉ 4   ▴ 2   ✕ 0   ◌ 3": each status's
// symbol, coloured, and its count; zeros are dimmed so the others stand out.
func statusCounts(c common, s *seg, g model.Group) {
	for k, status := range model.Statuses {
		if k > 0 {
			s.spaces(1)
		}
		n := g.Counts[status]
		k := c.st.Status[status]
		if n == 0 {
			k = c.st.Muted
		}
		s.cell(c, k, c.st.g.status[status]+" "+strconv.Itoa(n), 5)
	}
}

// paceStatus colours a group's bar by its standing against schedule
// (model.Group.Standing, from the ranking score); the status counts beside
// it carry the exact picture.
func paceStatus(g model.Group, _ *derived) model.Status { return g.Standing() }

// redBlackN is how many departments the 红黑榜 line names at each end.
const redBlackN = 3

// catsLine is the bulletin categories of g: 超进度 3 · 达进度 40 · …
func catsLine(c common, g model.Group) string {
	parts := make([]string, 0, len(model.Categories))
	for _, k := range model.Categories {
		parts = append(parts, i18n.Category(c.lang, string(k))+" "+strconv.Itoa(g.Cats[k]))
	}
	return strings.Join(parts, "  ")
}

// redBlackLines are the 红黑榜 of a ranking: the best and the worst
// departments with their scores, one line each ("" when too few are scored).
func redBlackLines(c common, ranked []model.Group) (string, string) {
	red, black := model.RedBlack(ranked, redBlackN)
	names := func(gs []model.Group) string {
		out := make([]string, len(gs))
		for i, g := range gs {
			out[i] = g.Name + " " + model.FormatScore(g.Score)
		}
		return strings.Join(out, "、")
	}
	if len(red) == 0 {
		return "", ""
	}
	return c.T("tui.depts.red", names(red)), c.T("tui.depts.black", names(black))
}
