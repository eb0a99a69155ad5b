package model

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/shopspring/decimal"
)

// names for generated tasks, so the search index has real Chinese to chew on.
var benchNames = []string{"新增停车位", "新建改造公厕", "改造老旧小区", "新增就业", "高标准农田建设",
	"研发投入占GDP比重", "固定资产投资增长", "城镇登记失业率", "市博物馆搬迁工程竣工开馆", "新增高新技术企业"}

// bigSnapshot generates n tasks of every kind with three or four updates each.
func bigSnapshot(n int) *Snapshot {
	r := rand.New(rand.NewPCG(1, 2))
	s := &Snapshot{Plan: plan2019, History: make(map[string][]Update, n)}
	for i := range n {
		k := Kinds[i%len(Kinds)]
		target := decimal.NewFromInt(int64(100 + r.IntN(5000)))
		if k == KindMilestone {
			target = hundred
		}
		t := Task{
			ID:      fmt.Sprintf("%d.%d.%02d", i/1000, (i/50)%20+1, i%50+1),
			Chapter: fmt.Sprintf("第%d章", i/1000),
			Section: "抓好交通拥堵治理",
			Name:    fmt.Sprintf("%s%d", benchNames[i%len(benchNames)], i),
			Kind:    k, Target: target, Unit: "个",
			Lead: fmt.Sprintf("市第%d局", i%37), Partners: []string{"市财政局"},
			Due: plan2019.End, Source: "新增停车位1500个",
		}
		s.Tasks = append(s.Tasks, t)
		var h []Update
		for m := 1; m <= 3+i%2 && i%7 != 0; m++ { // every 7th task unreported
			v := target.Mul(decimal.NewFromInt(int64(m * (15 + r.IntN(10))))).Div(hundred).Round(1)
			if i%11 == 0 && m == 3 { // every 11th finished by its third report
				v = target
			}
			h = append(h, Update{Seq: uint64(i*10 + m), TaskID: t.ID, Value: v,
				AsOf: date(fmt.Sprintf("2019-%02d-28", m*2))})
		}
		SortUpdates(h)
		s.History[t.ID] = h
	}
	sort.Slice(s.Tasks, func(i, j int) bool { return CompareIDs(s.Tasks[i].ID, s.Tasks[j].ID) < 0 })
	return s
}

func BenchmarkEvaluate10k(b *testing.B)  { benchEvaluate(b, 10000) }
func BenchmarkEvaluate100k(b *testing.B) { benchEvaluate(b, 100000) }

// benchEvaluate is Snapshot.Evaluate of an n-task plan.
func benchEvaluate(b *testing.B, n int) {
	s := bigSnapshot(n)
	asOf := date("2019-06-30")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rows := s.Evaluate(asOf)
		if len(rows) != n {
			b.Fatal(len(rows))
		}
	}
}

func BenchmarkSummarize10k(b *testing.B)  { benchSummarize(b, 10000) }
func BenchmarkSummarize100k(b *testing.B) { benchSummarize(b, 100000) }

func benchSummarize(b *testing.B, n int) {
	s := bigSnapshot(n)
	asOf := date("2019-06-30")
	rows := s.Evaluate(asOf)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = s.Summarize(rows, asOf)
	}
}

// BenchmarkTally100k is the TUI's totals of a 100,000-task plan.
func BenchmarkTally100k(b *testing.B) {
	s := bigSnapshot(100000)
	asOf := date("2019-06-30")
	rows := s.Evaluate(asOf)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = s.Tally(rows, asOf).Summary()
	}
}

// BenchmarkIndexMatch10k is one keystroke in the search box: the query
// matched against every task of a 10,000-task plan.
func BenchmarkIndexMatch10k(b *testing.B) {
	s := bigSnapshot(10000)
	idx := NewIndex(s.Tasks)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		n := 0
		for _, t := range s.Tasks {
			if idx.Match(t.ID, "tcw") {
				n++
			}
		}
		if n == 0 {
			b.Fatal("no match")
		}
	}
}

func BenchmarkNewIndex10k(b *testing.B) {
	s := bigSnapshot(10000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = NewIndex(s.Tasks)
	}
}

func TestBigSnapshotSane(t *testing.T) {
	s := bigSnapshot(2000)
	seen := map[string]bool{}
	for _, x := range s.Tasks {
		if seen[x.ID] {
			t.Fatalf("duplicate generated id %s", x.ID)
		}
		seen[x.ID] = true
		if err := ValidateTask(x); err != nil {
			t.Fatal(err)
		}
	}
	counts := map[Status]int{}
	for _, r := range s.Evaluate(date("2019-06-30")) {
		counts[r.Eval.Status]++
	}
	if len(counts) < 4 {
		t.Errorf("generated plan has too few statuses: %v", counts)
	}
}

// BenchmarkEvaluateOne is one task evaluated on its own (show, update,
// the review screen): Evaluate with an Evaluator of its own.
func BenchmarkEvaluateOne(b *testing.B) {
	s := bigSnapshot(100)
	t := s.Tasks[3]
	h := s.History[t.ID]
	asOf := date("2019-06-30")
	b.ReportAllocs()
	for b.Loop() {
		_ = Evaluate(s.Plan, t, h, asOf)
	}
}

// BenchmarkPercentText10k writes the 完成率, 序时进度 and 滞后 of 10,000
// evaluated tasks as every surface shows them.
func BenchmarkPercentText10k(b *testing.B) {
	rows := bigSnapshot(10000).Evaluate(date("2019-06-30"))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range rows {
			e := &rows[i].Eval
			_, _, _ = NullPercentText(e.Progress), PercentText(e.TimeProgress), PercentText(e.Lag)
		}
	}
}

// BenchmarkValueText10k writes the target and the actual of 10,000
// evaluated tasks as the tables show them.
func BenchmarkValueText10k(b *testing.B) {
	rows := bigSnapshot(10000).Evaluate(date("2019-06-30"))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range rows {
			_, _ = rows[i].Task.TargetText(), NullValueText(rows[i].Eval.Actual)
		}
	}
}
