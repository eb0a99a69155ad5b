package store

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"duban/internal/benchcpu"
	"duban/model"
)

// pointSizes are the plan sizes the point benchmarks compare: a one-task
// command should cost the same at both (issue 14: within 10%).
var pointSizes = []int{100, 100000}

var (
	pointMu  sync.Mutex
	pointDBs = map[int]string{}
)

// pointDB builds, once per run and size, a file whose current plan has n
// tasks with benchHistory reports each, beside another plan of the same
// size, and returns a fresh copy of it.
func pointDB(b *testing.B, n int) string {
	b.Helper()
	pointMu.Lock()
	defer pointMu.Unlock()
	path, ok := pointDBs[n]
	if !ok {
		if benchDir == "" {
			dir, err := os.MkdirTemp("", "duban-bench-")
			if err != nil {
				b.Fatal(err)
			}
			benchDir = dir
		}
		path = filepath.Join(benchDir, fmt.Sprintf("point-%d.db", n))
		if err := buildPlans(path, n); err != nil {
			b.Fatal(err)
		}
		pointDBs[n] = path
	}
	dst := filepath.Join(b.TempDir(), "d.db")
	if err := copyFile(path, dst); err != nil {
		b.Fatal(err)
	}
	return dst
}

// buildPlans writes the file of pointDB.
func buildPlans(path string, n int) error {
	s, err := Open(path, Options{Seed: bigPlan(n)})
	if err != nil {
		return err
	}
	defer s.Close()
	first := s.CurrentPlan()
	p, tasks, _ := bigPlan(n)()
	p.ID = "current"
	if err := s.ReplacePlan(model.LocalActor("admin"), p, tasks); err != nil {
		return err
	}
	for _, id := range []string{first, p.ID} {
		if err := s.SetCurrentPlan(testActor, id); err != nil {
			return err
		}
		var us []model.Update
		for m := 1; m <= benchHistory; m++ {
			for _, t := range tasks {
				v := t.Target.Mul(dec(fmt.Sprint(m))).Div(dec("12")).Round(1)
				us = append(us, model.Update{TaskID: t.ID, Value: v, AsOf: time.Date(2019, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1),
					Note: "本月完成停车位建设若干个，智慧停车系统完成招标", Problems: "征地拆迁进度偏慢",
					Next: "加快征地拆迁，督促施工单位倒排工期", By: "填报员"})
			}
		}
		for len(us) > 0 { // in batches: one huge transaction is slower
			k := min(len(us), 20000)
			if _, err := s.ApplyUpdates(testActor, us[:k]); err != nil {
				return err
			}
			us = us[k:]
		}
	}
	return s.Close()
}

// BenchmarkPoint is what a one-task command reads and writes, at 100 and
// at 100,000 tasks (with a second plan of the same size in the file):
// open+TaskView is `duban show`, TaskView+AddUpdate `duban update`,
// Audit(id) `duban log ID`; AddNote, Review and Urge the screens' one-task
// changes. Each sub-benchmark should cost the same at both sizes.
func BenchmarkPoint(b *testing.B) {
	for _, n := range pointSizes {
		path := pointDB(b, n)
		_, tasks, _ := bigPlan(n)()
		id := func(i int) string { return tasks[i%len(tasks)].ID }
		b.Run(fmt.Sprintf("OpenTaskView/tasks=%d", n), func(b *testing.B) {
			defer benchcpu.Report(b, benchcpu.Now())
			i := 0
			for b.Loop() {
				s, err := Open(path, Options{ReadOnly: true})
				if err != nil {
					b.Fatal(err)
				}
				if v, err := s.TaskView(id(i*7919), ""); err != nil || len(v.History) != benchHistory {
					b.Fatal(err, len(v.History))
				}
				s.Close()
				i++
			}
		})
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("TaskView/tasks=%d", n), func(b *testing.B) {
			defer benchcpu.Report(b, benchcpu.Now())
			i := 0
			for b.Loop() {
				if _, err := s.TaskView(id(i*7919), "填报员"); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(fmt.Sprintf("AuditTask/tasks=%d", n), func(b *testing.B) {
			defer benchcpu.Report(b, benchcpu.Now())
			i := 0
			for b.Loop() {
				if _, err := s.Audit(id(i * 7919)); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(fmt.Sprintf("Update/tasks=%d", n), func(b *testing.B) {
			defer benchcpu.Report(b, benchcpu.Now())
			i := 0
			for b.Loop() {
				v, err := s.TaskView(id(i*7919), "填报员")
				if err != nil {
					b.Fatal(err)
				}
				day := time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/len(tasks))
				if _, err := s.AddUpdate(testActor, model.Update{TaskID: v.Task.ID, Value: v.Task.Target, AsOf: day, By: "填报员"}, v.Task.Rev); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(fmt.Sprintf("Note/tasks=%d", n), func(b *testing.B) {
			defer benchcpu.Report(b, benchcpu.Now())
			i := 0
			for b.Loop() {
				if err := s.AddNote(model.LocalActor("填报员"), id(i*7919), "协调会已召开"); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(fmt.Sprintf("Review/tasks=%d", n), func(b *testing.B) {
			defer benchcpu.Report(b, benchcpu.Now())
			i := uint64(0)
			for b.Loop() {
				if err := s.Review(model.LocalActor("审核员"), 1+i*7919%uint64(len(tasks)), model.ReviewApproved, ""); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(fmt.Sprintf("Urge/tasks=%d", n), func(b *testing.B) {
			defer benchcpu.Report(b, benchcpu.Now())
			i := 0
			for b.Loop() {
				if err := s.Urge(model.LocalActor("督查员"), id(i*7919), "请加快进度", time.Time{}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(fmt.Sprintf("RefreshAfterUpdate/tasks=%d", n), func(b *testing.B) {
			prev, err := s.Snapshot()
			if err != nil {
				b.Fatal(err)
			}
			prev.Index()
			i := 0
			var refresh time.Duration
			for b.Loop() {
				t := tasks[i*7919%len(tasks)]
				if _, err := s.AddUpdate(testActor, model.Update{TaskID: t.ID, Value: t.Target, AsOf: time.Date(2019, 7, 31, 0, 0, 0, 0, time.UTC), By: "填报员"}, 0); err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				if prev, err = s.SnapshotSince(prev); err != nil {
					b.Fatal(err)
				}
				refresh += time.Since(start)
				i++
			}
			b.ReportMetric(float64(refresh.Microseconds())/1000/float64(b.N), "refresh-ms/op")
		})
		b.Run(fmt.Sprintf("FullSnapshot/tasks=%d", n), func(b *testing.B) {
			defer benchcpu.Report(b, benchcpu.Now())
			for b.Loop() {
				if _, err := s.Snapshot(); err != nil {
					b.Fatal(err)
				}
			}
		})
		s.Close()
	}
}
