package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// sameDec reports whether a and b are the same decimal: the same
// coefficient and exponent, so every formatting of them is the same.
func sameDec(a, b decimal.Decimal) bool {
	return a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
}

func sameNull(a, b decimal.NullDecimal) bool {
	return a.Valid == b.Valid && (!a.Valid || sameDec(a.Decimal, b.Decimal))
}

// evalDiff describes how got differs from want, or "" when they agree
// field for field (decimals by coefficient and exponent) and in every text
// the surfaces write from them.
func evalDiff(got, want Eval) string {
	d := ""
	chk := func(name string, ok bool, g, w any) {
		if !ok {
			d += fmt.Sprintf(" %s: %v, want %v;", name, g, w)
		}
	}
	chk("AsOf", got.AsOf.Equal(want.AsOf), got.AsOf, want.AsOf)
	chk("Latest", got.Latest == want.Latest, got.Latest, want.Latest)
	chk("Actual", sameNull(got.Actual, want.Actual), got.Actual, want.Actual)
	chk("Progress", sameNull(got.Progress, want.Progress), got.Progress, want.Progress)
	chk("TimeProgress", sameDec(got.TimeProgress, want.TimeProgress), got.TimeProgress, want.TimeProgress)
	chk("Status", got.Status == want.Status, got.Status, want.Status)
	chk("Lag", sameDec(got.Lag, want.Lag), got.Lag, want.Lag)
	chk("NeedPerMonth", sameNull(got.NeedPerMonth, want.NeedPerMonth), got.NeedPerMonth, want.NeedPerMonth)
	chk("Projection", sameNull(got.Projection, want.Projection), got.Projection, want.Projection)
	chk("Stale", got.Stale == want.Stale, got.Stale, want.Stale)
	chk("Release", got.Release.Equal(want.Release), got.Release, want.Release)
	chk("Cadence", got.Cadence == want.Cadence, got.Cadence, want.Cadence)
	chk("PastDue", got.PastDue == want.PastDue, got.PastDue, want.PastDue)
	texts := func(e Eval) string {
		s := NullPercentText(e.Progress) + "|" + PercentText(e.TimeProgress) + "|" + PercentText(e.Lag) + "|" +
			NullPercentText(e.Projection) + "|" + NullValueText(e.Actual)
		if e.NeedPerMonth.Valid {
			s += "|" + NeedText(e.NeedPerMonth.Decimal)
		}
		return s + "|" + e.Lag.String() + "|" + e.TimeProgress.String()
	}
	chk("texts", texts(got) == texts(want), texts(got), texts(want))
	return d
}

// Plans the agreement test evaluates against: the defaults, and settings
// that move every threshold.
func agreePlans() []Plan {
	custom := plan2019
	custom.ID, custom.Threshold, custom.CycleMonths = "custom", 5, 2
	custom.Settings = DefaultSettings(5)
	custom.Settings.Ahead = 3
	custom.Settings.TolRate = dec("0.3")
	custom.Settings.TolAmount = dec("3.5")
	custom.Settings.LagMonthly, custom.Settings.LagQuarterly = 10, 45
	odd := plan2019
	odd.ID, odd.Threshold, odd.CycleMonths = "odd", 7, 3
	return []Plan{plan2019, custom, odd}
}

// agreeTasks generates n tasks with histories covering every kind,
// qualifier, baseline, unit, pacing profile, release cadence and due date,
// with figures at the thresholds (targets of 100 on a 100-day period put
// progress, time progress and lag on whole points) and figures too large
// for the fast arithmetic.
func agreeTasks(r *rand.Rand, n int) ([]Task, map[string][]Update) {
	quals := []string{"", QualAbout, QualAbove, QualAtLeast, QualOver, QualStrive, QualWithin, QualBelow}
	units := []string{"个", "%", "个百分点", "亿元", "万人"}
	pacings := []string{"", PacingLinear, PacingOneOff, PacingQuarterly, PacingMonthly,
		"seasonal:1,1,2,2,3,3,3,3,2,2,1,1", "seasonal:0,0,0,0,0,1,0,0,0,0,0,0",
		"nodes:立项@03-31=10;开工@05-31=30;竣工@12-31=100", "nodes:启动@01-01=0;过半@04-10=50", "bogus:1"}
	releases := []string{"", "", "monthly", "quarterly", "monthly+0", "quarterly+45", "monthly+90"}
	dues := []time.Time{{}, date("2019-12-31"), date("2019-04-10"), date("2019-06-30"), date("2019-03-15"),
		date("2019-01-01"), date("2019-02-28"), date("2019-09-30").Add(18 * time.Hour)}
	figures := []string{"100", "100", "100", "100", "1500", "365", "8", "8.5", "0.3", "12.70", "0", "-3", "2.7",
		"123456789012345678", "1234567890123456789.5", "0.000000000001", "99999999999"}
	// 100 less the plans' thresholds (10, 5, 7), doubled (力争), and the 左右 bands
	edges := []string{"90", "80", "95", "93", "86", "98", "96.5", "99.5", "99.7", "100", "70", "60", "89.5", "100.5"}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	histories := map[string][]Update{}
	var tasks []Task
	for i := range n {
		k := Kinds[i%len(Kinds)]
		t := Task{ID: fmt.Sprintf("%d.%d.%02d", i/1000+1, (i/50)%20+1, i%50+1), Kind: k,
			Target: dec(pick(figures)), Unit: pick(units), Qualifier: pick(quals),
			Due: dues[r.IntN(len(dues))], Pacing: pick(pacings), Release: pick(releases),
			Chapter: fmt.Sprintf("第%d章", i%4), Lead: fmt.Sprintf("局%d", i%9)}
		if k == KindMilestone {
			t.Target = hundred
		}
		if k != KindGrowth {
			t.Target = t.Target.Abs() // as ValidateTask requires
		}
		if r.IntN(4) == 0 {
			t.Baseline = decimal.NewNullDecimal(dec(pick([]string{"0", "50", "100", "-20", "1500", "99.5"})))
		}
		tasks = append(tasks, t)
		var h []Update
		for j := range r.IntN(5) {
			var v decimal.Decimal
			switch r.IntN(7) {
			case 0: // a figure at a threshold of a target of 100: whole and half points
				v = decimal.New(int64(80+r.IntN(41)), 0).Add(decimal.New(int64(r.IntN(2)*5), -1))
			case 6: // exactly at a threshold of one of the plans: 100 less one or two thresholds or a band
				v = dec(pick(edges))
			case 1: // a share of the target, rounded
				v = t.Target.Mul(decimal.NewFromInt(int64(r.IntN(1300)))).Div(decimal.NewFromInt(1000)).Round(int32(r.IntN(3)))
			case 2: // the target less a 左右 band, or exactly the target
				v = t.Target.Sub(plan2019.Tolerance(t))
				if r.IntN(2) == 0 {
					v = t.Target
				}
			case 3: // far beyond the target: progress over 922% leaves int64
				v = t.Target.Mul(decimal.NewFromInt(int64(5 + r.IntN(50))))
			default:
				v = dec(pick(figures))
			}
			if k == KindMilestone {
				v = decimal.NewFromInt(int64(r.IntN(101)))
				if r.IntN(2) == 0 {
					v = dec(pick(edges))
				}
			}
			if ValidateValue(t, v) != nil {
				v = v.Abs() // the store takes no negative counts, levels or ceilings
			}
			day := date("2019-01-01").AddDate(0, 0, r.IntN(380)-5)
			h = append(h, Update{Seq: uint64(i*10 + j), TaskID: t.ID, Value: v, AsOf: day})
			if r.IntN(5) == 0 { // a correction of the same date
				h = append(h, Update{Seq: uint64(i*10 + j + 5), TaskID: t.ID, Value: v.Add(decimal.NewFromInt(1)), AsOf: day})
			}
		}
		SortUpdates(h)
		histories[t.ID] = h
	}
	return tasks, histories
}

// TestEvaluatorAgrees checks the Evaluator (the fast path behind Evaluate
// and Snapshot.Evaluate) against evaluateRef, the direct computation, on
// generated tasks at every day of 2019 and days around it.
func TestEvaluatorAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2019))
	n := 200
	if testing.Short() {
		n = 60
	}
	tasks, histories := agreeTasks(r, n)
	var days []time.Time
	for d := date("2018-12-25"); d.Before(date("2020-01-08")); d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	days = append(days, date("2019-06-30").Add(18*time.Hour), date("2019-04-10").Add(time.Hour))
	checked := 0
	for _, p := range agreePlans() {
		for di, day := range days {
			ev := NewEvaluator(p, day) // one per date, shared by the tasks as Snapshot.Evaluate does
			for i := range tasks {
				if p.ID != plan2019.ID && i%3 != 0 {
					continue // the other plans on a third of the tasks
				}
				task := tasks[i]
				h := histories[task.ID]
				want := evaluateRef(p, task, h, day)
				if d := evalDiff(ev.Eval(task, h), want); d != "" {
					t.Fatalf("plan %s, task %+v at %s, history %v:%s", p.ID, task, day, h, d)
				}
				if di%5 == 0 { // Evaluate: an Evaluator of its own, keeping nothing
					if d := evalDiff(Evaluate(p, task, h, day), want); d != "" {
						t.Fatalf("Evaluate: plan %s, task %+v at %s, history %v:%s", p.ID, task, day, h, d)
					}
				}
				checked++
			}
		}
	}
	// Snapshot.Evaluate and Evaluate are the same path.
	s := &Snapshot{Plan: plan2019, Tasks: tasks, History: histories}
	for _, day := range []time.Time{date("2019-03-31"), date("2019-04-10"), date("2019-12-31")} {
		for i, row := range s.Evaluate(day) {
			want := evaluateRef(plan2019, tasks[i], histories[tasks[i].ID], day)
			if d := evalDiff(row.Eval, want); d != "" {
				t.Fatalf("Snapshot.Evaluate: task %s at %s:%s", tasks[i].ID, day, d)
			}
			if d := evalDiff(Evaluate(plan2019, tasks[i], histories[tasks[i].ID], day), want); d != "" {
				t.Fatalf("Evaluate: task %s at %s:%s", tasks[i].ID, day, d)
			}
		}
	}
	t.Logf("%d evaluations agree", checked)
}

// TestEvaluatorAgreesAtThresholds checks the Evaluator against evaluateRef
// on every kind and qualifier with a target of 100 and figures exactly at
// the plans' thresholds, on a 100-day period where time progress is a whole
// number of points every day.
func TestEvaluatorAgreesAtThresholds(t *testing.T) {
	edges := []string{"90", "80", "95", "93", "86", "98", "96.5", "99.5", "99.7", "100", "100.5", "70", "60", "89.5", "0"}
	quals := []string{"", QualAbout, QualOver, QualStrive, QualWithin}
	var days []time.Time
	for d := date("2019-01-31"); d.Before(date("2020-01-01")); d = StepMonthEnd(d, 1) {
		days = append(days, d)
	}
	for d := date("2019-03-30"); d.Before(date("2019-04-13")); d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	checked := 0
	for _, p := range agreePlans() {
		for _, day := range days {
			ev := NewEvaluator(p, day)
			for _, k := range Kinds {
				for _, q := range quals {
					for _, unit := range []string{"%", "个"} {
						for _, due := range []time.Time{date("2019-04-10"), date("2019-12-31")} {
							for _, v := range edges {
								task := Task{ID: "1.1.01", Kind: k, Target: hundred, Unit: unit, Qualifier: q, Due: due}
								h := []Update{{Seq: 1, Value: dec(v), AsOf: date("2019-03-01")}}
								want := evaluateRef(p, task, h, day)
								if d := evalDiff(ev.Eval(task, h), want); d != "" {
									t.Fatalf("plan %s, %s %s%s due %s, value %s at %s:%s", p.ID, k, q, unit,
										FormatDate(due), v, FormatDate(day), d)
								}
								checked++
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d evaluations agree", checked)
}

// TestEvaluatorStatusesCovered makes sure the generated tasks reach every
// status, so TestEvaluatorAgrees compares every branch.
func TestEvaluatorStatusesCovered(t *testing.T) {
	tasks, histories := agreeTasks(rand.New(rand.NewPCG(14, 2019)), 600)
	seen := map[Status]int{}
	for _, day := range []time.Time{date("2019-02-01"), date("2019-04-10"), date("2019-06-30"), date("2019-12-31")} {
		ev := NewEvaluator(plan2019, day)
		for _, task := range tasks {
			seen[ev.Eval(task, histories[task.ID]).Status]++
		}
	}
	for _, s := range Statuses {
		if seen[s] < 5 {
			t.Errorf("status %s reached %d times: %v", s, seen[s], seen)
		}
	}
}

// TestSmallArithmetic checks sd's operations against the decimal package,
// coefficient and exponent, on figures from tiny to past int64, at and
// around the rounding half.
func TestSmallArithmetic(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	coefs := []int64{0, 1, -1, 5, -5, 15, 25, 100, -100, 365, 999, 1000, 1500, 123456789, -987654321,
		1e15, 1e16, 1e17, 999999999999999999, -999999999999999999, 5e17, 3333333333333333,
		1e18, 9e18, -9e18, 5e18, math.MaxInt64, math.MinInt64, math.MinInt64 + 1, 9223372036854775806}
	rnd := func() sd {
		c := coefs[r.IntN(len(coefs))]
		if r.IntN(2) == 0 {
			c = r.Int64N(2e6) - 1e6
		}
		if r.IntN(8) == 0 {
			c = r.Int64N(1e18)
		}
		return sd{c, int32(r.IntN(40) - 20)}
	}
	for range 200000 {
		a, b := rnd(), rnd()
		da, db := a.dec(), b.dec()
		if got, ok := a.sub(b); ok && !sameDec(got.dec(), da.Sub(db)) {
			t.Fatalf("%v − %v = %v, want %v", da, db, got.dec(), da.Sub(db))
		}
		if got, ok := a.add(b); ok && !sameDec(got.dec(), da.Add(db)) {
			t.Fatalf("%v + %v = %v, want %v", da, db, got.dec(), da.Add(db))
		}
		if got, ok := a.mul(b); ok && !sameDec(got.dec(), da.Mul(db)) {
			t.Fatalf("%v × %v = %v, want %v", da, db, got.dec(), da.Mul(db))
		}
		if got, want := a.cmp(b), da.Cmp(db); got != want {
			t.Fatalf("cmp(%v, %v) = %d, want %d", da, db, got, want)
		}
		if b.c == 0 {
			continue
		}
		m := []int64{1, 100, 365, 181, int64(r.IntN(400) + 1)}[r.IntN(5)]
		if got, ok := quo(a, m, b); ok {
			want := da.Mul(decimal.NewFromInt(m)).Div(db)
			if !sameDec(got, want) {
				t.Fatalf("%v × %d ÷ %v = %v, want %v", da, m, db, got, want)
			}
		}
	}
	// the fast path is taken where it should be
	if _, ok := quo(sd{181 * 100, 0}, 1, sd{365, 0}); !ok {
		t.Error("quo(18100, 365) not computed")
	}
	if _, ok := (sd{math.MaxInt64, 0}).sub(sd{-1, 0}); ok {
		t.Error("MaxInt64 − −1 did not overflow")
	}
	if _, ok := (sd{math.MinInt64 + 1, 0}).sub(sd{2, 0}); ok {
		t.Error("MinInt64+1 − 2 did not overflow")
	}
	// exact halves round away from zero
	for _, c := range [][3]string{{"1", "3", ""}, {"2", "3", ""}, {"-2", "3", ""}, {"1", "32", ""}, {"-1", "32", ""}} {
		a, b := dec(c[0]).Shift(-16), dec(c[1])
		as, _ := small(a)
		bs, _ := small(b)
		got, ok := quo(as, 1, bs)
		if want := a.Div(b); !ok || !sameDec(got, want) {
			t.Errorf("%v ÷ %v = %v (%v), want %v", a, b, got, ok, want)
		}
	}
}

func TestGroupAccSizes(t *testing.T) {
	if len(Statuses) != nStatuses || len(Categories) != nCategories {
		t.Fatalf("nStatuses = %d, nCategories = %d; want %d, %d", nStatuses, nCategories, len(Statuses), len(Categories))
	}
}

// refGroup is a Group totalled as Summarize did before groupAcc counted in
// arrays and summed in place: maps, Decimal.Add per row, the decimal
// package's comparisons.
func refGroup(p Plan, name string, rows []Row) Group {
	g := Group{Name: name, Counts: map[Status]int{}, Cats: map[Category]int{}, scores: p.Judgement().Scores}
	var total, lag decimal.Decimal
	var scored, score int64
	for _, r := range rows {
		e := r.Eval
		g.Tasks++
		g.Counts[e.Status]++
		cat := CatNoReport
		switch e.Status {
		case StatusDone:
			cat = CatDone
		case StatusOnTrack:
			cat = CatOnPace
			if e.Lag.LessThanOrEqual(decimal.NewFromInt(-int64(p.Judgement().Ahead))) {
				cat = CatAhead
			}
		case StatusBehind, StatusAtRisk:
			cat = CatBehind
		case StatusUnpublished:
			cat = CatUnpublished
		}
		g.Cats[cat]++
		sc := p.Judgement().Scores
		s, ok := map[Status]int{StatusDone: sc.Done, StatusOnTrack: sc.OnTrack, StatusBehind: sc.Behind,
			StatusAtRisk: sc.AtRisk, StatusNoReport: sc.NoReport}[e.Status]
		if cat == CatAhead {
			s = sc.Done
		}
		if ok {
			scored++
			score += int64(s)
			lag = lag.Add(e.Lag)
		}
		if e.Stale {
			g.Stale++
		}
		if e.Progress.Valid {
			pr := e.Progress.Decimal
			if pr.GreaterThan(hundred) {
				pr = hundred
			}
			if pr.IsPositive() {
				total = total.Add(pr)
			}
		}
	}
	if g.Tasks > 0 {
		g.AvgProgress = total.Div(decimal.NewFromInt(int64(g.Tasks)))
	}
	if scored > 0 {
		n := decimal.NewFromInt(scored)
		g.Score = decimal.NewNullDecimal(decimal.NewFromInt(score).Div(n))
		g.AvgLag = lag.Div(n)
	}
	return g
}

func groupDiff(got, want Group) string {
	if got.Name != want.Name || got.Tasks != want.Tasks || got.Stale != want.Stale ||
		fmt.Sprint(got.Counts) != fmt.Sprint(want.Counts) || fmt.Sprint(got.Cats) != fmt.Sprint(want.Cats) ||
		!sameDec(got.AvgProgress, want.AvgProgress) || !sameNull(got.Score, want.Score) ||
		!sameDec(got.AvgLag, want.AvgLag) || got.scores != want.scores {
		return fmt.Sprintf("\n got %+v\nwant %+v", got, want)
	}
	return ""
}

// TestSummarizeAgrees checks Summarize's groups (and the Tally's, in parts
// and after Replace) against refGroup on generated plans.
func TestSummarizeAgrees(t *testing.T) {
	tasks, histories := agreeTasks(rand.New(rand.NewPCG(7, 7)), 600)
	big := bigSnapshot(3000)
	for _, p := range agreePlans() {
		for _, s := range []*Snapshot{{Plan: p, Tasks: tasks, History: histories}, {Plan: p, Tasks: big.Tasks, History: big.History}} {
			for _, day := range []time.Time{date("2019-01-15"), date("2019-04-10"), date("2019-06-30"), date("2019-12-31")} {
				rows := s.Evaluate(day)
				sum := s.Summarize(rows, day)
				if d := groupDiff(sum.All, refGroup(p, "", rows)); d != "" {
					t.Fatalf("plan %s at %s, all:%s", p.ID, FormatDate(day), d)
				}
				byLead, byChapter := map[string][]Row{}, map[string][]Row{}
				var chapters []string // in order of first appearance
				for _, r := range rows {
					byLead[r.Task.Lead] = append(byLead[r.Task.Lead], r)
					if byChapter[r.Task.Chapter] == nil {
						chapters = append(chapters, r.Task.Chapter)
					}
					byChapter[r.Task.Chapter] = append(byChapter[r.Task.Chapter], r)
				}
				if len(sum.Chapters) != len(chapters) {
					t.Fatalf("%d chapters, want %d", len(sum.Chapters), len(chapters))
				}
				for i, g := range sum.Chapters {
					if d := groupDiff(g, refGroup(p, chapters[i], byChapter[chapters[i]])); d != "" {
						t.Fatalf("plan %s at %s, chapter %s:%s", p.ID, FormatDate(day), chapters[i], d)
					}
				}
				for _, g := range sum.Depts {
					if d := groupDiff(g, refGroup(p, g.Name, byLead[g.Name])); d != "" {
						t.Fatalf("plan %s at %s, dept %s:%s", p.ID, FormatDate(day), g.Name, d)
					}
				}
				// a row replaced and put back, and a tally in parts, total the same
				tl := s.Tally(rows, day)
				other := rows[len(rows)/2]
				other.Eval = evaluateRef(p, other.Task, nil, day)
				tl2, ok := tl.Replace(rows[len(rows)/2:len(rows)/2+1], []Row{other})
				if !ok {
					t.Fatal("Replace refused a row of the same chapter and lead")
				}
				tl3, _ := tl2.Replace([]Row{other}, rows[len(rows)/2:len(rows)/2+1])
				if d := groupDiff(tl3.Summary().All, refGroup(p, "", rows)); d != "" {
					t.Fatalf("plan %s at %s, tally after replace:%s", p.ID, FormatDate(day), d)
				}
				parts := s.tallyIn(rows, day, len(rows)/3+1).Summary()
				if d := groupDiff(parts.All, refGroup(p, "", rows)); d != "" {
					t.Fatalf("plan %s at %s, tally in parts:%s", p.ID, FormatDate(day), d)
				}
				for i, g := range parts.Depts {
					if d := groupDiff(g, sum.Depts[i]); d != "" {
						t.Fatalf("plan %s at %s, tally in parts, dept %s:%s", p.ID, FormatDate(day), g.Name, d)
					}
				}
			}
		}
	}
}

// TestEvaluateInParts checks that a plan large enough to be evaluated on
// every core gives the rows of one Evaluator over every task in order.
func TestEvaluateInParts(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3)) // three parts, the last one short
	s := bigSnapshot(9000)
	for _, day := range []time.Time{date("2019-03-31"), date("2019-06-30")} {
		rows := s.Evaluate(day)
		one := make([]Row, len(s.Tasks))
		s.evaluate(one, 0, day)
		for i := range rows {
			if rows[i].Task.ID != s.Tasks[i].ID {
				t.Fatalf("row %d is task %s, want %s", i, rows[i].Task.ID, s.Tasks[i].ID)
			}
			if d := evalDiff(rows[i].Eval, one[i].Eval); d != "" {
				t.Fatalf("row %d (%s) at %s:%s", i, s.Tasks[i].ID, FormatDate(day), d)
			}
		}
	}
}

// TestSmallBounds checks small at the edges of int64.
func TestSmallBounds(t *testing.T) {
	for _, c := range []struct {
		s  string
		ok bool
	}{{"9223372036854775807", true}, {"9223372036854775808", false}, {"-9223372036854775808", true},
		{"-9223372036854775809", false}, {"9999999999999999999", false}, {"-9999999999999999999", false},
		{"10000000000000000000", false}, {"1000000000000000000", true}, {"0", true}, {"-1", true},
		{"18446744073709551615", false}, {"-18446744073709551615", false}, {"18446744073709551616", false}} {
		d := dec(c.s)
		got, ok := small(d)
		if ok != c.ok || ok && !sameDec(got.dec(), d) {
			t.Errorf("small(%s) = %v, %v; want ok %v", c.s, got, ok, c.ok)
		}
	}
}

// TestRoundText checks PercentText, FormatPercent and NeedText, which
// round in int64 where they can, against the decimal package's Round and
// String on figures of every exponent, at and around the rounding half.
func TestRoundText(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	coefs := []int64{0, 1, -1, 4, 5, -5, 6, 45, -45, 49, 50, 55, -55, 95, 96, 99, 100, 149, 150, 151, -150,
		1e16, 5e15, -5e15, 4999999999999999, 496e15, 995e15, -995e15, math.MaxInt64, math.MinInt64, math.MaxInt64 - 4}
	var ds []decimal.Decimal
	for _, c := range coefs {
		for e := int32(-22); e <= 3; e++ {
			ds = append(ds, decimal.New(c, e))
		}
	}
	for range 100000 {
		ds = append(ds, decimal.New(r.Int64N(2e6)-1e6, int32(r.IntN(24)-20)), decimal.New(r.Int64()-r.Int64(), int32(r.IntN(24)-20)))
	}
	ds = append(ds, dec("123456789012345678901.55"), dec("-99999999999999999999.95"), decimal.Decimal{}, decimal.Zero, hundred)
	for _, d := range ds {
		if got, want := PercentText(d), d.Round(1).String()+"%"; got != want {
			t.Fatalf("PercentText(%s) = %q, want %q", d, got, want)
		}
		if got, want := FormatPercent(d), d.Round(1).String(); got != want {
			t.Fatalf("FormatPercent(%s) = %q, want %q", d, got, want)
		}
		if got, want := NeedText(d), d.Round(2).String(); got != want {
			t.Fatalf("NeedText(%s) = %q, want %q", d, got, want)
		}
	}
}

// TestPlainText checks FormatValue, which prints in int64 where it can,
// against the decimal package's String.
func TestPlainText(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	var ds []decimal.Decimal
	for _, c := range []int64{0, 1, -1, 10, -10, 1270, 1100, 5, 50, 500, 123456789, math.MaxInt64, math.MinInt64,
		1e18, -1e18, 9999999999999999999 / 10} {
		for e := int32(-25); e <= 20; e++ {
			ds = append(ds, decimal.New(c, e))
		}
	}
	for range 100000 {
		ds = append(ds, decimal.New(r.Int64N(2e6)-1e6, int32(r.IntN(26)-21)), decimal.New(r.Int64()-r.Int64(), int32(r.IntN(42)-21)))
	}
	ds = append(ds, dec("12.70"), dec("0.3"), dec("1100"), dec("123456789012345678901.5"), decimal.Decimal{}, decimal.Zero)
	for _, d := range ds {
		if got, want := FormatValue(d), d.String(); got != want {
			t.Fatalf("FormatValue(%s, exponent %d) = %q, want %q", d, d.Exponent(), got, want)
		}
	}
}
