package server

import (
	"sync"
	"time"

	"duban/i18n"
	"duban/model"
	"duban/store"
)

// Backend is the store as one user sees it: reads pass through, and every
// change is checked against the user's rights (model.Can*) on the server,
// whatever the screen offers, and recorded under the user's own name, never
// under a name the caller passes. It has the same methods as *store.Store,
// so the TUI drives either without knowing which.
//
// Staff can only record updates on tasks their department leads; the
// optimistic revision (expectRev) is passed through unchanged, so the
// store refuses an update prepared against an older state of the task.
type Backend struct {
	st      *store.Store
	account func() (model.User, error) // the acting user, as of now
	gate    gate                       // admits changes until the server stops
	hub     *hub                       // the server's shared feed and snapshot; nil outside a server

	mu     sync.Mutex
	unsubs []func() // this session's subscriptions, ended by release
	closed bool
}

// gate admits changes while the server runs and lets it wait for the ones
// in flight when it stops.
type gate interface {
	enter() bool // false once the server is stopping
	leave()
}

// openGate admits everything: a Backend used outside a server.
type openGate struct{}

func (openGate) enter() bool { return true }
func (openGate) leave()      {}

// NewBackend returns a Backend acting as u, whose rights are fixed: for
// local use (the person at the terminal, model.LocalUser) and tests. The
// server's sessions instead re-read their user before every change, so a
// role taken away applies at once.
func NewBackend(st *store.Store, u model.User) *Backend {
	return &Backend{st: st, account: func() (model.User, error) { return u, nil }, gate: openGate{}}
}

// newSessionBackend acts as the stored user name, re-read before every
// change, behind the server's gate, reading through the server's hub.
func newSessionBackend(st *store.Store, name string, g gate, h *hub) *Backend {
	return &Backend{st: st, gate: g, hub: h, account: func() (model.User, error) {
		u, err := st.User(name)
		if err != nil {
			return model.User{}, i18n.E("server.err.user.gone", name)
		}
		return u, nil
	}}
}

// Account is the acting user as of now: the TUI asks it for the role that
// decides which screens and keys to offer.
func (b *Backend) Account() (model.User, error) { return b.account() }

// change runs fn as the current user after check allows it, while the
// server's gate is open.
func (b *Backend) change(check func(model.User) error, fn func(u model.User) error) error {
	if !b.gate.enter() {
		return i18n.E("server.err.stopping")
	}
	defer b.gate.leave()
	u, err := b.account()
	if err != nil {
		return err
	}
	if err := check(u); err != nil {
		return err
	}
	err = fn(u)
	if err == nil && b.hub != nil {
		b.hub.changed()
	}
	return err
}

// Snapshot implements the TUI's backend: the whole plan, read in one
// transaction. Everyone sees everything. In a server the snapshot is read
// once per change and shared by every session, so it must not be
// modified.
//
// A session that switched to another plan (UsePlan) reads its own.
func (b *Backend) Snapshot() (*model.Snapshot, error) {
	if b.hub != nil && b.st.CurrentPlan() == b.hub.st.CurrentPlan() {
		return b.hub.snapshot()
	}
	return b.st.Snapshot()
}

// PlanIDs implements the TUI's plan switch: the file's plans.
func (b *Backend) PlanIDs() ([]string, error) { return b.st.PlanIDs() }

// UsePlan implements the TUI's plan switch: this backend (a local screen,
// or one SSH session on its own plan view) reads and writes plan id from
// now on; the file's current plan is unchanged.
func (b *Backend) UsePlan(id string, _ bool) error { return b.st.UsePlan(id, false) }

// Audit returns the audit log, oldest first; taskID "" means all entries.
func (b *Backend) Audit(taskID string) ([]model.AuditEntry, error) { return b.st.Audit(taskID) }

// Users lists the users.
func (b *Backend) Users() ([]model.User, error) { return b.st.Users() }

// User returns one user.
func (b *Backend) User(name string) (model.User, error) { return b.st.User(name) }

// AddUpdate records u as the acting user, if model.CanUpdate allows it on
// the task. expectRev goes to the store unchanged: when non-zero and the
// task has moved on, the store returns a *store.ConflictError naming what
// changed and who changed it.
func (b *Backend) AddUpdate(u model.Update, expectRev uint64) (model.Update, error) {
	var out model.Update
	err := b.change(func(acct model.User) error { return b.canUpdate(acct, u.TaskID) },
		func(acct model.User) error {
			u.By = acct.Name
			var err error
			out, err = b.st.AddUpdate(u, expectRev)
			return err
		})
	return out, err
}

// ApplyUpdates records several updates in one transaction, all or none,
// if the acting user may update every one of their tasks.
func (b *Backend) ApplyUpdates(us []model.Update) ([]model.Update, error) {
	var out []model.Update
	err := b.change(func(acct model.User) error {
		for i, u := range us {
			if err := b.canUpdate(acct, u.TaskID); err != nil {
				return &store.BatchError{Index: i, Err: err}
			}
		}
		return nil
	}, func(acct model.User) error {
		mine := make([]model.Update, len(us))
		for i, u := range us {
			u.By = acct.Name
			mine[i] = u
		}
		var err error
		out, err = b.st.ApplyUpdates(mine)
		return err
	})
	return out, err
}

// AddNote adds a note (备注) to a task, if model.CanNote allows it: staff
// of its lead or a partner department, or an admin.
func (b *Backend) AddNote(taskID, text, _ string) error {
	return b.change(func(acct model.User) error {
		if acct.Role == model.RoleAdmin {
			return nil
		}
		t, err := b.task(taskID)
		if err != nil {
			return err
		}
		return model.CanNote(acct, t)
	}, func(acct model.User) error {
		return b.st.AddNote(taskID, text, acct.Name)
	})
}

// Notes returns one task's notes, oldest first.
func (b *Backend) Notes(taskID string) ([]model.Note, error) { return b.st.Notes(taskID) }

// canUpdate applies model.CanUpdate to the stored task. Admins skip the
// lookup; an unknown task is left for the store to refuse.
func (b *Backend) canUpdate(acct model.User, taskID string) error {
	if acct.Role == model.RoleAdmin {
		return nil
	}
	t, err := b.task(taskID)
	if err != nil {
		return err
	}
	return model.CanUpdate(acct, t)
}

// task reads one task, for a rights check.
func (b *Backend) task(id string) (model.Task, error) {
	snap, err := b.Snapshot()
	if err != nil {
		return model.Task{}, err
	}
	t, ok := snap.Task(id)
	if !ok {
		return model.Task{}, i18n.E("err.task.unknown", id)
	}
	return t, nil
}

// Review approves or returns an update (审核), if the acting user may
// review.
func (b *Backend) Review(seq uint64, state model.Review, comment, _ string) error {
	return b.change(model.CanReview, func(acct model.User) error {
		return b.st.Review(seq, state, comment, acct.Name)
	})
}

// ReviewMany approves or returns several updates in one transaction, all
// or none, if the acting user may review.
func (b *Backend) ReviewMany(seqs []uint64, state model.Review, comment string) error {
	return b.change(model.CanReview, func(acct model.User) error {
		return b.st.ReviewMany(seqs, state, comment, acct.Name)
	})
}

// Urge marks a task 督办 with a comment and a reply-by date, if the acting
// user may urge.
func (b *Backend) Urge(taskID, comment string, replyBy time.Time, _ string) error {
	return b.change(model.CanUrge, func(acct model.User) error {
		return b.st.Urge(taskID, comment, replyBy, acct.Name)
	})
}

// SetDepts assigns a task's lead and partner departments; admins only.
func (b *Backend) SetDepts(taskID, lead string, partners []string, _ string) error {
	return b.change(model.CanAdmin, func(acct model.User) error {
		return b.st.SetDepts(taskID, lead, partners, acct.Name)
	})
}

// SetPacing sets a task's pacing profile and release cadence; admins only.
func (b *Backend) SetPacing(taskID, pacing, release, _ string) error {
	return b.change(model.CanAdmin, func(acct model.User) error {
		return b.st.SetPacing(taskID, pacing, release, acct.Name)
	})
}

// PutUser adds or replaces a user; admins only.
func (b *Backend) PutUser(u model.User, _ string) error {
	return b.change(model.CanAdmin, func(acct model.User) error {
		return b.st.PutUser(u, acct.Name)
	})
}

// DeleteUser removes a user; admins only.
func (b *Backend) DeleteUser(name, _ string) error {
	return b.change(model.CanAdmin, func(acct model.User) error {
		return b.st.DeleteUser(name, acct.Name)
	})
}

// ReplacePlan imports a plan; admins only.
func (b *Backend) ReplacePlan(p model.Plan, tasks []model.Task, _ string) error {
	return b.change(model.CanAdmin, func(acct model.User) error {
		return b.st.ReplacePlan(p, tasks, acct.Name)
	})
}

// Subscribe returns a channel that receives after every committed change,
// anyone's. It is closed when the session ends (or by the returned
// function), so a screen waiting on it is released with its session. In a
// server, changes closer together than DefaultFanoutGap arrive as one.
func (b *Backend) Subscribe() (<-chan struct{}, func()) {
	var ch <-chan struct{}
	var unsub func()
	if b.hub != nil {
		ch, unsub = b.hub.subscribe()
	} else {
		ch, unsub = b.st.Subscribe()
	}
	once := sync.OnceFunc(unsub)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		once()
		return ch, func() {}
	}
	b.unsubs = append(b.unsubs, once)
	return ch, once
}

// release ends the session's subscriptions.
func (b *Backend) release() {
	b.mu.Lock()
	fns := b.unsubs
	b.unsubs, b.closed = nil, true
	b.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}
