package model

import (
	"testing"

	"github.com/shopspring/decimal"

	"duban/i18n"
)

// The target's words are the report's: a prefix qualifier before the
// figure (确保1500个, not 1500个确保), a suffix one after it, a milestone
// by its kind; percentages and missing values as every surface shows them.
func TestTargetAndPercentText(t *testing.T) {
	task := func(kind Kind, target, unit, q string) Task {
		return Task{Kind: kind, Target: decimal.RequireFromString(target), Unit: unit, Qualifier: q}
	}
	for _, c := range []struct {
		t    Task
		want string
	}{
		{task(KindCount, "1500", "个", "确保"), "确保1500个"},
		{task(KindCount, "1500", "个", "达到"), "达到1500个"},
		{task(KindCount, "100", "家", "不少于"), "不少于100家"},
		{task(KindCeiling, "45", "微克/立方米", "控制在"), "控制在45微克/立方米"},
		{task(KindGrowth, "8", "%", "左右"), "8%左右"},
		{task(KindCount, "100", "家", "以上"), "100家以上"},
		{task(KindLevel, "2.70", "%", "力争"), "力争2.7%"},
		{task(KindMilestone, "100", "%", ""), "里程碑"},
	} {
		if got := c.t.TargetLabel(i18n.Zh); got != c.want {
			t.Errorf("%+v: %q, want %q", c.t, got, c.want)
		}
	}
	if got := task(KindMilestone, "100", "%", "").TargetLabel(i18n.En); got != "milestone" {
		t.Errorf("English milestone: %q", got)
	}
	for in, want := range map[string]string{"49.64": "49.6%", "49.65": "49.7%", "50.0": "50%", "112.5": "112.5%"} {
		if got := PercentText(decimal.RequireFromString(in)); got != want {
			t.Errorf("PercentText(%s) = %q, want %q", in, got, want)
		}
	}
	if NullPercentText(decimal.NullDecimal{}) != "-" || NullValueText(decimal.NullDecimal{}) != "-" {
		t.Error("a missing value is not -")
	}
	if got := NeedText(decimal.RequireFromString("10.333")); got != "10.33" {
		t.Errorf("NeedText = %q", got)
	}
}
