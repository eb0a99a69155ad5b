package model

import (
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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

	indexOnce  sync.Once   // builds index on first use
	index      *Index      // search index over Tasks; see Index
	indexBuilt atomic.Bool // set once index is built (Patch carries it over)

	gen   atomic.Uint64         // this snapshot's identity, taken on first use; see Changed
	patch *patchStep            // how Patch made it from earlier snapshots; nil for a full read
	spare atomic.Pointer[spare] // copies the next Patch may take; see PrepareSpare

	Notes map[string][]Note // by task id, oldest first; nil when there are none

	// Head is the plan's audit chain head (sequence and hash of its last
	// entry) in the same read as the rest: quoted with an export, it pins
	// the history the export was made from (check --anchor).
	HeadSeq  uint64
	HeadHash string
}

// Index returns the search index over the snapshot's tasks, built on first
// use and then shared: a server hands one snapshot to every session, so
// the pinyin is computed once per change, not once per screen. A snapshot
// must not be copied or have its Tasks changed after Index is called.
func (s *Snapshot) Index() *Index {
	s.indexOnce.Do(func() { s.index = NewIndex(s.Tasks); s.indexBuilt.Store(true) })
	return s.index
}

// Row is one task evaluated at an as-of date.
type Row struct {
	Task Task
	Eval Eval
}

// Evaluate evaluates every task at asOf, in task order. A large plan is
// evaluated in parts on every core, each part with its own Evaluator (the
// results do not depend on the split).
func (s *Snapshot) Evaluate(asOf time.Time) []Row {
	rows := make([]Row, len(s.Tasks))
	const part = 4096 // below two parts' worth, a goroutine costs more than it saves
	n := runtime.GOMAXPROCS(0)
	if len(rows) < 2*part || n < 2 {
		s.evaluate(rows, 0, asOf)
		return rows
	}
	size := max(part, (len(rows)+n-1)/n)
	var wg sync.WaitGroup
	for lo := 0; lo < len(rows); lo += size {
		wg.Go(func() { s.evaluate(rows[lo:min(len(rows), lo+size)], lo, asOf) })
	}
	wg.Wait()
	return rows
}

// EvaluateRange fills rows, which must be zero, with the tasks from index
// lo on evaluated at asOf: rows[i] is Evaluate's row lo+i (the results do
// not depend on the split), for a writer that evaluates a part at a time
// as it goes rather than every task first.
func (s *Snapshot) EvaluateRange(rows []Row, lo int, asOf time.Time) { s.evaluate(rows, lo, asOf) }

// evaluate fills rows with the evaluations of the tasks from index lo on.
func (s *Snapshot) evaluate(rows []Row, lo int, asOf time.Time) {
	ev := NewEvaluator(s.Plan, asOf)
	// The histories of a batch of tasks are looked up first, in a loop of
	// nothing else, so that the processor overlaps the map's cache misses:
	// BenchmarkEvaluate10k -cpu 1, alternating 4 rounds, 29–48 ms without,
	// 24–33 ms with; BenchmarkEvaluate100k 0.36–0.54 s, 0.25–0.39 s.
	const batch = 32
	var hs [batch][]Update
	for b := 0; b < len(rows); b += batch {
		tasks := s.Tasks[lo+b : lo+min(len(rows), b+batch)]
		for j := range tasks {
			hs[j] = s.History[tasks[j].ID]
		}
		for j := range tasks {
			r := &rows[b+j]
			r.Task = tasks[j]
			ev.evalInto(&r.Eval, &r.Task, hs[j])
		}
	}
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

	Cats   map[Category]int    // tasks by bulletin category (超进度, 达进度, …)
	Score  decimal.NullDecimal // mean ScoreOf over the scored tasks; null when none is scored
	AvgLag decimal.Decimal     // mean lag (points behind schedule) over the scored tasks

	scores Scores // the plan's, for Standing; zero: the defaults
}

// Summary is the headline of a plan at an as-of date.
type Summary struct {
	AsOf         time.Time
	TimeProgress decimal.Decimal // of the plan's whole period
	All          Group
	Chapters     []Group // in the plan's chapter order
	Depts        []Group // ranked by RankGroups, best first
}

// Summarize totals rows overall, by chapter and by lead department.
func (s *Snapshot) Summarize(rows []Row, asOf time.Time) Summary {
	return s.Tally(rows, asOf).Summary() // one pass over the rows for the three totals
}

// RankDepts totals rows by lead department and ranks the departments by
// how they stand against schedule (RankGroups): the one ranking behind
// screen 3, the overview, the 红黑榜 and every export.
func RankDepts(p Plan, rows []Row) []Group {
	g := groupBy(p, rows, func(t Task) string { return t.Lead })
	RankGroups(g)
	return g
}

// RankGroups orders groups best first: by Score (higher first; groups with
// no scored task last), ties broken by average lag (less behind first),
// then by name.
func RankGroups(gs []Group) {
	sort.SliceStable(gs, func(i, j int) bool {
		a, b := gs[i], gs[j]
		if a.Score.Valid != b.Score.Valid {
			return a.Score.Valid
		}
		if a.Score.Valid && !a.Score.Decimal.Equal(b.Score.Decimal) {
			return a.Score.Decimal.GreaterThan(b.Score.Decimal)
		}
		if !a.AvgLag.Equal(b.AvgLag) {
			return a.AvgLag.LessThan(b.AvgLag)
		}
		return a.Name < b.Name
	})
}

// Standing is the status a group's bar is coloured with, from its score:
// done when every task is, no_report when none is reported, on_track from
// the plan's 正常 score (Scores.OnTrack), behind from its 滞后 score,
// at_risk below. A department whose only task is 严重滞后 is red, whatever
// its 完成率.
func (g Group) Standing() Status {
	sc := g.scores
	if sc.Done == 0 {
		sc = DefaultSettings(0).Scores
	}
	switch {
	case g.Tasks > 0 && g.Counts[StatusDone] == g.Tasks:
		return StatusDone
	case !g.Score.Valid:
		return StatusUnpublished
	case g.Counts[StatusNoReport]+g.Counts[StatusUnpublished] == g.Tasks:
		return StatusNoReport
	case g.Score.Decimal.GreaterThanOrEqual(decimal.NewFromInt(int64(sc.OnTrack))):
		return StatusOnTrack
	case g.Score.Decimal.GreaterThanOrEqual(decimal.NewFromInt(int64(sc.Behind))):
		return StatusBehind
	}
	return StatusAtRisk
}

// RedBlack splits a ranking into its 红榜 (the best n) and 黑榜 (the worst
// n, worst first) among the scored groups; the two never overlap.
func RedBlack(ranked []Group, n int) (red, black []Group) {
	var scored []Group
	for _, g := range ranked {
		if g.Score.Valid {
			scored = append(scored, g)
		}
	}
	n = max(0, min(n, len(scored)/2))
	red = append(red, scored[:n]...)
	for i := len(scored) - 1; i >= len(scored)-n; i-- {
		black = append(black, scored[i])
	}
	return red, black
}

// Category is a task's class in a published bulletin.
type Category string

// Bulletin categories, in the order bulletins list them.
const (
	CatDone        Category = "done"        // 已完成
	CatAhead       Category = "ahead"       // 超进度: ahead of 序时进度 by at least the plan's Settings.Ahead
	CatOnPace      Category = "on_pace"     // 达进度: at or ahead of 序时进度
	CatBehind      Category = "behind"      // 欠进度: behind 序时进度 (滞后 and 严重滞后)
	CatNoReport    Category = "no_report"   // 未填报
	CatUnpublished Category = "unpublished" // 数据未发布
)

// Categories lists every category in bulletin order.
var Categories = []Category{CatAhead, CatOnPace, CatBehind, CatDone, CatNoReport, CatUnpublished}

// CategoryOf classes an evaluated task for a bulletin.
func CategoryOf(p Plan, e Eval) Category {
	return categoryOf(sd{-int64(p.Judgement().Ahead), 0}, &e)
}

// categoryOf is CategoryOf, ahead being −Settings.Ahead.
func categoryOf(ahead sd, e *Eval) Category {
	switch e.Status {
	case StatusDone:
		return CatDone
	case StatusOnTrack:
		if lag, ok := small(e.Lag); ok && lag.cmp(ahead) <= 0 || !ok && e.Lag.LessThanOrEqual(ahead.dec()) {
			return CatAhead
		}
		return CatOnPace
	case StatusBehind, StatusAtRisk:
		return CatBehind
	case StatusUnpublished:
		return CatUnpublished
	}
	return CatNoReport
}

// Default scores of a task by its category and status (Settings.Scores),
// averaged per department for the ranking (考核 points). A task whose
// statistics are not yet published is not scored.
const (
	ScoreDone     = 100 // 已完成, and 超进度
	ScoreOnTrack  = 90  // 正常 (达进度)
	ScoreBehind   = 70  // 滞后
	ScoreAtRisk   = 40  // 严重滞后
	ScoreNoReport = 0   // 未填报
)

// ScoreOf is the task's score under the plan's scores; ok is false when it
// is not scored.
func ScoreOf(p Plan, e Eval) (score int, ok bool) {
	return scoreOf(p.Judgement().Scores, e.Status, CategoryOf(p, e))
}

// scoreOf is ScoreOf of a task of status st and category cat.
func scoreOf(sc Scores, st Status, cat Category) (score int, ok bool) {
	switch st {
	case StatusDone:
		return sc.Done, true
	case StatusOnTrack:
		if cat == CatAhead {
			return sc.Done, true
		}
		return sc.OnTrack, true
	case StatusBehind:
		return sc.Behind, true
	case StatusAtRisk:
		return sc.AtRisk, true
	case StatusNoReport:
		return sc.NoReport, true
	}
	return 0, false
}

// groupBy groups rows by key, groups in order of first appearance.
// It totals as it goes rather than copying rows into per-key slices, which
// at 10,000 tasks was most of Summarize's time.
func groupBy(p Plan, rows []Row, key func(Task) string) []Group {
	var order []*groupAcc
	byKey := map[string]*groupAcc{}
	for i := range rows {
		k := key(rows[i].Task)
		a, ok := byKey[k]
		if !ok {
			a = newGroupAcc(p, k)
			byKey[k] = a
			order = append(order, a)
		}
		f := a.factsOf(&rows[i].Eval)
		a.add(&f, 1)
	}
	out := make([]Group, len(order))
	for i, a := range order {
		out[i] = a.group()
	}
	return out
}

func group(p Plan, name string, rows []Row) Group {
	a := newGroupAcc(p, name)
	for i := range rows {
		f := a.factsOf(&rows[i].Eval)
		a.add(&f, 1)
	}
	return a.group()
}

// groupAcc accumulates one Group. It counts statuses and categories in
// arrays and sums lags and progress exactly in place (exactSum), the maps
// and decimals of the Group made once, by group: at 10,000 tasks, a map
// increment and a Decimal.Add per row were most of Summarize's time.
type groupAcc struct {
	p      Plan
	g      Group // Name, Tasks, Stale, scores; Counts and Cats are made by group
	ahead  sd    // −Settings.Ahead: a lag at or under it is 超进度
	counts [nStatuses]int
	cats   [nCategories]int
	other  map[Status]int // counts of statuses outside Statuses (none are made)
	total  exactSum       // sum of progress, each capped at 100, negatives as 0
	scored int64          // tasks scored
	score  int64          // sum of their scores
	lag    exactSum       // sum of their lags
}

func newGroupAcc(p Plan, name string) *groupAcc {
	s := p.Judgement()
	return &groupAcc{p: p, g: Group{Name: name, scores: s.Scores}, ahead: sd{-int64(s.Ahead), 0}}
}

// The lengths of Statuses and Categories (TestGroupAccSizes).
const (
	nStatuses   = 6
	nCategories = 6
)

func statusIndex(s Status) int {
	for i, x := range Statuses {
		if x == s {
			return i
		}
	}
	return -1
}

func categoryIndex(c Category) int {
	for i, x := range Categories {
		if x == c {
			return i
		}
	}
	return -1
}

// facts are what a row adds to a group's totals.
type facts struct {
	status  Status
	st, cat int // indexes in Statuses (−1: another status) and Categories
	score   int
	scored  bool
	stale   bool
	lag     decimal.Decimal
	prog    decimal.Decimal // capped at 100, where progOK
	progOK  bool
}

// factsOf works out what the row evaluated as e adds to a group of the
// accumulator's plan (every group of a plan counts a row alike).
func (a *groupAcc) factsOf(e *Eval) facts {
	cat := categoryOf(a.ahead, e)
	f := facts{status: e.Status, st: statusIndex(e.Status), cat: categoryIndex(cat), stale: e.Stale, lag: e.Lag}
	f.score, f.scored = scoreOf(a.g.scores, e.Status, cat)
	f.prog, f.progOK = cappedProgress(e)
	return f
}

// add adds a row's facts to the totals n times (1, or −1 to take it out).
func (a *groupAcc) add(f *facts, n int) {
	a.g.Tasks += n
	if f.st >= 0 {
		a.counts[f.st] += n
	} else {
		if a.other == nil {
			a.other = map[Status]int{}
		}
		if a.other[f.status] += n; a.other[f.status] == 0 {
			delete(a.other, f.status)
		}
	}
	a.cats[f.cat] += n
	if f.scored {
		a.scored += int64(n)
		a.score += int64(n * f.score)
		a.lag.add(f.lag, n < 0)
	}
	if f.stale {
		a.g.Stale += n
	}
	if f.progOK {
		a.total.add(f.prog, n < 0)
	}
}

// cappedProgress is the task's progress as it counts toward AvgProgress:
// capped at 100, and not counted (ok false) unless positive.
func cappedProgress(e *Eval) (decimal.Decimal, bool) {
	if !e.Progress.Valid {
		return decimal.Decimal{}, false
	}
	p := e.Progress.Decimal
	if ps, ok := small(p); ok {
		if ps.cmp(sd{100, 0}) > 0 {
			return hundred, true
		}
		return p, ps.c > 0
	}
	if p.GreaterThan(hundred) {
		p = hundred
	}
	return p, p.IsPositive()
}

func (a *groupAcc) group() Group {
	g := a.g
	g.Counts = make(map[Status]int, len(a.other)+4)
	for i, n := range a.counts {
		if n != 0 {
			g.Counts[Statuses[i]] = n
		}
	}
	for s, n := range a.other {
		g.Counts[s] = n
	}
	g.Cats = make(map[Category]int, 4)
	for i, n := range a.cats {
		if n != 0 {
			g.Cats[Categories[i]] = n
		}
	}
	if g.Tasks > 0 {
		g.AvgProgress = a.total.decimal().Div(decimal.NewFromInt(int64(g.Tasks)))
	}
	if a.scored > 0 {
		n := decimal.NewFromInt(a.scored)
		g.Score = decimal.NewNullDecimal(decimal.NewFromInt(a.score).Div(n))
		g.AvgLag = a.lag.decimal().Div(n)
	}
	return g
}

// MostLagging returns up to n rows that are behind or at risk, worst first:
// at risk before behind, then by points behind time progress (or short of
// the target, for rates).
func MostLagging(rows []Row, n int) []Row {
	worse := func(a, b Eval) bool { // a goes before b
		if a.Status != b.Status {
			return a.Status.Severity() > b.Status.Severity()
		}
		return a.Lag.GreaterThan(b.Lag)
	}
	var out []Row
	if n < 0 {
		for _, r := range rows {
			if r.Eval.Status == StatusBehind || r.Eval.Status == StatusAtRisk {
				out = append(out, r)
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return worse(out[i].Eval, out[j].Eval) })
		return out
	}
	// The n worst kept in order as the rows go by: a row goes after every
	// one it is not worse than (the order of a stable sort), and only where
	// it is among the n worst. At 100,000 tasks this is one comparison for
	// most rows, not a sort of every row behind schedule.
	for _, r := range rows {
		if r.Eval.Status != StatusBehind && r.Eval.Status != StatusAtRisk {
			continue
		}
		if len(out) == n && (n == 0 || !worse(r.Eval, out[n-1].Eval)) {
			continue
		}
		i := sort.Search(len(out), func(i int) bool { return worse(r.Eval, out[i].Eval) })
		if len(out) < n {
			out = append(out, Row{})
		}
		copy(out[i+1:], out[i:])
		out[i] = r
	}
	return out
}
