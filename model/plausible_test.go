package model

import (
	"errors"
	"strings"
	"testing"

	"duban/i18n"
)

var taskRoad = Task{ID: "5.3.10", Name: "新建公路", Kind: KindCount, Target: dec("100"), Unit: "公里"}

// warnings runs Plausible and renders the warnings in Chinese.
func warnings(t Task, last *Update, v string) []string {
	var out []string
	for _, w := range Plausible(t, last, Update{Value: dec(v), AsOf: date("2019-06-30")}) {
		out = append(out, w.Kind+": "+w.Text(i18n.Zh))
	}
	return out
}

func TestPlausibleRules(t *testing.T) {
	last := &Update{Value: dec("30"), AsOf: date("2019-05-31")}
	cases := []struct {
		name string
		task Task
		last *Update
		v    string
		want []string // the warnings, exactly; nil: none
	}{
		{"5万 on 100公里: the issue's sentence", taskRoad, nil, "50000",
			[]string{"over_target: 50000公里 是目标的 500 倍，是否把 5 误写成 5万？"}},
		{"5万 after a report of 30", taskRoad, last, "50000",
			[]string{"over_target: 50000公里 是目标的 500 倍，是否把 5 误写成 5万？"}},
		{"1.5亿 on 1500 spaces (#15 §7)", taskParking, nil, "150000000",
			[]string{"over_target: 150000000个 是目标的 100000 倍，是否把 1.5 误写成 1.5亿？"}},
		{"just over 3× the target, no magnitude to blame", taskRoad, nil, "301",
			[]string{"over_target: 301公里 是目标（100公里）的 3 倍，请核对数值和单位。"}},
		{"3× the target exactly is allowed", taskRoad, nil, "300", nil},
		{"a normal month", taskRoad, last, "45", nil},
		{"a cumulative count falling", taskRoad, last, "20",
			[]string{"decrease: 累计值 20公里 低于 2019-05-31 填报的 30公里"}},
		{"a value 万 times too small", taskParking, &Update{Value: dec("1200"), AsOf: date("2019-05-31")}, "0.12",
			[]string{"magnitude: 0.12个 只有上次填报（1200个）的 10000 分之一，是否把 0.12万 误写成 0.12？",
				"decrease: 累计值 0.12个 低于 2019-05-31 填报的 1200个"}},
		{"a level a power of ten off its trend", taskLevel80(), &Update{Value: dec("3.5"), AsOf: date("2019-05-31")}, "35000",
			[]string{"magnitude: 35000% 是上次填报（3.5%）的 10000 倍，是否把 3.5 误写成 3.5万？"}},
		{"a rate going up tenfold is no slip", taskLevel80(), &Update{Value: dec("3.5"), AsOf: date("2019-05-31")}, "35", nil},
		{"a milestone falling is a decrease", Task{ID: "m", Kind: KindMilestone, Target: dec("100"), Unit: "%"},
			&Update{Value: dec("60"), AsOf: date("2019-05-31")}, "40",
			[]string{"decrease: 累计值 40% 低于 2019-05-31 填报的 60%"}},
	}
	for _, c := range cases {
		got := warnings(c.task, c.last, c.v)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func taskLevel80() Task {
	return Task{ID: "2.1.01", Name: "覆盖率", Kind: KindLevel, Target: dec("80"), Unit: "%"}
}

func TestCheckPlausible(t *testing.T) {
	h := hist(Update{Value: dec("1200"), AsOf: date("2019-05-31"), Note: "完成1200"})
	task := Task{ID: "3.5.02", Kind: KindCount, Target: dec("1500"), Unit: "个"}
	u := Update{Value: dec("100"), AsOf: date("2019-06-30")}

	// A fall without a note, or with the last report's note, is refused
	// even when confirmed: it needs a 进展情况 that says why.
	for _, note := range []string{"", " 完成1200 "} {
		u.Note, u.Confirmed = note, true
		if _, err := CheckPlausible(task, h, u); !errors.Is(err, i18n.E("err.update.decrease")) {
			t.Errorf("note %q: %v, want err.update.decrease", note, err)
		}
	}
	// With a note saying why, it still needs confirming.
	u.Note, u.Confirmed = "更正：上月误报为1200，实为100", false
	ws, err := CheckPlausible(task, h, u)
	var pe *PlausibilityError
	if !errors.As(err, &pe) || len(pe.Warnings) != 1 || pe.Warnings[0].Kind != WarnDecrease || len(ws) != 1 {
		t.Fatalf("unconfirmed: %v", err)
	}
	if got := i18n.Message(i18n.Zh, err); got != "3.5.02：累计值 100个 低于 2019-05-31 填报的 1200个" {
		t.Errorf("message %q", got)
	}
	u.Confirmed = true
	if ws, err := CheckPlausible(task, h, u); err != nil || len(ws) != 1 {
		t.Errorf("confirmed: %v %v", ws, err)
	}
	// A returned report is not what the next one is compared with.
	h[0].Review = ReviewReturned
	u.Note, u.Confirmed = "", false
	if ws, err := CheckPlausible(task, h, u); err != nil || len(ws) != 0 {
		t.Errorf("after a returned report: %v %v", ws, err)
	}
	// Nothing is changed: the value stays as typed.
	if !u.Value.Equal(dec("100")) {
		t.Error("value changed")
	}
}

func TestPlausibleEnglish(t *testing.T) {
	ws := Plausible(taskRoad, nil, Update{Value: dec("50000")})
	if got := ws[0].Text(i18n.En); got != "50000公里 is 500 times the target: was 5 mistyped as 5万?" {
		t.Errorf("en %q", got)
	}
}
