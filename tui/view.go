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
		body, cx, cy = m.body(c)
		exact = m.exactBody()
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

// body draws the active screen and says where the real cursor goes (-1: hidden).
func (m *Model) body(c common) ([]string, int, int) {
	switch m.screen {
	case screenTasks:
		lines, x := m.tasks.view(c, m.data, m.anim)
		if x >= 0 {
			return lines, x, 0
		}
		return lines, -1, -1
	case screenDepts:
		return m.depts.view(c, m.data), -1, -1
	case screenDetail:
		return m.detail.view(c, m.data, m.anim), -1, -1
	case screenForm:
		return m.form.view(c, m.data)
	case screenHelp:
		return m.help.view(c), -1, -1
	}
	return overview(c, m.data, m.anim), -1, -1
}

// exactBody reports whether the active screen builds every line at exactly
// the body's width (with seg), so the frame need not measure them again.
// TestEveryLineFits holds them to it at every width.
func (m *Model) exactBody() bool {
	switch m.screen {
	case screenOverview, screenDepts:
		return true
	case screenTasks:
		return !m.tasks.picking
	}
	return false
}

// header is the tab bar, with the as-of date and the demo badge on the right.
func (m *Model) header(c common) string {
	st := m.st
	var b strings.Builder
	b.WriteString(st.App.paint(" " + m.T("tui.app") + " "))
	active := m.parentTab()
	for k, s := range tabs {
		label := " " + string(rune('1'+k)) + " " + m.T("tui.tab."+s.String()) + " "
		if s == active {
			b.WriteString(st.TabActive.paint(label))
		} else {
			b.WriteString(st.Tab.paint(label))
		}
	}
	left := b.String()
	var right string
	if m.data != nil {
		right = m.T("tui.header.asof", model.FormatDate(m.asOf))
		if m.data.snap.Plan.Demo {
			right = st.Demo.paint(m.T("tui.demo")) + "  " + right
		}
		right += " "
	}
	if gap := m.width - width(left) - width(right); gap >= 1 {
		return left + strings.Repeat(" ", gap) + right
	}
	return c.fit(left, m.width)
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
	return " " + shortHelp(c, m.screenKeys(), m.width-1)
}

// screenKeys are the bindings the footer shows for the active screen, most
// needed first: the footer shows as many as fit, and help and quit must.
func (m *Model) screenKeys() []key.Binding {
	k := &m.keys
	switch {
	case m.screen == screenForm:
		return []key.Binding{k.Save, k.Cancel, k.NextField, k.SameValue, k.Help}
	case m.screen == screenTasks && m.tasks.searching:
		return []key.Binding{
			withDesc(k.Open, m.opts.Lang, "tui.key.keepsearch"),
			withDesc(k.Back, m.opts.Lang, "tui.key.clearsearch"), k.Up, k.Down,
		}
	case m.screen == screenTasks && m.tasks.picking:
		return []key.Binding{withDesc(k.Open, m.opts.Lang, "tui.key.apply"),
			withDesc(k.Back, m.opts.Lang, "tui.key.close"), k.Up, k.Down}
	case m.screen == screenTasks:
		keys := []key.Binding{k.Open, k.Update, k.Search, k.Sort, k.Filter, k.Help, k.Quit, k.PrevMonth, k.NextMonth}
		if m.tasks.filter != (taskFilter{}) || m.tasks.query != "" {
			keys = append([]key.Binding{keys[0], withDesc(k.Back, m.opts.Lang, "tui.key.clearfilter")}, keys[1:]...)
		}
		return keys
	case m.screen == screenDetail:
		return []key.Binding{k.Update, k.Back, k.Up, k.Down, k.Help, k.Quit, k.PrevMonth, k.NextMonth}
	case m.screen == screenDepts:
		return []key.Binding{withDesc(k.Open, m.opts.Lang, "tui.key.depttasks"), k.Up, k.Down,
			k.Help, k.Quit, k.PrevMonth, k.NextMonth}
	case m.screen == screenHelp:
		return []key.Binding{k.Back, k.Up, k.Down, k.Quit}
	}
	return []key.Binding{k.Tasks, k.Depts, k.Search, k.Help, k.Quit, k.PrevMonth, k.NextMonth, k.Export}
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
