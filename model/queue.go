package model

import (
	"cmp"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// QueueEntry is one report waiting for review.
type QueueEntry struct {
	Task   Task
	Update Update
	// Eval is the task at the report's own date, the report counted: its
	// 完成率, 序时进度 and status as the reviewer judges them.
	Eval Eval
	// Approved is the latest approved report before it, nil when none;
	// Change is the report's value minus Approved's (null without one).
	Approved *Update
	Change   decimal.NullDecimal
	// Future: the report is dated after the viewed as-of date.
	Future bool
}

// Pending reports whether u waits for review: neither reviewed nor
// superseded by a later report of its task.
func (u Update) Pending() bool { return u.Review == ReviewPending || u.Review == "" }

// ReviewQueue lists every pending report of the snapshot, oldest recorded
// first. A superseded report (ReviewSuperseded) is not in it; a report
// dated after asOf is, flagged Future.
func ReviewQueue(s *Snapshot, asOf time.Time) []QueueEntry {
	asOf = Day(asOf)
	var out []QueueEntry
	for _, t := range s.Tasks {
		h := s.History[t.ID]
		for i, u := range h {
			if !u.Pending() {
				continue
			}
			e := QueueEntry{Task: t, Update: u, Eval: Evaluate(s.Plan, t, h[:i+1], u.AsOf), Future: u.AsOf.After(asOf)}
			for k := i - 1; k >= 0; k-- {
				if h[k].Review == ReviewApproved {
					e.Approved = &h[k]
					e.Change = decimal.NewNullDecimal(u.Value.Sub(h[k].Value))
					break
				}
			}
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b QueueEntry) int { return cmp.Compare(a.Update.Seq, b.Update.Seq) })
	return out
}
