package tui

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"duban/model"
	"duban/safetext"
)

// ── COMMANDS ────────────────────────────────────────────────────────────────

// loadCmd reads a snapshot off the UI loop. seq
// orders the reads, so an older one finishing late is dropped.
// When the backend can say who acts (Account), it is asked too, so a role
// changed meanwhile applies with the data.
func loadCmd(b Backend, seq int) tea.Cmd { return loadCmdCached(b, seq, nil) }

// loadCmdCached is loadCmd remembering, in c, the last snapshot read and
// what escaping made of it: a snapshot patched from a clean one is checked
// only where it changed.
func loadCmdCached(b Backend, seq int, c *escapeCache) tea.Cmd {
	return func() tea.Msg {
		s, err := b.Snapshot()
		if err != nil {
			return snapshotMsg{seq: seq, err: err}
		}
		// What users and imported files wrote is shown escaped (\x1b), never
		// sent to the terminal raw.
		s = c.escape(s)
		msg := snapshotMsg{seq: seq, snap: s}
		if pl, ok := b.(planner); ok {
			if ids, err := pl.PlanIDs(); err == nil && len(ids) > 1 {
				msg.plans = ids
			}
		}
		if a, ok := b.(accounter); ok {
			if u, err := a.Account(); err != nil {
				msg.acctErr = err
			} else {
				msg.acct = &u
			}
		}
		return msg
	}
}

// escapes is the escaping of the snapshots read lately, shared by every
// session of a server: they read the hub's one snapshot, which is thus
// checked once per change rather than once per session.
var escapes escapeCache

// escapeCache remembers the last snapshots read and their escaped forms.
// Load commands run concurrently, hence the lock.
type escapeCache struct {
	mu      sync.Mutex
	entries []*escapeEntry // most recent first
}

type escapeEntry struct {
	raw   *model.Snapshot
	once  sync.Once
	shown atomic.Pointer[model.Snapshot] // set once escaped
}

// maxEscapes is how many snapshots escapeCache remembers.
const maxEscapes = 2

// escape is safetext.Snapshot(s), computed once per snapshot, and looking
// only at what changed when s was patched from a snapshot that needed no
// escaping. c may be nil.
func (c *escapeCache) escape(s *model.Snapshot) *model.Snapshot {
	if c == nil {
		return safetext.Snapshot(s)
	}
	c.mu.Lock()
	var e *escapeEntry
	for _, x := range c.entries {
		if x.raw == s {
			e = x
			break
		}
	}
	earlier := slices.Clone(c.entries)
	if e == nil {
		e = &escapeEntry{raw: s}
		c.entries = slices.Insert(c.entries, 0, e)
		if len(c.entries) > maxEscapes {
			c.entries = c.entries[:maxEscapes]
		}
	}
	c.mu.Unlock()
	e.once.Do(func() {
		for _, p := range earlier {
			if p == e || p.shown.Load() != p.raw {
				continue // not escaped yet, or it needed escaping
			}
			if ids, ok := s.Changed(p.raw); ok && safetext.Clean(s, ids) {
				e.shown.Store(s)
				return
			}
		}
		e.shown.Store(safetext.Snapshot(s))
	})
	return e.shown.Load()
}

// actionCmd runs a change other than a report (a note, a review, an urge,
// departments, a user) off the UI loop; ok is the confirmation shown when
// it succeeds, dialog says whether a small form is waiting for the result.
func actionCmd(fn func() error, ok string, dialog bool) tea.Cmd {
	return func() tea.Msg {
		if err := fn(); err != nil {
			return actionMsg{err: err, dialog: dialog}
		}
		return actionMsg{ok: ok, dialog: dialog}
	}
}

// subscribe starts the change feed.
func subscribe(b Backend) tea.Cmd {
	return func() tea.Msg {
		ch, cancel := b.Subscribe()
		return subscribedMsg{ch: ch, cancel: cancel}
	}
}

// waitChange waits for the next change signal.
func waitChange(ch <-chan struct{}) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		if _, ok := <-ch; !ok {
			return nil // unsubscribed
		}
		return changedMsg{}
	}
}

// exportFlags are duban export's flags for what the task list shows: its
// as-of date and the filters the command line has.
func (m *Model) exportFlags() []string {
	f := []string{"--format", "xlsx", "--as-of", model.FormatDate(m.asOf)}
	tf := m.tasks().filter
	if tf.dept != "" {
		f = append(f, "--dept", tf.dept)
	}
	if tf.chapter != "" {
		f = append(f, "--chapter", tf.chapter)
	}
	if tf.status != "" {
		f = append(f, "--status", string(tf.status))
	}
	if tf.stale {
		f = append(f, "--stale")
	}
	if m.tasks().query != "" {
		f = append(f, "--search", m.tasks().query)
	}
	return f
}

// exportName is the file name of x's export, without extension: the plan,
// the as-of date and the filters and search of the task list, each once
// (zhuzhou-2019_2019-06-30_滞后+市交通运输局).
func (m *Model) exportName() string {
	parts := []string{m.snap.Plan.ID, model.FormatDate(m.asOf)}
	c := m.common()
	if f := m.tasks().filterText(c); f != "" {
		parts = append(parts, f)
	}
	if q := m.tasks().query; q != "" {
		parts = append(parts, q)
	}
	name := strings.Join(parts, "_")
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < 0x20 || unicode.IsSpace(r) {
			return '-'
		}
		return r
	}, name)
}

// export runs the export hook on the rows on screen.
func (m *Model) export() tea.Cmd {
	if m.opts.ExportFunc == nil {
		if m.opts.ExportCommand != nil && m.data != nil {
			m.setStatus(m.T("tui.export.ssh", m.opts.ExportCommand(m.exportFlags())), true)
			return nil
		}
		m.setStatus(m.T("tui.export.cli"), true)
		return nil
	}
	d, visible, fn, name := m.data, m.tasks().visible, m.opts.ExportFunc, m.exportName()
	m.setStatus(m.T("tui.export.running"), true)
	return func() tea.Msg {
		rows := make([]model.Row, len(visible))
		for k, i := range visible {
			rows[k] = d.rows[i].row()
		}
		path, err := fn(rows, d.asOf, name)
		return exportedMsg{path: path, err: err}
	}
}

// switchPlan makes the next of the file's plans current and reloads.
func (m *Model) switchPlan() tea.Cmd {
	pl, ok := m.backend.(planner)
	switch {
	case !ok: // an SSH session: the plan is the server's
		m.setStatus(m.T("tui.plan.fixed"), false)
		return nil
	case len(m.plans) < 2 || m.snap == nil:
		m.setStatus(m.T("tui.plan.one"), false)
		return nil
	}
	next := m.plans[0]
	for i, id := range m.plans {
		if id == m.snap.Plan.ID {
			next = m.plans[(i+1)%len(m.plans)]
		}
	}
	if err := pl.UsePlan(next, false); err != nil {
		m.setStatus(m.errText(err), false)
		return nil
	}
	m.setStatus(m.T("tui.plan.switched", next), true)
	m.loadSeq++
	return loadCmdCached(m.backend, m.loadSeq, m.esc)
}
