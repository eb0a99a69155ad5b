// Package tui is duban's terminal interface: an overview of the plan, the
// task table with live progress bars, a task's detail and history, the
// progress-report form (填报) and the departments, in Chinese or English.
//
// The root Model owns the data (a snapshot evaluated at an as-of date) and
// routes messages to one screen at a time; each screen lives in a file of its
// own. Storage is reached only through Backend, always inside tea.Cmds, so
// the same Model serves a local terminal and, later, SSH sessions that see
// each other's saves live through Backend.Subscribe.
package tui

import (
	"context"
	"errors"
	"os/user"
	"time"

	tea "charm.land/bubbletea/v2"

	"duban/i18n"
	"duban/model"
)

// Backend is what the TUI needs of storage; *store.Store satisfies it (tests
// use a fake).
type Backend interface {
	// Snapshot reads the plan, its tasks and their histories consistently.
	Snapshot() (*model.Snapshot, error)
	// AddUpdate records an update; expectRev guards against overwriting a
	// change made since the task was read.
	AddUpdate(u model.Update, expectRev uint64) (model.Update, error)
	// Subscribe signals after every committed change.
	Subscribe() (<-chan struct{}, func())
}

// Options configure the TUI.
type Options struct {
	Lang  i18n.Lang        // interface language; zero means Chinese
	AsOf  time.Time        // zero: today clamped into the plan
	ASCII bool             // --ascii: ASCII bars and borders
	User  string           // who records updates; empty: the OS user
	Now   func() time.Time // default time.Now
	// ExportFunc is what x does: write the rows on screen (filtered and
	// sorted) as of asOf to a file and return its path. It runs in a
	// tea.Cmd. nil: x tells the user to export with `duban export`.
	ExportFunc func(rows []model.Row, asOf time.Time) (path string, err error)
}

// New returns the root model for b. The first frame shows a loading line;
// Init loads the snapshot and subscribes to changes.
func New(b Backend, o Options) Model {
	if o.Lang == "" {
		o.Lang = i18n.Zh
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.User == "" {
		if u, err := user.Current(); err == nil {
			o.User = u.Username
		}
	}
	if !o.AsOf.IsZero() {
		o.AsOf = model.Day(o.AsOf)
	}
	return newModel(b, o)
}

// Run runs the TUI until the user quits or ctx is cancelled.
func Run(ctx context.Context, b Backend, o Options, progOpts ...tea.ProgramOption) error {
	opts := append([]tea.ProgramOption{tea.WithContext(ctx)}, progOpts...)
	p := tea.NewProgram(New(b, o), opts...)
	final, err := p.Run()
	if m, ok := final.(Model); ok {
		m.Close()
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // cancelled from outside: a normal end
	}
	return err
}
