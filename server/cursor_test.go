package server

import (
	"strings"
	"testing"
	"time"

	"duban/i18n"
)

// selectedID is the task id on the line the TUI's cursor (▸) is on.
func selectedID(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if _, rest, ok := strings.Cut(l, "▸ "); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				return f[0]
			}
		}
	}
	return ""
}

// In a served session the cursor stays on the task it is on when another
// session's save re-sorts the list (issue #10 §2).
func TestCursorStaysOnLiveResort(t *testing.T) {
	e := newEnv(t, envOptions{tui: true})
	snap, err := e.st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	du := e.open("du", 120, 40)
	du.waitFor(10*time.Second, "du", snap.Plan.Title)
	du.send("2")
	du.send("s") // by 完成率: unreported last, so a first report moves up
	du.waitFor(5*time.Second, i18n.Zh.T("tui.tasks.sort", i18n.Zh.T("tui.sort.progress")))
	du.send("\x1b[B\x1b[B\x1b[B") // down three times
	deadline := time.Now().Add(5 * time.Second)
	var want string
	for {
		if want = selectedID(du.Screen()); want == snap.Tasks[3].ID || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if want != snap.Tasks[3].ID || want == e.taskA.ID {
		t.Fatalf("cursor on %q, want the fourth task %s:\n%s", want, snap.Tasks[3].ID, du.Screen())
	}
	if _, err := e.backend("staffA").AddUpdate(update(e.taskA.ID, 5), 0); err != nil {
		t.Fatal(err)
	}
	// taskA, now reported, sorts first: every row above the cursor moves.
	deadline = time.Now().Add(2 * time.Second)
	for !strings.Contains(strings.Split(du.Screen(), "\n")[3], e.taskA.ID) { // the first row
		if time.Now().After(deadline) {
			t.Fatalf("the save did not re-sort the list:\n%s", du.Screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := selectedID(du.Screen()); got != want {
		t.Errorf("after another session's save the cursor is on %q, want %q:\n%s", got, want, du.Screen())
	}
}
