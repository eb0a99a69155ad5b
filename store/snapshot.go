package store

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"duban/model"

	bolt "go.etcd.io/bbolt"
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
// they are done), from the tasks' binary digests (digests.go), where bbolt
// keeps them: only the text the snapshot keeps is copied out (decode.go).
//
// Before → after that (views, arena, decimals without allocations, the
// reviews in a slice, tasks sorted by keys, pages filled: buckets.go), on
// the 2-core build machine while other benchmarks ran (ranges of 5 runs):
//
//	BenchmarkSnapshot, 10,000 tasks    cpu 102–144 → 48–82 ms, 48.9 → 20.6 MB, 180,348 → 287 allocs
//	BenchmarkOpenSnapshotFile, 100,000 (genplan)
//	                                  cpu 1.10–1.23 → 0.62–0.66 s, 480 → 209 MB, 1,801,849 → 1,650 allocs
//
// Then each task with its history from one binary record (digests.go)
// instead of the JSON of every task, update and review record (a slower
// machine, the same benchmark):
//
//	BenchmarkSnapshot, 10,000 tasks    66–75 → 19–20 ms, 116–134 → 34–35 cpu-ms, 21.3 → 16.4 MB
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
		var days []int64 // none: whole histories
		if dates != nil {
			at, err := dates(snap.Plan)
			if err != nil {
				return err
			}
			days = historyDays(at)
		}
		var drop *pageDropper
		if s.dropRead.Load() {
			drop = &pageDropper{base: s.db.Info().Data}
			drop.end = drop.base + uintptr(tx.Size())
		}
		if snap.Tasks, snap.History, err = gather(tx.Bucket(bucketDigests), drop).decodeDigests(days, drop); err != nil {
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
	return gather(tx.Bucket(bucketTasks), nil).decodeTasks()
}

// gathered is a bucket keyed by task id walked (tasks, digests): its
// records (views of bbolt's memory, valid within the transaction), their
// keys as ids (in key order) and each one's place in model.CompareIDs
// order.
type gathered struct {
	vals [][]byte
	ids  []string
	pos  []int32 // pos[key index] = position
}

// gather walks a bucket keyed by task id. The order is worked out from
// the keys (the ids) first, so that each task is decoded straight into
// its place: sorting or permuting 10,000 large structs afterwards was a
// third of a snapshot's time.
func gather(b *bolt.Bucket, drop *pageDropper) gathered {
	// The keys are copied out as they are walked, into one string (one
	// allocation without pointers for the collector to follow, rather
	// than one per key), so that the pages walked can be dropped (drop)
	// as the walk goes on.
	var vals [][]byte
	var ends []int
	var all []byte
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v != nil {
			all = append(all, k...)
			vals, ends = append(vals, v), append(ends, len(all))
			drop.next(v)
		}
	}
	drop.flush()
	ids := make([]string, len(ends))
	text, start := string(all), 0
	for i, end := range ends {
		ids[i], start = text[start:end], end
	}
	order := make([]int32, len(ids)) // order[position] = key index
	for i := range order {
		order[i] = int32(i)
	}
	sortIDs(order, ids)
	pos := make([]int32, len(ids))
	for p, i := range order {
		pos[i] = int32(p)
	}
	return gathered{vals, ids, pos}
}

// decodeTasks decodes gathered task records, in parallel, each straight
// into its place (see allTasksKeyed for what it returns).
func (g gathered) decodeTasks() ([]model.Task, []string, error) {
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

// decodeErr is the error decoding a record of bbolt's gives, made again
// from a copy of the record: an error made from a view of it (view) may
// hold part of the record (time.ParseError does), which must not outlive
// the transaction.
func decodeErr(v []byte, decode func(string) error) error {
	return decode(string(v))
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
