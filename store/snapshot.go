package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"duban/model"
)

// Snapshot reads the plan, all tasks, all histories, users and notes in
// one read transaction. Tasks are sorted by model.CompareIDs, each history
// by model.SortUpdates with its reviews applied, users by name, each
// task's notes oldest first. Updates and notes of tasks no longer in the
// plan are left out.
//
// This is what every screen and command starts from, so it is built for
// speed: records are gathered in key order and decoded by several
// goroutines at once (still inside the transaction, which stays open until
// they are done), with the fast reader of fastjson.go, where bbolt keeps
// them: only the text the snapshot keeps is copied out (decode.go).
//
// Before → after that (views, arena, decimals without allocations, the
// reviews in a slice, tasks sorted by keys, pages filled: buckets.go), on
// the 2-core build machine while other benchmarks ran (ranges of 5 runs):
//
//	BenchmarkSnapshot, 10,000 tasks    cpu 102–144 → 48–82 ms, 48.9 → 20.6 MB, 180,348 → 287 allocs
//	BenchmarkOpenSnapshotFile, 100,000 (genplan)
//	                                  cpu 1.10–1.23 → 0.62–0.66 s, 480 → 209 MB, 1,801,849 → 1,650 allocs
func (s *Store) Snapshot() (*model.Snapshot, error) { return s.snapshot(nil, true) }

// snapshot reads the plan, its tasks, their histories — whole when dates
// is nil, else cut to the dates it gives (SnapshotAt) — users, the notes
// when notes is set, and the chain head, in one read transaction.
func (s *Store) snapshot(dates func(model.Plan) ([]time.Time, error), notes bool) (*model.Snapshot, error) {
	snap := &model.Snapshot{}
	err := s.view(func(tx ptx) error {
		var err error
		if snap.Plan, err = getPlan(tx); err != nil {
			return err
		}
		var at []time.Time // none: every update (pickLatest)
		if dates != nil {
			if at, err = dates(snap.Plan); err != nil {
				return err
			}
		}
		gt := gatherTasks(tx)
		wait := gt.decodeAsync()
		// The updates and reviews are walked while the tasks decode, along
		// the tasks' keys (gatherUpdates), which are their ids unless the
		// file is damaged.
		var pick latestPick
		g, perr := gatherUpdates(tx, nil, gt.ids)
		if perr == nil {
			pick, perr = pickLatest(tx, g, at)
		}
		var ids []string
		if snap.Tasks, ids, err = wait(); err != nil {
			return err
		}
		if perr != nil {
			return perr
		}
		if ids == nil { // a task's id is not its key
			if g, err = gatherUpdates(tx, snap.Tasks, nil); err != nil {
				return err
			}
			if pick, err = pickLatest(tx, g, at); err != nil {
				return err
			}
		}
		if snap.History, err = pick.decode(tx); err != nil {
			return err
		}
		if snap.Users, err = allUsers(tx); err != nil {
			return err
		}
		if notes {
			if snap.Notes, err = allNotes(tx, snap.Tasks); err != nil {
				return err
			}
		}
		snap.HeadSeq, snap.HeadHash, err = chainHead(tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return snap, nil
}

// allTasks reads every task, sorted by model.CompareIDs. The order is
// worked out from the keys (the ids) first, so that each task is decoded
// straight into its place: sorting or permuting 10,000 large structs
// afterwards was a third of a snapshot's time.
func allTasks(tx ptx) ([]model.Task, error) {
	tasks, _, err := allTasksKeyed(tx)
	return tasks, err
}

// allTasksKeyed is allTasks, also returning the tasks' ids in the order of
// their keys (bytes), or nil when a task's id differs from its key (a
// damaged file).
func allTasksKeyed(tx ptx) ([]model.Task, []string, error) {
	return gatherTasks(tx).decode()
}

// gatheredTasks is the tasks bucket walked: its records (views of bbolt's
// memory, valid within the transaction), their keys as ids (in key order)
// and each one's place in CompareIDs order.
type gatheredTasks struct {
	vals [][]byte
	ids  []string
	pos  []int32 // pos[key index] = position
}

// gatherTasks walks the tasks bucket.
func gatherTasks(tx ptx) gatheredTasks {
	var keys, vals [][]byte
	c := tx.Bucket(bucketTasks).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		keys, vals = append(keys, k), append(vals, v)
	}
	ids := copyOut(keys)
	order := make([]int32, len(ids)) // order[position] = key index
	for i := range order {
		order[i] = int32(i)
	}
	sortIDs(order, ids)
	pos := make([]int32, len(ids))
	for p, i := range order {
		pos[i] = int32(p)
	}
	return gatheredTasks{vals, ids, pos}
}

// decode decodes the gathered tasks, in parallel, each straight into its
// place (see allTasksKeyed for what it returns). It uses no cursor, so it
// may run beside another walk of the same transaction (decodeAsync).
func (g gatheredTasks) decode() ([]model.Task, []string, error) {
	ids, vals, pos := g.ids, g.vals, g.pos
	tasks := make([]model.Task, len(vals))
	var keyed atomic.Bool // whether every task's id is its key
	keyed.Store(true)
	err := parallel(len(vals), func(lo, hi int) error {
		d := &decoder{}
		for i, v := range vals[lo:hi] {
			t := &tasks[pos[lo+i]]
			if err := decodeTaskInto(view(v), false, d, t); err != nil {
				return recordErr(bucketTasks, ids[lo+i], decodeErr(v, func(s string) error { _, err := decodeTaskText(s, false); return err }))
			}
			if t.ID != ids[lo+i] {
				keyed.Store(false)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if !keyed.Load() {
		ids = nil
	}
	return tasks, ids, nil
}

// decodeAsync starts decode on its own goroutine and returns the function
// that waits for its result, which must be called before the transaction
// ends (the records are views of its memory). A snapshot walks the
// updates and reviews meanwhile: one goroutine walking cursors while the
// others decoded had left a core idle for the walks' length.
// On the 2-core machine while other work ran, 10,000 tasks: BenchmarkSnapshot
// 57–95 → 35–53 ms per op (the same CPU time, 55–68 ms); export --format
// json as whole processes, 10 runs alternating, 39–44 → 36–37 ms.
func (g gatheredTasks) decodeAsync() func() ([]model.Task, []string, error) {
	var (
		tasks []model.Task
		ids   []string
		err   error
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tasks, ids, err = g.decode()
	}()
	return func() ([]model.Task, []string, error) {
		<-done
		return tasks, ids, err
	}
}

// decodeErr is the error decoding a record of bbolt's gives, made again
// from a copy of the record: an error made from a view of it (view) may
// hold part of the record (time.ParseError does), which must not outlive
// the transaction.
func decodeErr(v []byte, decode func(string) error) error {
	return decode(string(v))
}

// lastReview is the latest review of an update, as a snapshot applies
// it (mergeLatest).
type lastReview struct {
	update      uint64
	state       model.Review
	by, comment string
	at          time.Time
}

// reviewIndex holds the latest review of every reviewed update, sorted by
// the update's seq, and finds the one of an update (find).
type reviewIndex struct {
	rs []lastReview
	// at[seq] is 1 + the index in rs of the review of update seq, 0 for
	// none; nil where the seqs are too sparse for it (a damaged file), and
	// find then searches rs.
	at []int32
}

// allReviews reads the latest review of every reviewed update. The
// records are decoded in parallel; the latest of each update is kept.
func allReviews(tx ptx) (reviewIndex, error) { return reviewsOf(tx, nil) }

// reviewsOf is allReviews for the updates want holds (want[seq] true; a
// seq past its end is not wanted), or for all of them when want is nil:
// the records of other updates are not decoded.
func reviewsOf(tx ptx, want []bool) (reviewIndex, error) {
	rb := tx.Bucket(bucketReviews)
	// The number of reviews ever recorded, bounded in case it was damaged.
	size := min(rb.Sequence(), 1<<20)
	keys, vals := make([][]byte, 0, size), make([][]byte, 0, size)
	c := rb.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if want != nil {
			if len(k) < 8 {
				return reviewIndex{}, recordErr(bucketReviews, fmt.Sprintf("%x", k), errBadKey)
			}
			if seq := binary.BigEndian.Uint64(k); seq >= uint64(len(want)) || !want[seq] {
				continue
			}
		}
		keys, vals = append(keys, k), append(vals, v)
	}
	all := make([]lastReview, len(vals))
	err := parallel(len(vals), func(lo, hi int) error {
		for i, v := range vals[lo:hi] {
			r, at, err := decodeReviewAt(view(v), false)
			if err != nil {
				return recordErr(bucketReviews, fmt.Sprintf("%x", keys[lo+i]), decodeErr(v, func(s string) error { _, err := decodeReviewText(s, false); return err }))
			}
			all[lo+i] = lastReview{update: r.Update, state: model.Review(r.State), by: r.By, comment: r.Comment, at: at}
		}
		return nil
	})
	if err != nil {
		return reviewIndex{}, err
	}
	// Keys ascend, so of an update's reviews the last one wins. Records
	// whose update differs from their key's (a damaged file) may come out
	// of order: sorted stably, the last in key order still wins.
	if !slices.IsSortedFunc(all, compareReviews) {
		slices.SortStableFunc(all, compareReviews)
	}
	out := all[:0]
	for i := range all {
		if i+1 < len(all) && all[i+1].update == all[i].update {
			continue
		}
		out = append(out, all[i])
	}
	// Copy the strings out of bbolt's memory; states are the model's.
	d := &decoder{}
	for i := range out {
		r := &out[i]
		switch r.state {
		case model.ReviewApproved:
			r.state = model.ReviewApproved
		case model.ReviewReturned:
			r.state = model.ReviewReturned
		case model.ReviewPending:
			r.state = model.ReviewPending
		case model.ReviewSuperseded:
			r.state = model.ReviewSuperseded
		default: // decodeReviewAt refuses any other
			r.state = model.Review(d.str(string(r.state)))
		}
		r.by, r.comment = d.same(fBy, r.by), d.str(r.comment)
	}
	clear(all[len(out):]) // no views left behind
	x := reviewIndex{rs: out}
	if n := len(out); n > 0 && out[n-1].update < uint64(8*n+1<<16) {
		x.at = make([]int32, out[n-1].update+1)
		for i, r := range out {
			x.at[r.update] = int32(i + 1)
		}
	}
	return x, nil
}

func compareReviews(a, b lastReview) int { return cmp.Compare(a.update, b.update) }

// find is the latest review of update seq, or nil.
func (x reviewIndex) find(seq uint64) *lastReview {
	if x.at != nil {
		if seq < uint64(len(x.at)) && x.at[seq] > 0 {
			return &x.rs[x.at[seq]-1]
		}
		return nil
	}
	i, ok := slices.BinarySearchFunc(x.rs, seq, func(r lastReview, seq uint64) int { return cmp.Compare(r.update, seq) })
	if !ok {
		return nil
	}
	return &x.rs[i]
}

// mergeLatest applies a latest review to its update, as mergeReview does.
func mergeLatest(u *model.Update, r *lastReview) {
	u.Review = r.state
	u.Reviewer = r.by
	u.ReviewComment = r.comment
	u.ReviewedAt = r.at
}

// updateRun is where one task's updates start in a gathering.
type updateRun struct {
	id    string
	start int
}

// gathered is every update record of the tasks in the plan, in key order
// (views of bbolt's memory, valid within the transaction), and where each
// task's run of them starts.
type gathered struct {
	keys, vals [][]byte
	runs       []updateRun
}

// gatherUpdates walks the updates bucket once and gathers the records of
// the given tasks: the bucket's keys keep each task's updates together.
// keyIDs, when not nil, are the tasks' ids in byte order (gatherTasks),
// which the updates' keys are walked along instead of looking each task
// up in a map of tasks.
func gatherUpdates(tx ptx, tasks []model.Task, keyIDs []string) (gathered, error) {
	var ids map[string]string // interned: no string per key
	if keyIDs == nil {
		ids = make(map[string]string, len(tasks))
		for _, t := range tasks {
			ids[t.ID] = t.ID
		}
	}
	j := 0 // keyIDs[:j] sort before the current key's task id
	// The number of updates ever recorded, bounded in case it was damaged.
	size := min(tx.Bucket(bucketUpdates).Sequence(), 1<<20)
	var (
		runs = make([]updateRun, 0, len(tasks))
		keys = make([][]byte, 0, size)
		vals = make([][]byte, 0, size)
		cur  []byte // the current key's task id (bbolt memory, used within the tx)
		in   bool   // whether that task is in the plan
	)
	c := tx.Bucket(bucketUpdates).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		n := len(k) - 9
		if n < 1 || k[n] != 0 {
			return gathered{}, recordErr(bucketUpdates, fmt.Sprintf("%x", k), errBadKey)
		}
		if !bytes.Equal(k[:n], cur) {
			var id string
			if keyIDs == nil {
				id, in = ids[string(k[:n])]
			} else {
				next := view(k[:n])
				if next < view(cur) { // only where a damaged key holds a 0 byte
					j = 0
				}
				for j < len(keyIDs) && keyIDs[j] < next {
					j++
				}
				if in = j < len(keyIDs) && keyIDs[j] == next; in {
					id = keyIDs[j]
				}
			}
			cur = k[:n]
			if in {
				runs = append(runs, updateRun{id, len(vals)})
			}
		}
		if in {
			keys, vals = append(keys, k), append(vals, v)
		}
	}
	return gathered{keys, vals, runs}, nil
}

// decodeRuns decodes the records vals (keys theirs), in parallel, applies
// their latest reviews and returns them as histories by task: runs say
// where each task's records start in vals. The histories share one
// backing array, each capped so that appending to one copies it rather
// than overwriting the next.
func decodeRuns(keys, vals [][]byte, runs []updateRun, reviews reviewIndex) (map[string][]model.Update, error) {
	all, err := decodeUpdates(keys, vals, reviews)
	if err != nil {
		return nil, err
	}
	return byTask(all, runs), nil
}

// decodeUpdates decodes the records vals (keys theirs) in parallel and
// applies their latest reviews.
func decodeUpdates(keys, vals [][]byte, reviews reviewIndex) ([]model.Update, error) {
	all := make([]model.Update, len(vals))
	err := parallel(len(vals), func(lo, hi int) error {
		d := &decoder{}
		for i, v := range vals[lo:hi] {
			u := &all[lo+i]
			if err := decodeUpdateInto(view(v), false, d, u); err != nil {
				return recordErr(bucketUpdates, keyString(keys[lo+i]), decodeErr(v, func(s string) error { _, err := decodeUpdateText(s, false); return err }))
			}
			if r := reviews.find(u.Seq); r != nil {
				mergeLatest(u, r)
			}
		}
		return nil
	})
	return all, err
}

// byTask cuts all into the histories of runs, each sorted.
func byTask(all []model.Update, runs []updateRun) map[string][]model.Update {
	out := make(map[string][]model.Update, len(runs))
	for i, r := range runs {
		end := len(all)
		if i+1 < len(runs) {
			end = runs[i+1].start
		}
		h := all[r.start:end:end]
		sortUpdates(h)
		out[r.id] = h
	}
	return out
}

// copyOut copies keys (the tasks' ids) out of bbolt's memory into one
// string, and returns each as a slice of it: one allocation, without
// pointers for the garbage collector to follow, instead of one per key.
func copyOut(vals [][]byte) []string {
	n := 0
	for _, v := range vals {
		n += len(v)
	}
	var b strings.Builder
	b.Grow(n)
	for _, v := range vals {
		b.Write(v)
	}
	all := b.String()
	out := make([]string, len(vals))
	off := 0
	for i, v := range vals {
		out[i] = all[off : off+len(v)]
		off += len(v)
	}
	return out
}

// parallel splits 0…n into chunks and calls fn on each, on up to
// GOMAXPROCS goroutines (just this one for small n). It returns the error
// of the lowest failing chunk.
func parallel(n int, fn func(lo, hi int) error) error {
	w := min(runtime.GOMAXPROCS(0), 8, n/1024)
	if w <= 1 {
		return fn(0, n)
	}
	errs := make([]error, w)
	var wg sync.WaitGroup
	for j := range w {
		lo, hi := j*n/w, (j+1)*n/w
		wg.Go(func() { errs[j] = fn(lo, hi) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// sortUpdates sorts a history as model.SortUpdates does: by reporting
// date, then by recording order (its documented contract). Histories are
// usually in that order already, and checking first spares a snapshot ten
// thousand sort.SliceStable calls.
func sortUpdates(h []model.Update) {
	for i := 1; i < len(h); i++ {
		a, b := &h[i-1], &h[i]
		if c := a.AsOf.Compare(b.AsOf); c > 0 || c == 0 && a.Seq > b.Seq {
			model.SortUpdates(h)
			return
		}
	}
}
