package server

import (
	"sync"
	"time"

	"duban/i18n"
	"duban/model"
	"duban/store"
)

// Backend is the store acting as one user: reads pass through, and every
// change goes to the store with the backend's actor (model.Actor), which
// the store resolves and judges inside its own write transaction (rights,
// invariants, conflicts). The backend adds no rule of its own; it is what
// the command line, the local screens and each SSH session hold, so that
// all three act the same way. Its methods are the TUI's backend.
type Backend struct {
	st   *store.Store
	as   model.Actor
	gate gate // admits changes until the server stops
	hub  *hub // the server's shared feed and snapshot; nil outside a server

	mu     sync.Mutex
	unsubs []func() // this session's subscriptions, ended by release
	closed bool

	lastMu sync.Mutex      // one read at a time outside a server
	last   *model.Snapshot // outside a server: the last snapshot read, which the next patches
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

// NewBackend returns st acting as as: for the command line and the local
// screens (model.LocalActor or model.NamedActor), and tests.
func NewBackend(st *store.Store, as model.Actor) *Backend {
	return &Backend{st: st, as: as, gate: openGate{}}
}

// newSessionBackend acts as the SSH session's user name, behind the
// server's gate, reading through the server's hub.
func newSessionBackend(st *store.Store, name string, g gate, h *hub) *Backend {
	return &Backend{st: st, as: model.SessionActor(name), gate: g, hub: h}
}

// Actor is who the backend acts as.
func (b *Backend) Actor() model.Actor { return b.as }

// Account is the acting user as of now: the TUI asks it for the role that
// decides which screens and keys to offer.
func (b *Backend) Account() (model.User, error) { return b.st.Actor(b.as) }

// change runs fn while the server's gate is open and, in a server, makes
// the next shared snapshot a fresh read.
func (b *Backend) change(fn func() error) error {
	if !b.gate.enter() {
		return i18n.E("server.err.stopping")
	}
	defer b.gate.leave()
	err := fn()
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
	if b.hub == nil { // the local screens: read only what changed since the last read
		b.lastMu.Lock()
		defer b.lastMu.Unlock()
		s, err := b.st.SnapshotSince(b.last)
		if err == nil {
			b.last = s
		}
		return s, err
	}
	return b.st.Snapshot()
}

// PlanIDs implements the TUI's plan switch: the file's plans.
func (b *Backend) PlanIDs() ([]string, error) {
	if b.hub != nil && b.hub.st == b.st {
		return b.hub.planIDs()
	}
	return b.st.PlanIDs()
}

// UsePlan implements the TUI's plan switch: this backend (a local screen,
// or one SSH session on its own plan view) reads and writes plan id from
// now on; the file's current plan is unchanged.
func (b *Backend) UsePlan(id string, _ bool) error { return b.st.UsePlan(id) }

// Audit returns the audit log, oldest first; taskID "" means all entries.
func (b *Backend) Audit(taskID string) ([]model.AuditEntry, error) { return b.st.Audit(taskID) }

// Users lists the users.
func (b *Backend) Users() ([]model.User, error) { return b.st.Users() }

// User returns one user.
func (b *Backend) User(name string) (model.User, error) { return b.st.User(name) }

// Notes returns one task's notes, oldest first.
func (b *Backend) Notes(taskID string) ([]model.Note, error) { return b.st.Notes(taskID) }

// AddUpdate records u (store.AddUpdate). expectRev goes to the store
// unchanged: when non-zero and the task has moved on, the store returns a
// *model.ConflictError naming what changed and who changed it.
func (b *Backend) AddUpdate(u model.Update, expectRev uint64) (model.Update, error) {
	var out model.Update
	err := b.change(func() error {
		var err error
		out, err = b.st.AddUpdate(b.as, u, expectRev)
		return err
	})
	return out, err
}

// ApplyUpdates records several updates in one transaction, all or none
// (store.ApplyUpdates).
func (b *Backend) ApplyUpdates(us []model.Update) ([]model.Update, error) {
	var out []model.Update
	err := b.change(func() error {
		var err error
		out, err = b.st.ApplyUpdates(b.as, us)
		return err
	})
	return out, err
}

// AddNote adds a note (备注) to a task (store.AddNote).
func (b *Backend) AddNote(taskID, text string) error {
	return b.change(func() error { return b.st.AddNote(b.as, taskID, text) })
}

// Review approves or returns an update (store.Review).
func (b *Backend) Review(seq uint64, state model.Review, comment string) error {
	return b.change(func() error { return b.st.Review(b.as, seq, state, comment) })
}

// ReviewMany approves or returns several updates in one transaction, all
// or none (store.ReviewMany).
func (b *Backend) ReviewMany(seqs []uint64, state model.Review, comment string) error {
	return b.change(func() error { return b.st.ReviewMany(b.as, seqs, state, comment) })
}

// Urge marks a task 督办 with a comment and a reply-by date (store.Urge).
func (b *Backend) Urge(taskID, comment string, replyBy time.Time) error {
	return b.change(func() error { return b.st.Urge(b.as, taskID, comment, replyBy) })
}

// SetDepts assigns a task's lead and partner departments (store.SetDepts).
func (b *Backend) SetDepts(taskID, lead string, partners []string) error {
	return b.change(func() error { return b.st.SetDepts(b.as, taskID, lead, partners) })
}

// SetPacing sets a task's pacing profile and release cadence
// (store.SetPacing).
func (b *Backend) SetPacing(taskID, pacing, release string) error {
	return b.change(func() error { return b.st.SetPacing(b.as, taskID, pacing, release) })
}

// PutUser adds or replaces a user (store.PutUser).
func (b *Backend) PutUser(u model.User) error {
	return b.change(func() error { return b.st.PutUser(b.as, u) })
}

// DeleteUser removes a user (store.DeleteUser).
func (b *Backend) DeleteUser(name string) error {
	return b.change(func() error { return b.st.DeleteUser(b.as, name) })
}

// ReplacePlan imports a plan (store.ReplacePlan).
func (b *Backend) ReplacePlan(p model.Plan, tasks []model.Task) error {
	return b.change(func() error { return b.st.ReplacePlan(b.as, p, tasks) })
}

// ArchivePlan makes a plan read-only (store.ArchivePlan).
func (b *Backend) ArchivePlan(id string) error {
	return b.change(func() error { return b.st.ArchivePlan(b.as, id) })
}

// SetPlanSettings sets judgement settings of the plan id (store.SetPlanSettings).
func (b *Backend) SetPlanSettings(id string, kv [][2]string) (p model.Plan, err error) {
	err = b.change(func() error {
		p, err = b.st.SetPlanSettings(b.as, id, kv)
		return err
	})
	return p, err
}

// SetCurrentPlan makes a plan the file's current one (store.SetCurrentPlan).
func (b *Backend) SetCurrentPlan(id string) error {
	return b.change(func() error { return b.st.SetCurrentPlan(b.as, id) })
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
