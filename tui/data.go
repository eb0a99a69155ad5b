package tui

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"duban/model"
)

// derived is everything computed from one snapshot at one as-of date:
// evaluated rows, float keys for sorting and drawing, and the summary
// (evaluated, shared by every session showing that snapshot at that date),
// with the marks and queue of the acting user. It is rebuilt when the
// snapshot, the as-of date or the actor changes and only read afterwards,
// so a frame never evaluates anything.
type derived struct {
	*evaluated

	// Marks, as the acting user sees them.
	actor     model.User
	mine      []bool // the actor's department leads or partners the task
	nMine     int
	nOwnUrged int         // urged tasks the actor's department leads (staff's queue counts them)
	marks     bool        // some row has a mark: the task table shows the mark column
	queue     []queueItem // screen 4: pending updates (reviewers; evaluated's own, shared), or the actor's own (staff)

	// gen names this derived; from is the gen of the one it was patched
	// from (0: evaluated afresh), changed the rows it changed: a screen
	// built from that one need redo only those.
	gen, from uint64
	changed   []int
}

// derivedGen hands out derived.gen.
var derivedGen atomic.Uint64

// evaluated is a snapshot evaluated at a date: the same for every user.
type evaluated struct {
	snap      *model.Snapshot
	asOf      time.Time
	rows      []*taskRow     // in task order; a patch shares the rows it did not change
	pos       map[string]int // task id → index in rows; nil when the tasks are in id order, as a snapshot keeps them (index)
	prog      []float64      // 完成率 per row, percent; valid only where hasProg
	hasProg   []bool
	tp        []float64 // 序时进度 per row, percent
	lag       []float64 // points behind time progress (or short of target)
	planTP    float64   // the plan's own time progress
	sum       model.Summary
	tally     *model.Tally // sum, as it can be brought up to date row by row
	lagging   []model.Row  // the five most lagging
	lagTop    []model.Row  // the first of every lagging row in MostLagging's order (lagging is its start); see mostLagging
	lagAll    bool         // lagTop is every lagging row
	idWidth   int          // widest task id, for the id column
	leadWidth int          // widest lead department
	widths    widthCounts  // how many rows have each width of lead, target and actual, which keeps the three widths up to date in a patch

	tgtWidth, actWidth int // the widest target and actual value (targetText, actualText)

	// The marks that are the same for every user, worked out once for
	// every session showing this evaluation: a session then only matches
	// its departments against the rows (markRows).
	returned  []bool // the task's latest update was returned (退回)
	nRet      int
	nUrged    int
	pendingQ  []queueItem // every update waiting for review, in queueOrder
	returnedQ []queueItem // every returned latest update, in queueOrder
}

// widthCounts counts the rows by the width of their lead department,
// target and actual value, each capped as its column is (30, 16, 9): a
// patch moves its rows' counts, and a column's width is the widest count
// left, with no pass over every row (which made a save that narrowed the
// widest cell cost 22–26 ms at 100,000 tasks once the texts were no longer
// kept: targetText).
type widthCounts struct {
	lead [31]int32
	tgt  [17]int32
	act  [10]int32
}

// add counts row i of d (n = 1) or takes it out (n = -1).
func (w *widthCounts) add(d *evaluated, i, n int) {
	w.lead[min(30, width(d.rows[i].Task.Lead))] += int32(n)
	w.tgt[min(16, width(d.targetText(i)))] += int32(n)
	w.act[min(9, width(d.actualText(i)))] += int32(n)
}

// merge adds the counts of o.
func (w *widthCounts) merge(o *widthCounts) {
	for k := range w.lead {
		w.lead[k] += o.lead[k]
	}
	for k := range w.tgt {
		w.tgt[k] += o.tgt[k]
	}
	for k := range w.act {
		w.act[k] += o.act[k]
	}
}

// widest is the largest width some row has (0 for none).
func widest(counts []int32) int {
	for k := len(counts) - 1; k > 0; k-- {
		if counts[k] > 0 {
			return k
		}
	}
	return 0
}

// setWidths sets the lead, target and actual widths from the counts.
func (d *evaluated) setWidths() {
	d.leadWidth, d.tgtWidth, d.actWidth = widest(d.widths.lead[:]), widest(d.widths.tgt[:]), widest(d.widths.act[:])
}

// taskRow is a task's row: the task, where a snapshot keeps it, and its
// evaluation. The task is not copied into the row (as model.Row does): at
// 100,000 tasks (genplan file, 3 reports a task) copies were 28.8 of the
// TUI's 199 MB live heap after its first load. A row evaluated afresh
// points into the evaluated snapshot's Tasks; a row a patch evaluated again
// points to a copy of its own, so that the rows never keep more than that
// first snapshot's array alive (each patched snapshot has an array of its
// own: pointing into those, every save would keep one more alive).
type taskRow struct {
	Task *model.Task
	Eval model.Eval
}

// row is r as the model's totals and reports take it (copying the task).
func (r *taskRow) row() model.Row { return model.Row{Task: *r.Task, Eval: r.Eval} }

// queueItem is one update in the review queue.
type queueItem struct {
	row int           // index into derived.rows
	u   *model.Update // in the snapshot's history, which is never modified
}

// derive evaluates snap at asOf, with the marks and the queue of actor.
func derive(snap *model.Snapshot, asOf time.Time, actor model.User) *derived {
	d := &derived{evaluated: evaluations.get(snap, asOf, func() *evaluated { return evaluate(snap, asOf) }), actor: actor,
		gen: derivedGen.Add(1)}
	d.markRows()
	return d
}

// patched is old brought up to snap, a snapshot Patch made from old.snap by
// replacing the tasks ids: only those are evaluated again and marked again.
func (old *derived) patched(snap *model.Snapshot, ids []string) *derived {
	ids = slices.Compact(slices.Sorted(slices.Values(ids))) // a task saved twice is one change
	d := &derived{evaluated: evaluations.get(snap, old.asOf, func() *evaluated { return old.evaluated.patched(snap, ids) }),
		actor: old.actor, gen: derivedGen.Add(1), from: old.gen}
	var rows []int
	for _, id := range ids {
		if i, ok := d.index(id); ok {
			rows = append(rows, i)
		}
	}
	d.changed = rows
	d.remarkRows(old, rows)
	return d
}

// evaluations shares evaluated snapshots among the sessions of a server:
// they show the hub's one snapshot, mostly at the same date, so after a
// save the changed tasks are evaluated once, not once per session.
var evaluations evalCache

// evalCache holds the last few evaluations, each computed once.
type evalCache struct {
	mu      sync.Mutex
	entries []*evalEntry // most recent first
}

type evalEntry struct {
	snap *model.Snapshot
	asOf time.Time
	once sync.Once
	e    *evaluated
}

// maxEvaluations is how many evaluations evalCache keeps: the one on
// screen and the one replacing it (each is most of a screen's memory at
// 100,000 tasks).
const maxEvaluations = 2

// get returns snap evaluated at asOf, computing it with fn unless it is
// cached or being computed (then it waits for that).
func (c *evalCache) get(snap *model.Snapshot, asOf time.Time, fn func() *evaluated) *evaluated {
	c.mu.Lock()
	var e *evalEntry
	for k, x := range c.entries {
		if x.snap == snap && x.asOf.Equal(asOf) {
			e = x
			c.entries = slices.Insert(slices.Delete(c.entries, k, k+1), 0, x)
			break
		}
	}
	if e == nil {
		e = &evalEntry{snap: snap, asOf: asOf}
		c.entries = slices.Insert(c.entries, 0, e)
		if len(c.entries) > maxEvaluations {
			c.entries = c.entries[:maxEvaluations]
		}
	}
	c.mu.Unlock()
	e.once.Do(func() { e.e = fn() })
	return e.e
}

// evaluate evaluates every task of snap at asOf.
func evaluate(snap *model.Snapshot, asOf time.Time) *evaluated {
	// Evaluated into taskRows (see there). The summary and the most
	// lagging are worked out from model.Rows, each goroutine's made in a
	// window of evalWindow rows at a time, tallied and reused: a model.Row
	// of every task at once (a copy of each task) was 53 MB at 100,000
	// tasks, all of it garbage once loaded.
	rows := make([]*taskRow, len(snap.Tasks))
	compact := make([]taskRow, len(rows))
	d := &evaluated{
		snap:    snap,
		asOf:    asOf,
		rows:    rows,
		prog:    make([]float64, len(rows)),
		hasProg: make([]bool, len(rows)),
		tp:      make([]float64, len(rows)),
		lag:     make([]float64, len(rows)),

		returned: make([]bool, len(rows)),
	}
	// The tasks are evaluated on every core: at 100,000 tasks this is most
	// of the time to the first frame.
	var wg sync.WaitGroup
	chunk := max(syncRows, (len(rows)+runtime.GOMAXPROCS(0)-1)/runtime.GOMAXPROCS(0))
	type items struct {
		pending, returned []queueItem
		idWidth           int
		widths            widthCounts
		unsorted          bool // a task's id is not after the one before
		tally             *model.Tally
		lagTop            []model.Row // the chunk's most lagging, MostLagging's order
	}
	found := make([]items, (len(rows)+chunk-1)/chunk)
	for lo := 0; lo < len(rows); lo += chunk {
		hi := min(len(rows), lo+chunk)
		f := &found[lo/chunk]
		wg.Go(func() {
			ev := model.NewEvaluator(snap.Plan, asOf) // one per goroutine: what tasks share, worked out once
			window := make([]model.Row, 0, min(evalWindow, hi-lo))
			flush := func() {
				f.tally = appendTally(f.tally, snap.Tally(window, asOf))
				// The chunk's most lagging so far, then the window's: in
				// row order, so MostLagging of both keeps its order.
				f.lagTop = model.MostLagging(append(f.lagTop, model.MostLagging(window, lagKeep)...), lagKeep)
				window = window[:0]
			}
			for i := lo; i < hi; i++ {
				t := &snap.Tasks[i]
				h := snap.History[t.ID]
				compact[i] = taskRow{Task: t, Eval: ev.Eval(*t, h)}
				rows[i] = &compact[i]
				window = append(window, model.Row{Task: *t, Eval: compact[i].Eval})
				if len(window) == cap(window) {
					flush()
				}
				d.fill(i)
				n := len(f.returned)
				f.pending, f.returned = rowItems(i, h, f.pending, f.returned)
				d.returned[i] = len(f.returned) > n
				f.idWidth = max(f.idWidth, min(12, width(t.ID)))
				f.widths.add(d, i, 1)
				f.unsorted = f.unsorted || i > 0 && model.CompareIDs(snap.Tasks[i-1].ID, t.ID) >= 0
			}
			if len(window) > 0 {
				flush()
			}
		})
	}
	wg.Wait()
	unsorted := false
	for _, f := range found {
		d.pendingQ = append(d.pendingQ, f.pending...)
		d.returnedQ = append(d.returnedQ, f.returned...)
		d.idWidth = max(d.idWidth, f.idWidth)
		d.widths.merge(&f.widths)
		unsorted = unsorted || f.unsorted
	}
	d.setWidths()
	// A snapshot's tasks are in id order (model.CompareIDs), and a row is
	// found by a binary search of them: a map from id to row was 4.6 MB
	// at 100,000 tasks. Tasks in another order (no snapshot the store
	// makes) get the map.
	if unsorted {
		d.pos = make(map[string]int, len(rows))
		for i, r := range rows {
			d.pos[r.Task.ID] = i
		}
	}
	slices.SortFunc(d.pendingQ, queueOrder)
	slices.SortFunc(d.returnedQ, queueOrder)
	for i, r := range rows {
		if d.returned[i] {
			d.nRet++
		}
		if r.Task.Urged != nil {
			d.nUrged++
		}
	}
	var lagTops []model.Row
	for _, f := range found { // the chunks in row order, as the rows' tally would be
		d.tally = appendTally(d.tally, f.tally)
		lagTops = append(lagTops, f.lagTop...)
	}
	if d.tally == nil { // no tasks
		d.tally = snap.Tally(nil, asOf)
	}
	d.sum = d.tally.Summary()
	d.planTP = f64(d.sum.TimeProgress)
	d.lagTop = model.MostLagging(lagTops, lagKeep)
	d.lagAll = len(d.lagTop) < lagKeep
	d.lagging = d.lagTop[:min(lagShown, len(d.lagTop))]
	return d
}

// index is the row of task id.
func (d *evaluated) index(id string) (int, bool) {
	if d.pos != nil {
		i, ok := d.pos[id]
		return i, ok
	}
	ts := d.snap.Tasks // in id order, as rows (evaluate)
	i, ok := slices.BinarySearchFunc(ts, id, func(t model.Task, id string) int { return model.CompareIDs(t.ID, id) })
	return i, ok && ts[i].ID == id
}

// targetText is row i's target (8%左右), "" for a milestone (the lists
// say 里程碑), and actualText its actual value (750; "-" before the first
// update): made when drawn, for the rows on screen, rather than kept for
// every row (3.2 MB of string headers and 2 MB of text at 100,000 tasks).
func (d *evaluated) targetText(i int) string { return d.rows[i].Task.TargetText() }

func (d *evaluated) actualText(i int) string { return model.NullValueText(d.rows[i].Eval.Actual) }

// fill computes the float keys of row i from its evaluation.
func (d *evaluated) fill(i int) {
	r := d.rows[i]
	d.prog[i], d.hasProg[i] = 0, false
	if r.Eval.Progress.Valid {
		d.prog[i] = f64(r.Eval.Progress.Decimal)
		d.hasProg[i] = true
	}
	d.tp[i] = f64(r.Eval.TimeProgress)
	d.lag[i] = f64(r.Eval.Lag)
}

// rowItems appends to pend the updates of row i (history h) waiting for
// review, and to ret its latest update when it was returned.
func rowItems(i int, h []model.Update, pend, ret []queueItem) ([]queueItem, []queueItem) {
	if n := len(h); n > 0 && h[n-1].Review == model.ReviewReturned {
		ret = append(ret, queueItem{row: i, u: &h[n-1]})
	}
	for k := range h {
		if pending(&h[k]) {
			pend = append(pend, queueItem{row: i, u: &h[k]})
		}
	}
	return pend, ret
}

// patched is old brought up to snap, a snapshot Patch made from old.snap by
// replacing the tasks ids (each once): only those are evaluated again, the
// summary is brought up to date row by row. The task set and order are the
// same (Patch keeps them), so the row positions are too.
func (old *evaluated) patched(snap *model.Snapshot, ids []string) *evaluated {
	d := &evaluated{
		snap: snap,
		asOf: old.asOf,
		rows: slices.Clone(old.rows),
		pos:  old.pos, // never modified after evaluate
		// Shared with old until a changed row's value differs (setShared):
		// a report leaves most of them as they were.
		prog: old.prog, hasProg: old.hasProg, tp: old.tp, lag: old.lag,

		idWidth: old.idWidth, widths: old.widths,

		returned: old.returned, nRet: old.nRet, nUrged: old.nUrged,
	}
	var before, after []model.Row
	var changed []int
	var ev *model.Evaluator // made by the first changed row, for the rest
	for _, id := range ids {
		i, ok := d.index(id)
		if !ok {
			continue
		}
		changed = append(changed, i)
		t := snap.Tasks[i]
		if ev == nil {
			ev = model.NewEvaluator(snap.Plan, d.asOf)
		}
		d.rows[i] = &taskRow{Task: &t, Eval: ev.Eval(t, snap.History[id])} // t: a copy (taskRow)
		before, after = append(before, old.rows[i].row()), append(after, d.rows[i].row())
		d.refill(old, i)
		d.widths.add(old, i, -1)
		d.widths.add(d, i, 1)
	}
	d.setWidths()
	var pend, ret []queueItem
	for _, i := range changed {
		if old.returned[i] {
			d.nRet--
		}
		if old.rows[i].Task.Urged != nil {
			d.nUrged--
		}
		n := len(ret)
		pend, ret = rowItems(i, snap.History[d.rows[i].Task.ID], pend, ret)
		setShared(&d.returned, old.returned, i, len(ret) > n)
		if d.returned[i] {
			d.nRet++
		}
		if d.rows[i].Task.Urged != nil {
			d.nUrged++
		}
	}
	d.pendingQ, d.returnedQ = requeue(old.pendingQ, changed, pend), requeue(old.returnedQ, changed, ret)
	if tl, ok := old.tally.Replace(before, after); ok {
		d.tally = tl
	} else {
		d.tally = snap.Tally(flatRows(d.rows), d.asOf)
	}
	d.sum = d.tally.Summary()
	d.planTP = f64(d.sum.TimeProgress)
	d.lagTop, d.lagAll = d.mostLagging(old, changed)
	d.lagging = d.lagTop[:min(lagShown, len(d.lagTop))]
	return d
}

// lagShown is how many of the most lagging rows the overview shows;
// lagKeep how many an evaluation keeps (lagTop), so that a save that moves
// one of the shown rows need not look at every row again.
const (
	lagShown = 5
	lagKeep  = 64
)

// evalWindow is how many model.Rows a goroutine of evaluate tallies at a
// time.
const evalWindow = 4096

// appendTally is t with the tally of the rows after its own appended
// (model.Tally.Append), or later itself when t is nil.
func appendTally(t, later *model.Tally) *model.Tally {
	if t == nil {
		return later
	}
	t.Append(later)
	return t
}

// refill is fill for row i of d patched from old, whose per-row slices d
// shares until a value differs (setShared).
func (d *evaluated) refill(old *evaluated, i int) {
	r := d.rows[i]
	prog, has := 0.0, r.Eval.Progress.Valid
	if has {
		prog = f64(r.Eval.Progress.Decimal)
	}
	setShared(&d.prog, old.prog, i, prog)
	setShared(&d.hasProg, old.hasProg, i, has)
	setShared(&d.tp, old.tp, i, f64(r.Eval.TimeProgress))
	setShared(&d.lag, old.lag, i, f64(r.Eval.Lag))
}

// setShared sets (*s)[i] to v, copying *s first while it is still old
// (shared with the evaluation patched from, which is never modified).
// A report typically changes a row's 完成率, lag and actual value, not its
// time progress, target or marks: those slices stay shared (2.6 of the 6.6
// MB a save copied at 100,000 tasks).
func setShared[T comparable](s *[]T, old []T, i int, v T) {
	if (*s)[i] == v {
		return
	}
	if &(*s)[0] == &old[0] {
		*s = slices.Clone(old)
	}
	(*s)[i] = v
}

// mostLagging is model.MostLagging(d.rows, lagKeep), or a start of it of
// at least lagShown rows, for d patched from old in the rows changed; all
// reports whether it is every lagging row. Every lagging row not in
// old.lagTop comes after all of old.lagTop (when old.lagAll there is no
// such row); if it did not
// change, it still comes after the rows of old.lagTop that did not change.
// So the order of those and of the changed rows alone is exact up to the
// last unchanged row of old.lagTop, and only those rows are compared (in
// row order, MostLagging's tie-break). Only when fewer than lagShown are
// left that way is every row compared again (then lagTop is whole again).
//
// At 100,000 tasks, BenchmarkFanout50TUI100k saves a report on a task that
// is among the five (so the old code, which kept only the five, compared
// every row on every save): in its profile that pass and its copy of every
// row were 38 ms of CPU and 30 MB of garbage per save.
func (d *evaluated) mostLagging(old *evaluated, changed []int) (top []model.Row, all bool) {
	cand := slices.Clone(changed)
	last := -1 // the last row of old.lagTop that did not change
	for _, r := range old.lagTop {
		i, _ := old.index(r.Task.ID)
		if !slices.Contains(changed, i) {
			cand, last = append(cand, i), i
		}
	}
	slices.Sort(cand)
	cand = slices.Compact(cand)
	rows := make([]model.Row, len(cand))
	for k, i := range cand {
		rows[k] = d.rows[i].row()
	}
	top = model.MostLagging(rows, lagKeep)
	if old.lagAll {
		return top, len(top) < lagKeep // old.lagTop had every lagging row: top has the first lagKeep
	}
	end := len(top) // when last was cut off by lagKeep, every row of top comes before it
	if last < 0 {
		end = 0 // every row of old.lagTop changed
	}
	for k, r := range top {
		if j, _ := d.index(r.Task.ID); j == last {
			end = k + 1
			break
		}
	}
	if end < lagShown {
		top = model.MostLagging(flatRows(d.rows), lagKeep)
		return top, len(top) < lagKeep
	}
	return top[:end], false
}

// flatRows is a copy of rows, for what wants every row in one slice.
func flatRows(rows []*taskRow) []model.Row {
	out := make([]model.Row, len(rows))
	for i, r := range rows {
		out[i] = r.row()
	}
	return out
}

// requeue is q, in queueOrder, without the items of the rows gone and
// with the items add put in their places: a new slice when anything
// changes (q may be shared).
func requeue(q []queueItem, gone []int, add []queueItem) []queueItem {
	if len(gone) > 0 {
		out := make([]queueItem, 0, len(q)+len(add)) // room for add: one copy of q, not two
		for _, it := range q {
			if !slices.Contains(gone, it.row) {
				out = append(out, it)
			}
		}
		q = out
	} else if len(add) > 0 {
		q = append(make([]queueItem, 0, len(q)+len(add)), q...)
	}
	for _, it := range add { // few: inserted in order rather than sorting all
		k, _ := slices.BinarySearchFunc(q, it, queueOrder)
		q = slices.Insert(q, k, it)
	}
	return q
}

// markRows works out the marks of every row as the actor sees them (what
// their department leads or partners) and their review queue.
func (d *derived) markRows() {
	in := model.DeptMatcher(d.actor)
	d.mine, d.nMine, d.nOwnUrged = make([]bool, len(d.rows)), 0, 0
	for i := range d.rows {
		d.markRow(i, in)
	}
	d.queue = d.queueOf(in)
	d.marks = d.nMine+d.nUrged+d.nRet > 0
}

// remarkRows is markRows after a patch that changed only the given rows:
// the marks and queue items of the other rows are old's.
func (d *derived) remarkRows(old *derived, rows []int) {
	in := model.DeptMatcher(d.actor)
	d.mine, d.nMine, d.nOwnUrged = old.mine, old.nMine, old.nOwnUrged
	for _, i := range rows { // shared until a row's mark changes (rarely: its departments changed)
		if t := d.rows[i].Task; (in(t.Lead) || slices.ContainsFunc(t.Partners, in)) != old.mine[i] {
			d.mine = slices.Clone(old.mine)
			break
		}
	}
	for _, i := range rows {
		if old.mine[i] {
			d.nMine--
		}
		if t := old.rows[i].Task; t.Urged != nil && in(t.Lead) {
			d.nOwnUrged--
		}
		d.markRow(i, in)
	}
	if model.Abilities(d.actor).Review {
		d.queue = d.queueOf(in) // the shared queue
	} else { // staff: their few items, brought up to date
		var add []queueItem
		for _, i := range rows {
			if in(d.rows[i].Task.Lead) {
				add = d.rowQueue(i, add)
			}
		}
		d.queue = requeue(old.queue, rows, add)
	}
	d.marks = d.nMine+d.nUrged+d.nRet > 0
}

// markRow sets and counts whether the actor's department leads or
// partners row i, and whether it leads it and the task is urged.
func (d *derived) markRow(i int, in func(string) bool) {
	t := d.rows[i].Task
	lead := in(t.Lead)
	mine := lead || slices.ContainsFunc(t.Partners, in)
	if d.mine[i] != mine { // d.mine may be shared with the derived patched from, where it is the same
		d.mine[i] = mine
	}
	if mine {
		d.nMine++
	}
	if lead && t.Urged != nil {
		d.nOwnUrged++
	}
}

// queueOf is the actor's review queue: for a reviewer every update
// waiting for review (the evaluation's own slice, shared); for staff, of
// the tasks their department leads (in), what was returned to them and
// then what waits for review.
func (d *derived) queueOf(in func(string) bool) []queueItem {
	can := model.Abilities(d.actor)
	var q []queueItem
	if can.Own {
		for _, it := range d.returnedQ {
			if in(d.rows[it.row].Task.Lead) {
				q = append(q, it)
			}
		}
	}
	switch {
	case can.Review && len(q) == 0:
		return d.pendingQ
	case can.Review:
		q = append(q, d.pendingQ...)
	case can.Own:
		for _, it := range d.pendingQ {
			if in(d.rows[it.row].Task.Lead) {
				q = append(q, it)
			}
		}
	}
	return q
}

// rowQueue appends to q the queue items of row i, whose task the staff
// actor's department leads, in queueOrder.
func (d *derived) rowQueue(i int, q []queueItem) []queueItem {
	pend, ret := rowItems(i, d.snap.History[d.rows[i].Task.ID], nil, nil)
	return append(append(q, ret...), pend...)
}

// queueOrder is the review queue's: oldest first, by recording order;
// staff see what was returned to them before what waits for review.
func queueOrder(a, b queueItem) int {
	if ra, rb := a.u.Review == model.ReviewReturned, b.u.Review == model.ReviewReturned; ra != rb {
		if ra {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.u.Seq, b.u.Seq); c != 0 {
		return c
	}
	return cmp.Compare(a.row, b.row)
}

// previewEval is task t evaluated with update u added to its history, at
// u's date: what a report would make of the task, before it is saved.
func previewEval(p model.Plan, t model.Task, hist []model.Update, u model.Update) model.Eval {
	h := make([]model.Update, 0, len(hist)+1)
	h = append(h, hist...)
	u.Seq = ^uint64(0)
	h = append(h, u)
	model.SortUpdates(h)
	return model.Evaluate(p, t, h, u.AsOf)
}

// planZone is the zone of the plan's city: times the machine clock
// recorded (an urge, a review, a note) are shown as its people read them,
// whatever the zone of the server an SSH session runs on. The plans duban
// tracks are Chinese governments' (China Standard Time, no daylight
// saving); model.Plan has no zone of its own yet.
var planZone = time.FixedZone("CST", 8*60*60)

// clockTime is a machine-clock time with its date, in the plan's zone.
func clockTime(t time.Time) string { return t.In(planZone).Format("2006-01-02 15:04") }

// clockDay is the plan's day a machine-clock time fell on.
func clockDay(t time.Time) time.Time { return model.Day(t.In(planZone)) }

// pending reports whether an update waits for review.
func pending(u *model.Update) bool { return u.Review == model.ReviewPending || u.Review == "" }

// sameActor reports whether two users act alike (name, role, departments).
func sameActor(a, b model.User) bool {
	return a.Name == b.Name && a.Role == b.Role && slices.Equal(a.Depts, b.Depts)
}

// row returns the row of a task, if it exists.
func (d *derived) row(id string) (int, bool) {
	return d.index(id)
}

// tpOf is where a task's bar marker goes: where the task should be by now.
// Count and milestone tasks are paced by the calendar, so that is the time
// progress (序时进度). A rate or level (8% growth) is not "4% by June": it
// should meet its target at any time, so the marker sits at 100%.
func (d *derived) tpOf(i int) float64 {
	if !d.rows[i].Task.Kind.Paced() {
		return 100
	}
	return d.tp[i]
}
