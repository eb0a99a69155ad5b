package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"duban/i18n"
)

// noReport is how the TUI's overview counts tasks without a report.
func noReport(n int) string { return fmt.Sprintf("%s %d", i18n.Zh.T("tui.status.no_report"), n) }

// A known key gets duban's own TUI, showing the plan, and a save made by
// anyone else changes its counts with no key pressed.
func TestTUISession(t *testing.T) {
	e := newEnv(t, envOptions{tui: true})
	snap, err := e.st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	term := e.open("staffA", 120, 40)
	term.waitFor(10*time.Second, snap.Plan.Title, noReport(len(snap.Tasks)))

	if _, err := e.backend("staffB").AddUpdate(update(e.taskB.ID, 3), 0); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	term.waitFor(time.Second, noReport(len(snap.Tasks)-1))
	t.Logf("another user's save shown after %v", time.Since(start))

	// The session has its own size: at 120 columns the overview puts
	// chapters and departments side by side, at 70 one above the other.
	chapters, depts := i18n.Zh.T("tui.ov.chapters"), i18n.Zh.T("tui.ov.depts")
	if !sameLine(term.Screen(), chapters, depts) {
		t.Fatalf("at 120 columns, %q and %q are not side by side:\n%s", chapters, depts, term.Screen())
	}
	term.resize(70, 30)
	if err := term.sess.WindowChange(30, 70); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for sameLine(term.Screen(), chapters, depts) || !strings.Contains(term.Screen(), depts) {
		if time.Now().After(deadline) {
			t.Fatalf("not redrawn for 70 columns:\n%s", term.Screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sameLine reports whether a and b appear on one line of screen.
func sameLine(screen, a, b string) bool {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, a) && strings.Contains(l, b) {
			return true
		}
	}
	return false
}
