package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"duban/model"
)

// handleKey routes a key press.
func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := &m.keys
	if msg.String() == "ctrl+c" {
		return m, tea.Quit
	}
	if m.state != stateReady {
		switch {
		case key.Matches(msg, k.Quit):
			return m, tea.Quit
		case m.state == stateFailed && key.Matches(msg, k.Back, k.Open):
			m.state = stateLoading
			m.loadSeq++
			return m, loadCmd(m.backend, m.loadSeq)
		}
		return m, nil
	}
	// Screens that take text get the key first.
	switch {
	case m.screen == screenForm:
		return m.formKey(msg)
	case m.screen == screenDialog:
		return m.dialogKey(msg)
	case m.screen == screenTasks && m.tasks.picking:
		return m.pickerKey(msg)
	case m.screen == screenTasks && m.tasks.searching:
		if ok, cmd := m.tasks.searchKey(msg, m.common(), m.data); ok {
			return m, cmd
		}
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		if m.screen == screenHelp {
			m.screen = m.help.from
		} else {
			m.help = helpModel{from: m.screen}
			m.screen = screenHelp
		}
		return m, nil
	case key.Matches(msg, k.Overview):
		m.screen = screenOverview
	case key.Matches(msg, k.Tasks):
		m.screen = screenTasks
	case key.Matches(msg, k.Depts):
		m.screen = screenDepts
	case key.Matches(msg, k.Review):
		m.screen = screenReview
	case key.Matches(msg, k.Users):
		if err := model.CanAdmin(m.actor); err != nil {
			m.setStatus(m.errText(err), false)
			return m, nil
		}
		m.screen = screenUsers
	case key.Matches(msg, k.NextTab):
		tabs := m.tabs()
		m.screen = tabs[(m.tabIndex()+1)%len(tabs)]
	case key.Matches(msg, k.PrevTab):
		tabs := m.tabs()
		m.screen = tabs[(m.tabIndex()+len(tabs)-1)%len(tabs)]
	case key.Matches(msg, k.PrevMonth):
		return m, m.moveAsOf(-1)
	case key.Matches(msg, k.NextMonth):
		return m, m.moveAsOf(1)
	case key.Matches(msg, k.Export):
		return m, m.export()
	case key.Matches(msg, k.Plan):
		return m.switchPlan()
	case key.Matches(msg, k.Search):
		m.screen = screenTasks
		m.tasks.startSearch()
	case key.Matches(msg, k.Sort):
		m.screen = screenTasks
		cmd := m.tasks.cycleSort(m.data)
		m.tasks.scrollTo(m.common())
		return m, cmd
	case key.Matches(msg, k.Filter):
		m.screen = screenTasks
		m.tasks.openPicker(m.data, m.common())
	case key.Matches(msg, k.Update):
		if id := m.currentTask(); id != "" {
			return m.openForm(id)
		}
	case key.Matches(msg, k.Note):
		if id := m.currentTask(); id != "" {
			return m.openNote(id)
		}
	case key.Matches(msg, k.Urge):
		if id := m.currentTask(); id != "" {
			return m.openUrge(id)
		}
	case key.Matches(msg, k.EditDepts) && (m.screen == screenDetail || m.screen == screenTasks):
		if id := m.currentTask(); id != "" {
			return m.openDepts(id)
		}
	default:
		return m.screenKey(msg)
	}
	return m, nil
}

// screenKey handles movement, enter and esc on the active screen.
func (m Model) screenKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	c := m.common()
	k := &m.keys
	switch m.screen {
	case screenTasks:
		switch {
		case key.Matches(msg, k.Open):
			if id := m.tasks.selectedID(m.data); id != "" {
				m.detail = detailModel{id: id, from: screenTasks}
				m.screen = screenDetail
			}
		case key.Matches(msg, k.Back):
			m.tasks.clearFilters(m.data)
		default:
			m.tasks.move(msg, c)
		}
	case screenDepts:
		switch {
		case key.Matches(msg, k.Open):
			if name, ok := m.depts.selected(m.data); ok {
				m.tasks.showDept(name, m.data)
				m.screen = screenTasks
				m.tasks.scrollTo(c)
			}
		default:
			m.depts.move(msg, c, m.data)
		}
	case screenDetail:
		if key.Matches(msg, k.Back) {
			m.screen = m.detail.from
			return m, nil
		}
		m.detail.move(msg, c, m.data)
	case screenHelp:
		if key.Matches(msg, k.Back) {
			m.screen = m.help.from
			return m, nil
		}
		m.help.move(msg, c)
	case screenOverview:
		if key.Matches(msg, k.Open) {
			m.screen = screenTasks
		}
	case screenReview:
		return m.reviewKey(msg)
	case screenUsers:
		return m.usersKey(msg)
	}
	return m, nil
}

// tabIndex is the tab the active screen belongs to.
func (m *Model) tabIndex() int {
	p := m.parentTab()
	for k, s := range m.tabs() {
		if s == p {
			return k
		}
	}
	return 0
}

// parentTab is the numbered screen the active one was opened from.
func (m *Model) parentTab() screen {
	s := m.screen
	for range 4 {
		switch s {
		case screenDetail:
			s = m.detail.from
		case screenForm:
			s = m.form.from
		case screenDialog:
			s = m.dialog.from
		case screenHelp:
			s = m.help.from
		default:
			return s
		}
	}
	return screenOverview
}

// currentTask is the task u applies to: the selected one in the list, or
// the one in the detail.
func (m *Model) currentTask() string {
	switch m.screen {
	case screenTasks:
		return m.tasks.selectedID(m.data)
	case screenDetail:
		return m.detail.id
	case screenReview:
		if it, ok := m.review.selected(m.data); ok {
			return m.data.rows[it.row].Task.ID
		}
	}
	return ""
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

// handleText routes a paste to the field that has focus.
func (m Model) handleText(msg tea.PasteMsg) (tea.Model, tea.Cmd) {
	switch {
	case m.state != stateReady:
	case m.screen == screenForm:
		m.form.paste(msg, m.data, m.common())
	case m.screen == screenDialog:
		m.dialog.paste(msg)
	case m.screen == screenTasks && m.tasks.searching:
		_, cmd := m.tasks.searchKey(msg, m.common(), m.data)
		return m, cmd
	}
	return m, nil
}
