package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// The histories bucket (schema 3) holds each task's history as Snapshot
// reads it — every update with its latest review applied, in
// model.SortUpdates order — in one compact binary record per task,
// keyed by the task's id. It is derived data: the updates and reviews
// buckets stay the record of what was reported (audited, hashed, signed),
// and the transaction that writes either rewrites the task's history
// record from them (refreshHistory), so the two never differ in a
// committed file; Check rebuilds every record and compares.
//
// It exists for the whole-plan reads. A snapshot used to walk every
// update record and every review record, lex their JSON and match reviews
// to updates; it now reads one record per task, and SnapshotAt steps over
// the updates it does not keep by their length. On the 2-core machine,
// 10,000 tasks of 3 reports each, ms per op: BenchmarkSnapshot 66–75 →
// 33–34, BenchmarkSnapshotAt 48–57 → 28–34; an update (BenchmarkAddUpdate,
// which now also rewrites the task's record) 1.6–1.8 ms before and after.
//
// A record is a version byte, the number of updates (uvarint), and each
// update as
//
//	flags   byte: 1 confirmed, 2 a review time, 4 a recorded time
//	seq     uvarint
//	as_of   varint, days since 1970-01-01
//	size    uvarint, the bytes of the rest of this update
//	review  byte: 0 pending, 1 approved, 2 returned, 3 superseded
//	at      varint seconds, uvarint nanoseconds (flag 4)
//	reviewed_at  the same (flag 2)
//	value, note, problems, next, by, reviewer, review comment
//	        each a uvarint length and the UTF-8 bytes; value as the
//	        update record writes it (decimal text)
const historyVersion = 1

// errBadHistory reports a history record that does not decode.
var errBadHistory = errors.New("malformed history record")

// Flags of a history entry.
const (
	hConfirmed = 1 << iota
	hReviewed
	hRecorded
)

// reviewStates are the review states in their history-record numbering.
var reviewStates = [...]model.Review{model.ReviewPending, model.ReviewApproved, model.ReviewReturned, model.ReviewSuperseded}

// refreshHistory rewrites task id's history record from its updates and
// reviews: every change to either calls it in its transaction.
func refreshHistory(tx ptx, id string) error {
	h, err := readHistory(tx, id, true)
	if err != nil {
		return err
	}
	b := tx.Bucket(bucketHistories)
	if len(h) == 0 {
		return b.Delete([]byte(id))
	}
	return b.Put([]byte(id), encodeHistory(h))
}

// buildHistories fills a plan's histories bucket from its updates and
// reviews (the migration to schema 3). pb is the plan's bucket.
func buildHistories(tx *bolt.Tx, pb *bolt.Bucket) error {
	hb, err := pb.CreateBucketIfNotExists(bucketHistories)
	if err != nil {
		return err
	}
	t := ptx{Tx: tx, plan: pb}
	var ids []string
	c := pb.Bucket(bucketUpdates).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		id, _, ok := splitUpdateKey(k)
		if !ok {
			return recordErr(bucketUpdates, fmt.Sprintf("%x", k), errBadKey)
		}
		if len(ids) == 0 || ids[len(ids)-1] != id {
			ids = append(ids, id)
		}
	}
	hb.FillPercent = 1 // written in key order, once
	for _, id := range ids {
		if err := refreshHistory(t, id); err != nil {
			return err
		}
	}
	return nil
}

// encodeHistory writes a task's history record (see historyVersion).
func encodeHistory(h []model.Update) []byte {
	b := make([]byte, 0, 64*len(h)+8)
	b = append(b, historyVersion)
	b = binary.AppendUvarint(b, uint64(len(h)))
	var rest []byte
	for i := range h {
		u := &h[i]
		var flags byte
		if u.Confirmed {
			flags |= hConfirmed
		}
		if !u.ReviewedAt.IsZero() {
			flags |= hReviewed
		}
		if !u.At.IsZero() {
			flags |= hRecorded
		}
		rest = rest[:0]
		state := byte(255)
		for j, s := range reviewStates {
			if u.Review == s {
				state = byte(j)
			}
		}
		rest = append(rest, state)
		if flags&hRecorded != 0 {
			rest = appendInstant(rest, u.At)
		}
		if flags&hReviewed != 0 {
			rest = appendInstant(rest, u.ReviewedAt)
		}
		for _, s := range [...]string{u.Value.String(), u.Note, u.Problems, u.Next, u.By, u.Reviewer, u.ReviewComment} {
			rest = binary.AppendUvarint(rest, uint64(len(s)))
			rest = append(rest, s...)
		}
		b = append(b, flags)
		b = binary.AppendUvarint(b, u.Seq)
		b = binary.AppendVarint(b, dayNumber(u.AsOf))
		b = binary.AppendUvarint(b, uint64(len(rest)))
		b = append(b, rest...)
	}
	return b
}

func appendInstant(b []byte, t time.Time) []byte {
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

// dayNumber is a reporting date as days since 1970-01-01 (the dates are
// UTC midnights, parseDay); dayTime is its inverse.
func dayNumber(t time.Time) int64 { return floorDiv(t.Unix(), 86400) }

func dayTime(n int64) time.Time { return time.Unix(n*86400, 0).UTC() }

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// historyReader walks a history record.
type historyReader struct {
	b   []byte
	i   int
	bad bool
}

// count reads the version and the number of updates.
func (r *historyReader) count() int {
	if len(r.b) < 2 || r.b[0] != historyVersion {
		r.bad = true
		return 0
	}
	r.i = 1
	n := r.uvarint()
	if n > uint64(len(r.b)) { // each update takes bytes
		r.bad = true
		return 0
	}
	return int(n)
}

func (r *historyReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		r.bad, r.i = true, len(r.b)
		return 0
	}
	r.i += n
	return v
}

func (r *historyReader) varint() int64 {
	v, n := binary.Varint(r.b[r.i:])
	if n <= 0 {
		r.bad, r.i = true, len(r.b)
		return 0
	}
	r.i += n
	return v
}

func (r *historyReader) byte() byte {
	if r.i >= len(r.b) {
		r.bad = true
		return 0
	}
	c := r.b[r.i]
	r.i++
	return c
}

// head reads an update's flags, seq and date, and returns where the rest
// of it lies (b[start:end]); r then stands at the next update.
func (r *historyReader) head() (flags byte, seq uint64, asOf int64, start, end int) {
	flags = r.byte()
	seq = r.uvarint()
	asOf = r.varint()
	size := r.uvarint()
	if r.bad || size > uint64(len(r.b)-r.i) {
		r.bad = true
		return
	}
	start, end = r.i, r.i+int(size)
	r.i = end
	return
}

// str reads a length-prefixed string (a view of r.b).
func (r *historyReader) str() string {
	n := r.uvarint()
	if r.bad || n > uint64(len(r.b)-r.i) {
		r.bad = true
		return ""
	}
	s := view(r.b[r.i : r.i+int(n)])
	r.i += int(n)
	if !utf8.ValidString(s) {
		r.bad = true
	}
	return s
}

func (r *historyReader) instant() time.Time {
	sec := r.varint()
	ns := r.uvarint()
	if ns >= 1e9 || sec > math.MaxInt64/2 || sec < math.MinInt64/2 {
		r.bad = true
		return time.Time{}
	}
	return time.Unix(sec, int64(ns)).UTC()
}

// decodeEntry decodes the update whose head was read (flags … end) into
// *u, strings copied by d. id is the task's.
func decodeEntry(b []byte, id string, flags byte, seq uint64, asOf int64, start, end int, d *decoder, u *model.Update) error {
	r := historyReader{b: b[:end], i: start}
	state := r.byte()
	if int(state) >= len(reviewStates) {
		return errBadHistory
	}
	*u = model.Update{Seq: seq, TaskID: id, AsOf: dayTime(asOf), Confirmed: flags&hConfirmed != 0, Review: reviewStates[state]}
	if flags&hRecorded != 0 {
		u.At = r.instant()
	}
	if flags&hReviewed != 0 {
		u.ReviewedAt = r.instant()
	}
	value := r.str()
	note, problems, next, by := r.str(), r.str(), r.str(), r.str()
	reviewer, comment := r.str(), r.str()
	if r.bad || r.i != end {
		return errBadHistory
	}
	var err error
	if u.Value, err = d.decimal(value); err != nil {
		return fmt.Errorf("value: %w", err)
	}
	u.Note, u.Problems, u.Next = d.same(fNote, note), d.same(fProblems, problems), d.same(fNext, next)
	u.By, u.Reviewer, u.ReviewComment = d.same(fBy, by), d.same(fReviewer, reviewer), d.str(comment)
	return nil
}

// decodeHistory decodes a whole history record.
func decodeHistory(b []byte, id string) ([]model.Update, error) {
	r := historyReader{b: b}
	n := r.count()
	out := make([]model.Update, n)
	if err := decodeHistoryInto(b, id, &decoder{}, out); err != nil {
		return nil, err
	}
	return out, nil
}

// decodeHistoryInto decodes a history record into out, which has room for
// exactly its updates (historyCount).
func decodeHistoryInto(b []byte, id string, d *decoder, out []model.Update) error {
	r := historyReader{b: b}
	n := r.count()
	if r.bad || n != len(out) {
		return errBadHistory
	}
	for j := range out {
		flags, seq, asOf, start, end := r.head()
		if r.bad {
			return errBadHistory
		}
		if err := decodeEntry(b, id, flags, seq, asOf, start, end, d, &out[j]); err != nil {
			return err
		}
	}
	if r.i != len(b) {
		return errBadHistory
	}
	return nil
}

// historyRun is one task's history record as a snapshot gathers it: a
// view of bbolt's memory, valid within the transaction.
type historyRun struct {
	id string
	v  []byte
}

// gatherHistories walks the histories bucket once and gathers the records
// of the given tasks. keyIDs, when not nil, are the tasks' ids in byte
// order (gatherTasks), which the keys are walked along instead of looking
// each task up in a map of tasks.
func gatherHistories(tx ptx, tasks []model.Task, keyIDs []string) []historyRun {
	var ids map[string]string // interned: no string per key
	if keyIDs == nil {
		ids = make(map[string]string, len(tasks))
		for _, t := range tasks {
			ids[t.ID] = t.ID
		}
	}
	runs := make([]historyRun, 0, max(len(keyIDs), len(tasks)))
	j := 0 // keyIDs[:j] sort before the current key
	c := tx.Bucket(bucketHistories).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var id string
		var in bool
		if keyIDs == nil {
			id, in = ids[string(k)]
		} else {
			key := view(k)
			for j < len(keyIDs) && keyIDs[j] < key {
				j++
			}
			if in = j < len(keyIDs) && keyIDs[j] == key; in {
				id = keyIDs[j]
			}
		}
		if in && v != nil {
			runs = append(runs, historyRun{id, v})
		}
	}
	return runs
}

// historyDays are the dates a cut snapshot keeps each task's latest update
// on or before (SnapshotAt), as day numbers; nil for whole histories (no
// dates, or only zero ones).
func historyDays(dates []time.Time) []int64 {
	var days []int64
	for _, d := range dates {
		if d.IsZero() {
			continue
		}
		y, m, dd := model.Day(d).Date()
		days = append(days, dayNumber(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)))
	}
	return days
}

// decodeHistories decodes the gathered records into histories by task, in
// parallel: whole when days is nil, else each cut to its latest update on
// or before each of the days (model.LatestAsOf: the record is in its
// order, so that is the last one dated on or before), the others skipped
// undecoded. The histories share one backing array, each capped so that
// appending to one copies it rather than overwriting the next.
func decodeHistories(runs []historyRun, days []int64) (map[string][]model.Update, error) {
	// First the number each task keeps, and for a cut which ones: keep[i*k:]
	// holds run i's entries to decode, ascending, counts[i] of them.
	k := len(days)
	counts := make([]int32, len(runs))
	var keep []int32
	if k > 0 {
		keep = make([]int32, len(runs)*k)
	}
	err := parallel(len(runs), func(lo, hi int) error {
		pick := make([]int32, k)
		for i := lo; i < hi; i++ {
			r := historyReader{b: runs[i].v}
			n := r.count()
			if r.bad {
				return recordErr(bucketHistories, runs[i].id, errBadHistory)
			}
			if k == 0 {
				counts[i] = int32(n)
				continue
			}
			for j := range pick {
				pick[j] = -1
			}
			for e := range n {
				_, _, asOf, _, _ := r.head()
				if r.bad {
					return recordErr(bucketHistories, runs[i].id, errBadHistory)
				}
				for j, d := range days {
					if asOf <= d {
						pick[j] = int32(e)
					}
				}
			}
			// Distinct picks, ascending: the later dates pick later entries.
			out := keep[i*k : i*k : (i+1)*k]
			for e := range n {
				for _, p := range pick {
					if p == int32(e) {
						out = append(out, int32(e))
						break
					}
				}
			}
			counts[i] = int32(len(out))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	offs := make([]int, len(runs)+1)
	for i, c := range counts {
		offs[i+1] = offs[i] + int(c)
	}
	all := make([]model.Update, offs[len(runs)])
	err = parallel(len(runs), func(lo, hi int) error {
		d := &decoder{}
		for i := lo; i < hi; i++ {
			run, dst := runs[i], all[offs[i]:offs[i+1]]
			var err error
			if k == 0 {
				err = decodeHistoryInto(run.v, run.id, d, dst)
			} else {
				err = decodeKept(run.v, run.id, keep[i*k:i*k+len(dst)], d, dst)
			}
			if err != nil {
				return recordErr(bucketHistories, run.id, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]model.Update, len(runs))
	for i, run := range runs {
		if lo, hi := offs[i], offs[i+1]; hi > lo {
			out[run.id] = all[lo:hi:hi]
		}
	}
	return out, nil
}

// decodeKept decodes the entries numbered keep (ascending) of a history
// record into out.
func decodeKept(b []byte, id string, keep []int32, d *decoder, out []model.Update) error {
	r := historyReader{b: b}
	n := r.count()
	next := 0
	for e := 0; e < n && next < len(keep); e++ {
		flags, seq, asOf, start, end := r.head()
		if r.bad {
			return errBadHistory
		}
		if int32(e) != keep[next] {
			continue
		}
		if err := decodeEntry(b, id, flags, seq, asOf, start, end, d, &out[next]); err != nil {
			return err
		}
		next++
	}
	if next != len(keep) {
		return errBadHistory
	}
	return nil
}
