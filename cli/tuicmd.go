package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"duban/i18n"
	"duban/model"
	"duban/report"
	"duban/safetext"
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
	return tui.Run(ctx, b, tui.Options{
		Lang: e.lang, AsOf: asOf, ASCII: e.ascii, User: actor.Name, Actor: actor, Now: e.now,
		ExportFunc: e.exportFromTUI(s),
	})
}

// exportFromTUI is the TUI's x: it writes the rows on screen as an xlsx
// report in the current directory, named as the TUI says (the plan, the
// as-of date and the filters), and returns the file's path.
func (e *env) exportFromTUI(s *store.Store) func([]model.Row, time.Time, string) (string, error) {
	return func(rows []model.Row, asOf time.Time, base string) (string, error) {
		snap, err := s.Snapshot()
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
