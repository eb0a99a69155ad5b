package model

import (
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"duban/i18n"
)

var hundred = decimal.NewFromInt(100)

// Eval is what a task's history means at one as-of date.
type Eval struct {
	AsOf         time.Time
	Latest       *Update             // the latest update dated on or before AsOf, or nil
	Actual       decimal.NullDecimal // Latest's value; null before the first update
	Progress     decimal.NullDecimal // 完成率, percent; may exceed 100 (超额完成)
	TimeProgress decimal.Decimal     // 序时进度, percent of the task's period elapsed
	Status       Status
	Lag          decimal.Decimal     // points behind where the task should be (negative: ahead)
	NeedPerMonth decimal.NullDecimal // 需月均完成, in the task's unit (count, milestone); null where it does not apply
	Projection   decimal.NullDecimal // 预计完成率 at the due date, percent, straight line
	Stale        bool                // 未按期填报: no update for longer than the plan's reporting cycle, or since the last statistics release
	Release      time.Time           // statistics tasks: the next expected release date after AsOf (zero: none in the period)
	Cadence      Release             // statistics tasks: the release cadence, the plan's lag filled in (zero Months: none)
	PastDue      bool                // AsOf is after the task's due date
}

// SortUpdates orders a task's updates by reporting date, then by the order
// they were recorded: the order Evaluate expects.
func SortUpdates(us []Update) {
	sort.SliceStable(us, func(i, j int) bool {
		if !us[i].AsOf.Equal(us[j].AsOf) {
			return us[i].AsOf.Before(us[j].AsOf)
		}
		return us[i].Seq < us[j].Seq
	})
}

// LatestAsOf returns the latest update dated on or before asOf in history
// (sorted as by SortUpdates): a later correction of the same date wins.
func LatestAsOf(history []Update, asOf time.Time) *Update {
	for i := len(history) - 1; i >= 0; i-- {
		if !history[i].AsOf.After(asOf) {
			return &history[i]
		}
	}
	return nil
}

// TimeProgress is the share of the task's period (plan start to due date,
// both days counted) elapsed at the end of day asOf, in percent, between 0
// and 100. On 2019-06-30 a task due 2019-12-31 stands at 181/365 ≈ 49.6%.
func (p Plan) TimeProgress(t Task, asOf time.Time) decimal.Decimal {
	// Fix: count whole days. days() rounds, so an as-of of 2019-06-30 18:00
	// (Summarize is handed the caller's as-of as is) counted as day 182.
	asOf = Day(asOf)
	due := t.DueOr(p)
	if asOf.Before(p.Start) {
		return decimal.Zero
	}
	if !asOf.Before(due) {
		return hundred
	}
	total := days(p.Start, due)
	return decimal.NewFromInt(int64(days(p.Start, asOf) * 100)).Div(decimal.NewFromInt(int64(total)))
}

// DueOr returns the task's due date, or the plan's end when it has none.
func (t Task) DueOr(p Plan) time.Time {
	if t.Due.IsZero() {
		return p.End
	}
	return t.Due
}

// ProgressOf is the completion rate (完成率) of value v for the task, in
// percent. A baseline, where given, is subtracted from both the value and
// the target. A ceiling task is 100% while v is at or under its target.
func (t Task) ProgressOf(v decimal.Decimal) decimal.Decimal {
	switch t.Kind {
	case KindMilestone:
		return v
	case KindCeiling:
		if v.LessThanOrEqual(t.Target) {
			return hundred
		}
		return t.Target.Mul(hundred).Div(v)
	}
	num, den := v, t.Target
	if t.Baseline.Valid {
		num, den = num.Sub(t.Baseline.Decimal), den.Sub(t.Baseline.Decimal)
	}
	if den.IsZero() {
		if num.GreaterThanOrEqual(den) {
			return hundred
		}
		return decimal.Zero
	}
	return num.Mul(hundred).Div(den)
}

// ReleaseGraceDays is how long after a statistics release its figure may
// go unreported before the task is flagged 未按期填报.
const ReleaseGraceDays = 7

// Evaluate works out the task's standing at asOf from its history, which
// must be sorted as by SortUpdates. The rules are DESIGN.md's:
//   - a statistics task (Release set) with no update before its first
//     release date: unpublished (数据未发布), with e.Release the date;
//   - no update on or before asOf: no_report;
//   - count and milestone tasks are done when Met, otherwise paced against
//     the expectation of their pacing profile (Plan.Expected): on_track
//     when progress ≥ it, behind when short of it by less than the plan's
//     threshold, at_risk when short by the threshold or more, or past due
//     (力争: twice the threshold, and a near miss past due is behind);
//   - growth, level and ceiling tasks are compared with the target itself
//     (8% growth is not "4% by June": a cumulative 1–6月 growth is judged
//     against the annual rate): on_track when Met (qualifier applied),
//     behind from (100 − threshold)% of it (力争: twice the threshold),
//     at_risk below; done only once the period
//     has ended (asOf on or after the due date) with the target met.
func Evaluate(p Plan, t Task, history []Update, asOf time.Time) Eval {
	return newEvaluator(p, asOf).Eval(t, history)
}

// evaluateRef is Evaluate computed directly with the decimal package, each
// shared figure worked out again for the task: the reference the Evaluator
// must agree with (TestEvaluatorAgrees), and its fallback for figures too
// large for its int64 arithmetic.
func evaluateRef(p Plan, t Task, history []Update, asOf time.Time) Eval {
	asOf = Day(asOf)
	due := t.DueOr(p)
	e := Eval{
		AsOf:         asOf,
		TimeProgress: p.TimeProgress(t, asOf),
		PastDue:      asOf.After(due),
	}
	if t.Kind.Paced() {
		e.TimeProgress = p.Expected(t, asOf)
	}
	threshold := p.riskThreshold(t)
	e.Latest = LatestAsOf(history, asOf)
	cycleFrom := p.Start
	if e.Latest != nil {
		cycleFrom = e.Latest.AsOf
	}
	// Fix: count the cycle in calendar months clamped to the month's end.
	// time.AddDate normalises 2019-05-31 + 1 month to 2019-07-01, which
	// left a report of May 31 "on time" a day too long.
	e.Stale = asOf.After(addMonths(cycleFrom, p.cycle()))
	released := false // a statistics release has come out on or before asOf
	if rel := p.ReleaseOf(t); rel.Months > 0 {
		e.Cadence = rel
		// A statistics figure is stale only once a release has come out
		// (and a week to enter it has passed) with no report since.
		var last time.Time // the latest release on or before asOf
		for _, d := range rel.Dates(p) {
			if d.After(asOf) {
				e.Release = d
				break
			}
			released, last = true, d
		}
		e.Stale = released && asOf.After(last.AddDate(0, 0, ReleaseGraceDays)) &&
			(e.Latest == nil || e.Latest.AsOf.Before(last))
		if e.Latest == nil && !released {
			e.Status = StatusUnpublished
			e.Lag = decimal.Zero
			return e
		}
	}

	if e.Latest == nil {
		e.Status = StatusNoReport
		if t.Kind.Paced() {
			e.Lag = e.TimeProgress
			start := decimal.Zero
			if t.Baseline.Valid {
				start = t.Baseline.Decimal
			}
			e.NeedPerMonth = t.needPerMonth(start, asOf, due)
		} else {
			e.Lag = hundred
		}
		return e
	}

	v := e.Latest.Value
	prog := t.ProgressOf(v)
	e.Actual = decimal.NewNullDecimal(v)
	e.Progress = decimal.NewNullDecimal(prog)

	if t.Kind.Paced() {
		e.Lag = e.TimeProgress.Sub(prog)
		e.NeedPerMonth = t.needPerMonth(v, asOf, due)
		elapsed := days(p.Start, e.Latest.AsOf)
		total := days(p.Start, due)
		if elapsed > 0 && e.Latest.AsOf.Before(due) {
			e.Projection = decimal.NewNullDecimal(prog.Mul(decimal.NewFromInt(int64(total))).Div(decimal.NewFromInt(int64(elapsed))))
		} else {
			e.Projection = decimal.NewNullDecimal(prog)
		}
		switch {
		case p.Met(t, v):
			e.Status = StatusDone
		case e.PastDue && !(t.Qualifier == QualStrive && hundred.Sub(prog).LessThan(threshold)),
			e.Lag.GreaterThanOrEqual(threshold):
			e.Status = StatusAtRisk
		case e.Lag.IsPositive(), !asOf.Before(due): // on its due date and not Met (超过 the figure exactly)
			e.Status = StatusBehind
		default:
			e.Status = StatusOnTrack
		}
	} else {
		e.Lag = hundred.Sub(prog)
		e.Projection = decimal.NewNullDecimal(prog)
		met := p.Met(t, v)
		switch {
		case met && !asOf.Before(due):
			e.Status = StatusDone
		case met:
			e.Status = StatusOnTrack
		case prog.GreaterThanOrEqual(hundred.Sub(threshold)):
			e.Status = StatusBehind
		default:
			e.Status = StatusAtRisk
		}
	}
	if e.Status == StatusDone {
		e.Stale = false // nothing more is expected of a finished task
	}
	return e
}

// needPerMonth is the value still needed per remaining month to reach the
// target from value v at asOf; null when no whole day remains.
func (t Task) needPerMonth(v decimal.Decimal, asOf, due time.Time) decimal.NullDecimal {
	left := t.Target.Sub(v)
	if !left.IsPositive() {
		return decimal.NewNullDecimal(decimal.Zero)
	}
	months := monthsLeft(asOf, due)
	if !months.IsPositive() {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(left.Div(months))
}

func (p Plan) threshold() int {
	if p.Threshold <= 0 {
		return DefaultThreshold
	}
	return p.Threshold
}

func (p Plan) cycle() int {
	if p.CycleMonths <= 0 {
		return DefaultCycleMonths
	}
	return p.CycleMonths
}

// MonthEnds lists the as-of dates of a month-by-month status strip (亮灯记录):
// the last day of each month from the plan's first month to asOf's month,
// the last one being asOf itself.
func (p Plan) MonthEnds(asOf time.Time) []time.Time {
	asOf = p.Clamp(asOf)
	var out []time.Time
	for m := time.Date(p.Start.Year(), p.Start.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(asOf); m = m.AddDate(0, 1, 0) {
		end := m.AddDate(0, 1, -1)
		if end.After(asOf) {
			end = asOf
		}
		out = append(out, end)
	}
	return out
}

// StatusStrip evaluates the task at each of p.MonthEnds(asOf).
func StatusStrip(p Plan, t Task, history []Update, asOf time.Time) []Status {
	ends := p.MonthEnds(asOf)
	out := make([]Status, len(ends))
	for i, d := range ends {
		out[i] = Evaluate(p, t, history, d).Status
	}
	return out
}

// CheckUpdate validates a new update against the task and its history
// before anything is written: the value's range for the task's kind, the
// reporting date inside the plan period, and — when the value leaves the
// task behind schedule at that date — 存在问题 and 下一步措施 present.
func CheckUpdate(p Plan, t Task, history []Update, u Update) error {
	if err := checkUpdateTexts(u); err != nil {
		return err
	}
	if err := ValidateValue(t, u.Value); err != nil {
		return err
	}
	if err := p.CheckInPeriod(u.AsOf); err != nil {
		return err
	}
	if NeedsExplanation(p, t, history, u) &&
		(strings.TrimSpace(u.Problems) == "" || strings.TrimSpace(u.Next) == "") {
		return i18n.E("err.update.explain")
	}
	return nil
}

// NeedsExplanation reports whether update u, added to history, leaves the
// task behind schedule (滞后 or 严重滞后) at its reporting date, so that
// problems and next steps must be given.
func NeedsExplanation(p Plan, t Task, history []Update, u Update) bool {
	h := make([]Update, 0, len(history)+1)
	h = append(h, history...)
	u.Seq = ^uint64(0) // after everything recorded so far
	h = append(h, u)
	SortUpdates(h)
	s := Evaluate(p, t, h, u.AsOf).Status
	return s == StatusBehind || s == StatusAtRisk
}
