package model

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"duban/i18n"
)

// Pacing profiles say what 序时进度 (where a count or milestone task should
// stand by now) means for a task. A task's Pacing is written in a compact
// text form, the same in the plan CSV's pacing column and in the store:
//
//	linear                      (or empty) the share of the period elapsed
//	one-off                     an award, a designation, one event: 0 until the due date, then 100
//	quarterly                   linear, stepped at each quarter's end
//	monthly-steps               linear, stepped at each month's end
//	seasonal:w1,w2,…,w12        twelve monthly weights; the expectation accrues by them, day by day
//	nodes:立项@03-31=10;开工@05-31=30;竣工@12-31=100
//	                            a node plan (节点计划): each node's planned date and percent
const (
	PacingLinear    = "linear"
	PacingOneOff    = "one-off"
	PacingQuarterly = "quarterly"
	PacingMonthly   = "monthly-steps"
	PacingSeasonal  = "seasonal"
	PacingNodes     = "nodes"
)

// Node is one node of a node plan: its name, planned date and percent.
type Node struct {
	Name    string
	Date    time.Time
	Percent decimal.Decimal
}

// Pacing is a parsed pacing profile.
type Pacing struct {
	Kind    string  // one of the Pacing… constants
	Weights []int64 // seasonal: twelve monthly weights, January first
	Nodes   []Node  // nodes: in date order, percents not decreasing
}

// ParsePacing reads a pacing profile in its compact text form; year is the
// plan's year, which node dates (MM-DD) belong to.
func ParsePacing(s string, year int) (Pacing, error) {
	s = strings.TrimSpace(fullWidth.Replace(s))
	kind, arg, _ := strings.Cut(s, ":")
	kind = strings.TrimSpace(kind)
	bad := func() (Pacing, error) { return Pacing{}, i18n.E("err.task.pacing", s) }
	switch kind {
	case "", PacingLinear:
		return Pacing{Kind: PacingLinear}, nil
	case PacingOneOff, PacingQuarterly, PacingMonthly:
		if strings.TrimSpace(arg) != "" {
			return bad()
		}
		return Pacing{Kind: kind}, nil
	case PacingSeasonal:
		parts := strings.Split(arg, ",")
		if len(parts) != 12 {
			return bad()
		}
		p := Pacing{Kind: kind}
		var sum int64
		for _, x := range parts {
			w, err := strconv.ParseInt(strings.TrimSpace(x), 10, 32)
			if err != nil || w < 0 {
				return bad()
			}
			sum += w
			p.Weights = append(p.Weights, w)
		}
		if sum == 0 {
			return bad()
		}
		return p, nil
	case PacingNodes:
		p := Pacing{Kind: kind}
		for _, part := range strings.Split(arg, ";") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			name, rest, ok1 := strings.Cut(part, "@")
			date, pct, ok2 := strings.Cut(rest, "=")
			if !ok1 || !ok2 || strings.TrimSpace(name) == "" {
				return bad()
			}
			d, err := ParseDate(strconv.Itoa(year) + "-" + strings.TrimSpace(date))
			if err != nil {
				return bad()
			}
			v, err := decimal.NewFromString(strings.TrimSpace(pct))
			if err != nil || v.IsNegative() || v.GreaterThan(hundred) {
				return bad()
			}
			if n := len(p.Nodes); n > 0 && (d.Before(p.Nodes[n-1].Date) || v.LessThan(p.Nodes[n-1].Percent)) {
				return bad()
			}
			p.Nodes = append(p.Nodes, Node{Name: strings.TrimSpace(name), Date: d, Percent: v})
		}
		if len(p.Nodes) == 0 {
			return bad()
		}
		return p, nil
	}
	return bad()
}

// String writes the profile in its compact text form.
func (p Pacing) String() string {
	switch p.Kind {
	case PacingSeasonal:
		ws := make([]string, len(p.Weights))
		for i, w := range p.Weights {
			ws[i] = strconv.FormatInt(w, 10)
		}
		return p.Kind + ":" + strings.Join(ws, ",")
	case PacingNodes:
		ns := make([]string, len(p.Nodes))
		for i, n := range p.Nodes {
			ns[i] = n.Name + "@" + n.Date.Format("01-02") + "=" + n.Percent.String()
		}
		return p.Kind + ":" + strings.Join(ns, ";")
	case "":
		return PacingLinear
	}
	return p.Kind
}

// PacingOf returns the task's parsed pacing profile; an unreadable one
// (never stored: the plan import and the store validate it) counts as linear.
func (p Plan) PacingOf(t Task) Pacing {
	if t.Pacing == "" || t.Pacing == PacingLinear {
		return Pacing{Kind: PacingLinear}
	}
	pc, err := ParsePacing(t.Pacing, p.Start.Year())
	if err != nil {
		return Pacing{Kind: PacingLinear}
	}
	return pc
}

// Expected is the task's 序时进度 at the end of day asOf under its pacing
// profile, in percent between 0 and 100: where it should stand by now.
// Every profile reaches 100 on the due date.
func (p Plan) Expected(t Task, asOf time.Time) decimal.Decimal {
	asOf = Day(asOf)
	due := t.DueOr(p)
	if asOf.Before(p.Start) {
		return decimal.Zero
	}
	if !asOf.Before(due) {
		return hundred
	}
	pc := p.PacingOf(t)
	switch pc.Kind {
	case PacingOneOff:
		return decimal.Zero
	case PacingQuarterly, PacingMonthly:
		step := 1
		if pc.Kind == PacingQuarterly {
			step = 3
		}
		// the end of the last whole step (month or quarter) on or before asOf
		done := int(asOf.Month()) - 1
		if asOf.AddDate(0, 0, 1).Month() != asOf.Month() {
			done++ // asOf is a month's last day
		}
		end := time.Date(asOf.Year(), time.Month(done/step*step+1), 0, 0, 0, 0, 0, time.UTC)
		if end.Before(p.Start) {
			return decimal.Zero
		}
		return p.TimeProgress(t, end)
	case PacingSeasonal:
		var sum, acc int64
		for _, w := range pc.Weights {
			sum += w
		}
		for m := 0; m < int(asOf.Month())-1; m++ {
			acc += pc.Weights[m]
		}
		first := time.Date(asOf.Year(), asOf.Month(), 1, 0, 0, 0, 0, time.UTC)
		dim := first.AddDate(0, 1, -1).Day()
		part := decimal.NewFromInt(pc.Weights[asOf.Month()-1] * int64(asOf.Day())).Div(decimal.NewFromInt(int64(dim)))
		v := decimal.NewFromInt(acc).Add(part).Mul(hundred).Div(decimal.NewFromInt(sum))
		return decimal.Min(v, hundred)
	case PacingNodes:
		v := decimal.Zero
		for _, n := range pc.Nodes {
			if !asOf.Before(n.Date) {
				v = n.Percent
			}
		}
		return v
	}
	return p.TimeProgress(t, asOf)
}

// Release is a statistics release cadence: a figure published every
// Months months (1 monthly, 3 quarterly), LagDays days after the period's
// end. Written "monthly+15" or "quarterly+20", or "monthly" / "quarterly"
// for the plan's lag (Settings.LagMonthly, LagQuarterly); empty for a task
// whose figure the department reports itself.
type Release struct {
	Months  int
	LagDays int
	PlanLag bool // no lag written: the plan's (Plan.ReleaseOf fills LagDays in)
}

// ParseRelease reads a release cadence in its text form.
func ParseRelease(s string) (Release, error) {
	s = strings.TrimSpace(fullWidth.Replace(s))
	if s == "" {
		return Release{}, nil
	}
	kind, lag, ok := strings.Cut(s, "+")
	r := Release{PlanLag: !ok}
	if ok {
		n, err := strconv.Atoi(strings.TrimSpace(lag))
		if err != nil || n < 0 || n > 90 {
			return Release{}, i18n.E("err.task.release", s)
		}
		r.LagDays = n
	}
	switch strings.TrimSpace(kind) {
	case "monthly":
		r.Months = 1
		return r, nil
	case "quarterly":
		r.Months = 3
		return r, nil
	}
	return Release{}, i18n.E("err.task.release", s)
}

// ReleaseOf returns the task's release cadence (zero Months: none), the
// plan's lag filled in where the task names none.
func (p Plan) ReleaseOf(t Task) Release {
	if t.Release == "" {
		return Release{}
	}
	r, _ := ParseRelease(t.Release)
	if r.PlanLag {
		s := p.Judgement()
		r.LagDays = s.LagMonthly
		if r.Months == 3 {
			r.LagDays = s.LagQuarterly
		}
	}
	return r
}

// Dates lists the release dates of the figures for periods of the plan,
// in order: the periods' ends plus the lag, those within the plan period.
func (r Release) Dates(p Plan) []time.Time {
	if r.Months <= 0 {
		return nil
	}
	var out []time.Time
	for m := r.Months; ; m += r.Months {
		end := time.Date(p.Start.Year(), p.Start.Month()+time.Month(m), 0, 0, 0, 0, 0, time.UTC)
		d := end.AddDate(0, 0, r.LagDays)
		if d.After(p.End) {
			break // released after the period: no figure to wait for within it
		}
		out = append(out, d)
	}
	return out
}

// PacingText describes the task's pacing profile in language l, a node
// plan with each node's state at e (✓ reached, ✕ overdue, nothing: to come):
// the one wording of every surface (show, the detail screen).
func PacingText(l i18n.Lang, p Plan, t Task, e Eval) string {
	pc := p.PacingOf(t)
	switch pc.Kind {
	case PacingSeasonal:
		return l.T("pacing.seasonal", strings.TrimPrefix(pc.String(), PacingSeasonal+":"))
	case PacingNodes:
		parts := make([]string, len(pc.Nodes))
		for i, n := range pc.Nodes {
			mark := ""
			switch {
			case e.Progress.Valid && e.Progress.Decimal.GreaterThanOrEqual(n.Percent):
				mark = " ✓"
			case e.AsOf.After(n.Date):
				mark = " ✕"
			}
			parts[i] = n.Name + " " + n.Date.Format("01-02") + " " + PercentText(n.Percent) + mark
		}
		return l.T("pacing.nodes", strings.Join(parts, " · "))
	}
	return l.T("pacing." + pc.Kind)
}

// ReleaseText describes a statistics task's release cadence (as Evaluate
// read it, e.Cadence) and, at e, the next expected release; "" for a task without one.
func ReleaseText(l i18n.Lang, t Task, e Eval) string {
	r := e.Cadence
	if r.Months == 0 {
		r = Plan{}.ReleaseOf(t) // an Eval not from Evaluate: the default lags
	}
	if r.Months == 0 {
		return ""
	}
	key := "release.monthly"
	if r.Months == 3 {
		key = "release.quarterly"
	}
	s := l.T(key, r.LagDays)
	if !e.Release.IsZero() {
		s += l.T("release.next", FormatDate(e.Release))
	}
	return s
}
