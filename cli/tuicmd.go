package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"duban/i18n"
	"duban/model"
	"duban/report"
	"duban/safetext"
	"duban/server"
	"duban/store"
	"duban/tui"
)

// runTUI opens the database and runs the interactive screens until the
// person quits.
func (e *env) runTUI(ctx context.Context) error {
	if !isTerminal(e.stdout) || !isTerminal(e.stdin) {
		return i18n.E("cli.err.tty")
	}
	s, err := e.open(false)
	if err != nil {
		return err
	}
	defer e.release(s)
	loaded, settle := func() {}, func() {}
	if e.shared == nil { // never in a server, whose collector serves every session
		loaded = loadGC(s.Path())
		defer loaded()
		s.DropPagesAsRead()
		settle = sync.OnceFunc(debug.FreeOSMemory)
	}
	// Only the plan's record: the screens read the whole plan themselves,
	// and a second copy here would double the memory of a large file.
	plan, err := s.PlanRecord()
	if err != nil {
		return err
	}
	var asOf time.Time // zero: the TUI follows today, clamped into the plan
	if e.asOf != "" {
		if asOf, err = e.resolveAsOf(plan); err != nil {
			return err
		}
	}
	// The person at the terminal acts as the OS user, an admin of their
	// own file, unless --user names a user of the file: then that user's
	// role and departments apply, decided by the store as over SSH.
	b := e.backend(s)
	actor, err := b.Account()
	if err != nil {
		return err
	}
	return tui.Run(ctx, releasing{b, s, settle}, tui.Options{
		Lang: e.lang, AsOf: asOf, ASCII: e.ascii, User: actor.Name, Actor: actor, Now: e.now,
		ExportFunc: e.exportFromTUI(s), Loaded: loaded,
	})
}

// The local TUI's initial load, before its first frame, on a 100,000-task
// file (genplan -tasks 100000 -reports 3, 493 MB), as a whole process in
// tmux (scripts/tui-first-frame.sh FILE DUBAN 3, old and new binaries
// alternated on the 2-core build machine):
//
//	                   first frame   RSS at the first frame   3 s later, idle
//	before             1.29–1.43 s   512–523 MB (file 235)    the same
//	collector off during the load, the file's pages released after the
//	snapshot, the heap returned after the first frame:
//	                   0.86–0.91 s   354 MB (file 15)         234 MB (anon 219)
//	and the rows no longer copying their tasks (tui's taskRow):
//	                   0.90–1.00 s   377 MB (file 15)         207–208 MB (anon 192)
//	and rows found by a binary search, their texts made when drawn:
//	                   0.91–0.95 s   371 MB (file 15)         201 MB (anon 186)
//
// (idle within 0.3 s of the first frame, once the heap is collected.)
// Then with each task's digest (schema 3) on a slower machine, the peak of
// resident memory (VmHWM) beside (SETTLE=2, the same file):
//
//	                   first frame   RSS at the first frame   peak     idle
//	digests            0.63–0.66 s   319 MB (file 15)         319 MB   185 MB (anon 170)
//	tallied in windows, not a model.Row of every task; f64 without big.Rat:
//	                   0.76–0.78 s   246 MB                   304 MB   175 MB (anon 160)
//	and the file's pages dropped as they are read (DropPagesAsRead), not
//	held, 133 MB of them, until the snapshot is over:
//	                   0.59–0.75 s   242 MB                   242 MB   175 MB
//	and the snapshot's garbage collected and returned to the system before
//	the evaluation (releasing.settle), which then grows the heap less:
//	                   0.63–0.93 s   193 MB                   193–194 MB  174–175 MB (anon 159)
//
// loadGC turns the garbage collector off for the initial load and returns
// the function that turns it back on (once; the TUI calls it through
// Options.Loaded once the first frame is drawn, runTUI again when it
// ends). The load allocates its data in large pieces that all stay live
// (the snapshot, the evaluated rows), so collections during it free little
// and cost a third of its time; with the collector off the load allocates
// about 340 MB (the live data and 120 MB of garbage), less than the
// default collector lets the heap grow to (twice the live data). A memory
// limit of the file's size and 512 MiB more is the backstop: if the load
// ever allocates that much, the collector runs as it would under
// GOMEMLIMIT. Turning it back on, the heap is collected and what is free
// returned to the system (debug.FreeOSMemory), off the UI loop. A person
// who set GOGC or GOMEMLIMIT gets what they set throughout.
func loadGC(path string) (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	var size int64
	if fi, err := os.Stat(path); err == nil {
		size = fi.Size()
	}
	pct := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(512<<20 + size)
	return sync.OnceFunc(func() {
		debug.SetGCPercent(pct)
		debug.SetMemoryLimit(limit)
		debug.FreeOSMemory()
	})
}

// releasing is the local TUI's backend: after each snapshot it drops the
// file's pages the read left in the process's memory (store.ReleaseMapped;
// 235 MB of them after the first snapshot of a 100,000-task file before
// the store dropped them as it read, 5.5 ms to drop them, 10 µs when there
// are none, as after a refresh, which reads only what changed), and after
// the first one it settles: the heap collected and what is free returned
// to the system (debug.FreeOSMemory, 35–43 ms at 100,000 tasks), so that
// the evaluation reuses the snapshot's garbage instead of growing the
// process further. The other methods are the embedded backend's, so the
// TUI finds the same optional capabilities on it.
type releasing struct {
	*server.Backend
	st     *store.Store
	settle func() // after the first snapshot (runTUI)
}

func (r releasing) Snapshot() (*model.Snapshot, error) {
	snap, err := r.Backend.Snapshot()
	_ = r.st.ReleaseMapped() // only memory: a failure changes nothing else
	r.settle()
	return snap, err
}

// exportFromTUI is the TUI's x: it writes the rows on screen as an xlsx
// report in the current directory, named as the TUI says (the plan, the
// as-of date and the filters), and returns the file's path.
func (e *env) exportFromTUI(s *store.Store) func([]model.Row, time.Time, string) (string, error) {
	return func(rows []model.Row, asOf time.Time, base string) (string, error) {
		snap, err := s.Snapshot()
		_ = s.ReleaseMapped() // as after the screens' snapshots (releasing)
		if err != nil {
			return "", err
		}
		snap = safetext.Snapshot(snap) // the rows on screen are escaped already
		var buf bytes.Buffer
		if err := report.Export(&buf, "xlsx", snap, rows, report.Options{AsOf: asOf, Lang: e.lang}); err != nil {
			return "", err
		}
		dir, err := os.Getwd()
		if err != nil {
			dir = os.TempDir()
		}
		path := filepath.Join(dir, base+".xlsx")
		for n := 2; ; n++ { // a second export of the same view gets its own file
			if _, err := os.Lstat(path); err != nil {
				break
			}
			path = filepath.Join(dir, fmt.Sprintf("%s-%d.xlsx", base, n))
		}
		target, err := store.PrepareOutput(path, false, s.Path())
		if err != nil {
			return "", err
		}
		if err := store.WriteOutput(target, 0o644, func(w io.Writer) error {
			_, err := w.Write(buf.Bytes())
			return err
		}); err != nil {
			return "", err
		}
		return path, nil
	}
}
