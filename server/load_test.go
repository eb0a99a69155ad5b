package server

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"duban/i18n"
	"duban/model"
	"duban/store"
)

// 50 sessions, each making 20 updates at once: all 1,000 reach the audit
// log under their users, nothing is lost or overwritten, every open screen
// ends showing the same final counts, and the file checks clean.
//
// Each of the 50 users has a live SSH session running duban's TUI, which
// reloads on every save; the updates go through a session Backend of the
// same user (the server-side path every screen's save takes), with the
// optimistic revision check and a retry on conflict, as a person would.
// Several users share a department and so a task, so conflicts do happen.
func TestFiftyConcurrentSessions(t *testing.T) {
	const sessions, updates = 50, 20
	// Sessions run duban's TUI, or the probe under the race detector.
	e := newEnv(t, envOptions{tui: !raceEnabled, extra: sessions})
	snap, err := e.st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	before, err := e.st.Audit("")
	if err != nil {
		t.Fatal(err)
	}

	w, h := 100, 30
	if !e.tui {
		w, h = 60, 8 // the probe's few lines
	}
	terms := make([]*terminal, sessions)
	var wg sync.WaitGroup
	for i := range sessions {
		wg.Go(func() { terms[i] = e.open(fmt.Sprintf("staff%d", i), w, h) })
	}
	wg.Wait()
	for _, term := range terms {
		term.waitFor(20*time.Second, e.ready(len(snap.Tasks)))
	}
	if n := e.srv.Sessions(); n != sessions {
		t.Fatalf("%d sessions running, want %d", n, sessions)
	}

	type saved struct {
		user string
		u    model.Update
	}
	results := make(chan saved, sessions*updates)
	errs := make(chan error, sessions)
	var conflicts atomic.Int64
	start := time.Now()
	for i := range sessions {
		wg.Go(func() {
			name := fmt.Sprintf("staff%d", i)
			b, task := e.backend(name), e.tasks[name]
			rev, err := taskRev(b, task) // as the screen shows it
			if err != nil {
				errs <- err
				return
			}
			for j := range updates {
				for {
					u, err := b.AddUpdate(update(task, int64(j+1)), rev)
					// Retry a conflict for as long as the test's time allows: on a
					// loaded machine one session can lose many races in a row.
					if errors.Is(err, store.ErrConflict) && time.Since(start) < 2*time.Minute {
						conflicts.Add(1)
						if rev, err = taskRev(b, task); err != nil { // look again and retry
							errs <- err
							return
						}
						continue
					}
					if err != nil {
						errs <- fmt.Errorf("%s, update %d: %w", name, j, err)
						return
					}
					results <- saved{name, u}
					rev++ // the save itself moved the task on by one
					break
				}
			}
		})
	}
	wg.Wait()
	close(results)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	t.Logf("%d updates in %v, %d conflicts retried", sessions*updates, time.Since(start), conflicts.Load())

	// Every save is in the audit log, under its user, once.
	after, err := e.st.Audit("")
	if err != nil {
		t.Fatal(err)
	}
	perUser := map[string]int{}
	for _, a := range after[len(before):] {
		if a.Action != store.ActionUpdate {
			t.Errorf("unexpected audit entry %+v", a)
		}
		perUser[a.User]++
	}
	if got := len(after) - len(before); got != sessions*updates {
		t.Errorf("%d new audit entries, want %d", got, sessions*updates)
	}
	for i := range sessions {
		if n := perUser[fmt.Sprintf("staff%d", i)]; n != updates {
			t.Errorf("staff%d has %d audit entries, want %d", i, n, updates)
		}
	}

	// Final values are consistent: each task's history is exactly the saves
	// made to it, and its latest value the last of them.
	final, err := e.st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	byTask := map[string][]model.Update{}
	for r := range results {
		byTask[r.u.TaskID] = append(byTask[r.u.TaskID], r.u)
	}
	for id, us := range byTask {
		slices.SortFunc(us, func(a, b model.Update) int { return int(a.Seq) - int(b.Seq) })
		h := final.History[id]
		if len(h) != len(us) {
			t.Errorf("task %s: %d updates stored, %d saved", id, len(h), len(us))
			continue
		}
		last := h[len(h)-1]
		if want := us[len(us)-1]; last.Seq != want.Seq || !last.Value.Equal(want.Value) || last.By != want.By {
			t.Errorf("task %s: latest is #%d %s by %s, want #%d %s by %s", id, last.Seq, last.Value, last.By, want.Seq, want.Value, want.By)
		}
		task, _ := final.Task(id)
		if task.Rev < uint64(len(us)) {
			t.Errorf("task %s: rev %d after %d updates", id, task.Rev, len(us))
		}
	}

	// Every screen shows the final counts, with no key pressed.
	want := e.ready(len(snap.Tasks) - len(byTask))
	for _, term := range terms {
		term.waitFor(5*time.Second, want)
	}
	if problems := e.st.Check(); len(problems) > 0 {
		t.Fatalf("check: %v", problems)
	}
}

// taskRev reads the task's current revision, as a screen does before a
// save.
func taskRev(b *Backend, id string) (uint64, error) {
	snap, err := b.Snapshot()
	if err != nil {
		return 0, err
	}
	t, ok := snap.Task(id)
	if !ok {
		return 0, fmt.Errorf("no task %s", id)
	}
	return t.Rev, nil
}

// Stopping with sessions open and saves in flight: Serve returns within a
// few seconds, every session is told why and ends, a save either completes
// or is refused with a sentence, and after reopening the file checks clean
// and holds every acknowledged save.
func TestGracefulShutdown(t *testing.T) {
	const sessions = 10
	e := newEnv(t, envOptions{tui: true, extra: sessions})
	terms := make([]*terminal, sessions)
	for i := range sessions {
		terms[i] = e.open(fmt.Sprintf("staff%d", i), 100, 30)
	}
	for _, term := range terms {
		term.waitFor(20*time.Second, i18n.Status(i18n.Zh, model.StatusNoReport))
	}

	// Writers keep saving through the stop.
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		acked   []model.Update
		refused int
	)
	stop := make(chan struct{})
	for i := range sessions {
		wg.Go(func() {
			name := fmt.Sprintf("staff%d", i)
			b := e.backend(name)
			for j := int64(0); ; j++ {
				u, err := b.AddUpdate(update(e.tasks[name], j), 0)
				mu.Lock()
				switch {
				case err == nil:
					acked = append(acked, u)
				case errors.Is(err, i18n.E("server.err.stopping")):
					refused++
				default:
					t.Errorf("%s: %v", name, err)
				}
				mu.Unlock()
				select {
				case <-stop:
					return
				default:
				}
				if err != nil {
					return
				}
			}
		})
	}
	time.Sleep(300 * time.Millisecond)

	took, err := e.stop()
	if err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if took > 4*time.Second {
		t.Errorf("the stop took %v", took)
	}
	close(stop)
	wg.Wait()
	t.Logf("Serve returned %v after the stop, with %d saves acknowledged and %d refused", took, len(acked), refused)
	if refused == 0 {
		t.Errorf("no save was refused after the stop")
	}
	farewell := i18n.Zh.T("server.stopping")
	for i, term := range terms {
		select {
		case <-term.end:
		case <-time.After(2 * time.Second):
			t.Errorf("session %d did not end", i)
		}
		if !strings.Contains(term.Raw(), farewell) {
			t.Errorf("session %d was not told the server is stopping", i)
		}
	}
	if e.srv.Sessions() != 0 {
		t.Errorf("%d sessions still running", e.srv.Sessions())
	}

	// Close and reopen: every acknowledged save is there, the file checks.
	if err := e.st.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(e.path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e.st = st // closed by the env's cleanup
	if problems := st.Check(); len(problems) > 0 {
		t.Fatalf("check after reopening: %v", problems)
	}
	snap, err := st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	stored := map[uint64]bool{}
	for _, h := range snap.History {
		for _, u := range h {
			stored[u.Seq] = true
		}
	}
	for _, u := range acked {
		if !stored[u.Seq] {
			t.Errorf("acknowledged update #%d of %s is lost", u.Seq, u.TaskID)
		}
	}
}
