package tui

import (
	tea "charm.land/bubbletea/v2"

	"duban/model"
)

// ── COMMANDS ────────────────────────────────────────────────────────────────

// loadCmd reads a snapshot and builds its search index off the UI loop. seq
// orders the reads, so an older one finishing late is dropped.
func loadCmd(b Backend, seq int) tea.Cmd {
	return func() tea.Msg {
		s, err := b.Snapshot()
		if err != nil {
			return snapshotMsg{seq: seq, err: err}
		}
		return snapshotMsg{seq: seq, snap: s, idx: model.NewIndex(s.Tasks)}
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

// export runs the export hook on the rows on screen.
func (m *Model) export() tea.Cmd {
	if m.opts.ExportFunc == nil {
		m.setStatus(m.T("tui.export.cli"), true)
		return nil
	}
	d, visible, fn := m.data, m.tasks.visible, m.opts.ExportFunc
	m.setStatus(m.T("tui.export.running"), true)
	return func() tea.Msg {
		rows := make([]model.Row, len(visible))
		for k, i := range visible {
			rows[k] = d.rows[i]
		}
		path, err := fn(rows, d.asOf)
		return exportedMsg{path: path, err: err}
	}
}
