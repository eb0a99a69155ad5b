package store

import (
	"bytes"
	"encoding/binary"
	"time"

	"duban/model"
)

// SnapshotAt is Snapshot cut to what evaluating the plan at a few dates
// needs, for the commands that only evaluate (list, export): each task's
// history holds just its latest update on or before each of the dates
// (model.LatestAsOf, with its latest review), and no notes are read. So
// model.Snapshot.Evaluate at any of the dates gives exactly the rows of
// a full snapshot, while the other updates and their reviews are not
// decoded: only their reporting dates are looked at. dates is called
// inside the read transaction with the plan, for the dates (the as-of
// date is usually worked out from the plan); its error is returned.
//
// Decoding the histories was about half of a snapshot's work. On the
// 2-core machine, 10,000 tasks of 3 updates each, while other work ran:
// BenchmarkSnapshot 50–58 cpu-ms, 20.6 MB per op against
// BenchmarkSnapshotAt 35–38 cpu-ms, 14.3 MB; whole processes (duban with
// batchGC, 10 runs alternating) export --format json 49–51 → 39–40 ms,
// list 49–50 → 40–43 ms wall.
func (s *Store) SnapshotAt(dates func(model.Plan) ([]time.Time, error)) (*model.Snapshot, error) {
	return s.snapshot(dates, false)
}

// latestPick is what pickLatest chose of the gathered updates: views of
// the records (keys theirs) with the dates read off them, by task (runs),
// and the latest reviews of those updates; or, where the dates could not
// be used (all), everything gathered with every review.
type latestPick struct {
	keys, vals [][]byte
	asOfs      [][]byte // each record's date, as read; nil: not read
	runs       []updateRun
	reviews    reviewIndex
	all        bool
	gathered   gathered // what the pick was made from
}

// pickLatest keeps, of each task's gathered updates, only the latest on or
// before each of dates, and reads their reviews. A task's records are in
// the order they were recorded (seq); the latest on or before a date is
// the one with the greatest reporting date, the later recorded of equal
// ones, as model.SortUpdates and model.LatestAsOf have it. A record whose
// reporting date cannot be read off its text keeps its task's whole
// history, which the decoder then judges as Snapshot's would.
func pickLatest(tx ptx, g gathered, dates []time.Time) (latestPick, error) {
	// The dates as the records write them: ISO days compare as text.
	days := make([][]byte, 0, len(dates))
	for _, d := range dates {
		if d.IsZero() {
			continue
		}
		day := []byte(model.FormatDate(model.Day(d)))
		if len(day) != len(model.DateLayout) {
			days = nil // a year outside 0000–9999
			break
		}
		days = append(days, day)
	}
	if len(days) == 0 { // none given (Snapshot), or only zero ones
		reviews, err := allReviews(tx)
		return latestPick{reviews: reviews, all: true, gathered: g}, err
	}
	var (
		keys, vals = make([][]byte, 0, len(g.runs)), make([][]byte, 0, len(g.runs))
		asOfs      = make([][]byte, 0, len(g.runs))
		runs       = make([]updateRun, 0, len(g.runs))
		maxSeq     uint64
	)
	pick := make([]int, len(days))    // per date, the chosen record's index in g, or -1
	best := make([][]byte, len(days)) // per date, the chosen record's reporting date
	for i, r := range g.runs {
		end := len(g.vals)
		if i+1 < len(g.runs) {
			end = g.runs[i+1].start
		}
		whole := false
		for j := range pick {
			pick[j] = -1
		}
		for k := r.start; k < end; k++ {
			asOf, ok := recordAsOf(g.vals[k])
			if !ok {
				whole = true
				break
			}
			for j, day := range days {
				// Later records win ties: their seq is greater.
				if bytes.Compare(asOf, day) <= 0 && (pick[j] < 0 || bytes.Compare(asOf, best[j]) >= 0) {
					pick[j], best[j] = k, asOf
				}
			}
		}
		start := len(vals)
		add := func(k int) {
			asOf, _ := recordAsOf(g.vals[k])
			keys, vals, asOfs = append(keys, g.keys[k]), append(vals, g.vals[k]), append(asOfs, asOf)
			maxSeq = max(maxSeq, updateKeySeq(g.keys[k]))
		}
		if whole {
			for k := r.start; k < end; k++ {
				add(k)
			}
		} else {
			// Each chosen record once, in key order.
			for k := r.start; k < end; k++ {
				for _, p := range pick {
					if p == k {
						add(k)
						break
					}
				}
			}
		}
		if len(vals) > start {
			runs = append(runs, updateRun{r.id, start})
		}
	}
	var want []bool // nil (every review) where the seqs are too sparse for it
	if maxSeq < uint64(8*len(vals)+1<<16) {
		want = make([]bool, maxSeq+1)
		for _, k := range keys {
			want[updateKeySeq(k)] = true
		}
	}
	reviews, err := reviewsOf(tx, want)
	if err != nil {
		return latestPick{}, err
	}
	return latestPick{keys: keys, vals: vals, asOfs: asOfs, runs: runs, reviews: reviews, gathered: g}, nil
}

// decode decodes the picked updates into histories by task.
func (p latestPick) decode(tx ptx) (map[string][]model.Update, error) {
	g := p.gathered
	if p.all {
		return decodeRuns(g.keys, g.vals, g.runs, p.reviews)
	}
	all, err := decodeUpdates(p.keys, p.vals, p.reviews)
	if err != nil {
		return nil, err
	}
	// Each record's date as decoded must be the one read off its text (a
	// record with the key twice would decode to the last).
	var b [len(model.DateLayout)]byte
	for i := range all {
		if p.asOfs[i] != nil && !bytes.Equal(all[i].AsOf.AppendFormat(b[:0], model.DateLayout), p.asOfs[i]) {
			reviews, err := allReviews(tx)
			if err != nil {
				return nil, err
			}
			return decodeRuns(g.keys, g.vals, g.runs, reviews)
		}
	}
	return byTask(all, p.runs), nil
}

// updateKeySeq is the seq at the end of an updates key (task id ‖ 0 ‖ be64 seq;
// gatherUpdates has checked its length).
func updateKeySeq(k []byte) uint64 { return binary.BigEndian.Uint64(k[len(k)-8:]) }

// asOfKey is how an update record (encodeUpdate) writes its reporting
// date. It cannot occur inside a string value, where JSON escapes quotes.
var asOfKey = []byte(`"as_of":"`)

// recordAsOf reads the reporting date off an update record's text without
// decoding it: the ten bytes of an ISO day, YYYY-MM-DD, after the first
// "as_of" key. ok is false when there is no such date. (The decoder takes
// the last of repeated keys: latestHistories checks that they agree.)
func recordAsOf(v []byte) ([]byte, bool) {
	i := bytes.Index(v, asOfKey)
	if i < 0 {
		return nil, false
	}
	d := v[i+len(asOfKey):]
	if len(d) < 11 || d[10] != '"' {
		return nil, false
	}
	d = d[:10]
	for j, c := range d {
		if j == 4 || j == 7 {
			if c != '-' {
				return nil, false
			}
		} else if c < '0' || c > '9' {
			return nil, false
		}
	}
	return d, true
}
