package server

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"duban/model"
	"duban/store"
)

// Logging in under one user's name with another user's key is refused at
// authentication, not turned into a session of the key's owner.
func TestLoginNameMustMatchKey(t *testing.T) {
	e := newEnv(t, envOptions{})
	c, err := e.dial("admin", e.keys["staffA"])
	if err == nil {
		c.Close()
		t.Fatal("staffA's key logged in as admin")
	}
	if !strings.Contains(e.logs.String(), "refused: key belongs to another user") {
		t.Errorf("the refusal is not logged:\n%s", e.logs.String())
	}
	c, err = e.dial("staffA", e.keys["staffA"])
	if err != nil {
		t.Fatalf("staffA's own login: %v", err)
	}
	c.Close()
}

// A connection that authenticates and opens no session (ssh -N) is closed
// after the idle timeout; one with a session is not.
func TestIdleConnectionClosed(t *testing.T) {
	e := newEnv(t, envOptions{idle: time.Second})
	c, err := e.dial("staffA", e.keys["staffA"])
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("an idle connection was kept open")
	}
	term := e.open("staffB", 80, 24)
	term.waitFor(5*time.Second, "probe user=staffB")
	time.Sleep(1500 * time.Millisecond)
	select {
	case err := <-term.end:
		t.Fatalf("a connection with a session was closed as idle: %v", err)
	default:
	}
}

// heapMB is the live heap after a collection.
func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// Absurd window sizes and resize storms leave the server's heap bounded:
// the screen is drawn at most MaxWidth x MaxHeight.
func TestWindowSizeCapped(t *testing.T) {
	e := newEnv(t, envOptions{tui: true})
	base := heapMB()
	c, err := e.dial("staffA", e.keys["staffA"])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var got atomic.Int64
	sess.Stdout = writerFunc(func(p []byte) (int, error) { got.Add(int64(len(p))); return len(p), nil })
	in, _ := sess.StdinPipe()
	defer in.Close()
	// 3000x3000 uncapped would take about 700 MB: the first check fails
	// before anything larger is asked for.
	if err := sess.RequestPty("xterm-256color", 3000, 3000, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	waitBytes := func(n int64) {
		deadline := time.Now().Add(10 * time.Second)
		for got.Load() < n && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitBytes(1000)
	time.Sleep(300 * time.Millisecond)
	if h := heapMB(); h-base > 150 {
		t.Fatalf("a 3000x3000 window grew the heap by %.0f MB", h-base)
	}
	for i := range 200 {
		w, h := 100000+i, 80000+i
		if i%2 == 1 {
			w, h = 1<<30, 1<<30
		}
		if err := sess.WindowChange(h, w); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(500 * time.Millisecond)
	if h := heapMB(); h-base > 150 {
		t.Fatalf("a resize storm grew the heap by %.0f MB", h-base)
	}
	if capW, capH := capWindow(1<<30, -5); capW != MaxWidth || capH != 0 {
		t.Errorf("capWindow = %d x %d", capW, capH)
	}
	t.Logf("heap grew by %.1f MB; %d bytes drawn", heapMB()-base, got.Load())
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// Scheduled backups: each copy is checked, the newest keep are kept, a
// file not named by the schedule is left alone.
func TestScheduledBackupsRotate(t *testing.T) {
	e := newEnv(t, envOptions{})
	dir := t.TempDir()
	foreign := filepath.Join(dir, "duban-mine.db")
	os.WriteFile(foreign, []byte("x"), 0o600)
	b, err := newBackups(e.srv, dir, time.Hour, 3)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2019, 6, 30, 2, 0, 0, 0, time.UTC)
	var paths []string
	for i := range 5 {
		if _, err := e.st.ApplyUpdates(model.LocalActor("test"), []model.Update{withBy(update(e.taskA.ID, int64(100+i)))}); err != nil {
			t.Fatal(err)
		}
		p, err := b.once(t0.Add(time.Duration(i) * 24 * time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, en := range entries {
		names = append(names, en.Name())
	}
	want := []string{"duban-20190702-020000.db", "duban-20190703-020000.db", "duban-20190704-020000.db", "duban-mine.db"}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Fatalf("backups: %v, want %v", names, want)
	}
	for _, p := range paths[2:] {
		st, err := store.Open(p, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if probs := st.Check(); len(probs) > 0 {
			t.Errorf("%s: %v", p, probs)
		}
		st.Close()
	}
	if !strings.Contains(e.logs.String(), "scheduled backup") {
		t.Error("backups are not logged")
	}
	// A copy that cannot be written is logged as a failure and rotates nothing.
	bad, _ := newBackups(e.srv, filepath.Join(dir, "duban-mine.db", "sub"), time.Hour, 1)
	if bad != nil {
		if _, err := bad.once(t0); err == nil {
			t.Error("a backup into a file's path succeeded")
		}
	}
	if n, _ := os.ReadDir(dir); len(n) != 4 {
		t.Errorf("a failed backup changed the directory: %d entries", len(n))
	}
}

func withBy(u model.Update) model.Update {
	u.By = "admin"
	return u
}

// A user removed while connected is told so in one line and disconnected.
func TestRemovedUserDisconnected(t *testing.T) {
	e := newEnv(t, envOptions{})
	term := e.open("staffB", 80, 24)
	term.waitFor(5*time.Second, "probe user=staffB")
	other := e.open("staffA", 80, 24)
	other.waitFor(5*time.Second, "probe user=staffA")
	if err := e.st.DeleteUser(model.LocalActor("admin"), "staffB"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-term.end:
	case <-time.After(5 * time.Second):
		t.Fatal("the removed user's session is still open")
	}
	if !strings.Contains(term.Raw(), "用户 staffB 已被删除，连接已断开。") {
		t.Errorf("no farewell line: %q", term.Raw())
	}
	select {
	case err := <-other.end:
		t.Fatalf("another user's session ended: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
}

// In an SSH session, x shows the person's own ssh … export … command for
// what the screen shows.
func TestExportKeyShowsSSHCommand(t *testing.T) {
	e := newEnv(t, envOptions{tui: true})
	snap, err := e.st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	term := e.open("staffA", 200, 40)
	term.waitFor(20*time.Second, snap.Plan.Title, "staffA")
	term.send("2")
	term.waitFor(20*time.Second, snap.Tasks[0].ID)
	term.send("x")
	_, port, _ := strings.Cut(e.addr, ":")
	term.waitFor(20*time.Second, "ssh -p "+port+" staffA@127.0.0.1 export --format xlsx --as-of 2019-")
	if got := ExportCommand("ssh -p 1 a@h", []string{"--search", "it's 停车"}); got != `ssh -p 1 a@h export --search 'it'\''s 停车' > 重点工作进度.xlsx` {
		t.Errorf("quoting: %s", got)
	}
}

// After `plan use` moves the server's current plan, the shared snapshot
// is of the new plan at once, before the store's change signal has come
// round to the hub: a session opening then shows the plan it opens on.
func TestHubSnapshotFollowsCurrentPlan(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "duban.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	as := model.LocalActor("test")
	old, err := st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	next := old.Plan
	next.ID = "zhuzhou-2020"
	next.Start, next.End = next.Start.AddDate(1, 0, 0), next.End.AddDate(1, 0, 0)
	tasks := append([]model.Task(nil), old.Tasks...)
	for i := range tasks {
		tasks[i].Due = time.Time{}
	}
	if err := st.ReplacePlan(as, next, tasks); err != nil {
		t.Fatal(err)
	}
	h := newHub(st, time.Hour) // not running: no change signal reaches it
	if s, err := h.snapshot(); err != nil || s.Plan.ID != old.Plan.ID {
		t.Fatalf("first snapshot: %v %v", s, err)
	}
	if err := st.SetCurrentPlan(as, next.ID); err != nil {
		t.Fatal(err)
	}
	b := newSessionBackend(st.PlanView(), "admin", nil, h)
	if s, err := b.Snapshot(); err != nil || s.Plan.ID != next.ID {
		t.Fatalf("a session opened after plan use reads plan %v (%v), want %s", s.Plan.ID, err, next.ID)
	}
}
