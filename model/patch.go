package model

import (
	"maps"
	"slices"
	"sync/atomic"
)

// Change is what a snapshot needs to be brought up to date after some
// tasks changed: those tasks as they are now, with their whole histories
// and notes, and the file's users and the plan's chain head.
type Change struct {
	Tasks    []Task              // changed tasks, each already in the snapshot
	History  map[string][]Update // the changed tasks' histories (sorted)
	Notes    map[string][]Note   // the changed tasks' notes
	Users    []User
	HeadSeq  uint64
	HeadHash string
}

// Patch returns a new snapshot: s with c applied. s itself is not changed
// (it may be shared), and the new one shares everything c leaves alone, so
// a change to one task costs copying the task list and two maps, not
// reading and decoding the plan again. A search index s has built is
// carried over with only the changed tasks' keys computed. ok is false
// when a task of c is not in s (the caller reads a full snapshot).
//
// The copies of the task list and the history map are taken from the spare
// PrepareSpare made, when there is one: then the save's refresh does not
// wait for them.
func (s *Snapshot) Patch(c Change) (out *Snapshot, ok bool) {
	out = &Snapshot{Plan: s.Plan, Users: c.Users, HeadSeq: c.HeadSeq, HeadHash: c.HeadHash}
	if sp := s.spare.Swap(nil); sp != nil { // taken by this Patch alone
		out.Tasks, out.History = sp.tasks, sp.history
	} else {
		out.Tasks, out.History = slices.Clone(s.Tasks), maps.Clone(s.History)
	}
	out.patch = newPatchStep(s, c.Tasks)
	if out.History == nil {
		out.History = map[string][]Update{}
	}
	// Notes are only ever added: the same count is the same notes, and
	// then the map is shared.
	notesChanged, textChanged := false, false
	for _, t := range c.Tasks {
		notesChanged = notesChanged || len(c.Notes[t.ID]) != len(s.Notes[t.ID])
	}
	out.Notes = s.Notes
	if notesChanged {
		out.Notes = maps.Clone(s.Notes)
		if out.Notes == nil {
			out.Notes = map[string][]Note{}
		}
	}
	for _, t := range c.Tasks {
		i, found := slices.BinarySearchFunc(out.Tasks, t.ID, func(a Task, id string) int { return CompareIDs(a.ID, id) })
		if !found {
			return nil, false
		}
		textChanged = textChanged || !sameIndexText(out.Tasks[i], t)
		out.Tasks[i] = t
		if h := c.History[t.ID]; len(h) > 0 {
			out.History[t.ID] = h
		} else {
			delete(out.History, t.ID)
		}
		if notesChanged {
			if n := c.Notes[t.ID]; len(n) > 0 {
				out.Notes[t.ID] = n
			} else {
				delete(out.Notes, t.ID)
			}
		}
	}
	if s.indexBuilt.Load() {
		idx := s.index // shared while no searched text changed (a report, a review, a note)
		if textChanged {
			idx = &Index{keys: maps.Clone(s.index.keys)}
			maps.Copy(idx.keys, NewIndex(c.Tasks).keys)
		}
		out.index = idx
		out.indexOnce.Do(func() { out.indexBuilt.Store(true) })
	}
	return out, true
}

// spare is a copy of a snapshot's task list and history map that nobody
// else holds, made ahead of the next Patch.
type spare struct {
	tasks   []Task
	history map[string][]Update
}

// PrepareSpare copies the task list and the history map for the next Patch
// of s, unless it has such copies already. A server's hub calls it when
// it is idle after a save: at 100,000 tasks the two copies are 29 MB and
// 6 MB and about 15 ms of the hub's patch, which every session waits for
// (BenchmarkFanout50TUI100k's profile: 15–22 ms of its 55–180 ms); made
// ahead, they are out of that wait. They cost the memory of one more task
// list and history map while s is the latest snapshot. s is not changed
// as its readers see it (it may be shared): the copies are private until
// a Patch takes them.
func (s *Snapshot) PrepareSpare() {
	if s.spare.Load() != nil {
		return
	}
	s.spare.CompareAndSwap(nil, &spare{tasks: slices.Clone(s.Tasks), history: maps.Clone(s.History)})
}

// sameIndexText reports whether a and b agree on every text NewIndex
// indexes.
func sameIndexText(a, b Task) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Section == b.Section && a.Chapter == b.Chapter &&
		a.Lead == b.Lead && slices.Equal(a.Partners, b.Partners) && a.Source == b.Source
}

// patchStep records one Patch: the snapshot it started from (by identity,
// so that old snapshots are not kept alive) and the tasks it replaced.
type patchStep struct {
	from  uint64
	ids   []string
	prev  *patchStep // the step that made the snapshot patched from, if any
	depth int
}

// maxPatchSteps bounds the chain of steps a snapshot remembers.
const maxPatchSteps = 16

func newPatchStep(s *Snapshot, tasks []Task) *patchStep {
	st := &patchStep{from: s.identity(), ids: make([]string, len(tasks)), prev: s.patch}
	for i, t := range tasks {
		st.ids[i] = t.ID
	}
	if st.prev != nil {
		st.depth = st.prev.depth + 1
		if st.depth >= maxPatchSteps {
			st.prev, st.depth = nil, 0
		}
	}
	return st
}

// snapshotGen hands out snapshot identities.
var snapshotGen atomic.Uint64

// identity is the snapshot's unique number, taken on first use.
func (s *Snapshot) identity() uint64 {
	if g := s.gen.Load(); g != 0 {
		return g
	}
	s.gen.CompareAndSwap(0, snapshotGen.Add(1))
	return s.gen.Load()
}

// Changed reports which tasks differ between prev and s, when s was made
// from prev by one or more Patch calls (ok false otherwise: a full read, or
// an unrelated snapshot). The ids may repeat. prev and s have the same
// plan and the same task ids in the same order; only the tasks named, their
// histories and notes, and the users may differ. A caller that derived
// something from prev can thus redo only those tasks.
func (s *Snapshot) Changed(prev *Snapshot) (ids []string, ok bool) {
	if s == nil || prev == nil {
		return nil, false
	}
	if s == prev {
		return nil, true
	}
	want := prev.identity()
	for st := s.patch; st != nil; st = st.prev {
		ids = append(ids, st.ids...)
		if st.from == want {
			return ids, true
		}
	}
	return nil, false
}
