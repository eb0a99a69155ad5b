package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"duban/model"
)

// handleKey routes a key press: a page that is taking text gets it first,
// then the global keys act, then the active page.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.keys
	if msg.String() == "ctrl+c" {
		return tea.Quit
	}
	if m.state != stateReady {
		switch {
		case key.Matches(msg, k.Quit):
			return tea.Quit
		case m.state == stateFailed && key.Matches(msg, k.Back, k.Open):
			m.state = stateLoading
			m.loadSeq++
			return loadCmdCached(m.backend, m.loadSeq, m.esc)
		}
		return nil
	}
	p := m.active()
	if t, ok := p.(texter); ok {
		if used, cmd := t.typed(m, msg); used {
			return cmd
		}
	}
	if s, ok := m.tabOf(msg); ok {
		m.show(s)
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.toggleHelp()
	case key.Matches(msg, k.Users): // 5 without the users tab
		m.setStatus(m.errText(model.CanAdmin(m.actor)), false)
	case key.Matches(msg, k.NextTab):
		tabs := m.tabs()
		m.show(tabs[(m.tabIndex()+1)%len(tabs)])
	case key.Matches(msg, k.PrevTab):
		tabs := m.tabs()
		m.show(tabs[(m.tabIndex()+len(tabs)-1)%len(tabs)])
	case key.Matches(msg, k.PrevMonth):
		return m.moveAsOf(-1)
	case key.Matches(msg, k.NextMonth):
		return m.moveAsOf(1)
	case key.Matches(msg, k.Export):
		return m.export()
	case key.Matches(msg, k.Plan):
		return m.switchPlan()
	case key.Matches(msg, k.Search):
		m.show(screenTasks)
		m.tasks().startSearch()
	case key.Matches(msg, k.Sort):
		m.show(screenTasks)
		return m.tasks().cycleSort(m.data, m.common())
	case key.Matches(msg, k.Filter):
		m.show(screenTasks)
		m.tasks().openPicker(m.data, m.common())
	case key.Matches(msg, k.Update) && m.currentTask() != "":
		return m.openForm(m.currentTask())
	case key.Matches(msg, k.Note) && m.currentTask() != "":
		return m.openNote(m.currentTask())
	case key.Matches(msg, k.Urge) && m.currentTask() != "":
		return m.openUrge(m.currentTask())
	case key.Matches(msg, k.EditDepts) && (m.screen == screenDetail || m.screen == screenTasks) && m.currentTask() != "":
		return m.openDepts(m.currentTask())
	default:
		return p.key(m, msg)
	}
	return nil
}

// toggleHelp opens the help over the active screen, or closes it.
func (m *Model) toggleHelp() {
	if m.screen == screenHelp {
		m.show(m.help().from)
		return
	}
	*m.help() = helpModel{from: m.screen}
	m.show(screenHelp)
}

// moveAsOf moves the as-of date by n month ends (model.StepMonthEnd, from
// any day) and re-evaluates everything, so the whole year can be replayed.
func (m *Model) moveAsOf(n int) tea.Cmd {
	next := m.snap.Plan.Clamp(model.StepMonthEnd(m.asOf, n))
	if next.Equal(m.asOf) {
		return nil
	}
	m.asOf = next
	m.setStatus(m.T("tui.asof.moved", model.FormatDate(m.asOf)), true)
	return m.rederive()
}

// handleText routes a paste to the page that takes text.
func (m *Model) handleText(msg tea.PasteMsg) tea.Cmd {
	if p, ok := m.active().(paster); ok && m.state == stateReady {
		return p.paste(m, msg)
	}
	return nil
}
