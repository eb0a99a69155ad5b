package tui

import (
	tea "charm.land/bubbletea/v2"
)

// ── MOUSE ───────────────────────────────────────────────────────────────────

// handleWheel scrolls the list or page under the pointer.
func (m *Model) handleWheel(msg tea.MouseWheelMsg) {
	if m.state != stateReady {
		return
	}
	n := 0
	switch msg.Button {
	case tea.MouseWheelUp:
		n = -3
	case tea.MouseWheelDown:
		n = 3
	default:
		return
	}
	if p, ok := m.active().(wheeler); ok {
		p.wheel(m, m.common(), n)
	}
}

// handleClick selects the row under the pointer, or switches tabs when the
// click is on the tab bar (not while a form is open).
func (m *Model) handleClick(msg tea.MouseClickMsg) {
	if m.state != stateReady || msg.Button != tea.MouseLeft {
		return
	}
	if msg.Y == 0 {
		_, typing := m.active().(texter)
		if _, over := m.active().(overlay); typing && over {
			return // a form over a screen: saved or cancelled first
		}
		if s, ok := m.tabAt(msg.X); ok {
			m.show(s)
		}
		return
	}
	if p, ok := m.active().(clicker); ok {
		p.click(m, m.common(), msg.Y-1)
	}
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
	return "", false
}
