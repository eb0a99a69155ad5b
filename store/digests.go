package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"

	"duban/i18n"
	"duban/model"
)

// The digests bucket (schema 3) holds each task of the plan as a snapshot
// reads it — the task, and its history: every update with its latest
// review applied, in model.SortUpdates order — in one compact binary
// record, keyed by the task's id. It is derived data: the tasks, updates
// and reviews buckets stay the record of what was reported (audited,
// hashed, signed), and every transaction that writes one of them
// rewrites the task's digest from them (refreshDigest), so the two never
// differ in a committed file; Check rebuilds every digest and compares.
//
// It exists for the whole-plan reads. A snapshot used to walk every task,
// update and review record, lex their JSON and match reviews to updates;
// it now reads one binary record per task, and SnapshotAt steps over the
// updates it does not keep by their length. On the 2-core machine, 10,000
// tasks of 3 reports each, ms per op: BenchmarkSnapshot 66–75 → 14.2–14.8,
// BenchmarkSnapshotAt 48–57 → 13.1–13.5 (with the one-byte varints read
// inline, digestReader); an update (BenchmarkAddUpdate, which now also
// rewrites the task's digest) 1.6–1.8 → 1.4–1.5 ms, the same within the
// noise.
//
// A digest is a version byte, the task, the number of updates (uvarint)
// and each update. The task is
//
//	flags   byte: 1 lead_default, 2 a baseline, 4 a due date, 8 urged,
//	        16 the urge's time, 32 its reply-by date
//	rev     uvarint
//	due     varint, days since 1970-01-01 (flag 4)
//	id, chapter, section, name, kind, target, unit, qualifier, lead,
//	source, pacing, release, baseline (flag 2)
//	        each a string: a uvarint length and the UTF-8 bytes; decimals
//	        as the task record writes them
//	partners  uvarint count, each a string
//	urge    by, comment (strings), at (an instant, flag 16), reply_by
//	        (varint days, flag 32), all under flag 8
//
// and each update
//
//	flags   byte: 1 confirmed, 2 a review time, 4 a recorded time
//	seq     uvarint
//	as_of   varint, days since 1970-01-01
//	size    uvarint, the bytes of the rest of this update
//	review  byte: 0 pending, 1 approved, 2 returned, 3 superseded
//	at      an instant: varint seconds, uvarint nanoseconds (flag 4)
//	reviewed_at  the same (flag 2)
//	value, note, problems, next, by, reviewer, review comment: strings
const digestVersion = 1

// errBadDigest reports a digest that does not decode.
var errBadDigest = i18n.E("err.store.digest.bad")

// Flags of a digest's update.
const (
	hConfirmed = 1 << iota
	hReviewed
	hRecorded
)

// reviewStates are the review states in their digest numbering.
var reviewStates = [...]model.Review{model.ReviewPending, model.ReviewApproved, model.ReviewReturned, model.ReviewSuperseded}

// Flags of a digest's task.
const (
	tLeadDefault = 1 << iota
	tBaseline
	tDue
	tUrged
	tUrgedAt
	tReplyBy
)

// refreshDigest rewrites task id's digest from its task, updates and
// reviews, or deletes it when the plan has no such task: every change to
// any of them calls it in its transaction.
func refreshDigest(tx ptx, id string) error {
	b := tx.Bucket(bucketDigests)
	t, err := getTask(tx, id)
	if errors.Is(err, ErrNotFound) {
		return b.Delete([]byte(id))
	} else if err != nil {
		return err
	}
	h, err := readHistory(tx, id, true)
	if err != nil {
		return err
	}
	return b.Put([]byte(id), encodeDigest(t, h))
}

// buildDigests fills a plan's digests bucket from its tasks, updates and
// reviews (the migration to schema 3). pb is the plan's bucket.
func buildDigests(tx *bolt.Tx, pb *bolt.Bucket) error {
	db, err := pb.CreateBucketIfNotExists(bucketDigests)
	if err != nil {
		return err
	}
	t := ptx{Tx: tx, plan: pb}
	var ids []string
	if err := pb.Bucket(bucketTasks).ForEach(func(k, _ []byte) error { ids = append(ids, string(k)); return nil }); err != nil {
		return err
	}
	db.FillPercent = 1 // written in key order, once
	for _, id := range ids {
		if err := refreshDigest(t, id); err != nil {
			return err
		}
	}
	return nil
}

// encodeDigest writes a task's digest (see digestVersion).
func encodeDigest(t model.Task, h []model.Update) []byte {
	b := make([]byte, 0, 512+160*len(h))
	b = append(b, digestVersion)
	var flags byte
	if t.LeadDefault {
		flags |= tLeadDefault
	}
	if t.Baseline.Valid {
		flags |= tBaseline
	}
	if !t.Due.IsZero() {
		flags |= tDue
	}
	if u := t.Urged; u != nil {
		flags |= tUrged
		if !u.At.IsZero() {
			flags |= tUrgedAt
		}
		if !u.ReplyBy.IsZero() {
			flags |= tReplyBy
		}
	}
	b = append(b, flags)
	b = binary.AppendUvarint(b, t.Rev)
	if flags&tDue != 0 {
		b = binary.AppendVarint(b, dayNumber(t.Due))
	}
	for _, s := range [...]string{t.ID, t.Chapter, t.Section, t.Name, string(t.Kind), t.Target.String(),
		t.Unit, t.Qualifier, t.Lead, t.Source, t.Pacing, t.Release} {
		b = appendStr(b, s)
	}
	if flags&tBaseline != 0 {
		b = appendStr(b, t.Baseline.Decimal.String())
	}
	b = binary.AppendUvarint(b, uint64(len(t.Partners)))
	for _, p := range t.Partners {
		b = appendStr(b, p)
	}
	if u := t.Urged; u != nil {
		b = appendStr(b, u.By)
		b = appendStr(b, u.Comment)
		if flags&tUrgedAt != 0 {
			b = appendInstant(b, u.At)
		}
		if flags&tReplyBy != 0 {
			b = binary.AppendVarint(b, dayNumber(u.ReplyBy))
		}
	}
	return appendHistory(b, h)
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendHistory appends a digest's updates.
func appendHistory(b []byte, h []model.Update) []byte {
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
			rest = appendStr(rest, s)
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

// digestReader walks a digest. Its uvarint and varint read a one-byte
// number (most lengths, counts and flags-sized values) inline rather than
// through encoding/binary: BenchmarkSnapshotAt -benchtime 200x, 10,000
// tasks, 19.1 → 13.1–13.5 ms, 32.6 → 23–24 cpu-ms per op.
type digestReader struct {
	b   []byte
	i   int
	bad bool
}

func (r *digestReader) uvarint() uint64 {
	if r.i < len(r.b) && r.b[r.i] < 0x80 { // one byte: most lengths and counts
		r.i++
		return uint64(r.b[r.i-1])
	}
	v, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		r.bad, r.i = true, len(r.b)
		return 0
	}
	r.i += n
	return v
}

func (r *digestReader) varint() int64 {
	if r.i < len(r.b) && r.b[r.i] < 0x80 { // one byte, zig-zag encoded
		c := r.b[r.i]
		r.i++
		return int64(c>>1) ^ -int64(c&1)
	}
	v, n := binary.Varint(r.b[r.i:])
	if n <= 0 {
		r.bad, r.i = true, len(r.b)
		return 0
	}
	r.i += n
	return v
}

func (r *digestReader) byte() byte {
	if r.i >= len(r.b) {
		r.bad = true
		return 0
	}
	c := r.b[r.i]
	r.i++
	return c
}

// str reads a string: a view of r.b, not yet checked to be UTF-8 (text
// and same check what they keep; decimals check themselves).
func (r *digestReader) str() string {
	n := r.uvarint()
	if r.bad || n > uint64(len(r.b)-r.i) {
		r.bad = true
		return ""
	}
	s := view(r.b[r.i : r.i+int(n)])
	r.i += int(n)
	return s
}

// text is s copied out by d, once checked to be UTF-8.
func (r *digestReader) text(d *decoder, s string) string {
	if !utf8.ValidString(s) {
		r.bad = true
	}
	return d.str(s)
}

// same is d.same(f, s), s checked to be UTF-8 unless it is the string
// before, checked then. Tasks of a chapter share its title, section, lead
// and often the report's clause: the check was 40% of decoding a digest
// (BenchmarkSnapshotAt -benchtime 200x, 10,000 tasks: 22.1 → 19.1 ms,
// 38.6 → 32.6 cpu-ms per op).
func (r *digestReader) same(d *decoder, f int, s string) string {
	if s != d.last[f] && !utf8.ValidString(s) {
		r.bad = true
	}
	return d.same(f, s)
}

func (r *digestReader) instant() time.Time {
	sec := r.varint()
	ns := r.uvarint()
	if ns >= 1e9 || sec > math.MaxInt64/2 || sec < math.MinInt64/2 {
		r.bad = true
		return time.Time{}
	}
	return time.Unix(sec, int64(ns)).UTC()
}

// day reads a date as days since 1970-01-01.
func (r *digestReader) day() time.Time {
	n := r.varint()
	if n > 1<<40 || n < -(1<<40) {
		r.bad = true
		return time.Time{}
	}
	return dayTime(n)
}

// task reads the version and the task into *t, its strings copied by d.
func (r *digestReader) task(d *decoder, t *model.Task) error {
	if r.byte() != digestVersion {
		return errBadDigest
	}
	flags := r.byte()
	*t = model.Task{Rev: r.uvarint(), LeadDefault: flags&tLeadDefault != 0}
	if flags&tDue != 0 {
		t.Due = r.day()
	}
	id, chapter, section, name, kind, target := r.str(), r.str(), r.str(), r.str(), r.str(), r.str()
	unit, qualifier, lead, source, pacing, release := r.str(), r.str(), r.str(), r.str(), r.str(), r.str()
	var baseline string
	if flags&tBaseline != 0 {
		baseline = r.str()
	}
	n := r.uvarint()
	if r.bad || n > uint64(len(r.b)-r.i) {
		return errBadDigest
	}
	var partners []string
	if n > 0 {
		l := d.scratch()
		*l = (*l)[:0]
		for i := range int(n) {
			p := r.str()
			if p != d.last[fPartner+min(i, 3)] && !utf8.ValidString(p) {
				r.bad = true
			}
			*l = append(*l, p)
		}
		if r.bad {
			return errBadDigest
		}
		partners = d.list(*l)
	}
	t.ID, t.Chapter, t.Section, t.Name = r.text(d, id), r.same(d, fChapter, chapter), r.same(d, fSection, section), r.text(d, name)
	t.Kind, t.Unit, t.Qualifier = model.Kind(r.same(d, fKind, kind)), r.same(d, fUnit, unit), r.same(d, fQualifier, qualifier)
	t.Lead, t.Partners, t.Source = r.same(d, fLead, lead), partners, r.same(d, fSource, source)
	t.Pacing, t.Release = r.same(d, fPacing, pacing), r.same(d, fRelease, release)
	if flags&tUrged != 0 {
		u := &model.Urge{}
		by, comment := r.str(), r.str()
		if flags&tUrgedAt != 0 {
			u.At = r.instant()
		}
		if flags&tReplyBy != 0 {
			u.ReplyBy = r.day()
		}
		u.By, u.Comment = r.text(d, by), r.text(d, comment)
		t.Urged = u
	}
	if r.bad {
		return errBadDigest
	}
	var err error
	if t.Target, err = d.decimal(target); err != nil {
		return fmt.Errorf("target: %w", err)
	}
	if flags&tBaseline != 0 {
		v, err := d.decimal(baseline)
		if err != nil {
			return fmt.Errorf("baseline: %w", err)
		}
		t.Baseline = decimal.NewNullDecimal(v)
	}
	return nil
}

// count reads the number of updates.
func (r *digestReader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.b)-r.i) { // each update takes bytes
		r.bad = true
		return 0
	}
	return int(n)
}

// head reads an update's flags, seq and date, and returns where the rest
// of it lies (b[start:end]); r then stands at the next update.
func (r *digestReader) head() (flags byte, seq uint64, asOf int64, start, end int) {
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

// decodeEntry decodes the update whose head was read (flags … end) into
// *u, strings copied by d. id is the task's.
func decodeEntry(b []byte, id string, flags byte, seq uint64, asOf int64, start, end int, d *decoder, u *model.Update) error {
	r := digestReader{b: b[:end], i: start}
	state := r.byte()
	if int(state) >= len(reviewStates) || asOf > 1<<40 || asOf < -(1<<40) {
		return errBadDigest
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
		return errBadDigest
	}
	var err error
	if u.Value, err = d.decimal(value); err != nil {
		return fmt.Errorf("value: %w", err)
	}
	u.Note, u.Problems, u.Next = r.same(d, fNote, note), r.same(d, fProblems, problems), r.same(d, fNext, next)
	u.By, u.Reviewer, u.ReviewComment = r.same(d, fBy, by), r.same(d, fReviewer, reviewer), r.text(d, comment)
	if r.bad {
		return errBadDigest
	}
	return nil
}

// decodeDigest decodes one whole digest, its strings copied out, as a
// snapshot does.
func decodeDigest(b []byte) (model.Task, []model.Update, error) {
	tasks, hist, err := gathered{vals: [][]byte{b}, ids: []string{""}, pos: []int32{0}}.decodeDigests(nil, nil)
	if err != nil {
		return model.Task{}, nil, err
	}
	return tasks[0], hist[tasks[0].ID], nil
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

// decodeDigests decodes gathered digests (gather), in parallel: the tasks, sorted by
// model.CompareIDs, and their histories by task id, whole when days is
// nil, else each cut to its latest update on or before each of the days
// (model.LatestAsOf: a digest holds them in that order, so it is the last
// one dated on or before), the others stepped over undecoded. The
// histories share one backing array, each capped so that appending to one
// copies it rather than overwriting the next.
//
// A cut keeps at most len(days) updates of each task, so it is decoded in
// one pass into a slot of that many per task; a whole history is counted
// first, then decoded into place. One pass instead of two for the cut:
// BenchmarkSnapshotAt, 10,000 tasks, best four of six alternating runs,
// 13.4–14.7 → 11.1–12.0 ms.
func (g gathered) decodeDigests(days []int64, drop *pageDropper) ([]model.Task, map[string][]model.Update, error) {
	if len(days) > 0 {
		return g.decodeCut(days, drop)
	}
	n := len(g.vals)
	tasks := make([]model.Task, n)
	// First the tasks, and the updates each digest holds: from its
	// entries[i] on, counts[i] of them.
	counts := make([]int32, n)
	entries := make([]int32, n)
	err := parallel(n, func(lo, hi int) error {
		d, wd := &decoder{}, drop.worker()
		defer wd.flush()
		for i := lo; i < hi; i++ {
			wd.next(g.vals[i])
			// The error is made again as text: one made from a view of
			// the record could hold part of it past the transaction.
			bad := func(err error) error { return recordErr(bucketDigests, g.ids[i], outliving(err)) }
			r := digestReader{b: g.vals[i]}
			if err := r.task(d, &tasks[g.pos[i]]); err != nil {
				return bad(err)
			}
			m := r.count()
			if r.bad || m == 0 && r.i != len(r.b) { // else decodeAll sees the end
				return bad(errBadDigest)
			}
			entries[i], counts[i] = int32(r.i), int32(m)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	offs := make([]int, n+1)
	for i, c := range counts {
		offs[i+1] = offs[i] + int(c)
	}
	all := make([]model.Update, offs[n])
	err = parallel(n, func(lo, hi int) error {
		d, wd := &decoder{}, drop.worker()
		defer wd.flush()
		for i := lo; i < hi; i++ {
			wd.next(g.vals[i])
			if offs[i+1] == offs[i] {
				continue
			}
			id := tasks[g.pos[i]].ID
			if err := decodeAll(g.vals[i], int(entries[i]), id, d, all[offs[i]:offs[i+1]]); err != nil {
				return recordErr(bucketDigests, g.ids[i], outliving(err))
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	hist := make(map[string][]model.Update, n)
	for i := range n {
		if lo, hi := offs[i], offs[i+1]; hi > lo {
			hist[tasks[g.pos[i]].ID] = all[lo:hi:hi]
		}
	}
	return tasks, hist, nil
}

// decodeCut is decodeDigests for a cut: each digest's task, then the heads
// of its updates, then the ones it keeps (distinct, ascending: the later
// days pick later ones) decoded into its slot of all.
func (g gathered) decodeCut(days []int64, drop *pageDropper) ([]model.Task, map[string][]model.Update, error) {
	n, k := len(g.vals), len(days)
	tasks := make([]model.Task, n)
	all := make([]model.Update, n*k)
	counts := make([]int32, n)
	err := parallel(n, func(lo, hi int) error {
		d, wd := &decoder{}, drop.worker()
		defer wd.flush()
		type head struct {
			flags      byte
			seq        uint64
			asOf       int64
			start, end int
		}
		picks := make([]head, k)
		for i := lo; i < hi; i++ {
			wd.next(g.vals[i])
			bad := func(err error) error { return recordErr(bucketDigests, g.ids[i], outliving(err)) }
			b := g.vals[i]
			r := digestReader{b: b}
			t := &tasks[g.pos[i]]
			if err := r.task(d, t); err != nil {
				return bad(err)
			}
			m := r.count()
			if r.bad {
				return bad(errBadDigest)
			}
			for j := range picks {
				picks[j].end = 0 // none
			}
			for range m {
				flags, seq, asOf, start, end := r.head()
				if r.bad {
					return bad(errBadDigest)
				}
				for j, day := range days {
					if asOf <= day {
						picks[j] = head{flags, seq, asOf, start, end}
					}
				}
			}
			if r.i != len(r.b) {
				return bad(errBadDigest)
			}
			for j := 1; j < k; j++ { // in record order; k is small (an export's date and its --since)
				for x := j; x > 0 && picks[x].start < picks[x-1].start; x-- {
					picks[x], picks[x-1] = picks[x-1], picks[x]
				}
			}
			out := all[i*k : i*k : (i+1)*k]
			last := -1
			for _, p := range picks {
				if p.end == 0 || p.start == last {
					continue
				}
				last = p.start
				out = out[:len(out)+1]
				if err := decodeEntry(b, t.ID, p.flags, p.seq, p.asOf, p.start, p.end, d, &out[len(out)-1]); err != nil {
					return bad(err)
				}
			}
			counts[i] = int32(len(out))
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	hist := make(map[string][]model.Update, n)
	for i, c := range counts {
		if c > 0 {
			lo := i * k
			hist[tasks[g.pos[i]].ID] = all[lo : lo+int(c) : lo+int(c)]
		}
	}
	return tasks, hist, nil
}

// outliving is err as it may outlive the transaction: errBadDigest as
// it is, any other (a decimal's, which may hold a view of the record)
// made again as text.
func outliving(err error) error {
	if errors.Is(err, errBadDigest) {
		return errBadDigest
	}
	return errors.New(err.Error())
}

// decodeAll decodes into out every update of a digest, starting at byte
// from, and checks that the digest ends after them.
func decodeAll(b []byte, from int, id string, d *decoder, out []model.Update) error {
	r := digestReader{b: b, i: from}
	for e := range out {
		flags, seq, asOf, start, end := r.head()
		if r.bad {
			return errBadDigest
		}
		if err := decodeEntry(b, id, flags, seq, asOf, start, end, d, &out[e]); err != nil {
			return err
		}
	}
	if r.i != len(b) {
		return errBadDigest
	}
	return nil
}
