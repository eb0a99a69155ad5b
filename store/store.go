// Package store keeps a duban plan in one bbolt file: the plan, its tasks,
// every progress update (append-only), users, and a hash-chained audit
// log. Every change is one transaction that also writes its audit entry.
//
// The layout of the file is described in buckets.go and encode.go; how a
// file is vetted before it is opened for writing, in open.go.
//
// A Store is safe for concurrent use by many goroutines: they share one
// *bolt.DB, whose single writer serialises changes while readers proceed.
package store

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// Sentinel errors, mapped from bbolt's at the boundary. Errors returned by
// the store wrap them (see Error), so test with errors.Is; i18n.Message
// gives the full sentence.
var (
	ErrLocked      = errors.New("database in use")       // another process holds the file
	ErrNotDuban    = errors.New("not a duban database")  // a file that is not ours (or empty but not new)
	ErrCorrupt     = errors.New("database corrupted")    // truncated, damaged pages, broken audit chain
	ErrNewerSchema = errors.New("newer schema")          // written by a newer duban
	ErrNotFound    = errors.New("not found")             // no such task, update or user
	ErrConflict    = model.ErrConflict                   // optimistic check failed; see *model.ConflictError
	ErrReadOnly    = errors.New("database is read-only") // a change on a store opened with ReadOnly
	ErrArchived    = errors.New("plan is archived")      // a change to an archived plan
)

// DefaultTimeout is how long Open waits for another process's lock.
const DefaultTimeout = 2 * time.Second

// Options configure Open.
type Options struct {
	Timeout  time.Duration // how long to wait for another process's lock; default 2s
	ReadOnly bool          // open with a shared lock and never write
	// Seed supplies the plan for a new file; nil means the embedded 2019 plan.
	Seed func() (model.Plan, []model.Task, error)
	Now  func() time.Time // clock for record and audit times; default time.Now
	// MigrateNever keeps a read-only open of an older file from migrating
	// it (by a read-write open first); it is then refused.
	MigrateNever bool
}

// Store is an open duban database.
type Store struct {
	// Fixed at Open.
	db       *bolt.DB
	path     string           // as given to Open, cleaned
	readOnly bool             //
	now      func() time.Time //
	reg      *registration    // this process's claim on the file

	// plan is the id of the plan this store reads and writes (see plans.go).
	plan atomic.Pointer[string]

	// isView is true for a PlanView: Close leaves the file open.
	isView bool
	// dry is true for a DryRun view: every change is decided as usual and
	// then rolled back.
	dry bool
	// dropRead: a whole-plan read drops the file's pages as it goes
	// (DropPagesAsRead).
	dropRead atomic.Bool

	*subscribers // shared by the store and its plan views
}

// subscribers are the channels told of every committed change, guarded by mu.
type subscribers struct {
	mu     sync.Mutex
	subs   map[chan struct{}]struct{}
	closed bool
}

// PlanView is a store on the same open file whose current plan is its own:
// UsePlan on it changes what it reads and writes, not what s does. Each SSH
// session works on a view, so one person switching to last year's plan
// moves nobody else. A view shares s's subscribers; closing it is a no-op.
func (s *Store) PlanView() *Store {
	v := &Store{db: s.db, path: s.path, readOnly: s.readOnly, now: s.now, reg: s.reg,
		isView: true, dry: s.dry, subscribers: s.subscribers}
	v.plan.Store(s.plan.Load())
	return v
}

// Close closes the file. It is safe to call more than once; subscribers'
// channels are closed.
func (s *Store) Close() error {
	if s.isView {
		return nil
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	for ch := range s.subs {
		close(ch)
	}
	s.subs = nil
	s.mu.Unlock()
	err := s.db.Close()
	s.reg.release()
	if err != nil {
		return s.ioErr(err)
	}
	return nil
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// ReadOnly reports whether the store was opened read-only.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Subscribe returns a channel that receives after every committed change
// (coalesced: one pending signal at most) and a function to unsubscribe.
// The channel is closed by the unsubscribe function and by Close.
func (s *Store) Subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		close(ch)
		return ch, func() {}
	}
	if s.subs == nil {
		s.subs = map[chan struct{}]struct{}{}
	}
	s.subs[ch] = struct{}{}
	return ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.subs[ch]; ok {
			delete(s.subs, ch)
			close(ch)
		}
	}
}

// notify signals every subscriber without blocking.
func (s *Store) notify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default: // a signal is already pending
		}
	}
}

// view runs fn in a read transaction.
func (s *Store) view(fn func(tx ptx) error) error {
	var fnErr error
	err := safely(func() error { // a damaged page faults as an error, not a crash
		return s.db.View(func(tx *bolt.Tx) error {
			var p ptx
			if p, fnErr = s.planTx(tx, false); fnErr == nil {
				fnErr = fn(p)
			}
			return fnErr
		})
	})
	if err != nil && fnErr == nil {
		return s.ioErr(err)
	}
	return err
}

// update runs fn in one write transaction, commits it (one fsync'd commit)
// and tells subscribers. An error from fn is returned as it is and nothing
// is written.
func (s *Store) update(fn func(tx ptx) error) error { return s.write(true, fn) }

// updateFile is update for changes to the file rather than to its current
// plan (users): they are allowed while that plan is archived.
func (s *Store) updateFile(fn func(tx ptx) error) error { return s.write(false, fn) }

// write runs update; plan says whether the change is to the current plan.
func (s *Store) write(plan bool, fn func(tx ptx) error) error {
	return s.commit(func(tx *bolt.Tx) (ptx, error) { return s.planTx(tx, plan) }, fn)
}

// commit runs fn in one write transaction on the plan open finds, and tells
// the subscribers once it is committed. fn's own error is returned as is;
// a failure of the file itself is an I/O error.
func (s *Store) commit(open func(*bolt.Tx) (ptx, error), fn func(tx ptx) error) error {
	if s.readOnly {
		return newErr(ErrReadOnly, nil, "err.store.readonly")
	}
	var fnErr error
	err := s.db.Update(func(tx *bolt.Tx) error {
		var p ptx
		if p, fnErr = open(tx); fnErr == nil {
			fnErr = fn(p)
		}
		if fnErr == nil && s.dry {
			return errDryRun // rolled back, and nothing signed
		}
		if fnErr == nil {
			fnErr = seal(tx, s.path, p.w)
		}
		return fnErr
	})
	switch {
	case fnErr != nil:
		return fnErr
	case err == errDryRun:
		return nil
	case err != nil:
		return s.ioErr(err)
	}
	s.notify()
	return nil
}

// errDryRun rolls back a DryRun view's change once it has been decided.
var errDryRun = errors.New("dry run")

// DryRun is a view of s (on s's current plan) whose changes are decided
// exactly as s's are, in a write transaction with every right, invariant
// and check, and then rolled back: a change it accepts would be accepted,
// a refusal is the same refusal, and nothing is written (import --dry-run).
func (s *Store) DryRun() *Store {
	v := s.PlanView()
	v.dry = true
	return v
}

// clock returns the time to record a change at.
func (s *Store) clock() time.Time { return instant(s.now()) }
