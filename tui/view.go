package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"duban/i18n"
	"duban/model"
)

// View draws the header (tabs, as-of date, demo badge), the active screen
// and the footer (a message or the keys of the screen). Every line is fitted
// to the terminal width and the frame always has exactly its height, so the
// renderer only repaints what changed.
func (m Model) View() tea.View {
	c := m.common()
	body := make([]string, 0, c.height)
	cx, cy := -1, -1
	exact := false // the screen's lines are already exactly m.width
	switch {
	case m.state == stateLoading:
		body = append(body, m.T("tui.loading"))
	case m.state == stateFailed:
		body = append(body, m.st.Error.paint(m.T("tui.load.failed", m.errText(m.loadErr))), "",
			m.T("tui.load.retry"))
	case m.height < 5 || m.width < 20:
		body = append(body, m.T("tui.toosmall"))
	default:
		b := m.active().view(&m, c)
		body, cx, cy, exact = b.lines, b.cx, b.cy, b.exact
	}

	lines := make([]string, 0, m.height)
	lines = append(lines, m.header(c))
	blank := strings.Repeat(" ", m.width)
	for k := range c.height {
		switch {
		case k >= len(body):
			lines = append(lines, blank)
		case exact:
			lines = append(lines, body[k])
		default:
			lines = append(lines, c.fit(body[k], m.width))
		}
	}
	lines = append(lines, c.fit(m.footer(c), m.width))
	if len(lines) > m.height {
		lines = lines[:m.height]
	}

	v := tea.NewView(strings.Join(lines, "\n"))
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = m.T("tui.app")
	if cx >= 0 && cy >= 0 && cy < c.height && cx < m.width {
		v.Cursor = tea.NewCursor(cx, cy+1) // +1: the header line
	}
	return v
}

// header is the tab bar, then who acts (name, role, departments), the demo
// badge and the as-of date on the right.
func (m *Model) header(c common) string {
	st := m.st
	h := m.headerLayout()
	var b strings.Builder
	b.WriteString(st.App.paint(h.app))
	active := m.parentTab()
	for k, s := range m.tabs() {
		if s == active {
			b.WriteString(st.TabActive.paint(h.tabs[k]))
		} else {
			b.WriteString(st.Tab.paint(h.tabs[k]))
		}
	}
	left := b.String()
	right := h.right
	if h.who != "" {
		right = st.Muted.paint(h.who) + "  " + right
	}
	if gap := m.width - width(left) - width(right); gap >= 1 {
		return left + strings.Repeat(" ", gap) + right
	}
	return c.fit(left, m.width)
}

// headerParts are the pieces of the header as laid out for the width.
type headerParts struct {
	app   string   // " 督办 "
	tabs  []string // one label per tab, full (" 2 任务 ") or compact (" 2 ")
	who   string   // plain, already fitted; "" when it does not fit
	right string   // demo badge and as-of date, styled
}

// headerLayout fits the header. The tab names matter most: they stay
// while the user's name, role and departments shrink to the name, then to
// a few cells, and the as-of date loses its 截至;
// only when the tabs alone do not fit do the inactive ones show their
// number only. mouse.go's tabAt reads the same layout.
func (m *Model) headerLayout() headerParts {
	h := headerParts{app: " " + m.T("tui.app") + " "}
	tabs := m.tabs()
	active := m.parentTab()
	full := make([]string, len(tabs))
	compact := make([]string, len(tabs))
	for k, s := range tabs {
		n := string(rune('1' + k))
		full[k] = " " + n + " " + m.tabLabel(s) + " "
		compact[k] = full[k]
		if s != active {
			compact[k] = " " + n + " "
		}
	}
	var long, short string
	if m.data != nil {
		date := model.FormatDate(m.asOf)
		long, short = m.T("tui.header.asof", date), date
		if len(m.plans) > 1 { // name the plan when the file has several
			long, short = m.data.snap.Plan.ID+"  "+long, m.data.snap.Plan.ID+"  "+short
		}
		if m.data.snap.Plan.Demo {
			long = m.st.Demo.paint(m.T("tui.demo")) + "  " + long
			short = m.st.Demo.paint(m.T("tui.demo")) + "  " + short // never shortened: it must not pass for real data
		}
		long, short = long+" ", short+" "
	}
	sep := m.st.g.sep
	role := string(m.actor.Role)
	if m.actor.Role.Valid() {
		role = m.T("access.role." + role)
	}
	name := m.actor.Name
	nameRole := name + sep + role
	who := nameRole
	if len(m.actor.Depts) > 0 {
		who += sep + strings.Join(m.actor.Depts, "、")
	}
	room := func(tabs []string, right string) int { // cells left for who
		w := width(h.app)
		for _, t := range tabs {
			w += width(t)
		}
		return m.width - w - 1 - width(right) - 2
	}
	c := m.common()
	// levels are what of who fits in r cells: all of it (the departments
	// cut short), the name, a few cells of the name.
	levels := []func(r int) (string, bool){
		func(r int) (string, bool) { return c.truncate(who, r), r >= width(nameRole) },
		func(r int) (string, bool) { return name, r >= width(name) },
		func(r int) (string, bool) { return c.truncate(name, r), r >= 4 },
	}
	for _, t := range [][]string{full, compact} {
		for _, level := range levels {
			for _, right := range []string{long, short} {
				if w, ok := level(room(t, right)); ok {
					h.tabs, h.who, h.right = t, w, right
					return h
				}
			}
		}
		if room(t, short) >= -2 { // the tabs and the date, without the user
			h.tabs, h.right = t, short
			return h
		}
	}
	h.tabs, h.right = compact, short
	return h
}

// footer is the status message if there is one, else the screen's keys.
func (m *Model) footer(c common) string {
	if m.status != "" {
		if m.statusOK {
			return " " + m.st.Info.paint(m.status)
		}
		return " " + m.st.Error.paint(m.status)
	}
	if m.state != stateReady {
		return " " + shortHelp(c, []key.Binding{m.keys.Quit}, m.width-1)
	}
	return " " + shortHelp(c, m.active().bindings(m, c.can), m.width-1)
}

// taskKeys are the actions on a task the acting user has: report, note,
// urge.
func (m *Model) taskKeys(can model.Can) []key.Binding {
	k := &m.keys
	var out []key.Binding
	if can.Report {
		out = append(out, k.Update, k.Note)
	}
	if can.Review {
		out = append(out, k.Urge)
	}
	return out
}

// cat joins lists of bindings.
func cat(parts ...[]key.Binding) []key.Binding {
	var out []key.Binding
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// withDesc is b with another description, for keys whose meaning depends
// on the screen.
func withDesc(b key.Binding, l i18n.Lang, descKey string) key.Binding {
	b.SetHelp(b.Help().Key, l.T(descKey))
	return b
}

// shortHelp is "key desc  key desc …", as many pairs as fit in w cells.
func shortHelp(c common, bs []key.Binding, w int) string {
	var b strings.Builder
	used := 0
	for _, k := range bs {
		h := k.Help()
		item := c.st.Key.paint(h.Key) + " " + c.st.Muted.paint(h.Desc)
		iw := width(h.Key) + 1 + width(h.Desc)
		sep := 0
		if used > 0 {
			sep = 2
		}
		if used+sep+iw > w {
			break
		}
		if sep > 0 {
			b.WriteString("  ")
		}
		b.WriteString(item)
		used += sep + iw
	}
	return b.String()
}
