package tui_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"

	"duban/store"
)

// TestEndToEnd builds the duban binary, runs it in a real pseudo-terminal
// of 80x24 read by a terminal emulator (pure Go: creack/pty and
// charmbracelet/x/vt, so a fresh machine needs nothing else), performs the
// update flow with exactly the keys — 2, /, tcw, enter, u, 750,
// enter — waits for the saved bar at 50%, quits with q, and reads the value
// back from the database.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tmp := t.TempDir()
	bin := buildDuban(ctx, t, tmp)
	db := filepath.Join(tmp, "x.db")

	cmd := exec.CommandContext(ctx, bin, "--db", db, "--as-of", "2019-06-30")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "DUBAN_LANG=zh", "NO_COLOR=1", "COLORTERM=")
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 80, Rows: 24})
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	// The emulator is never closed: vt v0.1.0's Close writes a flag its Read
	// checks without a lock (a data race under -race). The goroutine copying
	// its answers ends with the test binary.
	term := vt.NewSafeEmulator(80, 24)
	go func() { _, _ = io.Copy(term, ptmx) }() // what the program draws
	go func() { _, _ = io.Copy(ptmx, term) }() // the terminal's answers to its queries
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	screen := func() string { return ansi.Strip(term.Render()) }
	waitFor := func(what string, ok func(string) bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if ok(screen()) {
				return
			}
			select {
			case err := <-exited:
				t.Fatalf("duban exited (%v) waiting for %s; screen:\n%s", err, what, screen())
			case <-time.After(20 * time.Millisecond):
			}
		}
		t.Fatalf("timed out waiting for %s; screen:\n%s", what, screen())
	}
	has := func(subs ...string) func(string) bool {
		return func(s string) bool {
			for _, sub := range subs {
				if !strings.Contains(s, sub) {
					return false
				}
			}
			return true
		}
	}
	typeKeys := func(s string) {
		t.Helper()
		if _, err := ptmx.Write([]byte(s)); err != nil {
			t.Fatal(err)
		}
	}

	waitFor("the overview", has("总览", "序时进度"))
	typeKeys("2")
	waitFor("the task list", has("编号", "牵头单位"))
	typeKeys("/")
	waitFor("the search line", has("/ "))
	typeKeys("tcw")
	waitFor("the search result", has("新增停车位", "1/"))
	typeKeys("\r")
	typeKeys("u")
	waitFor("the form", has("填报进度", "本期累计值"))
	typeKeys("750")
	waitFor("the preview", has("= 750个"))
	typeKeys("\r")
	waitFor("the saved bar at 50%", func(s string) bool {
		return has("已保存", "50%")(s) && !strings.Contains(s, "本期累计值")
	})
	typeKeys("q")
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("duban exited with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("q did not quit; screen:\n%s", screen())
	}

	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range snap.Tasks {
		if task.Name != "新增停车位" {
			continue
		}
		h := snap.History[task.ID]
		if len(h) == 0 {
			t.Fatal("no update recorded for 新增停车位")
		}
		if u := h[len(h)-1]; u.Value.String() != "750" || u.AsOf.Format("2006-01-02") != "2019-06-30" {
			t.Errorf("latest update of 新增停车位: %s as of %s, want 750 as of 2019-06-30", u.Value, u.AsOf.Format("2006-01-02"))
		}
		return
	}
	t.Fatal("no task 新增停车位 in the database")
}

// buildDuban compiles the module's main package into dir.
func buildDuban(ctx context.Context, t testing.TB, dir string) string {
	t.Helper()
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(strings.TrimSpace(string(out)))
	bin := filepath.Join(dir, "duban")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Dir = root
	var stderr bytes.Buffer
	build.Stderr = &stderr
	if err := build.Run(); err != nil {
		t.Fatalf("go build: %v\n%s", err, stderr.String())
	}
	return bin
}

// BenchmarkStartup is the whole process from exec to the first frame with
// the data on it (the overview), in an 80x24 pseudo-terminal, on an
// existing database (budget: 100 ms).
func BenchmarkStartup(b *testing.B) {
	ctx := context.Background()
	tmp := b.TempDir()
	bin := buildDuban(ctx, b, tmp)
	db := filepath.Join(tmp, "x.db")
	run := func() {
		cmd := exec.Command(bin, "--db", db, "--as-of", "2019-06-30")
		cmd.Env = append(os.Environ(), "TERM=xterm-256color", "DUBAN_LANG=zh")
		ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 80, Rows: 24})
		if err != nil {
			b.Fatal(err)
		}
		term := vt.NewSafeEmulator(80, 24)
		go func() { _, _ = io.Copy(term, ptmx) }()
		go func() { _, _ = io.Copy(ptmx, term) }()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(ansi.Strip(term.Render()), "序时进度") {
			if time.Now().After(deadline) {
				b.Fatalf("no overview:\n%s", ansi.Strip(term.Render()))
			}
			time.Sleep(time.Millisecond)
		}
		b.StopTimer()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = ptmx.Close()
		b.StartTimer()
	}
	run() // creates and seeds the database
	for b.Loop() {
		run()
	}
}
