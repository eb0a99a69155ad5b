package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"duban/model"
)

// ── MSGS ────────────────────────────────────────────────────────────────────

// snapshotMsg carries a freshly read snapshot and its search index, and
// the acting user as the backend knows them now (when it has Account).
type snapshotMsg struct {
	seq     int
	snap    *model.Snapshot
	idx     *model.Index
	err     error
	acct    *model.User // nil: the backend has no Account
	acctErr error
	plans   []string // the file's plans, when the backend has several (planner)
}

// subscribedMsg carries the change feed of the backend.
type subscribedMsg struct {
	ch     <-chan struct{}
	cancel func()
}

// changedMsg says the database changed (this session's save or another's).
type changedMsg struct{}

// savedMsg says an update was recorded.
type savedMsg struct {
	u       model.Update
	fromPct float64 // the task's bar before the save, to animate from
}

// saveErrMsg says an update was refused.
type saveErrMsg struct{ err error }

// actionMsg is the result of a change other than an update: a note, a
// review, an urge, departments, a user. ok is the confirmation to show.
type actionMsg struct {
	ok     string
	err    error
	dialog bool // it was saved from a small form, which it closes or annotates
}

// exportedMsg is the result of x.
type exportedMsg struct {
	path string
	err  error
}

// ── MODEL ───────────────────────────────────────────────────────────────────

// screen is which screen has the body of the terminal.
type screen int

const (
	screenOverview screen = iota // 1 总览
	screenTasks                  // 2 任务
	screenDepts                  // 3 部门
	screenDetail                 // a task's detail, from the task list
	screenForm                   // 填报, from the list or the detail
	screenHelp                   // ?
	screenReview                 // 4 审核 (staff: their own queue)
	screenUsers                  // 5 用户, administrators only
	screenDialog                 // a small form: note, return, urge, departments, users
)

func (s screen) String() string {
	return [...]string{"overview", "tasks", "depts", "detail", "form", "help", "review", "users", "dialog"}[s]
}

// tabs are the screens the number keys and tab cycle through: everyone has
// the first four, administrators the users too.
func (m *Model) tabs() []screen {
	if m.actor.Role == model.RoleAdmin {
		return []screen{screenOverview, screenTasks, screenDepts, screenReview, screenUsers}
	}
	return []screen{screenOverview, screenTasks, screenDepts, screenReview}
}

// loadState is where the first snapshot stands.
type loadState int

const (
	stateLoading loadState = iota
	stateReady
	stateFailed // the first load failed; esc retries
)

// Model is the root tea.Model.
type Model struct {
	// Configuration.
	backend Backend
	opts    Options
	keys    KeyMap
	isDark  bool

	// Size of the whole terminal.
	width, height int

	// Who acts: their role and departments decide what is offered.
	actor model.User

	// Data.
	state   loadState
	loadErr error
	loadSeq int             // last load requested
	shown   int             // seq of the snapshot on screen
	snap    *model.Snapshot // the latest read
	plans   []string        // the file's plans when it has several, for the header and the switch
	idx     *model.Index    // its search index
	data    *derived        // snap evaluated at asOf, as on screen; nil until the first
	asOf    time.Time       // the as-of date chosen; data catches up with it

	// Screens.
	screen   screen
	tasks    tasksModel
	depts    deptsModel
	detail   detailModel
	form     formModel
	draft    *formModel // a report closed after a refusal, restored when reopened
	help     helpModel
	review   reviewModel
	users    usersModel
	dialog   dialogModel
	busy     bool // a change other than a report is being saved
	anim     barAnim
	status   string // one line in the footer until the next key
	statusOK bool   // status is a confirmation, not an error

	unsub func() // ends the change feed
	feed  <-chan struct{}
	st    *Styles
}

func newModel(b Backend, o Options) Model {
	m := Model{
		backend: b,
		opts:    o,
		actor:   o.Actor,
		isDark:  true,
		width:   80,
		height:  24,
		st:      newStyles(true, o.ASCII),
		screen:  screenOverview,
		tasks:   newTasksModel(),
		loadSeq: 1,
	}
	m.keys = m.keyMap()
	return m
}

// keyMap is the keymap with the descriptions of the acting user: for staff,
// 4 is their own queue rather than the review.
func (m *Model) keyMap() KeyMap {
	k := DefaultKeyMap(m.opts.Lang, m.opts.ASCII)
	if m.actor.Role == model.RoleStaff {
		k.Review = withDesc(k.Review, m.opts.Lang, "tui.key.myqueue")
	}
	return k
}

// setActor takes the acting user as the backend now knows them. A changed
// role applies at once: keys and tabs follow, and a screen the new role
// may not see is left.
func (m *Model) setActor(u model.User) {
	if sameActor(u, m.actor) {
		m.actor = u // keys may have changed; nothing on screen depends on them
		return
	}
	m.actor = u
	m.keys = m.keyMap()
	if m.actor.Role != model.RoleAdmin && m.parentTab() == screenUsers {
		m.screen = screenOverview
	}
}

// common is the drawing context of the body area.
func (m *Model) common() common {
	return common{width: m.width, height: max(1, m.height-2), lang: m.opts.Lang, st: m.st, keys: &m.keys,
		role: m.actor.Role}
}

// Close ends the subscription to changes. Run calls it; a server that runs
// the model itself should call it on the final model.
func (m Model) Close() {
	if m.unsub != nil {
		m.unsub()
	}
}

// Init loads the snapshot, subscribes to changes and asks the terminal for
// its background colour.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, loadCmd(m.backend, 1), subscribe(m.backend))
}

// ── UPDATE ──────────────────────────────────────────────────────────────────

// Update routes a message: terminal events first, then data, then keys to
// the active screen.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(1, msg.Width), max(1, msg.Height)
		m.clampScroll()
		return m, nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.st = newStyles(m.isDark, m.opts.ASCII)
		return m, nil
	case snapshotMsg:
		return m.applySnapshot(msg)
	case derivedMsg:
		cmd := m.applyDerived(msg.d)
		return m, cmd
	case filteredMsg:
		m.tasks.applyFiltered(msg, m.data)
		m.tasks.scrollTo(m.common())
		return m, nil
	case subscribedMsg:
		m.feed, m.unsub = msg.ch, msg.cancel
		return m, waitChange(m.feed)
	case changedMsg:
		m.loadSeq++
		return m, tea.Batch(loadCmd(m.backend, m.loadSeq), waitChange(m.feed))
	case savedMsg:
		return m.saved(msg)
	case saveErrMsg:
		return m.saveRefused(msg)
	case actionMsg:
		return m.actionDone(msg)
	case exportedMsg:
		if msg.err != nil {
			m.setStatus(m.T("tui.export.failed", m.errText(msg.err)), false)
		} else {
			m.setStatus(m.T("tui.export.done", msg.path), true)
		}
		return m, nil
	case animMsg:
		var cmd tea.Cmd
		m.anim, cmd = m.anim.update(msg)
		return m, cmd
	case tea.KeyPressMsg:
		m.status = ""
		return m.handleKey(msg)
	case tea.PasteMsg:
		return m.handleText(msg)
	case tea.MouseWheelMsg:
		return m.handleWheel(msg)
	case tea.MouseClickMsg:
		return m.handleClick(msg)
	}
	return m, nil
}

// T translates a label.
func (m *Model) T(key string, args ...any) string { return m.opts.Lang.T(key, args...) }

func (m *Model) setStatus(s string, ok bool) { m.status, m.statusOK = s, ok }

// applySnapshot takes a newer snapshot and has it evaluated.
func (m Model) applySnapshot(msg snapshotMsg) (tea.Model, tea.Cmd) {
	if msg.seq < m.shown {
		return m, nil // an older read finished after a newer one
	}
	if msg.err != nil {
		if m.state != stateReady {
			m.state, m.loadErr = stateFailed, msg.err
		} else {
			m.setStatus(m.T("tui.load.failed", m.errText(msg.err)), false)
		}
		return m, nil
	}
	m.shown = msg.seq
	switch {
	case msg.acctErr != nil:
		m.setStatus(m.errText(msg.acctErr), false)
	case msg.acct != nil:
		m.setActor(*msg.acct)
	}
	m.plans = msg.plans
	if m.snap == nil {
		if !m.opts.AsOf.IsZero() {
			m.asOf = msg.snap.Plan.Clamp(m.opts.AsOf)
		} else {
			m.asOf = msg.snap.DefaultAsOf(m.opts.Now())
		}
	} else if m.snap.Plan.ID != msg.snap.Plan.ID {
		m.asOf = msg.snap.DefaultAsOf(m.opts.Now()) // another year: its own today
	} else {
		m.asOf = msg.snap.Plan.Clamp(m.asOf)
	}
	m.snap, m.idx = msg.snap, msg.idx
	return m, m.rederive()
}

// syncRows is the size up to which evaluating and filtering run inline.
// Beyond it they run in a tea.Cmd, so a key press never waits for 10,000
// tasks to be re-evaluated: the old rows stay on screen until the new ones
// are ready, a few tens of milliseconds later.
const syncRows = 2000

// derivedMsg carries a snapshot evaluated off the UI loop.
type derivedMsg struct{ d *derived }

// rederive evaluates the latest snapshot at m.asOf, unless that is what is
// on screen already.
func (m *Model) rederive() tea.Cmd {
	if m.snap == nil || m.data != nil && m.data.snap == m.snap && m.data.asOf.Equal(m.asOf) &&
		sameActor(m.data.actor, m.actor) {
		return nil
	}
	snap, idx, asOf, actor := m.snap, m.idx, m.asOf, m.actor
	if len(snap.Tasks) <= syncRows {
		return m.applyDerived(derive(snap, idx, asOf, actor))
	}
	return func() tea.Msg { return derivedMsg{d: derive(snap, idx, asOf, actor)} }
}

// applyDerived puts evaluated data on every screen, and starts the bar
// animation a save asked for.
func (m *Model) applyDerived(d *derived) tea.Cmd {
	if d.snap != m.snap || !d.asOf.Equal(m.asOf) || !sameActor(d.actor, m.actor) {
		return nil // superseded: a newer evaluation is on its way
	}
	m.data = d
	m.state, m.loadErr = stateReady, nil
	m.tasks.refresh(d)
	m.depts.clamp(d)
	m.review.refresh(d)
	m.users.refresh(d.snap)
	if m.screen == screenForm {
		m.form.refresh(d, m.common())
	}
	m.clampScroll()
	var cmd tea.Cmd
	if m.anim.pending != "" {
		if i, ok := d.row(m.anim.pending); ok {
			cmd = m.anim.start(m.anim.pending, m.anim.pendingFrom, d.prog[i])
		}
		m.anim.pending = ""
	}
	return cmd
}

// clampScroll keeps every list's cursor visible after a resize or reload.
func (m *Model) clampScroll() {
	if m.data == nil {
		return
	}
	c := m.common()
	m.tasks.scrollTo(c)
	m.depts.scrollTo(c, m.data)
	m.review.scrollTo(c, m.data)
	m.users.scrollTo(c, m.data.snap)
}
