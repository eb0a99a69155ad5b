package tui

import (
	tea "charm.land/bubbletea/v2"
)

// ── MOUSE ───────────────────────────────────────────────────────────────────

// handleWheel scrolls the list or page under the pointer.
func (m Model) handleWheel(msg tea.MouseWheelMsg) (tea.Model, tea.Cmd) {
	if m.state != stateReady {
		return m, nil
	}
	n := 0
	switch msg.Button {
	case tea.MouseWheelUp:
		n = -3
	case tea.MouseWheelDown:
		n = 3
	default:
		return m, nil
	}
	c := m.common()
	switch m.screen {
	case screenTasks:
		if m.tasks.picking {
			m.tasks.picker.cursor = max(0, min(m.tasks.picker.cursor+n, len(m.tasks.picker.opts)-1))
			m.tasks.picker.scrollTo(c)
		} else {
			m.tasks.scroll(n, c)
			m.tasks.remember(m.data)
		}
	case screenDepts:
		m.depts.scroll(n, c, m.data)
	case screenReview:
		m.review.scroll(n, c, m.data)
	case screenUsers:
		m.users.scroll(n, c, m.data.snap)
	case screenDetail:
		m.detail.offset += n
		m.detail.clamp(len(m.detail.content(c, m.data, m.anim)), c)
	case screenHelp:
		m.help.offset = max(0, min(m.help.offset+n, len(m.help.content(c))-c.height))
	}
	return m, nil
}

// handleClick selects the row under the pointer, or switches tabs when the
// click is on the tab bar.
func (m Model) handleClick(msg tea.MouseClickMsg) (tea.Model, tea.Cmd) {
	if m.state != stateReady || msg.Button != tea.MouseLeft {
		return m, nil
	}
	if msg.Y == 0 {
		if s, ok := m.tabAt(msg.X); ok && m.screen != screenForm && m.screen != screenDialog {
			m.screen = s
		}
		return m, nil
	}
	c := m.common()
	y := msg.Y - 1
	switch m.screen {
	case screenTasks:
		m.tasks.click(y, c, m.data)
	case screenDepts:
		m.depts.click(y, c, m.data)
	case screenReview:
		m.review.click(y, c, m.data)
	case screenUsers:
		m.users.click(y, c, m.data.snap)
	}
	return m, nil
}

// tabAt is the tab drawn at column x of the header.
func (m *Model) tabAt(x int) (screen, bool) {
	h := m.headerLayout()
	pos := width(h.app)
	for k, s := range m.tabs() {
		w := width(h.tabs[k])
		if x >= pos && x < pos+w {
			return s, true
		}
		pos += w
	}
	return 0, false
}
