package model

import (
	"slices"
	"testing"

	"github.com/shopspring/decimal"
)

// fixture is a small plan evaluated at 2019-06-30 (time progress 181/365):
//
//	1.1.01 一、产业 市发改委 (+市统计局)  count 100, 60          on_track 60
//	1.1.02 一、产业 市工信局            count 365, 144.5       at_risk  lag 10
//	1.2.01 一、产业 市发改委            growth 10%, 9          behind   lag 10
//	2.1.01 二、城乡 市城管局            新增停车位, 1687.5     done     112.5
//	2.1.02 二、城乡 市城管局 (+市发改委) milestone, no report  no_report, stale
//	2.10.01 二、城乡 市工信局           count 365, 170 @05-15  behind   lag ≈3, stale
//	2.10.02 二、城乡 市工信局           count 365, 0           at_risk  lag ≈49.6
func fixture() *Snapshot {
	ch1, ch2 := "一、产业", "二、城乡"
	parking := taskParking
	parking.ID, parking.Chapter, parking.Lead, parking.Partners = "2.1.01", ch2, "市城管局", nil
	s := &Snapshot{
		Plan: plan2019,
		Tasks: []Task{
			{ID: "1.1.01", Chapter: ch1, Name: "新增规模工业企业", Kind: KindCount, Target: dec("100"), Unit: "家",
				Lead: "市发改委", Partners: []string{"市统计局"}, Due: plan2019.End},
			{ID: "1.1.02", Chapter: ch1, Name: "新建5G基站", Kind: KindCount, Target: dec("365"), Unit: "个",
				Lead: "市工信局", Due: plan2019.End},
			{ID: "1.2.01", Chapter: ch1, Name: "固定资产投资增长", Kind: KindGrowth, Target: dec("10"), Unit: "%",
				Lead: "市发改委", Due: plan2019.End},
			parking,
			{ID: "2.1.02", Chapter: ch2, Name: "市博物馆开馆", Kind: KindMilestone, Target: dec("100"), Unit: "%",
				Lead: "市城管局", Partners: []string{"市发改委"}, Due: plan2019.End},
			{ID: "2.10.01", Chapter: ch2, Name: "改造老旧小区", Kind: KindCount, Target: dec("365"), Unit: "个",
				Lead: "市工信局", Due: plan2019.End},
			{ID: "2.10.02", Chapter: ch2, Name: "新建公厕", Kind: KindCount, Target: dec("365"), Unit: "座",
				Lead: "市工信局", Due: plan2019.End},
		},
		History: map[string][]Update{
			"1.1.01":  hist(upd("2019-06-30", "60")),
			"1.1.02":  hist(upd("2019-06-30", "144.5")),
			"1.2.01":  hist(upd("2019-06-30", "9")),
			"2.1.01":  hist(upd("2019-06-30", "1687.5")),
			"2.10.01": hist(upd("2019-05-15", "170")),
			"2.10.02": hist(upd("2019-06-30", "0")),
		},
	}
	for id, h := range s.History {
		for i := range h {
			h[i].TaskID = id
		}
	}
	return s
}

func rowIDs(rows []Row) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r.Task.ID)
	}
	return out
}

func TestSnapshotEvaluate(t *testing.T) {
	s := fixture()
	rows := s.Evaluate(date("2019-06-30"))
	want := map[string]struct {
		status Status
		stale  bool
	}{
		"1.1.01": {StatusOnTrack, false}, "1.1.02": {StatusAtRisk, false}, "1.2.01": {StatusBehind, false},
		"2.1.01": {StatusDone, false}, "2.1.02": {StatusNoReport, true}, "2.10.01": {StatusBehind, true},
		"2.10.02": {StatusAtRisk, false},
	}
	if got := rowIDs(rows); !slices.Equal(got, rowIDs(func() []Row {
		var rs []Row
		for _, t := range s.Tasks {
			rs = append(rs, Row{Task: t})
		}
		return rs
	}())) {
		t.Fatalf("rows not in task order: %v", got)
	}
	for _, r := range rows {
		t.Run(r.Task.ID, func(t *testing.T) {
			w := want[r.Task.ID]
			if r.Eval.Status != w.status || r.Eval.Stale != w.stale {
				t.Errorf("status %s stale %v, want %s %v", r.Eval.Status, r.Eval.Stale, w.status, w.stale)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	s := fixture()
	asOf := date("2019-06-30")
	rows := s.Evaluate(asOf)
	sum := s.Summarize(rows, asOf)

	t.Run("all", func(t *testing.T) {
		want := map[Status]int{StatusDone: 1, StatusOnTrack: 1, StatusBehind: 2, StatusAtRisk: 2, StatusNoReport: 1}
		for _, st := range Statuses {
			if sum.All.Counts[st] != want[st] {
				t.Errorf("count %s = %d, want %d", st, sum.All.Counts[st], want[st])
			}
		}
		if sum.All.Tasks != 7 || sum.All.Stale != 2 {
			t.Errorf("tasks %d stale %d, want 7 and 2", sum.All.Tasks, sum.All.Stale)
		}
		// Mean of capped progress, the unreported task counting 0.
		total := decimal.Zero
		for _, r := range rows {
			if r.Eval.Progress.Valid {
				total = total.Add(decimal.Min(r.Eval.Progress.Decimal, hundred))
			}
		}
		decEq(t, "AvgProgress", sum.All.AvgProgress, total.Div(decimal.NewFromInt(7)).String())
		if !sum.TimeProgress.Equal(decimal.NewFromInt(18100).Div(decimal.NewFromInt(365))) || !sum.AsOf.Equal(asOf) {
			t.Errorf("TimeProgress %s, AsOf %v", sum.TimeProgress, sum.AsOf)
		}
	})
	t.Run("chapters in plan order", func(t *testing.T) {
		var names []string
		for _, g := range sum.Chapters {
			names = append(names, g.Name)
		}
		if want := []string{"一、产业", "二、城乡"}; !slices.Equal(names, want) {
			t.Fatalf("chapters = %v, want %v", names, want)
		}
		c1, c2 := sum.Chapters[0], sum.Chapters[1]
		if c1.Tasks != 3 || c1.Counts[StatusOnTrack] != 1 || c1.Counts[StatusAtRisk] != 1 || c1.Counts[StatusBehind] != 1 {
			t.Errorf("chapter 1 = %+v", c1)
		}
		if c2.Tasks != 4 || c2.Counts[StatusDone] != 1 || c2.Counts[StatusNoReport] != 1 || c2.Stale != 2 {
			t.Errorf("chapter 2 = %+v", c2)
		}
	})
	t.Run("departments ranked by average progress", func(t *testing.T) {
		var names []string
		for _, g := range sum.Depts {
			names = append(names, g.Name)
		}
		if want := []string{"市发改委", "市城管局", "市工信局"}; !slices.Equal(names, want) {
			t.Fatalf("depts = %v, want %v", names, want)
		}
		decEq(t, "市发改委 avg (60+90)/2", sum.Depts[0].AvgProgress, "75")
		decEq(t, "市城管局 avg (112.5 capped to 100, and 0)/2", sum.Depts[1].AvgProgress, "50")
		if sum.Depts[2].Tasks != 3 || sum.Depts[2].Counts[StatusAtRisk] != 2 {
			t.Errorf("市工信局 = %+v", sum.Depts[2])
		}
	})
	t.Run("empty", func(t *testing.T) {
		e := (&Snapshot{Plan: plan2019}).Summarize(nil, asOf)
		if e.All.Tasks != 0 || !e.All.AvgProgress.IsZero() || len(e.Chapters) != 0 || len(e.Depts) != 0 {
			t.Errorf("empty summary = %+v", e)
		}
	})
	t.Run("negative progress counts as zero", func(t *testing.T) {
		g := group(plan2019, "x", []Row{{Eval: Eval{Status: StatusAtRisk, Progress: decimal.NewNullDecimal(dec("-10"))}},
			{Eval: Eval{Status: StatusOnTrack, Progress: decimal.NewNullDecimal(dec("50"))}}})
		decEq(t, "AvgProgress", g.AvgProgress, "25")
	})
}

func TestMostLagging(t *testing.T) {
	rows := fixture().Evaluate(date("2019-06-30"))
	cases := []struct {
		name string
		n    int
		want []string
	}{
		{"all, worst first", 10, []string{"2.10.02", "1.1.02", "1.2.01", "2.10.01"}},
		{"top two", 2, []string{"2.10.02", "1.1.02"}},
		{"none", 0, []string{}},
		{"negative means no limit", -1, []string{"2.10.02", "1.1.02", "1.2.01", "2.10.01"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := rowIDs(MostLagging(rows, c.n)); !slices.Equal(got, c.want) {
				t.Errorf("MostLagging(%d) = %v, want %v", c.n, got, c.want)
			}
		})
	}
}

func TestFilter(t *testing.T) {
	s := fixture()
	rows := s.Evaluate(date("2019-06-30"))
	idx := NewIndex(s.Tasks)
	cases := []struct {
		name string
		f    Filter
		want []string
	}{
		{"empty selects all", Filter{}, []string{"1.1.01", "1.1.02", "1.2.01", "2.1.01", "2.1.02", "2.10.01", "2.10.02"}},
		{"dept as lead or partner", Filter{Dept: "市发改委"}, []string{"1.1.01", "1.2.01", "2.1.02"}},
		{"dept by substring", Filter{Dept: "城管"}, []string{"2.1.01", "2.1.02"}},
		{"dept as partner only", Filter{Dept: "统计"}, []string{"1.1.01"}},
		{"chapter by name", Filter{Chapter: "城乡"}, []string{"2.1.01", "2.1.02", "2.10.01", "2.10.02"}},
		{"chapter by number", Filter{Chapter: "1"}, []string{"1.1.01", "1.1.02", "1.2.01"}},
		{"chapter number is not a prefix of 2.10", Filter{Chapter: "2.1"}, []string{"2.1.01", "2.1.02"}},
		{"status", Filter{Status: StatusBehind}, []string{"1.2.01", "2.10.01"}},
		{"stale", Filter{Stale: true}, []string{"2.1.02", "2.10.01"}},
		{"search Chinese", Filter{Search: "停车"}, []string{"2.1.01"}},
		{"search pinyin initials", Filter{Search: "tcw"}, []string{"2.1.01"}},
		{"search id", Filter{Search: "2.10"}, []string{"2.10.01", "2.10.02"}},
		{"search finds nothing", Filter{Search: "xyz"}, []string{}},
		{"combined", Filter{Dept: "工信", Status: StatusAtRisk}, []string{"1.1.02", "2.10.02"}},
		{"combined to nothing", Filter{Dept: "工信", Status: StatusDone}, []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := rowIDs(c.f.Apply(rows, idx)); !slices.Equal(got, c.want) {
				t.Errorf("Apply = %v, want %v", got, c.want)
			}
			if c.f.Empty() != (c.f == Filter{}) {
				t.Errorf("Empty = %v", c.f.Empty())
			}
			// Without a prebuilt index the same rows pass.
			var got []string
			for _, r := range rows {
				if c.f.Match(r, nil) {
					got = append(got, r.Task.ID)
				}
			}
			if got == nil {
				got = []string{}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("Match without index = %v, want %v", got, c.want)
			}
		})
	}
}

func TestIndexMatch(t *testing.T) {
	other := Task{ID: "1.1.01", Name: "地区生产总值增长", Section: "主要预期目标", Lead: "市发展和改革委员会"}
	idx := NewIndex([]Task{taskParking, other})
	cases := []struct {
		name string
		id   string
		q    string
		want bool
	}{
		{"Chinese substring", "3.5.02", "停车", true},
		{"whole name", "3.5.02", "新增停车位", true},
		{"id", "3.5.02", "3.5.02", true},
		{"id prefix", "3.5.02", "3.5", true},
		{"pinyin initials", "3.5.02", "tcw", true},
		{"pinyin initials in capitals", "3.5.02", "TCW", true},
		{"all initials", "3.5.02", "xztcw", true},
		{"full pinyin", "3.5.02", "tingchewei", true},
		{"full pinyin of the whole name", "3.5.02", "xinzengtingchewei", true},
		{"section initials", "3.5.02", "jtyd", true},
		{"lead department", "3.5.02", "城市管理", true},
		{"partner", "3.5.02", "住房和城乡", true},
		{"source", "3.5.02", "1500个", true},
		{"several words all match", "3.5.02", "停车 tcw", true},
		{"full-width space between words", "3.5.02", "停车\u3000tcw", true},
		{"one word missing", "3.5.02", "停车 xyz", false},
		{"no match", "3.5.02", "xyz", false},
		{"another task's words", "3.5.02", "生产总值", false},
		{"other task by initials", "1.1.01", "dqsczz", true},
		{"other task not by parking", "1.1.01", "tcw", false},
		{"empty query matches", "3.5.02", "  ", true},
		{"unknown id", "9.9.99", "停车", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := idx.Match(c.id, c.q); got != c.want {
				t.Errorf("Match(%q, %q) = %v, want %v", c.id, c.q, got, c.want)
			}
		})
	}
}

func TestSnapshotTaskAndAsOf(t *testing.T) {
	s := fixture()
	for _, id := range []string{"1.1.01", "2.1.01", "2.10.02"} {
		if got, ok := s.Task(id); !ok || got.ID != id {
			t.Errorf("Task(%q) = %q, %v", id, got.ID, ok)
		}
	}
	for _, id := range []string{"", "2.1", "2.1.1", "9.9.99"} {
		if got, ok := s.Task(id); ok {
			t.Errorf("Task(%q) = %q, want none", id, got.ID)
		}
	}
	cases := []struct{ now, want string }{
		{"2019-06-30", "2019-06-30"},
		{"2021-03-01", "2019-12-31"},
		{"2018-03-01", "2019-01-01"},
	}
	for _, c := range cases {
		if got := FormatDate(s.DefaultAsOf(date(c.now))); got != c.want {
			t.Errorf("DefaultAsOf(%s) = %s, want %s", c.now, got, c.want)
		}
	}
}

func TestKindsAndStatuses(t *testing.T) {
	for _, k := range Kinds {
		if !k.Valid() {
			t.Errorf("%s not valid", k)
		}
	}
	if Kind("amount").Valid() || Kind("").Valid() {
		t.Error("unknown kind valid")
	}
	paced := map[Kind]bool{KindCount: true, KindMilestone: true}
	for _, k := range Kinds {
		if k.Paced() != paced[k] {
			t.Errorf("%s.Paced() = %v", k, k.Paced())
		}
	}
	prev := -1
	for _, s := range []Status{StatusDone, StatusOnTrack, StatusBehind, StatusNoReport, StatusAtRisk} {
		if !s.Valid() || s.Severity() <= prev {
			t.Errorf("%s: valid %v severity %d after %d", s, s.Valid(), s.Severity(), prev)
		}
		prev = s.Severity()
	}
	if Status("late").Valid() || !Role("admin").Valid() || Role("boss").Valid() {
		t.Error("validity of unknown values")
	}
}
