package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// settle runs what a key or a message asked for, delivers the results and
// runs what they ask for in turn, until nothing is left: a change, the
// reload after it. Animation frames are dropped.
func settle(tb testing.TB, m Model, cmd tea.Cmd) Model {
	tb.Helper()
	for range 8 {
		if cmd == nil {
			return m
		}
		var next []tea.Cmd
		for _, msg := range runCmd(tb, cmd) {
			if _, ok := msg.(animMsg); ok || msg == nil {
				continue
			}
			var c tea.Cmd
			m, c = sendCmd(tb, m, msg)
			next = append(next, c)
		}
		cmd = tea.Batch(next...)
	}
	return m
}

// pressRun presses keys as press does and settles each one's command.
func pressRun(tb testing.TB, m Model, keys ...string) Model {
	tb.Helper()
	for _, k := range keys {
		if strings.HasPrefix(k, "text:") {
			m = press(tb, m, k)
			continue
		}
		var cmd tea.Cmd
		m, cmd = sendCmd(tb, m, keyMsg(k))
		m = settle(tb, m, cmd)
	}
	return m
}
