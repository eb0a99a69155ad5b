package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"duban/model"
)

// ── MSGS ────────────────────────────────────────────────────────────────────

// snapshotMsg carries a freshly read snapshot, and the acting user as the backend knows them now (when it has Account).
type snapshotMsg struct {
	seq     int
	snap    *model.Snapshot
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

// loadedMsg says the first load is over and the frame showing it has been
// rendered (the event loop renders after each message): Options.Loaded
// runs then.
type loadedMsg struct{}

// loadOver ends the first load (stateLoading) in state, and returns the
// command that calls Options.Loaded once the frame showing it is rendered.
func (m *Model) loadOver() tea.Cmd {
	if m.state != stateLoading || m.loadOverSent || m.opts.Loaded == nil {
		return nil
	}
	m.loadOverSent = true // a retry after a failed first load is not the first load
	return func() tea.Msg { return loadedMsg{} }
}

// exportedMsg is the result of x.
type exportedMsg struct {
	path string
	err  error
}

// ── MODEL ───────────────────────────────────────────────────────────────────

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
	// loadOverSent: the first load is over (Options.Loaded is on its way).
	loadOverSent bool
	loadSeq      int             // last load requested
	shown        int             // seq of the snapshot on screen
	snap         *model.Snapshot // the latest read
	plans        []string        // the file's plans when it has several, for the header and the switch
	data         *derived        // snap evaluated at asOf, as on screen; nil until the first
	asOf         time.Time       // the as-of date chosen; data catches up with it

	// Screens.
	screen   screen     // the active one
	pages    pages      // the state of every screen (registry)
	draft    *formModel // a report closed after a refusal, restored when reopened
	busy     bool       // a change other than a report is being saved
	anim     barAnim
	status   string // one line in the footer until the next key
	statusOK bool   // status is a confirmation, not an error

	esc   *escapeCache // the last snapshots read and their escaped forms (escapes)
	unsub func()       // ends the change feed
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
		pages:   newPages(),
		loadSeq: 1,
		esc:     &escapes,
	}
	m.keys = m.keyMap()
	return m
}

// keyMap is the keymap with the descriptions of the acting user: for staff,
// 4 is their own queue rather than the review.
func (m *Model) keyMap() KeyMap {
	k := DefaultKeyMap(m.opts.Lang, m.opts.ASCII)
	if m.can().Own {
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
	if !m.isTab(m.parentTab()) {
		m.screen = screenOverview
	}
}

// common is the drawing context of the body area.
func (m *Model) common() common {
	return common{width: m.width, height: max(1, m.height-2), lang: m.opts.Lang, st: m.st, keys: &m.keys,
		can: m.can(), tabKeys: m.tabKeys(), pageHelp: m.pageHelp()}
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
	return tea.Batch(tea.RequestBackgroundColor, loadCmdCached(m.backend, 1, m.esc), subscribe(m.backend))
}

// ── UPDATE ──────────────────────────────────────────────────────────────────

// Update routes a message: terminal events first, then data, then keys to
// the active screen. It works on a copy of every screen's state, so an
// older Model value is never changed.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.pages = m.pages.clone()
	cmd := m.update(msg)
	m.catchUp()
	return m, cmd
}

// catchUp brings the month's grid up to the data when it is on screen: it
// does not follow other sessions' saves while hidden.
func (m *Model) catchUp() {
	if m.screen == screenGrid && m.data != nil {
		if g := pageAs[*gridModel](m, screenGrid); g.data != m.data {
			g.refresh(m, m.common())
		}
	}
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(1, msg.Width), max(1, msg.Height)
		m.refreshAll()
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.st = newStyles(m.isDark, m.opts.ASCII)
	case snapshotMsg:
		return m.applySnapshot(msg)
	case derivedMsg:
		return m.applyDerived(msg.d)
	case loadedMsg:
		loaded := m.opts.Loaded
		return func() tea.Msg { loaded(); return nil }
	case filteredMsg:
		m.tasks().applyFiltered(msg, m.data)
		m.tasks().scrollTo(m.common())
	case subscribedMsg:
		m.feed, m.unsub = msg.ch, msg.cancel
		return waitChange(m.feed)
	case changedMsg:
		m.loadSeq++
		return tea.Batch(loadCmdCached(m.backend, m.loadSeq, m.esc), waitChange(m.feed))
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
	case animMsg:
		var cmd tea.Cmd
		m.anim, cmd = m.anim.update(msg)
		return cmd
	case tea.KeyPressMsg:
		m.status = ""
		return m.handleKey(msg)
	case tea.PasteMsg:
		return m.handleText(msg)
	case tea.MouseWheelMsg:
		m.handleWheel(msg)
	case tea.MouseClickMsg:
		m.handleClick(msg)
	default:
		return m.pageMsg(msg)
	}
	return nil
}

// T translates a label.
func (m *Model) T(key string, args ...any) string { return m.opts.Lang.T(key, args...) }

func (m *Model) setStatus(s string, ok bool) { m.status, m.statusOK = s, ok }

// applySnapshot takes a newer snapshot and has it evaluated.
func (m *Model) applySnapshot(msg snapshotMsg) tea.Cmd {
	if msg.seq < m.shown {
		return nil // an older read finished after a newer one
	}
	if msg.err != nil {
		if m.state == stateReady {
			m.setStatus(m.T("tui.load.failed", m.errText(msg.err)), false)
			return nil
		}
		cmd := m.loadOver()
		m.state, m.loadErr = stateFailed, msg.err
		return cmd
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
	m.snap = msg.snap
	return m.rederive()
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
	snap, asOf, actor := m.snap, m.asOf, m.actor
	run := func() *derived { return derive(snap, asOf, actor) }
	// After a save (this session's or another's) the snapshot is usually a
	// patch of the one on screen: only the tasks it changed are evaluated.
	if old := m.data; old != nil && old.asOf.Equal(asOf) && sameActor(old.actor, actor) {
		if ids, ok := snap.Changed(old.snap); ok {
			run = func() *derived { return old.patched(snap, ids) }
		}
	}
	if len(snap.Tasks) <= syncRows {
		return m.applyDerived(run())
	}
	return func() tea.Msg { return derivedMsg{d: run()} }
}

// applyDerived puts evaluated data on every screen, and starts the bar
// animation a save asked for.
func (m *Model) applyDerived(d *derived) tea.Cmd {
	if d.snap != m.snap || !d.asOf.Equal(m.asOf) || !sameActor(d.actor, m.actor) {
		return nil // superseded: a newer evaluation is on its way
	}
	m.data = d
	cmd := m.loadOver()
	m.state, m.loadErr = stateReady, nil
	m.refreshAll()
	// The search index is built by the first search (off the UI loop on a
	// large plan), not for every screen that never searches: at 100,000
	// tasks it is about 45 MB and 0.7 s. Patch carries it over to the
	// snapshots after a save.
	if m.anim.pending != "" {
		if i, ok := d.row(m.anim.pending); ok {
			cmd = tea.Batch(cmd, m.anim.start(m.anim.pending, m.anim.pendingFrom, d.prog[i]))
		}
		m.anim.pending = ""
	}
	return cmd
}
