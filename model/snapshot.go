package model

import (
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// Snapshot is one consistent view of a plan: its tasks and every task's
// history, read in one transaction. Every screen, listing and export works
// from a snapshot and evaluates it at an as-of date.
type Snapshot struct {
	Plan    Plan
	Tasks   []Task              // sorted by CompareIDs
	History map[string][]Update // by task id, each sorted by SortUpdates
	Users   []User              // sorted by name

	indexOnce sync.Once // builds index on first use
	index     *Index    // search index over Tasks; see Index

	Notes map[string][]Note // by task id, oldest first; nil when there are none
}

// Index returns the search index over the snapshot's tasks, built on first
// use and then shared: a server hands one snapshot to every session, so
// the pinyin is computed once per change, not once per screen. A snapshot
// must not be copied or have its Tasks changed after Index is called.
func (s *Snapshot) Index() *Index {
	s.indexOnce.Do(func() { s.index = NewIndex(s.Tasks) })
	return s.index
}

// Row is one task evaluated at an as-of date.
type Row struct {
	Task Task
	Eval Eval
}

// Evaluate evaluates every task at asOf, in task order.
func (s *Snapshot) Evaluate(asOf time.Time) []Row {
	rows := make([]Row, len(s.Tasks))
	for i, t := range s.Tasks {
		rows[i] = Row{Task: t, Eval: Evaluate(s.Plan, t, s.History[t.ID], asOf)}
	}
	return rows
}

// Task returns the task with the given id.
func (s *Snapshot) Task(id string) (Task, bool) {
	i := sort.Search(len(s.Tasks), func(i int) bool { return CompareIDs(s.Tasks[i].ID, id) >= 0 })
	if i < len(s.Tasks) && s.Tasks[i].ID == id {
		return s.Tasks[i], true
	}
	return Task{}, false
}

// DefaultAsOf is the as-of date when none is given: today, clamped into
// the plan period.
func (s *Snapshot) DefaultAsOf(now time.Time) time.Time { return s.Plan.Clamp(now) }

// Filter selects rows. Empty fields match everything.
type Filter struct {
	Dept    string // lead department, or a partner (substring match)
	Chapter string // chapter, by substring, or by its number ("1" for chapter 1's ids 1.x.xx)
	Status  Status // one status
	Stale   bool   // only tasks whose report is overdue (未按期填报)
	Search  string // free text: see Index.Match
}

// Empty reports whether the filter selects everything.
func (f Filter) Empty() bool { return f == Filter{} }

// Apply returns the rows that pass the filter, in their order. idx may be
// nil when f.Search is empty.
func (f Filter) Apply(rows []Row, idx *Index) []Row {
	if f.Empty() {
		return rows
	}
	out := make([]Row, 0, len(rows))
	for _, r := range rows {
		if f.Match(r, idx) {
			out = append(out, r)
		}
	}
	return out
}

// Match reports whether one row passes the filter.
func (f Filter) Match(r Row, idx *Index) bool {
	t := r.Task
	if f.Dept != "" && !strings.Contains(t.Lead, f.Dept) && !containsAny(t.Partners, f.Dept) {
		return false
	}
	if f.Chapter != "" && !strings.Contains(t.Chapter, f.Chapter) && !strings.HasPrefix(t.ID, f.Chapter+".") {
		return false
	}
	if f.Status != "" && r.Eval.Status != f.Status {
		return false
	}
	if f.Stale && !r.Eval.Stale {
		return false
	}
	if f.Search != "" {
		if idx == nil {
			idx = NewIndex([]Task{t})
		}
		if !idx.Match(t.ID, f.Search) {
			return false
		}
	}
	return true
}

func containsAny(xs []string, sub string) bool {
	for _, x := range xs {
		if strings.Contains(x, sub) {
			return true
		}
	}
	return false
}

// Group is a summary of the tasks sharing a chapter or a lead department.
type Group struct {
	Name        string
	Tasks       int
	Counts      map[Status]int
	AvgProgress decimal.Decimal // mean 完成率 over all tasks, unreported ones counting 0, each capped at 100
	Stale       int             // tasks with an overdue report
}

// Summary is the headline of a plan at an as-of date.
type Summary struct {
	AsOf         time.Time
	TimeProgress decimal.Decimal // of the plan's whole period
	All          Group
	Chapters     []Group // in the plan's chapter order
	Depts        []Group // ranked by average progress, best first
}

// Summarize totals rows overall, by chapter and by lead department.
func (s *Snapshot) Summarize(rows []Row, asOf time.Time) Summary {
	sum := Summary{
		AsOf:         asOf,
		TimeProgress: s.Plan.TimeProgress(Task{Due: s.Plan.End}, asOf),
		All:          group("", rows),
	}
	sum.Chapters = groupBy(rows, func(t Task) string { return t.Chapter })
	sum.Depts = groupBy(rows, func(t Task) string { return t.Lead })
	sort.SliceStable(sum.Depts, func(i, j int) bool {
		return sum.Depts[i].AvgProgress.GreaterThan(sum.Depts[j].AvgProgress)
	})
	return sum
}

// groupBy groups rows by key, groups in order of first appearance.
// It totals as it goes rather than copying rows into per-key slices, which
// at 10,000 tasks was most of Summarize's time.
func groupBy(rows []Row, key func(Task) string) []Group {
	var order []*groupAcc
	byKey := map[string]*groupAcc{}
	for i := range rows {
		k := key(rows[i].Task)
		a, ok := byKey[k]
		if !ok {
			a = newGroupAcc(k)
			byKey[k] = a
			order = append(order, a)
		}
		a.add(&rows[i])
	}
	out := make([]Group, len(order))
	for i, a := range order {
		out[i] = a.group()
	}
	return out
}

func group(name string, rows []Row) Group {
	a := newGroupAcc(name)
	for i := range rows {
		a.add(&rows[i])
	}
	return a.group()
}

// groupAcc accumulates one Group.
type groupAcc struct {
	g     Group
	total decimal.Decimal // sum of progress, each capped at 100, negatives as 0
}

func newGroupAcc(name string) *groupAcc {
	return &groupAcc{g: Group{Name: name, Counts: map[Status]int{}}}
}

func (a *groupAcc) add(r *Row) {
	a.g.Tasks++
	a.g.Counts[r.Eval.Status]++
	if r.Eval.Stale {
		a.g.Stale++
	}
	if r.Eval.Progress.Valid {
		p := r.Eval.Progress.Decimal
		if p.GreaterThan(hundred) {
			p = hundred
		}
		if p.IsPositive() {
			a.total = a.total.Add(p)
		}
	}
}

func (a *groupAcc) group() Group {
	g := a.g
	if g.Tasks > 0 {
		g.AvgProgress = a.total.Div(decimal.NewFromInt(int64(g.Tasks)))
	}
	return g
}

// MostLagging returns up to n rows that are behind or at risk, worst first:
// at risk before behind, then by points behind time progress (or short of
// the target, for rates).
func MostLagging(rows []Row, n int) []Row {
	var out []Row
	for _, r := range rows {
		if r.Eval.Status == StatusBehind || r.Eval.Status == StatusAtRisk {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Eval, out[j].Eval
		if a.Status != b.Status {
			return a.Status.Severity() > b.Status.Severity()
		}
		return a.Lag.GreaterThan(b.Lag)
	})
	if n >= 0 && len(out) > n {
		out = out[:n]
	}
	return out
}
