package model

import (
	"fmt"
	"testing"
)

// set applies plan set's KEY VALUE pairs to plan2019, failing the test on
// a refusal.
func set(t *testing.T, kv ...string) Plan {
	t.Helper()
	var pairs [][2]string
	for i := 0; i < len(kv); i += 2 {
		pairs = append(pairs, [2]string{kv[i], kv[i+1]})
	}
	p, err := plan2019.SetSettings(pairs)
	if err != nil {
		t.Fatalf("set %v: %v", kv, err)
	}
	return p
}

func TestDefaultSettings(t *testing.T) {
	want := map[string]string{SetThreshold: "10", SetCycle: "1", SetAhead: "10", SetTolRate: "0.5", SetTolAmount: "2",
		SetScoreDone: "100", SetScoreOnTrack: "90", SetScoreBehind: "70", SetScoreAtRisk: "40", SetScoreNone: "0",
		SetLagMonthly: "15", SetLagQuarterly: "20"}
	for _, k := range SettingKeys {
		if v, ok := plan2019.Setting(k); !ok || v != want[k] {
			t.Errorf("%s = %q, want %q", k, v, want[k])
		}
	}
	// 超进度 follows the threshold while the plan sets nothing else.
	p := set(t, SetThreshold, "15")
	if v, _ := p.Setting(SetAhead); v != "15" || !p.Settings.IsZero() {
		t.Errorf("ahead %s after threshold 15 (settings %+v)", v, p.Settings)
	}
}

// A changed tolerance changes a status: the 左右 band is the plan's.
func TestToleranceSetting(t *testing.T) {
	gdp := Task{ID: "g", Name: "g", Kind: KindGrowth, Target: dec("8"), Unit: "%", Qualifier: QualAbout}
	amount := Task{ID: "a", Name: "a", Kind: KindCount, Target: dec("1000"), Unit: "亿元", Qualifier: QualAbout}
	cases := []struct {
		name string
		p    Plan
		t    Task
		v    string
		asOf string
		want Status
	}{
		{"rate inside the default band", plan2019, gdp, "7.6", "2019-06-30", StatusOnTrack},
		{"rate outside a 0.3 band", set(t, SetTolRate, "0.3"), gdp, "7.6", "2019-06-30", StatusBehind},
		{"rate at the edge of a 0.3 band", set(t, SetTolRate, "0.3"), gdp, "7.7", "2019-06-30", StatusOnTrack},
		{"rate inside a 1 band", set(t, SetTolRate, "1"), gdp, "7.0", "2019-12-31", StatusDone},
		{"no band at 0", set(t, SetTolRate, "0"), gdp, "7.99", "2019-06-30", StatusBehind},
		{"amount at 98% by default", plan2019, amount, "980", "2019-12-31", StatusDone},
		{"amount at 98% with a 1% band", set(t, SetTolAmount, "1"), amount, "980", "2019-12-31", StatusBehind},
		{"amount at 99% with a 1% band", set(t, SetTolAmount, "1"), amount, "990", "2019-12-31", StatusDone},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Evaluate(c.p, c.t, hist(upd(c.asOf, c.v)), date(c.asOf)).Status; got != c.want {
				t.Errorf("%s at %s: %s, want %s", c.v, c.asOf, got, c.want)
			}
		})
	}
}

// Changed scores change a ranking, and the colour of a department's bar.
func TestScoreSettings(t *testing.T) {
	rows := []Row{
		{Task: Task{Lead: "甲"}, Eval: Eval{Status: StatusOnTrack, Lag: dec("-1")}},
		{Task: Task{Lead: "甲"}, Eval: Eval{Status: StatusOnTrack, Lag: dec("-1")}},
		{Task: Task{Lead: "乙"}, Eval: Eval{Status: StatusDone, Lag: dec("-5")}},
		{Task: Task{Lead: "乙"}, Eval: Eval{Status: StatusBehind, Lag: dec("5")}},
	}
	order := func(p Plan) string {
		var out []string
		for _, g := range RankDepts(p, rows) {
			out = append(out, fmt.Sprintf("%s %s %s", g.Name, FormatScore(g.Score), g.Standing()))
		}
		return fmt.Sprint(out)
	}
	if got := order(plan2019); got != "[甲 90 on_track 乙 85 behind]" {
		t.Errorf("default scores: %s", got)
	}
	if got := order(set(t, SetScoreOnTrack, "80")); got != "[乙 85 on_track 甲 80 on_track]" {
		t.Errorf("正常 80: %s", got)
	}
	if got := order(set(t, SetScoreDone, "95", SetScoreOnTrack, "95", SetScoreBehind, "95")); got != "[甲 95 on_track 乙 95 on_track]" {
		t.Errorf("equal scores, ties by lag: %s", got)
	}
}

// The 超进度 threshold is the plan's, apart from the 严重滞后 threshold.
func TestAheadSetting(t *testing.T) {
	e := Eval{Status: StatusOnTrack, Lag: dec("-6")}
	if c := CategoryOf(plan2019, e); c != CatOnPace {
		t.Errorf("6 ahead by default: %s", c)
	}
	p := set(t, SetAhead, "5")
	if c := CategoryOf(p, e); c != CatAhead {
		t.Errorf("6 ahead with ahead 5: %s", c)
	}
	if sc, _ := ScoreOf(p, e); sc != ScoreDone {
		t.Errorf("超进度 scores %d", sc)
	}
	if v, _ := p.Setting(SetThreshold); v != "10" {
		t.Errorf("threshold moved to %s", v)
	}
}

// A cadence without a lag takes the plan's.
func TestReleaseLagSetting(t *testing.T) {
	task := Task{ID: "s", Name: "s", Kind: KindGrowth, Target: dec("8"), Unit: "%", Release: "quarterly"}
	asOf := date("2019-04-15")
	if e := Evaluate(plan2019, task, nil, asOf); e.Status != StatusUnpublished || !e.Release.Equal(date("2019-04-20")) {
		t.Errorf("default lag: %s, next release %s", e.Status, FormatDate(e.Release))
	}
	p := set(t, SetLagQuarterly, "10")
	if e := Evaluate(p, task, nil, asOf); e.Status != StatusNoReport || e.Cadence.LagDays != 10 {
		t.Errorf("lag 10: %s, %+v", e.Status, e.Cadence)
	}
	task.Release = "quarterly+25" // the task's own lag wins
	if e := Evaluate(p, task, nil, asOf); e.Status != StatusUnpublished || !e.Release.Equal(date("2019-04-25")) {
		t.Errorf("own lag: %s, next release %s", e.Status, FormatDate(e.Release))
	}
}

// Bad values are refused with one sentence, the plan unchanged.
func TestSettingRefusals(t *testing.T) {
	cases := []struct {
		kv  [][2]string
		key string
	}{
		{[][2]string{{"score", "1"}}, "err.plan.setting.key"},
		{[][2]string{{SetTolRate, "abc"}}, "err.plan.setting.value"},
		{[][2]string{{SetTolRate, "-0.1"}}, "err.plan.setting.value"},
		{[][2]string{{SetTolRate, "11"}}, "err.plan.setting.value"},
		{[][2]string{{SetTolAmount, "0.00001"}}, "err.plan.setting.value"},
		{[][2]string{{SetAhead, "0"}}, "err.plan.setting.value"},
		{[][2]string{{SetThreshold, "1.5"}}, "err.plan.setting.value"},
		{[][2]string{{SetCycle, "13"}}, "err.plan.setting.value"},
		{[][2]string{{SetScoreDone, "0"}}, "err.plan.setting.value"},
		{[][2]string{{SetScoreAtRisk, "101"}}, "err.plan.setting.value"},
		{[][2]string{{SetLagMonthly, "91"}}, "err.plan.setting.value"},
		{[][2]string{{SetScoreDone, "80"}}, "err.plan.setting.scores"},                         // below 正常's 90
		{[][2]string{{SetScoreAtRisk, "80"}}, "err.plan.setting.scores"},                       // above 滞后's 70
		{[][2]string{{SetScoreOnTrack, "60"}, {SetTolRate, "x"}}, "err.plan.setting.value"},    // nothing of it applies
		{[][2]string{{SetScoreBehind, "30"}, {SetScoreNone, "35"}}, "err.plan.setting.scores"}, // checked together
	}
	for _, c := range cases {
		p, err := plan2019.SetSettings(c.kv)
		if !isKey(err, c.key) {
			t.Errorf("%v: %v, want %s", c.kv, err, c.key)
		}
		if !p.Settings.IsZero() || p.Threshold != plan2019.Threshold || p.CycleMonths != plan2019.CycleMonths {
			t.Errorf("%v changed the plan: %+v", c.kv, p)
		}
		if err != nil {
			if s := err.Error(); s == "" || s[len(s)-1] != '.' && !endsWithFullStop(s) {
				t.Errorf("%v: %q is not a sentence", c.kv, s)
			}
		}
	}
	// Moved together, scores may pass each other's old values.
	p := set(t, SetScoreDone, "80", SetScoreOnTrack, "70", SetScoreBehind, "50", SetScoreAtRisk, "30")
	if v, _ := p.Setting(SetScoreDone); v != "80" {
		t.Errorf("score.done %s", v)
	}
}

func endsWithFullStop(s string) bool {
	r := []rune(s)
	return len(r) > 0 && r[len(r)-1] == '。'
}
