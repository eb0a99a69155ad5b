package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"duban/internal/benchcpu"
	"duban/model"
)

// TestMain removes the benchmarks' shared database when the run ends.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

const (
	benchTasks   = 10000
	benchHistory = 3 // updates per task
)

// bigPlan is a generated plan of n tasks of every kind, with texts of a
// realistic length.
func bigPlan(n int) func() (model.Plan, []model.Task, error) {
	return func() (model.Plan, []model.Task, error) {
		p, _, _ := testPlan()
		tasks := make([]model.Task, n)
		for i := range tasks {
			kind := model.Kinds[i%len(model.Kinds)]
			target := dec(fmt.Sprint(100 + i%900))
			if kind == model.KindMilestone {
				target = dec("100")
			}
			tasks[i] = model.Task{
				ID:      fmt.Sprintf("%d.%d.%02d", i/2000+1, i/40%50+1, i%40+1),
				Chapter: fmt.Sprintf("第%d章 推动高质量发展", i/2000+1), Section: "抓好交通拥堵治理",
				Name: fmt.Sprintf("新增停车位第%d项", i), Kind: kind, Target: target, Unit: "个",
				Lead: fmt.Sprintf("市第%d局", i%40), Partners: []string{"市公安局", "市财政局"},
				Source: "新建和改造停车位1500个，其中公共停车位500个，推进智慧停车系统建设，缓解中心城区停车难问题",
			}
		}
		return p, tasks, nil
	}
}

var (
	benchOnce sync.Once
	benchDir  string
	benchPath string
	benchErr  error
)

// benchDB builds, once per run, a database of benchTasks tasks with
// benchHistory updates each, and returns a fresh copy of it.
func benchDB(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "duban-bench-")
		if benchErr != nil {
			return
		}
		benchPath = filepath.Join(benchDir, "big.db")
		s, err := Open(benchPath, Options{Seed: bigPlan(benchTasks)})
		if err != nil {
			benchErr = err
			return
		}
		defer s.Close()
		snap, err := s.Snapshot()
		if err != nil {
			benchErr = err
			return
		}
		var us []model.Update
		for m := 1; m <= benchHistory; m++ {
			for _, t := range snap.Tasks {
				v := t.Target.Mul(dec(fmt.Sprint(m))).Div(dec("12")).Round(1)
				us = append(us, model.Update{TaskID: t.ID, Value: v, AsOf: time.Date(2019, time.Month(m+3), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1),
					Note: "本月完成停车位建设若干个，智慧停车系统完成招标", Problems: "征地拆迁进度偏慢",
					Next: "加快征地拆迁，督促施工单位倒排工期", By: "填报员"})
			}
		}
		_, benchErr = s.ApplyUpdates(model.LocalActor("test"), us)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	dst := filepath.Join(b.TempDir(), "big.db")
	if err := copyFile(benchPath, dst); err != nil {
		b.Fatal(err)
	}
	return dst
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	// On the disk before it is used: else the first commit's fdatasync
	// writes the whole copy out, which a benchmark of one-record writes
	// would count (BenchmarkPoint/Update at 100,000 tasks: 25–30 ms a
	// write, 1.3 ms once the copy is synced).
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BenchmarkOpenSnapshot is what every command pays: open the file (with
// its checks) and read everything. Budget: 50 ms for 10,000 tasks.
func BenchmarkOpenSnapshot(b *testing.B) {
	path := benchDB(b)
	defer benchcpu.Report(b, benchcpu.Now())
	for b.Loop() {
		s, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		snap, err := s.Snapshot()
		if err != nil {
			b.Fatal(err)
		}
		if len(snap.Tasks) != benchTasks {
			b.Fatalf("%d tasks", len(snap.Tasks))
		}
		s.Close()
	}
}

// BenchmarkOpenSnapshotRW is the same, opening read-write as the TUI does.
func BenchmarkOpenSnapshotRW(b *testing.B) {
	path := benchDB(b)
	defer benchcpu.Report(b, benchcpu.Now())
	for b.Loop() {
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Snapshot(); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkSnapshot reads everything from an open store.
func BenchmarkSnapshot(b *testing.B) {
	s, err := Open(benchDB(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	defer benchcpu.Report(b, benchcpu.Now())
	for b.Loop() {
		if _, err := s.Snapshot(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSnapshotAt: SnapshotAt for one as-of date on the same file, what
// list and export read instead of a whole Snapshot.
func BenchmarkSnapshotAt(b *testing.B) {
	s, err := Open(benchDB(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	asOf := func(model.Plan) ([]time.Time, error) {
		return []time.Time{time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC)}, nil
	}
	defer benchcpu.Report(b, benchcpu.Now())
	for b.Loop() {
		if _, err := s.SnapshotAt(asOf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAddUpdate records one update: one committed, synced write
// transaction.
func BenchmarkAddUpdate(b *testing.B) {
	s, err := Open(benchDB(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	snap, _ := s.Snapshot()
	i := 0
	for b.Loop() {
		t := snap.Tasks[i%len(snap.Tasks)]
		i++
		u := model.Update{TaskID: t.ID, Value: t.Target, AsOf: time.Date(2019, 7, 31, 0, 0, 0, 0, time.UTC), By: "填报员"}
		if _, err := s.AddUpdate(model.LocalActor("test"), u, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck runs the full consistency check.
func BenchmarkCheck(b *testing.B) {
	s, err := Open(benchDB(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		if p := s.Check(); len(p) > 0 {
			b.Fatal(p)
		}
	}
}
