package tui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"duban/i18n"
)

// settleLoaded is m after msg and every message its commands make, run as
// bubbletea runs them (the change feed left out), checking after each
// message whether Loaded has been called: it must not be before the data
// (or the failure) is what View shows.
func settleLoaded(t *testing.T, m Model, msg tea.Msg, calls *int) Model {
	t.Helper()
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		msg, queue = queue[0], queue[1:]
		if msg == nil {
			continue
		}
		switch msg.(type) {
		case subscribedMsg, changedMsg:
			continue
		}
		before := *calls
		nm, cmd := m.Update(msg)
		m = nm.(Model)
		if *calls != before {
			t.Fatalf("Loaded was called on the UI loop, by %T", msg)
		}
		view := m.View().Content // rendered before the commands run, as by bubbletea
		queue = append(queue, runCmd(t, cmd)...)
		if before == 0 && *calls > 0 && m.state == stateLoading {
			t.Fatalf("Loaded was called while loading; the screen: %s", view)
		}
	}
	return m
}

// Loaded is called once, after the first data is on screen, and not
// again on the reloads after it; also for a plan evaluated off the UI loop.
func TestLoadedOnce(t *testing.T) {
	for _, n := range []int{0, syncRows + 1} {
		snap := fixtureSnapshot(t)
		if n > 0 {
			snap = bigSnapshot(t, n)
		}
		fb := &fakeBackend{snap: snap, actor: "u"}
		calls := 0
		o := Options{Lang: i18n.Zh, AsOf: testAsOf, User: "u", Now: func() time.Time { return testNow },
			Loaded: func() { calls++ }}
		m := New(fb, o)
		m = settleLoaded(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, &calls)
		if calls != 0 {
			t.Fatalf("%d tasks: Loaded was called before the load", len(snap.Tasks))
		}
		m = settleLoaded(t, m, loadCmd(fb, 1)(), &calls)
		if m.state != stateReady || calls != 1 {
			t.Fatalf("%d tasks: after the first load (ready: %v) Loaded was called %d times, not once", len(snap.Tasks), m.state == stateReady, calls)
		}
		if !strings.Contains(m.View().Content, "序时进度") {
			t.Fatalf("%d tasks: Loaded was called and the overview has no data: %s", len(snap.Tasks), m.View().Content)
		}
		m = settleLoaded(t, m, loadCmd(fb, 2)(), &calls)
		m = settleLoaded(t, m, keyMsg("]"), &calls) // another date: evaluated again
		if calls != 1 {
			t.Fatalf("%d tasks: after reloads Loaded was called %d times, not once", len(snap.Tasks), calls)
		}
	}
}

// A first load that fails ends the initial load too: Loaded is called
// once, and not again when the retry succeeds.
func TestLoadedAfterFailure(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t), actor: "u"}
	calls := 0
	m := New(fb, Options{Lang: i18n.Zh, AsOf: testAsOf, User: "u", Now: func() time.Time { return testNow },
		Loaded: func() { calls++ }})
	m = settleLoaded(t, m, tea.WindowSizeMsg{Width: 80, Height: 24}, &calls)
	m = settleLoaded(t, m, snapshotMsg{seq: 1, err: errors.New("disk on fire")}, &calls)
	if m.state != stateFailed || calls != 1 {
		t.Fatalf("after a failed first load (failed: %v) Loaded was called %d times, not once", m.state == stateFailed, calls)
	}
	m = settleLoaded(t, m, keyMsg("esc"), &calls) // retry
	m = settleLoaded(t, m, loadCmd(fb, 3)(), &calls)
	if m.state != stateReady || calls != 1 {
		t.Fatalf("after the retry (ready: %v) Loaded was called %d times, not once", m.state == stateReady, calls)
	}
}
