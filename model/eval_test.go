package model

import (
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// evalCase is one row of a status table. progress and lag are exact
// decimals ("" to skip); pct is FormatPercent of the progress ("" to skip);
// noProgress says progress must be null (no update counted).
type evalCase struct {
	name       string
	task       Task
	hist       []Update
	asOf       string
	status     Status
	progress   string
	pct        string
	lag        string
	noProgress bool
	lagBelow   string // lag must be strictly below this ("" to skip)
	pastDue    bool
}

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := Evaluate(plan2019, c.task, c.hist, date(c.asOf))
			if e.Status != c.status {
				t.Errorf("status = %s, want %s (progress %v, time progress %s, lag %s)",
					e.Status, c.status, e.Progress, e.TimeProgress, e.Lag)
			}
			if c.noProgress {
				if e.Progress.Valid || e.Actual.Valid || e.Latest != nil {
					t.Errorf("progress = %v, actual = %v, latest = %v; want all null", e.Progress, e.Actual, e.Latest)
				}
			} else if !e.Progress.Valid || !e.Actual.Valid || e.Latest == nil {
				t.Fatalf("progress = %v, actual = %v; want a value", e.Progress, e.Actual)
			} else if !e.Actual.Decimal.Equal(e.Latest.Value) {
				t.Errorf("actual = %s, latest value = %s", e.Actual.Decimal, e.Latest.Value)
			}
			if c.progress != "" {
				decEq(t, "progress", e.Progress.Decimal, c.progress)
			}
			if c.pct != "" {
				if got := FormatPercent(e.Progress.Decimal); got != c.pct {
					t.Errorf("FormatPercent(progress) = %q, want %q", got, c.pct)
				}
			}
			if c.lag != "" {
				decEq(t, "lag", e.Lag, c.lag)
			}
			if c.lagBelow != "" && !e.Lag.LessThan(dec(c.lagBelow)) {
				t.Errorf("lag = %s, want below %s", e.Lag, c.lagBelow)
			}
			if e.PastDue != c.pastDue {
				t.Errorf("PastDue = %v, want %v", e.PastDue, c.pastDue)
			}
			if !e.AsOf.Equal(date(c.asOf)) {
				t.Errorf("AsOf = %v, want %s", e.AsOf, c.asOf)
			}
		})
	}
}

// TestStatusPaced covers count and milestone tasks at every boundary of
// DESIGN.md's pacing rule (threshold 10 points).
func TestStatusPaced(t *testing.T) {
	// 2019-06-30 is day 181 of 365: a count task with target 365 is exactly
	// on time progress at value 181, and every 3.65 is one point.
	// 2019-05-26 is day 146 of 365: time progress is exactly 40.
	cases := []evalCase{
		// count
		{name: "count/on time progress exactly", task: taskCount365, hist: hist(upd("2019-06-30", "181")),
			asOf: "2019-06-30", status: StatusOnTrack, lag: "0"},
		{name: "count/ahead of time progress", task: taskCount365, hist: hist(upd("2019-06-30", "200")),
			asOf: "2019-06-30", status: StatusOnTrack, lagBelow: "0"},
		{name: "count/one point behind", task: taskCount365, hist: hist(upd("2019-06-30", "177.35")),
			asOf: "2019-06-30", status: StatusBehind, lag: "1"},
		{name: "count/just under the threshold", task: taskCount365, hist: hist(upd("2019-06-30", "144.51")),
			asOf: "2019-06-30", status: StatusBehind, lagBelow: "10"},
		{name: "count/exactly at the threshold", task: taskCount365, hist: hist(upd("2019-06-30", "144.5")),
			asOf: "2019-06-30", status: StatusAtRisk, lag: "10"},
		{name: "count/zero reported", task: taskCount365, hist: hist(upd("2019-06-30", "0")),
			asOf: "2019-06-30", status: StatusAtRisk, progress: "0"},
		{name: "count/exactly 100", task: taskCount365, hist: hist(upd("2019-06-30", "365")),
			asOf: "2019-06-30", status: StatusDone, progress: "100", pct: "100"},
		{name: "count/over-fulfilment", task: taskParking, hist: hist(upd("2019-06-30", "1687.5")),
			asOf: "2019-06-30", status: StatusDone, progress: "112.5", pct: "112.5"},
		{name: "count/due date, unfinished, not yet past due", task: taskCountDueJune, hist: hist(upd("2019-06-30", "350")),
			asOf: "2019-06-30", status: StatusBehind, lagBelow: "10"},
		{name: "count/past due unfinished", task: taskCountDueJune, hist: hist(upd("2019-06-30", "350")),
			asOf: "2019-07-01", status: StatusAtRisk, lagBelow: "10", pastDue: true},
		{name: "count/past due but done", task: taskCountDueJune, hist: hist(upd("2019-06-20", "365")),
			asOf: "2019-07-01", status: StatusDone, progress: "100", pastDue: true},
		{name: "count/no report", task: taskCount365, hist: nil,
			asOf: "2019-06-30", status: StatusNoReport, noProgress: true},
		{name: "count/no report past due", task: taskCountDueJune, hist: nil,
			asOf: "2019-07-01", status: StatusNoReport, noProgress: true, pastDue: true},
		{name: "count/as-of before the first update", task: taskCount365, hist: hist(upd("2019-06-30", "365")),
			asOf: "2019-06-29", status: StatusNoReport, noProgress: true},
		{name: "count/later update ignored at an earlier as-of", task: taskCount365,
			hist: hist(upd("2019-03-31", "90"), upd("2019-06-30", "365")),
			asOf: "2019-05-31", status: StatusAtRisk, pct: "24.7"},
		{name: "count/baseline subtracted from actual and target", task: taskCountBase, hist: hist(upd("2019-06-30", "1250")),
			asOf: "2019-06-30", status: StatusOnTrack, progress: "75"},
		{name: "count/baseline, half way", task: taskCountBase, hist: hist(upd("2019-06-30", "1000")),
			asOf: "2019-06-30", status: StatusOnTrack, progress: "50"},
		{name: "count/baseline, value below baseline", task: taskCountBase, hist: hist(upd("2019-06-30", "400")),
			asOf: "2019-06-30", status: StatusAtRisk, progress: "-10"},
		{name: "count/correction with the same as-of wins", task: taskParking,
			hist: hist(upd("2019-06-30", "750"), upd("2019-06-30", "600")),
			asOf: "2019-06-30", status: StatusBehind, progress: "40"},
		{name: "count/correction upward with the same as-of wins", task: taskParking,
			hist: hist(upd("2019-06-30", "600"), upd("2019-06-30", "750")),
			asOf: "2019-06-30", status: StatusOnTrack, progress: "50"},
		{name: "count/later reporting date wins over later recording", task: taskParking,
			hist: hist(upd("2019-06-30", "750"), upd("2019-05-31", "100")),
			asOf: "2019-06-30", status: StatusOnTrack, progress: "50"},

		// milestone
		{name: "milestone/on time progress exactly", task: taskMilestone, hist: hist(upd("2019-05-26", "40")),
			asOf: "2019-05-26", status: StatusOnTrack, progress: "40", lag: "0"},
		{name: "milestone/ahead", task: taskMilestone, hist: hist(upd("2019-05-26", "60")),
			asOf: "2019-05-26", status: StatusOnTrack, lag: "-20"},
		{name: "milestone/one point behind", task: taskMilestone, hist: hist(upd("2019-05-26", "39")),
			asOf: "2019-05-26", status: StatusBehind, lag: "1"},
		{name: "milestone/just under the threshold", task: taskMilestone, hist: hist(upd("2019-05-26", "30.01")),
			asOf: "2019-05-26", status: StatusBehind, lag: "9.99"},
		{name: "milestone/exactly at the threshold", task: taskMilestone, hist: hist(upd("2019-05-26", "30")),
			asOf: "2019-05-26", status: StatusAtRisk, lag: "10"},
		{name: "milestone/exactly 100", task: taskMilestone, hist: hist(upd("2019-05-26", "100")),
			asOf: "2019-05-26", status: StatusDone, progress: "100"},
		{name: "milestone/over 100 is still done", task: taskMilestone, hist: hist(upd("2019-05-26", "112.5")),
			asOf: "2019-05-26", status: StatusDone, pct: "112.5"},
		{name: "milestone/due date, unfinished", task: taskMilestoneDueJune, hist: hist(upd("2019-06-30", "95")),
			asOf: "2019-06-30", status: StatusBehind, lag: "5"},
		{name: "milestone/past due unfinished", task: taskMilestoneDueJune, hist: hist(upd("2019-06-30", "95")),
			asOf: "2019-07-01", status: StatusAtRisk, lag: "5", pastDue: true},
		{name: "milestone/no report", task: taskMilestone, hist: nil,
			asOf: "2019-05-26", status: StatusNoReport, noProgress: true, lag: "40"},
		{name: "milestone/as-of before the first update", task: taskMilestone, hist: hist(upd("2019-05-27", "40")),
			asOf: "2019-05-26", status: StatusNoReport, noProgress: true},
		{name: "milestone/correction with the same as-of wins", task: taskMilestone,
			hist: hist(upd("2019-05-26", "40"), upd("2019-05-26", "20")),
			asOf: "2019-05-26", status: StatusAtRisk, progress: "20"},
	}
	runEvalCases(t, cases)
}

// TestStatusRates covers growth, level and ceiling tasks: compared with the
// target itself, done only once the period has ended.
func TestStatusRates(t *testing.T) {
	cases := []evalCase{
		// growth, target 10%
		{name: "growth/met before period end is on track, not done", task: taskGrowth, hist: hist(upd("2019-06-30", "10")),
			asOf: "2019-06-30", status: StatusOnTrack, progress: "100"},
		{name: "growth/exceeded before period end", task: taskGrowth, hist: hist(upd("2019-06-30", "12")),
			asOf: "2019-06-30", status: StatusOnTrack, progress: "120"},
		{name: "growth/met on the due date is done", task: taskGrowth, hist: hist(upd("2019-12-31", "10")),
			asOf: "2019-12-31", status: StatusDone, progress: "100"},
		{name: "growth/met earlier, evaluated at the due date", task: taskGrowth, hist: hist(upd("2019-11-30", "10.5")),
			asOf: "2019-12-31", status: StatusDone, progress: "105"},
		{name: "growth/due mid-year, met, evaluated after", task: taskGrowthDueJune, hist: hist(upd("2019-06-30", "10")),
			asOf: "2019-07-01", status: StatusDone, progress: "100", pastDue: true},
		{name: "growth/at (100-threshold)% of target", task: taskGrowth, hist: hist(upd("2019-06-30", "9")),
			asOf: "2019-06-30", status: StatusBehind, progress: "90", lag: "10"},
		{name: "growth/just below (100-threshold)%", task: taskGrowth, hist: hist(upd("2019-06-30", "8.99")),
			asOf: "2019-06-30", status: StatusAtRisk, progress: "89.9"},
		{name: "growth/unmet at period end is not done", task: taskGrowth, hist: hist(upd("2019-12-31", "9.5")),
			asOf: "2019-12-31", status: StatusBehind, progress: "95"},
		{name: "growth/negative growth", task: taskGrowth, hist: hist(upd("2019-06-30", "-1")),
			asOf: "2019-06-30", status: StatusAtRisk, progress: "-10"},
		{name: "growth/not paced by the calendar early in the year", task: taskGrowth, hist: hist(upd("2019-01-31", "9.5")),
			asOf: "2019-01-31", status: StatusBehind, progress: "95"},
		{name: "growth/no report", task: taskGrowth, hist: nil,
			asOf: "2019-06-30", status: StatusNoReport, noProgress: true, lag: "100"},

		// level, target 80%
		{name: "level/met", task: taskLevel, hist: hist(upd("2019-06-30", "80")),
			asOf: "2019-06-30", status: StatusOnTrack, progress: "100"},
		{name: "level/met at the due date", task: taskLevel, hist: hist(upd("2019-12-31", "85")),
			asOf: "2019-12-31", status: StatusDone, progress: "106.25"},
		{name: "level/at 90% of target", task: taskLevel, hist: hist(upd("2019-06-30", "72")),
			asOf: "2019-06-30", status: StatusBehind, progress: "90"},
		{name: "level/just below 90%", task: taskLevel, hist: hist(upd("2019-06-30", "71.99")),
			asOf: "2019-06-30", status: StatusAtRisk, progress: "89.9875"},
		{name: "level/baseline", task: taskLevelBase, hist: hist(upd("2019-06-30", "2.6")),
			asOf: "2019-06-30", status: StatusAtRisk, progress: "50"},
		{name: "level/baseline, met", task: taskLevelBase, hist: hist(upd("2019-06-30", "2.7")),
			asOf: "2019-06-30", status: StatusOnTrack, progress: "100"},

		// ceiling, target 9 (lower is better)
		{name: "ceiling/at the ceiling", task: taskCeiling, hist: hist(upd("2019-06-30", "9")),
			asOf: "2019-06-30", status: StatusOnTrack, progress: "100"},
		{name: "ceiling/under the ceiling is 100, not more", task: taskCeiling, hist: hist(upd("2019-06-30", "3")),
			asOf: "2019-06-30", status: StatusOnTrack, progress: "100"},
		{name: "ceiling/zero", task: taskCeiling, hist: hist(upd("2019-06-30", "0")),
			asOf: "2019-06-30", status: StatusOnTrack, progress: "100"},
		{name: "ceiling/under at the due date is done", task: taskCeiling, hist: hist(upd("2019-12-31", "8.5")),
			asOf: "2019-12-31", status: StatusDone, progress: "100"},
		{name: "ceiling/over: target/actual at exactly 90", task: taskCeiling, hist: hist(upd("2019-06-30", "10")),
			asOf: "2019-06-30", status: StatusBehind, progress: "90"},
		{name: "ceiling/over: just below 90", task: taskCeiling, hist: hist(upd("2019-06-30", "10.01")),
			asOf: "2019-06-30", status: StatusAtRisk, pct: "89.9"},
		{name: "ceiling/far over", task: taskCeiling, hist: hist(upd("2019-06-30", "12")),
			asOf: "2019-06-30", status: StatusAtRisk, progress: "75"},
		{name: "ceiling/over at the due date is not done", task: taskCeiling, hist: hist(upd("2019-12-31", "10")),
			asOf: "2019-12-31", status: StatusBehind, progress: "90"},
	}
	runEvalCases(t, cases)
}

// TestThresholdPerPlan: the threshold is the plan's, with 10 as default.
func TestThresholdPerPlan(t *testing.T) {
	h := hist(upd("2019-05-26", "34")) // 6 points behind time progress 40
	cases := []struct {
		name      string
		threshold int
		want      Status
	}{
		{"default when unset", 0, StatusBehind},
		{"default when negative", -3, StatusBehind},
		{"threshold 5", 5, StatusAtRisk},
		{"threshold 6, exactly at it", 6, StatusAtRisk},
		{"threshold 7", 7, StatusBehind},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := plan2019
			p.Threshold = c.threshold
			if got := Evaluate(p, taskMilestone, h, date("2019-05-26")).Status; got != c.want {
				t.Errorf("status = %s, want %s", got, c.want)
			}
		})
	}
	t.Run("rates use the plan threshold too", func(t *testing.T) {
		p := plan2019
		p.Threshold = 20
		e := Evaluate(p, taskGrowth, hist(upd("2019-06-30", "8")), date("2019-06-30"))
		if e.Status != StatusBehind {
			t.Errorf("80%% of target with threshold 20: status = %s, want behind", e.Status)
		}
	})
}

func TestTimeProgress(t *testing.T) {
	pct := func(num, den int64) decimal.Decimal {
		return decimal.NewFromInt(num * 100).Div(decimal.NewFromInt(den))
	}
	cases := []struct {
		name string
		plan Plan
		task Task
		asOf string
		want decimal.Decimal
		fmt  string // FormatPercent of want ("" to skip)
	}{
		{"mid-year", plan2019, taskParking, "2019-06-30", pct(181, 365), "49.6"},
		{"first day counts as elapsed", plan2019, taskParking, "2019-01-01", pct(1, 365), "0.3"},
		{"last day", plan2019, taskParking, "2019-12-31", hundred, "100"},
		{"before the start", plan2019, taskParking, "2018-12-31", decimal.Zero, "0"},
		{"after the end", plan2019, taskParking, "2020-01-15", hundred, "100"},
		{"day 146 is exactly 40", plan2019, taskMilestone, "2019-05-26", dec("40"), "40"},
		{"task due mid-year, at the end of March", plan2019, taskCountDueJune, "2019-03-31", pct(90, 181), "49.7"},
		{"task due mid-year, on its due date", plan2019, taskCountDueJune, "2019-06-30", hundred, "100"},
		{"task due mid-year, after it", plan2019, taskCountDueJune, "2019-09-30", hundred, "100"},
		{"task without a due date uses the plan's end", plan2019, Task{Kind: KindCount}, "2019-06-30", pct(181, 365), "49.6"},
		{"leap year", Plan{Start: date("2020-01-01"), End: date("2020-12-31")}, Task{Kind: KindCount},
			"2020-02-29", pct(60, 366), "16.4"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.plan.TimeProgress(c.task, date(c.asOf))
			if !got.Equal(c.want) {
				t.Errorf("TimeProgress = %s, want %s", got, c.want)
			}
			if c.fmt != "" && FormatPercent(got) != c.fmt {
				t.Errorf("FormatPercent = %q, want %q", FormatPercent(got), c.fmt)
			}
			// Evaluate reports the same time progress.
			if e := Evaluate(c.plan, c.task, nil, date(c.asOf)); !e.TimeProgress.Equal(c.want) {
				t.Errorf("Evaluate().TimeProgress = %s, want %s", e.TimeProgress, c.want)
			}
		})
	}
}

// TestDesignExample is the worked example of DESIGN.md: 新增停车位 1500 个,
// 750 reported as of 2019-06-30.
func TestDesignExample(t *testing.T) {
	e := Evaluate(plan2019, taskParking, hist(upd("2019-06-30", "750")), date("2019-06-30"))
	decEq(t, "progress", e.Progress.Decimal, "50")
	decEq(t, "actual", e.Actual.Decimal, "750")
	if got := FormatPercent(e.TimeProgress); got != "49.6" {
		t.Errorf("time progress = %s (%s), want ≈49.6", e.TimeProgress, got)
	}
	if e.Status != StatusOnTrack {
		t.Errorf("status = %s, want on_track", e.Status)
	}
	if !e.NeedPerMonth.Valid {
		t.Fatal("NeedPerMonth is null")
	}
	decEq(t, "NeedPerMonth (750 left over 6 months)", e.NeedPerMonth.Decimal, "125")
	want := dec("50").Mul(decimal.NewFromInt(365)).Div(decimal.NewFromInt(181))
	if !e.Projection.Valid || !e.Projection.Decimal.Equal(want) {
		t.Errorf("Projection = %v, want %s", e.Projection, want)
	}
	if got := FormatPercent(e.Projection.Decimal); got != "100.8" {
		t.Errorf("FormatPercent(Projection) = %q, want 100.8", got)
	}
	if e.Stale || e.PastDue {
		t.Errorf("Stale = %v, PastDue = %v; want both false", e.Stale, e.PastDue)
	}
	if e.Lag.Sign() >= 0 {
		t.Errorf("lag = %s, want negative (ahead)", e.Lag)
	}
}

func TestNeedPerMonthAndProjection(t *testing.T) {
	cases := []struct {
		name       string
		task       Task
		hist       []Update
		asOf       string
		need       string // "" means null
		projection string // "" means null; exact
	}{
		{"mid-month counts half a month", taskParking, hist(upd("2019-06-15", "750")), "2019-06-15",
			dec("750").Div(dec("6.5")).String(), dec("50").Mul(dec("365")).Div(dec("166")).String()},
		{"projection from the latest report, not the as-of", taskParking, hist(upd("2019-06-30", "750")), "2019-07-31",
			"150", dec("50").Mul(dec("365")).Div(dec("181")).String()},
		{"no report: the whole target over the months left", taskParking, nil, "2019-06-30", "250", ""},
		{"no report with baseline: target minus baseline", taskCountBase, nil, "2019-06-30", dec("1000").Div(dec("6")).String(), ""},
		{"done needs nothing more", taskParking, hist(upd("2019-06-30", "1600")), "2019-06-30", "0",
			dec("1600").Mul(hundred).Div(dec("1500")).Mul(dec("365")).Div(dec("181")).String()},
		{"at the due date nothing is left to spread", taskParking, hist(upd("2019-12-31", "1000")), "2019-12-31",
			"", dec("100000").Div(dec("1500")).String()},
		{"milestone in points per month", taskMilestone, hist(upd("2019-06-30", "40")), "2019-06-30", "10",
			dec("40").Mul(dec("365")).Div(dec("181")).String()},
		{"growth has no monthly need; projection is the figure", taskGrowth, hist(upd("2019-06-30", "9")), "2019-06-30",
			"", "90"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := Evaluate(plan2019, c.task, c.hist, date(c.asOf))
			if c.need == "" {
				if e.NeedPerMonth.Valid {
					t.Errorf("NeedPerMonth = %s, want null", e.NeedPerMonth.Decimal)
				}
			} else if !e.NeedPerMonth.Valid {
				t.Errorf("NeedPerMonth is null, want %s", c.need)
			} else {
				decEq(t, "NeedPerMonth", e.NeedPerMonth.Decimal, c.need)
			}
			if c.projection == "" {
				if e.Projection.Valid {
					t.Errorf("Projection = %s, want null", e.Projection.Decimal)
				}
			} else if !e.Projection.Valid {
				t.Errorf("Projection is null, want %s", c.projection)
			} else {
				decEq(t, "Projection", e.Projection.Decimal, c.projection)
			}
		})
	}
}

func TestMonthsLeft(t *testing.T) {
	cases := []struct {
		name, day, due string
		want           decimal.Decimal
	}{
		{"end of June to end of year", "2019-06-30", "2019-12-31", dec("6")},
		{"mid-June", "2019-06-15", "2019-12-31", dec("6.5")},
		{"end of March to end of June", "2019-03-31", "2019-06-30", dec("3")},
		{"on the due date", "2019-12-31", "2019-12-31", decimal.Zero},
		{"after the due date", "2020-01-05", "2019-12-31", decimal.Zero},
		{"due mid-month, same month", "2019-06-10", "2019-06-15",
			dec("20").Div(dec("30")).Sub(dec("15").Div(dec("30")))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := monthsLeft(date(c.day), date(c.due)); !got.Equal(c.want) {
				t.Errorf("monthsLeft(%s, %s) = %s, want %s", c.day, c.due, got, c.want)
			}
		})
	}
}

// TestStale covers 未按期填报 with a one-month reporting cycle.
func TestStale(t *testing.T) {
	cases := []struct {
		name  string
		plan  Plan
		task  Task
		hist  []Update
		asOf  string
		stale bool
	}{
		{"no update, exactly a month after the start", plan2019, taskParking, nil, "2019-02-01", false},
		{"no update, more than a month after the start", plan2019, taskParking, nil, "2019-02-02", true},
		{"no update, mid-year", plan2019, taskParking, nil, "2019-06-30", true},
		{"update at the end of May, end of June", plan2019, taskParking, hist(upd("2019-05-31", "600")), "2019-06-30", false},
		{"update at the end of May, first of July", plan2019, taskParking, hist(upd("2019-05-31", "600")), "2019-07-01", true},
		{"update at the end of January, end of February", plan2019, taskParking, hist(upd("2019-01-31", "100")), "2019-02-28", false},
		{"update at the end of January, first of March", plan2019, taskParking, hist(upd("2019-01-31", "100")), "2019-03-01", true},
		{"update mid-month, same day next month", plan2019, taskParking, hist(upd("2019-04-15", "500")), "2019-05-15", false},
		{"update mid-month, a day after next month's", plan2019, taskParking, hist(upd("2019-04-15", "500")), "2019-05-16", true},
		{"a later update not yet made at the as-of date", plan2019, taskParking,
			hist(upd("2019-03-31", "300"), upd("2019-06-30", "750")), "2019-05-15", true},
		{"done count task is never stale", plan2019, taskParking, hist(upd("2019-03-31", "1500")), "2019-12-31", false},
		{"done milestone is never stale", plan2019, taskMilestone, hist(upd("2019-02-28", "100")), "2019-12-31", false},
		{"done growth task is never stale", plan2019, taskGrowth, hist(upd("2019-06-30", "10")), "2019-12-31", false},
		{"met growth task before the end still reports", plan2019, taskGrowth, hist(upd("2019-03-31", "10")), "2019-06-30", true},
		{"quarterly cycle", func() Plan { p := plan2019; p.CycleMonths = 3; return p }(), taskParking,
			hist(upd("2019-03-31", "300")), "2019-06-30", false},
		{"quarterly cycle, overdue", func() Plan { p := plan2019; p.CycleMonths = 3; return p }(), taskParking,
			hist(upd("2019-03-31", "300")), "2019-07-01", true},
		{"unset cycle means one month", func() Plan { p := plan2019; p.CycleMonths = 0; return p }(), taskParking,
			hist(upd("2019-05-31", "600")), "2019-07-01", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Evaluate(c.plan, c.task, c.hist, date(c.asOf)).Stale; got != c.stale {
				t.Errorf("Stale = %v, want %v", got, c.stale)
			}
		})
	}
}

func TestAddMonths(t *testing.T) {
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2019-05-31", 1, "2019-06-30"},
		{"2019-01-31", 1, "2019-02-28"},
		{"2020-01-31", 1, "2020-02-29"},
		{"2019-03-31", 3, "2019-06-30"},
		{"2019-04-15", 1, "2019-05-15"},
		{"2019-12-31", 2, "2020-02-29"},
		{"2019-08-31", 0, "2019-08-31"},
	}
	for _, c := range cases {
		t.Run(c.from, func(t *testing.T) {
			if got := FormatDate(addMonths(date(c.from), c.n)); got != c.want {
				t.Errorf("addMonths(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
			}
		})
	}
}

func TestMonthEnds(t *testing.T) {
	cases := []struct {
		name string
		asOf string
		want []string
	}{
		{"mid-June", "2019-06-15", []string{"2019-01-31", "2019-02-28", "2019-03-31", "2019-04-30", "2019-05-31", "2019-06-15"}},
		{"end of March", "2019-03-31", []string{"2019-01-31", "2019-02-28", "2019-03-31"}},
		{"first day", "2019-01-01", []string{"2019-01-01"}},
		{"before the plan clamps to its start", "2018-07-01", []string{"2019-01-01"}},
		{"after the plan clamps to its end", "2020-03-01", []string{"2019-01-31", "2019-02-28", "2019-03-31",
			"2019-04-30", "2019-05-31", "2019-06-30", "2019-07-31", "2019-08-31", "2019-09-30", "2019-10-31",
			"2019-11-30", "2019-12-31"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, d := range plan2019.MonthEnds(date(c.asOf)) {
				got = append(got, FormatDate(d))
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("MonthEnds(%s) = %v, want %v", c.asOf, got, c.want)
			}
		})
	}
}

func TestStatusStrip(t *testing.T) {
	// Target 365: month-end day numbers are 31, 59, 90, 120, 151; 2019-06-15 is 166.
	h := hist(upd("2019-02-28", "50"), upd("2019-04-30", "120"))
	cases := []struct {
		name string
		task Task
		hist []Update
		asOf string
		want []Status
	}{
		{"history month by month", taskCount365, h, "2019-06-15",
			[]Status{StatusNoReport, StatusBehind, StatusAtRisk, StatusOnTrack, StatusBehind, StatusAtRisk}},
		{"no history", taskCount365, nil, "2019-03-10",
			[]Status{StatusNoReport, StatusNoReport, StatusNoReport}},
		{"done stays done", taskCount365, hist(upd("2019-01-20", "365")), "2019-03-31",
			[]Status{StatusDone, StatusDone, StatusDone}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := StatusStrip(plan2019, c.task, c.hist, date(c.asOf))
			if !slices.Equal(got, c.want) {
				t.Errorf("StatusStrip = %v, want %v", got, c.want)
			}
		})
	}
}

func TestSortUpdatesAndLatestAsOf(t *testing.T) {
	us := []Update{
		{Seq: 4, AsOf: date("2019-06-30"), Value: dec("4")},
		{Seq: 1, AsOf: date("2019-06-30"), Value: dec("1")},
		{Seq: 3, AsOf: date("2019-03-31"), Value: dec("3")},
		{Seq: 2, AsOf: date("2019-09-30"), Value: dec("2")},
	}
	SortUpdates(us)
	var seqs []uint64
	for _, u := range us {
		seqs = append(seqs, u.Seq)
	}
	if want := []uint64{3, 1, 4, 2}; !slices.Equal(seqs, want) {
		t.Fatalf("sorted seqs = %v, want %v", seqs, want)
	}
	cases := []struct {
		asOf string
		want uint64 // 0: none
	}{
		{"2019-03-30", 0},
		{"2019-03-31", 3},
		{"2019-06-29", 3},
		{"2019-06-30", 4},
		{"2019-09-29", 4},
		{"2019-12-31", 2},
	}
	for _, c := range cases {
		t.Run(c.asOf, func(t *testing.T) {
			u := LatestAsOf(us, date(c.asOf))
			switch {
			case c.want == 0 && u != nil:
				t.Errorf("LatestAsOf = seq %d, want none", u.Seq)
			case c.want != 0 && (u == nil || u.Seq != c.want):
				t.Errorf("LatestAsOf = %v, want seq %d", u, c.want)
			}
		})
	}
}

// TestEvaluateIgnoresTimeOfDay: an as-of with a clock time is its day.
func TestEvaluateIgnoresTimeOfDay(t *testing.T) {
	h := hist(upd("2019-06-30", "750"))
	at := time.Date(2019, 6, 30, 23, 59, 0, 0, time.UTC)
	e := Evaluate(plan2019, taskParking, h, at)
	if !e.AsOf.Equal(date("2019-06-30")) || e.Status != StatusOnTrack || e.Latest == nil {
		t.Errorf("Evaluate at %v: as-of %v, status %s, latest %v", at, e.AsOf, e.Status, e.Latest)
	}
}

func TestCheckUpdate(t *testing.T) {
	explained := func(u Update) Update { u.Problems = "资金未到位"; u.Next = "加快推进"; return u }
	cases := []struct {
		name    string
		task    Task
		hist    []Update
		u       Update
		wantKey string // "" means accepted
	}{
		{"count on track", taskParking, nil, upd("2019-06-30", "750"), ""},
		{"count negative rejected", taskParking, nil, explained(upd("2019-06-30", "-1")), "err.value.negative"},
		{"count zero is a value", taskParking, nil, explained(upd("2019-06-30", "0")), ""},
		{"level negative rejected", taskLevel, nil, explained(upd("2019-06-30", "-0.1")), "err.value.negative"},
		{"ceiling negative rejected", taskCeiling, nil, explained(upd("2019-06-30", "-2")), "err.value.negative"},
		{"growth may be negative", taskGrowth, nil, explained(upd("2019-06-30", "-2.5")), ""},
		{"milestone -1 rejected", taskMilestone, nil, explained(upd("2019-06-30", "-1")), "err.value.percent"},
		{"milestone 100.5 rejected", taskMilestone, nil, upd("2019-06-30", "100.5"), "err.value.percent"},
		{"milestone 0 is fine", taskMilestone, nil, explained(upd("2019-06-30", "0")), ""},
		{"milestone 100 is fine", taskMilestone, nil, upd("2019-06-30", "100"), ""},
		{"date after the plan period", taskParking, nil, upd("2020-01-01", "1500"), "err.date.period"},
		{"date before the plan period", taskParking, nil, upd("2018-12-31", "0"), "err.date.period"},
		{"first and last day of the period", taskParking, nil, upd("2019-12-31", "1500"), ""},
		{"behind schedule without explanation", taskParking, nil, upd("2019-06-30", "700"), "err.update.explain"},
		{"behind schedule with problems only", taskParking, nil,
			func() Update { u := upd("2019-06-30", "700"); u.Problems = "资金未到位"; return u }(), "err.update.explain"},
		{"behind schedule with next steps only", taskParking, nil,
			func() Update { u := upd("2019-06-30", "700"); u.Next = "加快推进"; return u }(), "err.update.explain"},
		{"behind schedule with blank explanation", taskParking, nil,
			func() Update { u := upd("2019-06-30", "700"); u.Problems, u.Next = "  ", "\t"; return u }(), "err.update.explain"},
		{"behind schedule with both", taskParking, nil, explained(upd("2019-06-30", "700")), ""},
		{"at risk without explanation", taskParking, nil, upd("2019-06-30", "100"), "err.update.explain"},
		{"rate below target without explanation", taskGrowth, nil, upd("2019-06-30", "9.5"), "err.update.explain"},
		{"rate met needs none", taskGrowth, nil, upd("2019-06-30", "10"), ""},
		{"correction on the same day leaves it behind", taskParking, hist(upd("2019-06-30", "750")),
			upd("2019-06-30", "700"), "err.update.explain"},
		{"correction on the same day brings it on track", taskParking, hist(upd("2019-06-30", "700")),
			upd("2019-06-30", "750"), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckUpdate(plan2019, c.task, c.hist, c.u)
			if c.wantKey == "" {
				if err != nil {
					t.Fatalf("CheckUpdate: %v, want accepted", err)
				}
				return
			}
			if !isKey(err, c.wantKey) {
				t.Fatalf("CheckUpdate: %v (key %q), want %s", err, errKey(err), c.wantKey)
			}
		})
	}
	t.Run("history is not modified", func(t *testing.T) {
		h := hist(upd("2019-05-31", "600"), upd("2019-06-30", "750"))
		before := slices.Clone(h)
		_ = CheckUpdate(plan2019, taskParking, h, upd("2019-06-15", "700"))
		for i := range h {
			if h[i].Seq != before[i].Seq || !h[i].Value.Equal(before[i].Value) {
				t.Fatalf("history changed: %v, was %v", h, before)
			}
		}
	})
}

func TestValidateValue(t *testing.T) {
	cases := []struct {
		name    string
		kind    Kind
		v       string
		wantKey string
	}{
		{"count 0", KindCount, "0", ""},
		{"count negative", KindCount, "-0.01", "err.value.negative"},
		{"growth negative", KindGrowth, "-12.5", ""},
		{"level negative", KindLevel, "-1", "err.value.negative"},
		{"level over 100 is a level", KindLevel, "120", ""},
		{"ceiling negative", KindCeiling, "-1", "err.value.negative"},
		{"milestone -1", KindMilestone, "-1", "err.value.percent"},
		{"milestone 0", KindMilestone, "0", ""},
		{"milestone 100", KindMilestone, "100", ""},
		{"milestone 100.5", KindMilestone, "100.5", "err.value.percent"},
		{"milestone 99.99", KindMilestone, "99.99", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := ValidateValue(Task{Kind: c.kind}, dec(c.v))
			if c.wantKey == "" && err != nil {
				t.Errorf("ValidateValue(%s, %s) = %v, want nil", c.kind, c.v, err)
			}
			if c.wantKey != "" && !isKey(err, c.wantKey) {
				t.Errorf("ValidateValue(%s, %s) = %v, want %s", c.kind, c.v, err, c.wantKey)
			}
		})
	}
}

func TestProgressOfZeroDenominator(t *testing.T) {
	cases := []struct {
		name string
		task Task
		v    string
		want string
	}{
		{"zero target reached", Task{Kind: KindCount, Target: dec("0")}, "0", "100"},
		{"zero growth target met", Task{Kind: KindGrowth, Target: dec("0")}, "0.5", "100"},
		{"zero growth target missed", Task{Kind: KindGrowth, Target: dec("0")}, "-0.5", "0"},
		{"zero ceiling", Task{Kind: KindCeiling, Target: dec("0")}, "0", "100"},
		{"zero ceiling exceeded", Task{Kind: KindCeiling, Target: dec("0")}, "1", "0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			decEq(t, "ProgressOf", c.task.ProgressOf(dec(c.v)), c.want)
		})
	}
}

func TestPlanDates(t *testing.T) {
	cases := []struct {
		name     string
		day      string
		contains bool
		clamp    string
	}{
		{"before", "2018-12-31", false, "2019-01-01"},
		{"first day", "2019-01-01", true, "2019-01-01"},
		{"inside", "2019-06-30", true, "2019-06-30"},
		{"last day", "2019-12-31", true, "2019-12-31"},
		{"after", "2020-01-01", false, "2019-12-31"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := date(c.day)
			if got := plan2019.Contains(d); got != c.contains {
				t.Errorf("Contains = %v, want %v", got, c.contains)
			}
			if got := FormatDate(plan2019.Clamp(d)); got != c.clamp {
				t.Errorf("Clamp = %s, want %s", got, c.clamp)
			}
			if err := plan2019.CheckInPeriod(d); (err == nil) != c.contains || (err != nil && !isKey(err, "err.date.period")) {
				t.Errorf("CheckInPeriod = %v", err)
			}
		})
	}
	if got := FormatDate(plan2019.Clamp(time.Date(2019, 6, 30, 18, 30, 0, 0, time.UTC))); got != "2019-06-30" {
		t.Errorf("Clamp with a clock time = %s", got)
	}
	if FormatDate(time.Time{}) != "" {
		t.Error("FormatDate(zero) is not empty")
	}
}

// TestClockTimesAreDays: an as-of or reporting date carrying a clock time
// (taken from time.Now) means its calendar day everywhere.
func TestClockTimesAreDays(t *testing.T) {
	evening := time.Date(2019, 6, 30, 18, 0, 0, 0, time.UTC)
	lastEvening := time.Date(2019, 12, 31, 20, 0, 0, 0, time.UTC)
	t.Run("TimeProgress", func(t *testing.T) {
		if got, want := plan2019.TimeProgress(taskParking, evening), plan2019.TimeProgress(taskParking, date("2019-06-30")); !got.Equal(want) {
			t.Errorf("TimeProgress at 18:00 = %s, at midnight %s", got, want)
		}
	})
	t.Run("Summarize", func(t *testing.T) {
		s := fixture()
		if got := s.Summarize(s.Evaluate(evening), evening).TimeProgress; FormatPercent(got) != "49.6" {
			t.Errorf("Summarize time progress at 18:00 = %s", got)
		}
	})
	t.Run("Contains", func(t *testing.T) {
		if !plan2019.Contains(lastEvening) {
			t.Error("the evening of the last day is outside the period")
		}
	})
	t.Run("CheckUpdate", func(t *testing.T) {
		u := upd("2019-12-31", "1500")
		u.AsOf = lastEvening
		if err := CheckUpdate(plan2019, taskParking, nil, u); err != nil {
			t.Errorf("update on the evening of the last day: %v", err)
		}
	})
}
