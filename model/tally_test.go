package model

import (
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/shopspring/decimal"
)

// A tally brought up to date row by row is the summary of the new rows,
// and the tally it started from is left as it was.
func TestTallyReplace(t *testing.T) {
	s := bigSnapshot(300)
	asOf := date("2019-06-30")
	rows := s.Evaluate(asOf)
	tl := s.Tally(rows, asOf)
	if !reflect.DeepEqual(tl.Summary(), s.Summarize(rows, asOf)) {
		t.Fatal("Tally's summary is not Summarize's")
	}
	before := tl.Summary()
	next := slices.Clone(rows)
	var was, now []Row
	for _, i := range []int{3, 40, 41, 299} {
		tk := next[i].Task
		h := append(slices.Clone(s.History[tk.ID]), Update{Seq: 99999, TaskID: tk.ID, Value: tk.Target.Mul(decimal.NewFromInt(2)), AsOf: date("2019-06-01")})
		was = append(was, next[i])
		next[i] = Row{Task: tk, Eval: Evaluate(s.Plan, tk, h, asOf)}
		now = append(now, next[i])
	}
	out, ok := tl.Replace(was, now)
	if !ok {
		t.Fatal("not replaced")
	}
	if got, want := out.Summary(), s.Summarize(next, asOf); !sameSummary(got, want) {
		t.Errorf("replaced:\n%+v\nwant\n%+v", got.All, want.All)
	}
	if !reflect.DeepEqual(tl.Summary(), before) {
		t.Error("the old tally changed")
	}
	moved := now[0]
	moved.Task.Lead = "别的部门"
	if _, ok := tl.Replace(was[:1], []Row{moved}); ok {
		t.Error("a task that moved department was replaced in place")
	}
}

// sameSummary compares summaries by value: sums that went up and down
// again are equal numbers, maybe not equal representations.
func sameSummary(a, b Summary) bool {
	eq := func(x, y Group) bool {
		return x.Name == y.Name && x.Tasks == y.Tasks && x.Stale == y.Stale && reflect.DeepEqual(x.Counts, y.Counts) &&
			reflect.DeepEqual(x.Cats, y.Cats) && x.AvgProgress.Equal(y.AvgProgress) && x.AvgLag.Equal(y.AvgLag) &&
			x.Score.Valid == y.Score.Valid && x.Score.Decimal.Equal(y.Score.Decimal)
	}
	if !eq(a.All, b.All) || len(a.Chapters) != len(b.Chapters) || len(a.Depts) != len(b.Depts) || !a.TimeProgress.Equal(b.TimeProgress) {
		return false
	}
	for i := range a.Chapters {
		if !eq(a.Chapters[i], b.Chapters[i]) {
			return false
		}
	}
	for i := range a.Depts {
		if !eq(a.Depts[i], b.Depts[i]) {
			return false
		}
	}
	return true
}

// MostLagging's selection of the n worst is the first n of a stable sort
// of every lagging row.
func TestMostLaggingIsStableSort(t *testing.T) {
	s := bigSnapshot(2000)
	rows := s.Evaluate(date("2019-06-30"))
	all := MostLagging(rows, -1)
	if !sort.SliceIsSorted(all, func(i, j int) bool {
		a, b := all[i].Eval, all[j].Eval
		if a.Status != b.Status {
			return a.Status.Severity() > b.Status.Severity()
		}
		return a.Lag.GreaterThan(b.Lag)
	}) {
		t.Fatal("MostLagging(-1) not sorted")
	}
	for _, n := range []int{0, 1, 5, 17, len(all), len(all) + 3} {
		got, want := rowIDs(MostLagging(rows, n)), rowIDs(all[:min(n, len(all))])
		if !slices.Equal(got, want) {
			t.Errorf("n=%d: %v, want %v", n, got, want)
		}
	}
}

// A large tally, totalled in parts and merged, is Summarize's: the same
// totals and the groups in the same order.
func TestTallyInParts(t *testing.T) {
	s := bigSnapshot(50000)
	asOf := date("2019-06-30")
	rows := s.Evaluate(asOf)
	if got, want := s.Tally(rows, asOf).Summary(), s.Summarize(rows, asOf); !sameSummary(got, want) {
		t.Errorf("in parts:\n%+v\nwant\n%+v", got.All, want.All)
	}
}
