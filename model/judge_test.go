package model

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/shopspring/decimal"
)

// Every qualifier at, just inside and just outside its band.
func TestQualifiers(t *testing.T) {
	rate := func(q string) Task {
		return Task{ID: "r", Name: "r", Kind: KindGrowth, Target: dec("8"), Unit: "%", Qualifier: q}
	}
	amount := func(q string) Task {
		return Task{ID: "a", Name: "a", Kind: KindCount, Target: dec("1000"), Unit: "亿元", Qualifier: q}
	}
	ceiling := func(q string) Task {
		return Task{ID: "c", Name: "c", Kind: KindCeiling, Target: dec("3.5"), Unit: "%", Qualifier: q}
	}
	mid, end := "2019-06-30", "2019-12-31"
	cases := []struct {
		name string
		task Task
		v    string
		asOf string
		want Status
	}{
		{"左右 rate at the band's edge", rate("左右"), "7.5", mid, StatusOnTrack},
		{"左右 rate inside", rate("左右"), "7.6", mid, StatusOnTrack},
		{"左右 rate just outside", rate("左右"), "7.49", mid, StatusBehind},
		{"左右 rate met at year end is done", rate("左右"), "7.5", end, StatusDone},
		{"左右 amount at 98%", amount("左右"), "980", end, StatusDone},
		{"左右 amount just outside", amount("左右"), "979.9", end, StatusBehind},
		{"以上 at the figure", rate("以上"), "8", mid, StatusOnTrack},
		{"以上 just below", rate("以上"), "7.99", mid, StatusBehind},
		{"不低于 at the figure", rate("不低于"), "8", end, StatusDone},
		{"超过 exactly the figure is not met", amount("超过"), "1000", mid, StatusOnTrack},
		{"超过 exactly the figure at year end", amount("超过"), "1000", end, StatusBehind},
		{"超过 just above", amount("超过"), "1000.1", mid, StatusDone},
		{"超过 rate exactly", rate("超过"), "8", mid, StatusBehind},
		{"力争 met", rate("力争"), "8", end, StatusDone},
		{"力争 near miss is behind", rate("力争"), "6.5", mid, StatusBehind}, // 81.25%: short by < 20 points
		{"力争 at twice the threshold", rate("力争"), "6.4", mid, StatusBehind},
		{"力争 just beyond twice the threshold", rate("力争"), "6.39", mid, StatusAtRisk}, // 80%
		{"plain at the threshold", rate(""), "7.2", mid, StatusBehind},                // 90%
		{"plain just outside the threshold", rate(""), "7.19", mid, StatusAtRisk},     // 89.9%
		{"力争 count near miss past due", amount("力争"), "850", end, StatusBehind},       // 15 short
		{"力争 count far miss past due", amount("力争"), "800", end, StatusAtRisk},        // 20 short
		{"plain count short on its due date", amount(""), "990", end, StatusBehind},
		{"plain count past due", Task{ID: "d", Name: "d", Kind: KindCount, Target: dec("1000"), Due: date("2019-06-30")}, "990", "2019-07-01", StatusAtRisk}, //
		{"以内 ceiling at the figure", ceiling("以内"), "3.5", mid, StatusOnTrack},
		{"以内 ceiling just above", ceiling("以内"), "3.51", mid, StatusBehind},
		{"以下 ceiling under", ceiling("以下"), "3", end, StatusDone},
		{"左右 ceiling inside the band", ceiling("左右"), "4", mid, StatusOnTrack},
		{"左右 ceiling just outside", ceiling("左右"), "4.01", mid, StatusAtRisk},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Evaluate(plan2019, c.task, hist(upd(c.asOf, c.v)), date(c.asOf)).Status
			if got != c.want {
				t.Errorf("%s %s %s as of %s: %s, want %s", c.task.Qualifier, c.task.Target, c.v, c.asOf, got, c.want)
			}
		})
	}
}

// Every pacing profile at its boundaries.
func TestExpectedPacing(t *testing.T) {
	cases := []struct {
		pacing, asOf, want string
	}{
		{"", "2019-06-30", "49.589041095890411"}, // 181/365
		{"linear", "2019-01-01", "0.2739726027397260"},
		{"one-off", "2019-06-30", "0"},
		{"one-off", "2019-12-30", "0"},
		{"one-off", "2019-12-31", "100"},
		{"quarterly", "2019-03-30", "0"},
		{"quarterly", "2019-03-31", "24.6575342465753425"}, // 90/365
		{"quarterly", "2019-06-29", "24.6575342465753425"},
		{"quarterly", "2019-06-30", "49.589041095890411"},
		{"monthly-steps", "2019-01-30", "0"},
		{"monthly-steps", "2019-01-31", "8.4931506849315068"}, // 31/365
		{"monthly-steps", "2019-02-27", "8.4931506849315068"},
		{"seasonal:0,0,1,1,1,1,1,1,1,1,1,1", "2019-02-28", "0"},
		{"seasonal:0,0,1,1,1,1,1,1,1,1,1,1", "2019-03-31", "10"},
		{"seasonal:0,0,2,2,2,2,2,2,2,2,2,2", "2019-04-15", "15"},
		{"nodes:立项@03-31=10;开工@05-31=30;主体完工@10-31=80;竣工@12-31=100", "2019-03-30", "0"},
		{"nodes:立项@03-31=10;开工@05-31=30;主体完工@10-31=80;竣工@12-31=100", "2019-03-31", "10"},
		{"nodes:立项@03-31=10;开工@05-31=30;主体完工@10-31=80;竣工@12-31=100", "2019-04-01", "10"},
		{"nodes:立项@03-31=10;开工@05-31=30;主体完工@10-31=80;竣工@12-31=100", "2019-10-31", "80"},
		{"nodes:立项@03-31=10;开工@05-31=30", "2019-12-31", "100"}, // every profile is due in full on its due date
	}
	for _, c := range cases {
		task := Task{ID: "x", Name: "x", Kind: KindCount, Target: dec("10"), Pacing: c.pacing}
		decEq(t, fmt.Sprintf("%s at %s", c.pacing, c.asOf), plan2019.Expected(task, date(c.asOf)), c.want)
	}
}

func TestOneOffStatus(t *testing.T) {
	award := Task{ID: "2.3.01", Name: "集聚区", Kind: KindCount, Target: dec("1"), Qualifier: "力争", Pacing: PacingOneOff}
	if s := Evaluate(plan2019, award, hist(upd("2019-06-30", "0")), date("2019-06-30")).Status; s != StatusOnTrack {
		t.Errorf("one-off at 0 before due: %s, want on_track", s)
	}
	if s := Evaluate(plan2019, award, hist(upd("2019-06-30", "0")), date("2019-12-31")).Status; s != StatusAtRisk {
		t.Errorf("one-off at 0 on due: %s, want at_risk", s)
	}
	if s := Evaluate(plan2019, award, hist(upd("2019-06-30", "1")), date("2019-06-30")).Status; s != StatusDone {
		t.Errorf("one-off reported done: %s", s)
	}
}

func TestNodePlanStatus(t *testing.T) {
	task := Task{ID: "m", Name: "m", Kind: KindMilestone, Target: dec("100"), Pacing: "nodes:开工@05-31=30;竣工@12-31=100"}
	for _, c := range []struct {
		asOf, v string
		want    Status
	}{
		{"2019-05-30", "0", StatusOnTrack},
		{"2019-05-31", "25", StatusBehind},
		{"2019-05-31", "20", StatusAtRisk},
		{"2019-06-01", "30", StatusOnTrack},
	} {
		if s := Evaluate(plan2019, task, hist(upd(c.asOf, c.v)), date(c.asOf)).Status; s != c.want {
			t.Errorf("%s at %s: %s, want %s", c.v, c.asOf, s, c.want)
		}
	}
}

func TestParsePacing(t *testing.T) {
	for _, s := range []string{"linear", "one-off", "quarterly", "monthly-steps",
		"seasonal:1,1,2,3,3,3,3,3,3,2,1,1", "nodes:立项@03-31=10;开工@05-31=30;竣工@12-31=100"} {
		p, err := ParsePacing(s, 2019)
		if err != nil || p.String() != s {
			t.Errorf("ParsePacing(%q) = %v, %v", s, p, err)
		}
	}
	for _, s := range []string{"weekly", "one-off:x", "seasonal:1,2", "seasonal:0,0,0,0,0,0,0,0,0,0,0,0",
		"nodes:", "nodes:a@13-01=10", "nodes:a@05-01=50;b@04-01=60", "nodes:a@05-01=50;b@06-01=40", "nodes:a@05-01=101"} {
		if _, err := ParsePacing(s, 2019); !isKey(err, "err.task.pacing") {
			t.Errorf("ParsePacing(%q) = %v, want err.task.pacing", s, err)
		}
	}
}

// The release calendar: before the first release, between releases, after.
func TestReleaseCalendar(t *testing.T) {
	gdp := Task{ID: "0.1.01", Name: "GDP", Kind: KindGrowth, Target: dec("8"), Unit: "%", Qualifier: "左右", Release: "quarterly+20"}
	e := Evaluate(plan2019, gdp, nil, date("2019-02-15"))
	if e.Status != StatusUnpublished || FormatDate(e.Release) != "2019-04-20" || e.Stale {
		t.Errorf("before the first release: %s, %s, stale %v", e.Status, FormatDate(e.Release), e.Stale)
	}
	e = Evaluate(plan2019, gdp, nil, date("2019-04-19"))
	if e.Status != StatusUnpublished {
		t.Errorf("the day before the first release: %s", e.Status)
	}
	e = Evaluate(plan2019, gdp, nil, date("2019-04-20"))
	if e.Status != StatusNoReport || e.Stale || FormatDate(e.Release) != "2019-07-20" {
		t.Errorf("on release day: %s, stale %v, next %s", e.Status, e.Stale, FormatDate(e.Release))
	}
	if e = Evaluate(plan2019, gdp, nil, date("2019-04-28")); !e.Stale {
		t.Error("a week after the release, unreported: not stale")
	}
	h := hist(upd("2019-04-22", "7.6"))
	for _, c := range []struct {
		asOf  string
		stale bool
	}{{"2019-06-30", false}, {"2019-07-27", false}, {"2019-07-28", true}} {
		if e = Evaluate(plan2019, gdp, h, date(c.asOf)); e.Stale != c.stale || e.Status != StatusOnTrack {
			t.Errorf("Q1 figure as of %s: %s stale %v, want stale %v", c.asOf, e.Status, e.Stale, c.stale)
		}
	}
	if _, err := ParseRelease("weekly+3"); !isKey(err, "err.task.release") {
		t.Errorf("weekly: %v", err)
	}
	if r, err := ParseRelease("monthly+15"); err != nil || len(r.Dates(plan2019)) != 11 {
		t.Errorf("monthly+15: %v, %d dates in 2019", err, len(r.Dates(plan2019))) // December's comes out in 2020
	}
}

// A department whose tasks are all 严重滞后 never ranks above one whose
// tasks are all on schedule, whatever their 完成率 and however many.
func TestRankAtRiskNeverAboveOnSchedule(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for trial := 0; trial < 500; trial++ {
		var rows []Row
		add := func(dept string, st Status, prog, lag int) {
			rows = append(rows, Row{Task: Task{Lead: dept}, Eval: Eval{Status: st,
				Progress: nullDec(prog), Lag: dec(fmt.Sprint(lag))}})
		}
		for i := 0; i <= rng.Intn(5); i++ {
			add("bad", StatusAtRisk, 50+rng.Intn(50), 10+rng.Intn(60)) // high 完成率, far behind
		}
		for i := 0; i <= rng.Intn(5); i++ {
			add("good", StatusOnTrack, rng.Intn(30), -rng.Intn(20))
		}
		for i := 0; i <= rng.Intn(5); i++ {
			add(fmt.Sprint("other", rng.Intn(4)), Statuses[rng.Intn(len(Statuses))], rng.Intn(120), rng.Intn(100)-20)
		}
		rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		pos := map[string]int{}
		for i, g := range RankDepts(plan2019, rows) {
			pos[g.Name] = i
		}
		if pos["bad"] < pos["good"] {
			t.Fatalf("trial %d: the all-严重滞后 department ranks %d, above the on-schedule one (%d)", trial, pos["bad"], pos["good"])
		}
	}
}

func TestScoresAndCategories(t *testing.T) {
	rows := []Row{
		{Task: Task{Lead: "甲"}, Eval: Eval{Status: StatusOnTrack, Lag: dec("-10")}},  // 超进度 100
		{Task: Task{Lead: "甲"}, Eval: Eval{Status: StatusOnTrack, Lag: dec("-9.9")}}, // 达进度 90
		{Task: Task{Lead: "乙"}, Eval: Eval{Status: StatusBehind, Lag: dec("5")}},     // 欠进度 70
		{Task: Task{Lead: "乙"}, Eval: Eval{Status: StatusUnpublished}},               // not scored
		{Task: Task{Lead: "丙"}, Eval: Eval{Status: StatusNoReport, Lag: dec("50")}},  // 未填报 0
		{Task: Task{Lead: "丙"}, Eval: Eval{Status: StatusDone, Lag: dec("-5")}},      // 已完成 100
		{Task: Task{Lead: "丁"}, Eval: Eval{Status: StatusUnpublished}},               // nothing scored: last
		{Task: Task{Lead: "戊"}, Eval: Eval{Status: StatusBehind, Lag: dec("3")}},     // 70, less behind than 乙
	}
	g := RankDepts(plan2019, rows)
	var names []string
	for _, x := range g {
		names = append(names, x.Name)
	}
	if fmt.Sprint(names) != "[甲 戊 乙 丙 丁]" {
		t.Errorf("ranking %v", names)
	}
	decEq(t, "甲 score", g[0].Score.Decimal, "95")
	if g[0].Cats[CatAhead] != 1 || g[0].Cats[CatOnPace] != 1 || g[2].Cats[CatUnpublished] != 1 || g[2].Cats[CatBehind] != 1 {
		t.Errorf("categories %v %v", g[0].Cats, g[2].Cats)
	}
	if g[4].Score.Valid {
		t.Errorf("丁 scored %v", g[4].Score)
	}
	red, black := RedBlack(g, 2)
	if len(red) != 2 || red[0].Name != "甲" || len(black) != 2 || black[0].Name != "丙" || black[1].Name != "乙" {
		t.Errorf("红黑榜 %v / %v", red, black)
	}
}

func nullDec(n int) decimal.NullDecimal { return decimal.NewNullDecimal(decimal.NewFromInt(int64(n))) }
