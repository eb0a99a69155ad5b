// Package tui is duban's terminal interface: an overview of the plan, the
// task table with live progress bars, a task's detail and history, the
// progress-report form (填报), the departments, the review queue (审核) and
// the users, in Chinese or English. What it offers depends on who acts:
// staff (填报员) report on their department's tasks and note on their
// partners', supervisors (督查室) review and urge, administrators do all of
// that and manage users and departments.
//
// The root Model owns the data (a snapshot evaluated at an as-of date), the
// global keys and the tab bar, and routes messages to one screen at a time;
// each screen is a component in a file of its own, registered in one line
// of screens.go. Storage is reached only through Backend, always inside
// tea.Cmds, so the same Model serves a local terminal and the SSH sessions
// of package server, which see each other's saves live through
// Backend.Subscribe.
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

// Backend is what the TUI needs of storage; server.Backend satisfies it
// (tests use a fake).
type Backend interface {
	// Snapshot reads the plan, its tasks and their histories consistently.
	Snapshot() (*model.Snapshot, error)
	// AddUpdate records an update; expectRev guards against overwriting a
	// change made since the task was read.
	AddUpdate(u model.Update, expectRev uint64) (model.Update, error)
	// Subscribe signals after every committed change.
	Subscribe() (<-chan struct{}, func())
}

// The optional capabilities of a backend. The TUI offers a screen or key
// only when its backend has the method behind it (server.Backend, local
// or per SSH session, has them all; a test fake may have a few),
// and only to a user whose role allows it (model.Can*). The backend
// (the store behind it) remains the judge: whatever it refuses is shown as
// one sentence.
type (
	// accounter says who is acting, as of now. When the backend has it, it
	// is asked on every reload, so a role changed by an administrator
	// applies at once; otherwise Options.Actor is who acts.
	accounter interface {
		Account() (model.User, error)
	}
	// planner switches between the plans of a file (one a year): the
	// header names the plan when there are several, and a key switches.
	planner interface {
		PlanIDs() ([]string, error)
		UsePlan(id string, remember bool) error
	}
	// reviewer approves or returns an update (审核).
	reviewer interface {
		Review(seq uint64, state model.Review, comment string) error
	}
	// batchReviewer approves or returns several updates in one
	// transaction, all or none (a department's month at once).
	batchReviewer interface {
		ReviewMany(seqs []uint64, state model.Review, comment string) error
	}
	// urger marks a task 督办.
	urger interface {
		Urge(taskID, comment string, replyBy time.Time) error
	}
	// deptSetter assigns a task's lead and partner departments.
	deptSetter interface {
		SetDepts(taskID, lead string, partners []string) error
	}
	// pacingSetter sets a task's pacing profile and release cadence.
	pacingSetter interface {
		SetPacing(taskID, pacing, release string) error
	}
	// userAdmin adds, changes and removes users.
	userAdmin interface {
		PutUser(u model.User) error
		DeleteUser(name string) error
	}
	// noter adds a note (备注) to a task.
	noter interface {
		AddNote(taskID, text string) error
	}
)

// Options configure the TUI.
type Options struct {
	Lang  i18n.Lang        // interface language; zero means Chinese
	AsOf  time.Time        // zero: today clamped into the plan
	ASCII bool             // --ascii: ASCII bars and borders
	User  string           // the acting user's name when Actor has none; empty: the OS user
	Now   func() time.Time // default time.Now
	// Actor is the acting user, whose role and departments decide what the
	// screens offer. The zero value is an administrator named User (a
	// person's own file). A backend with Account() overrides it on every
	// load.
	Actor model.User
	// ExportFunc is what x does: write the rows on screen (filtered and
	// sorted) as of asOf to a file named name (the plan, the date and the
	// filters, without directory or extension) and return its path. It
	// runs in a tea.Cmd. nil: x tells the user to export with `duban
	// export`.
	ExportFunc func(rows []model.Row, asOf time.Time, name string) (path string, err error)
	// ExportCommand, when ExportFunc is nil, is what x shows instead: the
	// command that exports what the screen shows, given the export's
	// flags (over SSH: the user's own ssh … export …).
	ExportCommand func(flags []string) string
	// Loaded, when set, is called once the first load is over: its data
	// on screen (the frame drawn from it is rendered before Loaded runs)
	// or its failure shown. It runs in a goroutine of its own, not on the
	// UI loop; the local terminal's tuicmd uses it to turn the garbage
	// collector back on after the initial load.
	Loaded func()
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
	o.Actor = defaultActor(o)
	return newModel(b, o)
}

// defaultActor is Options.Actor with its zero value filled in: an
// administrator named Options.User.
func defaultActor(o Options) model.User {
	a := o.Actor
	if a.Role == "" {
		a.Role = model.RoleAdmin
	}
	if a.Name == "" {
		a.Name = o.User
	}
	return a
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
