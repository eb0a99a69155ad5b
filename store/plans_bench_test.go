package store

import (
	"path/filepath"
	"testing"
	"time"

	"duban/internal/benchcpu"
	"duban/model"
)

// BenchmarkSnapshotBesidePlans reads the snapshot of a small plan alone
// in its file and beside a plan of benchTasks tasks with an update each:
// the two should cost the same, since a plan's buckets are its own.
func BenchmarkSnapshotBesidePlans(b *testing.B) {
	for _, beside := range []bool{false, true} {
		name := "alone"
		if beside {
			name = "beside-10k"
		}
		b.Run(name, func(b *testing.B) {
			s, err := Open(filepath.Join(b.TempDir(), "d.db"), Options{Seed: testPlan})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			small := s.CurrentPlan()
			if beside {
				p, tasks, _ := bigPlan(benchTasks)()
				p.ID = "big"
				if err := s.ReplacePlan(model.LocalActor("admin"), p, tasks); err != nil {
					b.Fatal(err)
				}
				if err := s.UsePlan("big"); err != nil {
					b.Fatal(err)
				}
				us := make([]model.Update, len(tasks))
				for i, t := range tasks {
					us[i] = model.Update{TaskID: t.ID, Value: dec("50"), AsOf: time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC),
						Note: "进展", Problems: "问题", Next: "措施", By: "填报员"}
				}
				if _, err := s.ApplyUpdates(model.LocalActor("test"), us); err != nil {
					b.Fatal(err)
				}
				if err := s.UsePlan(small); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			start := benchcpu.Now()
			for range b.N {
				if _, err := s.Snapshot(); err != nil {
					b.Fatal(err)
				}
			}
			benchcpu.Report(b, start)
		})
	}
}
