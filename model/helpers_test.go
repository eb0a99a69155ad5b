package model

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"duban/i18n"
)

// dec parses an exact decimal for a test table.
func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// date parses YYYY-MM-DD for a test table, panicking on a typo in the test.
func date(s string) time.Time {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

// plan2019 is the plan every status table is evaluated against: the
// calendar year 2019 (365 days), threshold 10 points, a one-month cycle.
var plan2019 = Plan{
	ID:          "test-2019",
	Title:       "测试计划",
	Start:       date("2019-01-01"),
	End:         date("2019-12-31"),
	Threshold:   10,
	CycleMonths: 1,
}

// upd is an update of value v as of the given date; hist numbers them.
func upd(asOf, v string) Update {
	return Update{Value: dec(v), AsOf: date(asOf), Review: ReviewPending}
}

// hist assigns store-like sequence numbers in the order given (the order of
// recording) and sorts the history as Evaluate expects.
func hist(us ...Update) []Update {
	out := make([]Update, len(us))
	for i, u := range us {
		u.Seq = uint64(i + 1)
		out[i] = u
	}
	SortUpdates(out)
	return out
}

// Tasks of every kind shared by the tables.
var (
	taskCount365 = Task{ID: "9.1.01", Chapter: "测试", Name: "测试计数", Kind: KindCount,
		Target: dec("365"), Unit: "个", Due: date("2019-12-31")}
	taskParking = Task{ID: "3.5.02", Chapter: "致力推进城乡统筹发展", Section: "抓好交通拥堵治理",
		Name: "新增停车位", Kind: KindCount, Target: dec("1500"), Unit: "个",
		Lead: "市城市管理和综合执法局", Partners: []string{"市自然资源和规划局", "市住房和城乡建设局"},
		Due: date("2019-12-31"), Source: "新增停车位1500个"}
	taskCountDueJune = Task{ID: "9.1.02", Name: "上半年计数", Kind: KindCount,
		Target: dec("365"), Unit: "个", Due: date("2019-06-30")}
	taskCountBase = Task{ID: "9.1.03", Name: "有基数的计数", Kind: KindCount,
		Target: dec("1500"), Baseline: decimal.NewNullDecimal(dec("500")), Unit: "个", Due: date("2019-12-31")}
	taskMilestone = Task{ID: "9.2.01", Name: "博物馆开馆", Kind: KindMilestone,
		Target: dec("100"), Unit: "%", Due: date("2019-12-31")}
	taskMilestoneDueJune = Task{ID: "9.2.02", Name: "上半年开馆", Kind: KindMilestone,
		Target: dec("100"), Unit: "%", Due: date("2019-06-30")}
	taskGrowth = Task{ID: "9.3.01", Name: "固定资产投资增长", Kind: KindGrowth,
		Target: dec("10"), Unit: "%", Due: date("2019-12-31")}
	taskGrowthDueJune = Task{ID: "9.3.02", Name: "上半年增长", Kind: KindGrowth,
		Target: dec("10"), Unit: "%", Due: date("2019-06-30")}
	taskLevel = Task{ID: "9.4.01", Name: "覆盖率", Kind: KindLevel,
		Target: dec("80"), Unit: "%", Due: date("2019-12-31")}
	taskLevelBase = Task{ID: "9.4.02", Name: "研发投入占GDP比重", Kind: KindLevel,
		Target: dec("2.7"), Baseline: decimal.NewNullDecimal(dec("2.5")), Unit: "%", Due: date("2019-12-31")}
	taskCeiling = Task{ID: "9.5.01", Name: "城镇登记失业率", Kind: KindCeiling,
		Target: dec("9"), Unit: "%", Due: date("2019-12-31")}
)

// isKey reports whether err is (or wraps) the model/i18n error with key.
func isKey(err error, key string) bool { return errors.Is(err, i18n.E(key)) }

// errKey is the i18n key of err, or "" when err is not an *i18n.Error.
func errKey(err error) string {
	var e *i18n.Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

// decEq fails the test unless got equals want numerically.
func decEq(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(dec(want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}
