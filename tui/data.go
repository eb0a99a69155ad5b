package tui

import (
	"cmp"
	"slices"
	"time"

	"duban/model"
)

// derived is everything computed from one snapshot at one as-of date:
// evaluated rows, float keys for sorting and drawing, and the summary. It is
// rebuilt when the snapshot or the as-of date changes and only read
// afterwards, so a frame never evaluates anything.
type derived struct {
	snap      *model.Snapshot
	idx       *model.Index // pinyin search index over snap.Tasks
	asOf      time.Time
	rows      []model.Row    // in task order
	pos       map[string]int // task id → index in rows
	prog      []float64      // 完成率 per row, percent; valid only where hasProg
	hasProg   []bool
	tp        []float64 // 序时进度 per row, percent
	lag       []float64 // points behind time progress (or short of target)
	planTP    float64   // the plan's own time progress
	sum       model.Summary
	tally     *model.Tally // sum, as it can be brought up to date row by row
	lagging   []model.Row  // the five most lagging
	idWidth   int          // widest task id, for the id column
	leadWidth int          // widest lead department

	target, actual     []string // per row: 8%左右, 750 ("-" before the first update)
	tgtWidth, actWidth int

	// Marks, as the acting user sees them.
	actor    model.User
	mine     []bool // the actor's department leads or partners the task
	returned []bool // the task's latest update was returned (退回)
	nMine    int
	nUrged   int
	nRet     int
	marks    bool        // some row has a mark: the task table shows the mark column
	queue    []queueItem // screen 4: pending updates (reviewers), or the actor's own (staff)
}

// queueItem is one update in the review queue.
type queueItem struct {
	row int           // index into derived.rows
	u   *model.Update // in the snapshot's history, which is never modified
}

// derive evaluates snap at asOf, with the marks and the queue of actor.
func derive(snap *model.Snapshot, idx *model.Index, asOf time.Time, actor model.User) *derived {
	rows := snap.Evaluate(asOf)
	d := &derived{
		actor:   actor,
		snap:    snap,
		idx:     idx,
		asOf:    asOf,
		rows:    rows,
		pos:     make(map[string]int, len(rows)),
		prog:    make([]float64, len(rows)),
		hasProg: make([]bool, len(rows)),
		tp:      make([]float64, len(rows)),
		lag:     make([]float64, len(rows)),
		target:  make([]string, len(rows)),
		actual:  make([]string, len(rows)),
	}
	for i, r := range rows {
		d.pos[r.Task.ID] = i
		d.fill(i)
		d.idWidth = max(d.idWidth, min(12, width(r.Task.ID)))
		d.leadWidth = max(d.leadWidth, min(30, width(r.Task.Lead)))
		d.tgtWidth = max(d.tgtWidth, min(16, width(d.target[i])))
		d.actWidth = max(d.actWidth, min(9, width(d.actual[i])))
	}
	d.tally = snap.Tally(rows, asOf)
	d.aggregate()
	return d
}

// fill computes the float keys and texts of row i from its evaluation.
func (d *derived) fill(i int) {
	r := &d.rows[i]
	d.prog[i], d.hasProg[i] = 0, false
	if r.Eval.Progress.Valid {
		d.prog[i] = f64(r.Eval.Progress.Decimal)
		d.hasProg[i] = true
	}
	d.tp[i] = f64(r.Eval.TimeProgress)
	d.lag[i] = f64(r.Eval.Lag)
	d.target[i] = r.Task.TargetText() // "" for milestones: the view says 里程碑
	d.actual[i] = model.NullValueText(r.Eval.Actual)
}

// aggregate computes what is summed over every row: the summary, the most
// lagging, the marks and the queue.
func (d *derived) aggregate() {
	d.sum = d.tally.Summary()
	d.planTP = f64(d.sum.TimeProgress)
	d.lagging = model.MostLagging(d.rows, 5)
	d.markRows()
}

// patched is old brought up to snap, a snapshot Patch made from old.snap by
// replacing the tasks ids: only those are evaluated again, the rest of the
// rows are shared. The task set and order are the same (Patch keeps them),
// so the row positions are too.
func (old *derived) patched(snap *model.Snapshot, idx *model.Index, ids []string) *derived {
	d := &derived{
		actor:   old.actor,
		snap:    snap,
		idx:     idx,
		asOf:    old.asOf,
		rows:    slices.Clone(old.rows),
		pos:     old.pos, // never modified after derive
		prog:    slices.Clone(old.prog),
		hasProg: slices.Clone(old.hasProg),
		tp:      slices.Clone(old.tp),
		lag:     slices.Clone(old.lag),
		target:  slices.Clone(old.target),
		actual:  slices.Clone(old.actual),

		idWidth: old.idWidth, leadWidth: old.leadWidth, tgtWidth: old.tgtWidth, actWidth: old.actWidth,
	}
	shrunk := false
	var before, after []model.Row
	ids = slices.Compact(slices.Sorted(slices.Values(ids))) // a task saved twice is one change
	for _, id := range ids {
		i, ok := d.pos[id]
		if !ok {
			continue
		}
		t := snap.Tasks[i]
		was := d.rows[i]
		d.rows[i] = model.Row{Task: t, Eval: model.Evaluate(snap.Plan, t, snap.History[id], d.asOf)}
		before, after = append(before, old.rows[i]), append(after, d.rows[i])
		d.fill(i)
		// A column narrows only when the row that set its width got narrower.
		shrunk = shrunk || narrower(d.leadWidth, 30, width(was.Task.Lead), width(t.Lead)) ||
			narrower(d.tgtWidth, 16, width(old.target[i]), width(d.target[i])) ||
			narrower(d.actWidth, 9, width(old.actual[i]), width(d.actual[i]))
		d.leadWidth = max(d.leadWidth, min(30, width(t.Lead)))
		d.tgtWidth = max(d.tgtWidth, min(16, width(d.target[i])))
		d.actWidth = max(d.actWidth, min(9, width(d.actual[i])))
	}
	if tl, ok := old.tally.Replace(before, after); ok {
		d.tally = tl
	} else {
		d.tally = snap.Tally(d.rows, d.asOf)
	}
	if shrunk {
		d.leadWidth, d.tgtWidth, d.actWidth = 0, 0, 0
		for i := range d.rows {
			d.leadWidth = max(d.leadWidth, min(30, width(d.rows[i].Task.Lead)))
			d.tgtWidth = max(d.tgtWidth, min(16, width(d.target[i])))
			d.actWidth = max(d.actWidth, min(9, width(d.actual[i])))
		}
	}
	d.aggregate()
	return d
}

// narrower reports whether a cell of a column as wide as col (at most
// limit) went from was to now and the column may have to narrow.
func narrower(col, limit, was, now int) bool { return now < was && min(limit, was) >= col }

// markRows works out the marks of every row and the review queue: what the
// actor's department leads or partners, what was returned, what is urged.
func (d *derived) markRows() {
	d.mine, d.returned = make([]bool, len(d.rows)), make([]bool, len(d.rows))
	can := model.Abilities(d.actor)
	staff, reviewer := can.Own, can.Review
	for i, r := range d.rows {
		t := &r.Task
		lead := model.InDepts(d.actor, t.Lead)
		d.mine[i] = lead || slices.ContainsFunc(t.Partners, func(p string) bool { return model.InDepts(d.actor, p) })
		h := d.snap.History[t.ID]
		if n := len(h); n > 0 && h[n-1].Review == model.ReviewReturned {
			d.returned[i] = true
			d.nRet++
			if staff && lead {
				d.queue = append(d.queue, queueItem{row: i, u: &h[n-1]})
			}
		}
		if d.mine[i] {
			d.nMine++
		}
		if t.Urged != nil {
			d.nUrged++
		}
		if reviewer || staff && lead {
			for k := range h {
				if pending(&h[k]) {
					d.queue = append(d.queue, queueItem{row: i, u: &h[k]})
				}
			}
		}
	}
	d.marks = d.nMine+d.nUrged+d.nRet > 0
	// Oldest first, by recording order; staff see what was returned to
	// them before what waits for review.
	slices.SortFunc(d.queue, func(a, b queueItem) int {
		if ra, rb := a.u.Review == model.ReviewReturned, b.u.Review == model.ReviewReturned; ra != rb {
			if ra {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.u.Seq, b.u.Seq)
	})
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
	i, ok := d.pos[id]
	return i, ok
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
