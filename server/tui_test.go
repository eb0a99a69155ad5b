package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"duban/i18n"
	"duban/model"
)

// noReport is how the TUI's overview counts tasks without a report.
func noReport(n int) string {
	return fmt.Sprintf("%s %d", i18n.Status(i18n.Zh, model.StatusNoReport), n)
}

// A known key gets duban's own TUI, showing the plan and who is logged in,
// and a save made by anyone else changes its counts with no key pressed.
func TestTUISession(t *testing.T) {
	e := newEnv(t, envOptions{tui: true})
	snap, err := e.st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	term := e.open("staffA", 120, 40)
	term.waitFor(10*time.Second, snap.Plan.Title, noReport(len(snap.Tasks)), "staffA", e.deptA)

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

// Each session has its own colour profile, from its own terminal type and
// environment: 256 colours for xterm-256color, none when NO_COLOR is set;
// and its own language when it sends DUBAN_LANG.
func TestColourProfileAndLanguagePerSession(t *testing.T) {
	e := newEnv(t, envOptions{tui: true})
	snap, err := e.st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	colour := e.openTerm("staffA", 100, 30, "xterm-256color", nil)
	plain := e.openTerm("staffB", 100, 30, "xterm-256color", map[string]string{"NO_COLOR": "1", "DUBAN_LANG": "en"})
	colour.waitFor(10*time.Second, snap.Plan.Title, i18n.Status(i18n.Zh, model.StatusNoReport))
	plain.waitFor(10*time.Second, snap.Plan.Title, i18n.Status(i18n.En, model.StatusNoReport))
	if !strings.Contains(colour.bytes(), "38;5;") {
		t.Errorf("the xterm-256color session got no 256-colour sequences")
	}
	for _, sgr := range []string{"38;5;", "38;2;", "48;5;", "48;2;"} {
		if strings.Contains(plain.bytes(), sgr) {
			t.Errorf("the NO_COLOR session got colour sequence %q", sgr)
		}
	}
}

// The review queue is live in every session: a save appears in the
// supervisor's queue (screen 4), a return and an urge appear in the staff
// member's own list, with no key pressed in either session.
func TestReviewQueueLive(t *testing.T) {
	e := newEnv(t, envOptions{tui: true})
	zh := i18n.Zh
	du := e.open("du", 120, 40)
	staff := e.open("staffA", 120, 40)
	snap, err := e.st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	du.waitFor(10*time.Second, "du", snap.Plan.Title)
	staff.waitFor(10*time.Second, "staffA", snap.Plan.Title)
	du.send("4")
	staff.send("4")
	du.waitFor(5*time.Second, zh.T("tui.review.none"))
	staff.waitFor(5*time.Second, zh.T("tui.review.none.mine"))

	u, err := e.backend("staffA").AddUpdate(update(e.taskA.ID, 5), 0)
	if err != nil {
		t.Fatal(err)
	}
	du.waitFor(time.Second, zh.T("tui.review.info", 1), e.taskA.ID)
	staff.waitFor(time.Second, zh.T("tui.review.mine", 1, 0, 0))

	sup := e.backend("du")
	if err := sup.Review(u.Seq, model.ReviewReturned, "口径不对，请按统计局口径重报"); err != nil {
		t.Fatal(err)
	}
	du.waitFor(time.Second, zh.T("tui.review.none"))
	staff.waitFor(time.Second, zh.T("tui.review.mine", 0, 1, 0), "口径不对")

	if err := sup.Urge(e.taskA.ID, "请于月底前报送", time.Date(2019, 7, 31, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	staff.waitFor(time.Second, zh.T("tui.review.mine", 0, 1, 1))
}

// A report refused because someone saved the task first goes through when
// the person saves again, also when the other save had reached the session
// before the refusal (the session then reloads the very snapshot it shows,
// shared by the hub, and the form must still take the new revision).
func TestConflictRetryOverSSH(t *testing.T) {
	e := newEnv(t, envOptions{tui: true})
	zh := i18n.Zh
	term := e.open("staffA", 120, 40)
	term.waitFor(10*time.Second, "staffA")
	term.send("2")
	term.send("/")
	term.send(e.taskA.ID)
	term.send("\r")
	term.send("u")
	term.waitFor(5*time.Second, zh.T("tui.form.title"))
	task, _ := func() (model.Task, bool) { s, _ := e.st.Snapshot(); return s.Task(e.taskA.ID) }()
	value := model.FormatValue(task.Target)
	term.send(value)

	if _, err := e.backend("admin").AddUpdate(update(e.taskA.ID, 1), 0); err != nil {
		t.Fatal(err)
	}
	head, _, err := e.st.Head()
	if err != nil {
		t.Fatal(err)
	}
	// Wait until the session has read the snapshot with that save: one at
	// its audit head. (Not "the hub's copy is of the latest version": the
	// backend's own bump after its write may come after the store's signal
	// was served, and then no signal follows it.)
	deadline := time.Now().Add(5 * time.Second)
	for {
		h := e.srv.hub
		h.loadMu.Lock()
		fresh := h.snap != nil && h.snap.HeadSeq >= head
		h.loadMu.Unlock()
		if fresh {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the session never reloaded after the other save")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // let the session apply it

	term.send("\r")
	term.waitFor(5*time.Second, zh.T("tui.form.refused", ""), "admin")
	term.send("\r")
	term.waitFor(5*time.Second, zh.T("tui.form.saved", "", "")[:len("已保存")])
	h, err := e.st.History(e.taskA.ID)
	if err != nil || len(h) != 2 || h[1].By != "staffA" || !h[1].Value.Equal(task.Target) {
		t.Fatalf("history %+v, %v; want admin's update then staffA's retry", h, err)
	}
}
