package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"duban/model"
)

// ── SCREENS ─────────────────────────────────────────────────────────────────

// screen names a screen; each screen's file declares its own.
type screen string

func (s screen) String() string { return string(s) }

// component is a screen of the TUI (soft-serve's pages): it owns its state, its
// keys and its footer. The root keeps the global keys, the data, the tab
// bar and the routing, and hands each page the root as its context, to
// read the data and to open other screens.
type component interface {
	// key handles a key press the global keys did not take.
	key(m *Model, msg tea.KeyPressMsg) tea.Cmd
	// view draws the body of c's size.
	view(m *Model, c common) body
	// bindings are the footer's keys, most needed first, for what the
	// acting user can do.
	bindings(m *Model, can model.Can) []key.Binding
	// refresh takes newly evaluated data or a new size: cursors stay on
	// their items and in view.
	refresh(m *Model, c common)
}

// body is what a page draws: its lines, where the real cursor goes (-1:
// hidden) and whether every line is already exactly the body's width.
type body struct {
	lines  []string
	cx, cy int
	exact  bool
}

// lines is a body without a cursor.
func lines(ls []string, exact bool) body { return body{lines: ls, cx: -1, cy: -1, exact: exact} }

// Optional abilities of a page.
type (
	// texter pages take keys before the global ones (while typing) and
	// report whether they used them.
	texter interface {
		typed(m *Model, msg tea.KeyPressMsg) (bool, tea.Cmd)
	}
	// paster pages take pasted text.
	paster interface {
		paste(m *Model, msg tea.PasteMsg) tea.Cmd
	}
	// wheeler pages scroll with the mouse wheel by n rows.
	wheeler interface {
		wheel(m *Model, c common, n int)
	}
	// clicker pages select what is drawn at body line y.
	clicker interface {
		click(m *Model, c common, y int)
	}
	// tasker pages have a current task: what u, n, ! and e act on.
	tasker interface{ task(m *Model) string }
	// overlay pages were opened from another screen and return to it.
	overlay interface{ parent() screen }
	// labeler tabs name themselves for the acting user: the suffix of
	// their tui.tab.* and tui.key.* labels.
	labeler interface{ labelKey(m *Model) string }
	// helper pages have keys of their own, listed in the help when the
	// acting user has the page (nil: none for this user).
	helper interface{ helpGroup(m *Model) *helpGroup }
	// receiver pages take the results of their own commands.
	receiver interface {
		receive(m *Model, msg tea.Msg) tea.Cmd
	}
)

// registration is one screen: its name, whether (and for whom) it is a tab,
// and how to make and copy its state.
type registration struct {
	id    screen
	tab   func(can model.Can) bool // nil: not a tab
	make  func() component
	clone func(component) component
}

// reg registers screen id whose state is a T.
func reg[T any, P interface {
	*T
	component
}](id screen, tab func(model.Can) bool) registration {
	return registration{
		id:    id,
		tab:   tab,
		make:  func() component { return P(new(T)) },
		clone: func(p component) component { c := *p.(P); return P(&c) },
	}
}

// Tab predicates.
func everyone(model.Can) bool     { return true }
func reporters(c model.Can) bool  { return c.Report }
func adminsOnly(c model.Can) bool { return c.Admin }

// registry is every screen, tabs in the order they are numbered. Adding a
// screen is its own file and one line here.
var registry = []registration{
	reg[overviewModel](screenOverview, everyone),
	reg[tasksModel](screenTasks, everyone),
	reg[deptsModel](screenDepts, everyone),
	reg[reviewModel](screenReview, everyone),
	reg[usersModel](screenUsers, adminsOnly),
	reg[gridModel](screenGrid, reporters),
	reg[detailModel](screenDetail, nil),
	reg[formModel](screenForm, nil),
	reg[helpModel](screenHelp, nil),
	reg[dialogModel](screenDialog, nil),
}

// pages holds the state of every screen.
type pages map[screen]component

func newPages() pages {
	p := make(pages, len(registry))
	for _, r := range registry {
		p[r.id] = r.make()
	}
	return p
}

// clone copies every page, so that an Update never changes the state an
// older Model value holds (Model is a value, as Bubble Tea intends).
func (p pages) clone() pages {
	out := make(pages, len(p))
	for _, r := range registry {
		out[r.id] = r.clone(p[r.id])
	}
	return out
}

// pageAs is screen id's state.
func pageAs[P component](m *Model, id screen) P { return m.pages[id].(P) }

func (m *Model) tasks() *tasksModel   { return pageAs[*tasksModel](m, screenTasks) }
func (m *Model) detail() *detailModel { return pageAs[*detailModel](m, screenDetail) }
func (m *Model) form() *formModel     { return pageAs[*formModel](m, screenForm) }
func (m *Model) help() *helpModel     { return pageAs[*helpModel](m, screenHelp) }
func (m *Model) review() *reviewModel { return pageAs[*reviewModel](m, screenReview) }
func (m *Model) users() *usersModel   { return pageAs[*usersModel](m, screenUsers) }
func (m *Model) dialog() *dialogModel { return pageAs[*dialogModel](m, screenDialog) }

// active is the page on screen.
func (m *Model) active() component { return m.pages[m.screen] }

// can is what the acting user may do.
func (m *Model) can() model.Can { return model.Abilities(m.actor) }

// tabs are the screens the number keys and tab cycle through, for the
// acting user.
func (m *Model) tabs() []screen {
	can := m.can()
	var out []screen
	for _, r := range registry {
		if r.tab != nil && r.tab(can) {
			out = append(out, r.id)
		}
	}
	return out
}

// isTab reports whether s is one of the acting user's tabs.
func (m *Model) isTab(s screen) bool {
	for _, t := range m.tabs() {
		if t == s {
			return true
		}
	}
	return false
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
	for range len(registry) {
		o, ok := m.pages[s].(overlay)
		if !ok {
			return s
		}
		s = o.parent()
	}
	return screenOverview
}

// labelKey is the suffix of a tab's labels.
func (m *Model) labelKey(s screen) string {
	if l, ok := m.pages[s].(labeler); ok {
		return l.labelKey(m)
	}
	return s.String()
}

// tabLabel is a tab's name.
func (m *Model) tabLabel(s screen) string { return m.T("tui.tab." + m.labelKey(s)) }

// tabKeys are the number keys of the acting user's tabs, for help and
// footers.
func (m *Model) tabKeys() []key.Binding {
	tabs := m.tabs()
	out := make([]key.Binding, len(tabs))
	for k, s := range tabs {
		n := string(rune('1' + k))
		out[k] = key.NewBinding(key.WithKeys(n), key.WithHelp(n, m.T("tui.key."+m.labelKey(s))))
	}
	return out
}

// tabOf is the tab a number key selects, if any.
func (m *Model) tabOf(msg tea.KeyPressMsg) (screen, bool) {
	s := msg.String()
	if len(s) != 1 || s[0] < '1' || s[0] > '9' {
		return "", false
	}
	tabs := m.tabs()
	if k := int(s[0] - '1'); k < len(tabs) {
		return tabs[k], true
	}
	return "", false
}

// pageHelp are the help groups of the pages the acting user has.
func (m *Model) pageHelp() []helpGroup {
	var out []helpGroup
	for _, r := range registry {
		if h, ok := m.pages[r.id].(helper); ok && (r.tab == nil || m.isTab(r.id)) {
			if g := h.helpGroup(m); g != nil {
				out = append(out, *g)
			}
		}
	}
	return out
}

// pageMsg hands a message the root does not know to every page.
func (m *Model) pageMsg(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, r := range registry {
		if p, ok := m.pages[r.id].(receiver); ok {
			cmds = append(cmds, p.receive(m, msg))
		}
	}
	return tea.Batch(cmds...)
}

// currentTask is the task u applies to on the active screen, or "".
func (m *Model) currentTask() string {
	if t, ok := m.active().(tasker); ok && m.data != nil {
		return t.task(m)
	}
	return ""
}

// show makes s the active screen; a screen that returns to where it was
// opened from learns where that is.
func (m *Model) show(s screen) {
	if o, ok := m.pages[s].(interface{ openedFrom(screen) }); ok && s != m.screen {
		o.openedFrom(m.parentTab())
	}
	m.screen = s
}

// refreshAll puts new data or a new size on every page.
func (m *Model) refreshAll() {
	if m.data == nil {
		return
	}
	c := m.common()
	for _, r := range registry {
		m.pages[r.id].refresh(m, c)
	}
}
