package tui

import (
	"strings"
	"testing"
	"time"

	"duban/i18n"
)

// A task name or note carrying terminal escape sequences is drawn escaped,
// never sent raw (issue 15 §3): a staff member's note cannot retitle the
// window, overwrite the 进展 label or recolour the supervisor's screen.
func TestUserTextCannotDriveTheTerminal(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	const evil = "\x1b]0;pwned\x07\x1b[2J\x1b[31m红\rX\x1b]52;c;ZWNobw==\x07\u202e"
	for i := range fb.snap.Tasks {
		if fb.snap.Tasks[i].ID == "5.3.05" {
			fb.snap.Tasks[i].Name = "新增停车位" + evil
		}
	}
	h := fb.snap.History["5.3.05"]
	if len(h) == 0 {
		t.Fatal("fixture has no history for 5.3.05")
	}
	h[len(h)-1].Note = "进展" + evil
	m := loaded(t, fb, Options{Lang: i18n.Zh, AsOf: testAsOf, User: "测试员", Now: func() time.Time { return testNow }}, 120, 40)
	for _, step := range [][]string{{"2", "/", "text:tcw", "enter"}, {"enter"}} {
		m = press(t, m, step...)
		frame := m.View().Content
		for _, raw := range []string{"\x1b]0;", "\x1b[2J", "\x1b[31m红", "\rX", "\x1b]52", "\u202e"} {
			if strings.Contains(frame, raw) {
				t.Errorf("after %v the frame carries the raw sequence %q", step, raw)
			}
		}
		if !strings.Contains(frame, `\x1b]0;pwned`) {
			t.Errorf("after %v the escaped text is not shown:\n%s", step, plain(m))
		}
	}
	if fb.snap.Tasks[0].Name == "" || !strings.Contains(h[len(h)-1].Note, "\x1b]0;") {
		t.Fatal("the stored text was changed")
	}
}
