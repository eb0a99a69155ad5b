package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"duban/i18n"
)

// bigModel is the task list of a 10,000-task plan at 120x40.
func bigModel(b *testing.B, keys ...string) Model {
	b.Helper()
	fb := &fakeBackend{snap: bigSnapshot(b, 10000)}
	m := loaded(b, fb, Options{Lang: i18n.Zh, AsOf: testAsOf, User: "u", Now: func() time.Time { return testNow }}, 120, 40)
	return press(b, m, keys...)
}

// BenchmarkView10k is one frame of the task table over 10,000 tasks, in the
// middle of the list (budget: 2 ms).
func BenchmarkView10k(b *testing.B) {
	m := bigModel(b, "2", "pgdown", "pgdown", "pgdown")
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkViewOverview10k is the overview over 10,000 tasks.
func BenchmarkViewOverview10k(b *testing.B) {
	m := bigModel(b)
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkKey10k is one key press (down) handled on the task table over
// 10,000 tasks (budget: 1 ms).
func BenchmarkKey10k(b *testing.B) { alternate(b, bigModel(b, "2"), keyMsg("down"), keyMsg("up")) }

// alternate sends one and other in turn, each to the model the last left.
func alternate(b *testing.B, m Model, one, other tea.Msg) {
	k := 0
	for b.Loop() {
		msg := one
		if k%2 == 1 {
			msg = other
		}
		nm, _ := m.Update(msg)
		m = nm.(Model)
		k++
	}
}

// BenchmarkKeyFrame10k is a key press and the frame after it: what a
// person waits for.
func BenchmarkKeyFrame10k(b *testing.B) {
	m := bigModel(b, "2")
	down := keyMsg("down")
	for b.Loop() {
		nm, _ := m.Update(down)
		m = nm.(Model)
		_ = m.View()
	}
}

// BenchmarkSearchKey10k is typing one more character of a search over
// 10,000 tasks: the rows narrow as you type.
func BenchmarkSearchKey10k(b *testing.B) {
	base := bigModel(b, "2", "/", "text:t")
	for b.Loop() {
		nm, _ := base.Update(keyMsg("c"))
		_ = nm
	}
}

// BenchmarkAsOf10k is [ : re-evaluating 10,000 tasks at another date.
func BenchmarkAsOf10k(b *testing.B) { alternate(b, bigModel(b, "2"), keyMsg("["), keyMsg("]")) }

// BenchmarkSearchFilter10k is the filtering a search keystroke starts (off
// the UI loop): one character more over 10,000 tasks.
func BenchmarkSearchFilter10k(b *testing.B) {
	m := bigModel(b, "2")
	d := m.data
	base := filterRows(d, nil, taskFilter{}, "t", sortID)
	for b.Loop() {
		_ = filterRows(d, base, taskFilter{}, "tc", sortID)
	}
}

// BenchmarkDerive10k is evaluating 10,000 tasks at a date (off the UI
// loop), as [ and ] and every save ask for.
func BenchmarkDerive10k(b *testing.B) {
	m := bigModel(b)
	for b.Loop() {
		_ = derive(m.snap, m.idx, testAsOf, m.actor)
	}
}

// BenchmarkFirstFrame is the TUI's share of starting up on the 2019 plan:
// the loading frame, reading the snapshot (from memory here), building the
// pinyin index, evaluating, and the first overview frame.
func BenchmarkFirstFrame(b *testing.B) {
	fb := &fakeBackend{snap: fixtureSnapshot(b)}
	o := Options{Lang: i18n.Zh, AsOf: testAsOf, User: "u"}
	for b.Loop() {
		m := New(fb, o)
		_ = m.View()
		nm, _ := m.Update(windowSize(80, 24))
		nm, _ = nm.Update(loadCmd(fb, 1)())
		_ = nm.(Model).View()
	}
}

// BenchmarkSortKey10k is s: re-sorting 10,000 rows by the next key.
func BenchmarkSortKey10k(b *testing.B) {
	m := bigModel(b, "2")
	s := keyMsg("s")
	for b.Loop() {
		nm, _ := m.Update(s)
		m = nm.(Model)
	}
}
