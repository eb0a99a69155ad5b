package server

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"duban/model"
	"duban/store"
)

// DefaultFanoutGap is the shortest time between two change signals to the
// sessions. The first change after a quiet spell goes out at once; changes
// arriving within the gap are folded into one signal at its end. A burst of
// saves (fifty departments reporting at the deadline) thus costs each
// screen at most ten reloads a second, and a single save is still shown
// everywhere at once.
const DefaultFanoutGap = 100 * time.Millisecond

// hub is the one subscriber to the store: it tells every session of a
// change, and shares one snapshot among them. Every screen reloads on
// every change; reading once per change, rather than once per session, and
// only the tasks that changed (store.SnapshotSince), is what keeps fifty
// sessions cheap.
type hub struct {
	st  *store.Store
	gap time.Duration

	version atomic.Uint64 // bumped by every change known to the hub

	mu     sync.Mutex
	subs   map[chan struct{}]struct{}
	closed bool

	loadMu sync.Mutex      // one snapshot read at a time; the others wait for it
	snap   *model.Snapshot // shared; nobody may modify it
	snapV  uint64          // the version snap was read at
	plans  []string        // the file's plan ids, read at version plansV
	plansV uint64
	idle   *time.Timer // prepares snap's spare once no new snapshot was read for a while

	usersMu  sync.Mutex   // not loadMu: a watcher need not wait for a snapshot
	userList []model.User // the file's users, read at version usersV; shared, read-only
	usersV   uint64
}

func newHub(st *store.Store, gap time.Duration) *hub {
	return &hub{st: st, gap: gap, subs: map[chan struct{}]struct{}{}}
}

// run forwards the store's change signals until stop is closed or the
// store closes, then closes every session's channel.
func (h *hub) run(stop <-chan struct{}) {
	ch, unsub := h.st.Subscribe()
	defer unsub()
	defer h.close()
	for {
		select {
		case <-stop:
			return
		case _, ok := <-ch:
			if !ok {
				return
			}
		}
		h.changed()
		h.broadcast()
		select { // the gap: later signals wait in ch, folded into one
		case <-stop:
			return
		case <-time.After(h.gap):
		}
	}
}

// changed makes the next snapshot a fresh read. Backends call it after
// their own writes too, so that a session reading right after its save
// sees it, without waiting for the store's signal to come round.
func (h *hub) changed() { h.version.Add(1) }

// broadcast signals every subscriber without blocking: a subscriber with
// a signal pending gets no second one.
func (h *hub) broadcast() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// subscribe returns a channel signalled after changes, and the function
// that closes it.
func (h *hub) subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		close(ch)
		return ch, func() {}
	}
	h.subs[ch] = struct{}{}
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if _, ok := h.subs[ch]; ok {
			delete(h.subs, ch)
			close(ch)
		}
	}
}

// close closes every subscriber's channel: the server is stopping.
func (h *hub) close() {
	h.loadMu.Lock()
	if h.idle != nil {
		h.idle.Stop()
	}
	h.loadMu.Unlock()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.subs {
		close(ch)
	}
	clear(h.subs)
}

// subscribers counts the open subscriptions.
func (h *hub) subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// snapshot returns the latest snapshot, read once per change and shared:
// callers must treat it as read-only (the TUI only evaluates and draws it).
//
// The version is taken before the read, so a change committed during the
// read leaves the cached copy marked older than it, and the next call
// reads again.
func (h *hub) snapshot() (*model.Snapshot, error) {
	h.loadMu.Lock()
	defer h.loadMu.Unlock()
	v := h.version.Load()
	// A cached copy of another plan is stale too: `plan use` moved the
	// server's current plan before its change signal came round.
	if h.snap != nil && h.snapV == v && h.snap.Plan.ID == h.st.CurrentPlan() {
		return h.snap, nil
	}
	// Only what changed since the last snapshot is read (the tasks the
	// audit log's new entries name), and the rest shared with it.
	s, err := h.st.SnapshotSince(h.snap)
	if err != nil {
		return nil, err
	}
	h.snap, h.snapV = s, v
	if h.idle == nil {
		h.idle = time.AfterFunc(spareDelay(h.gap), h.prepare)
	} else {
		h.idle.Reset(spareDelay(h.gap))
	}
	return s, nil
}

// spareDelay is how long after the last new snapshot the hub prepares the
// next patch's copies: after the fan-out gap and as long again, when the
// sessions are done redrawing (at 100,000 tasks, 50 of them take 50–150
// ms), so that the copying does not slow the refresh it is meant to spare.
func spareDelay(gap time.Duration) time.Duration { return 2 * max(gap, 50*time.Millisecond) }

// prepare copies, while nothing is read, what the next patch of the
// shared snapshot would copy (model.Snapshot.PrepareSpare): the next
// save's refresh then does not wait for it.
func (h *hub) prepare() {
	h.loadMu.Lock()
	s := h.snap
	h.loadMu.Unlock()
	if s != nil {
		s.PrepareSpare() // outside the lock: a session's read need not wait for it
	}
}

// planIDs is the store's PlanIDs, read once per change and shared like the
// snapshot: every session asks on every reload, and at 100,000 tasks the
// store's answer walks the plan buckets' pages (about 2 ms, 50 times a save
// with 50 sessions: BenchmarkFanout50TUI100k's profile).
func (h *hub) planIDs() ([]string, error) {
	h.loadMu.Lock()
	defer h.loadMu.Unlock()
	v := h.version.Load()
	if h.plans == nil || h.plansV != v {
		ids, err := h.st.PlanIDs()
		if err != nil {
			return nil, err
		}
		h.plans, h.plansV = ids, v
	}
	return slices.Clone(h.plans), nil
}

// fileUsers is the store's Users, read once per change and shared (read-only)
// like the snapshot: every session's watcher (Server.watchUser) checks its
// user after every change, and 50 reads of every user a save were 7 ms of
// CPU of its refresh at 100,000 tasks (BenchmarkFanout50TUI100k's profile).
func (h *hub) fileUsers() ([]model.User, error) {
	h.usersMu.Lock()
	defer h.usersMu.Unlock()
	v := h.version.Load()
	if h.userList == nil || h.usersV != v {
		us, err := h.st.Users()
		if err != nil {
			return nil, err
		}
		h.userList, h.usersV = us, v
	}
	return h.userList, nil
}
