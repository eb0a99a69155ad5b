package store

import (
	bolt "go.etcd.io/bbolt"

	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"duban/internal/benchcpu"
	"duban/model"
)

// BenchmarkBackupWhileSaving takes hot backups (BackupTo, as `ssh …
// backup` does) of a 10,000-task file back to back while 50 sessions save
// about 100 times a second in all, and reports the longest a save waited
// (max-save-ms; the goal of issue 9 is 100 ms), the 99th percentile, and
// how often bbolt remapped the file (remaps: each one waits for every
// open read transaction, a backup's included). The idle variant saves
// the same way with no backup running, for comparison.
func BenchmarkBackupWhileSaving(b *testing.B) {
	for _, backup := range []bool{true, false} {
		name := "backup"
		if !backup {
			name = "idle"
		}
		b.Run(name, func(b *testing.B) { benchBackupWhileSaving(b, backup) })
	}
}

func benchBackupWhileSaving(b *testing.B, backup bool) {
	// A fresh file, as `duban init` (or the served benchmark) makes it: it
	// grows as the sessions save, past the size bbolt first mapped.
	s, err := Open(filepath.Join(b.TempDir(), "big.db"), Options{Seed: bigPlan(benchTasks)})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	snap, err := s.Snapshot()
	if err != nil {
		b.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var waits []time.Duration
	remaps, data := 0, s.db.Info().Data
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task := snap.Tasks[i*97%len(snap.Tasks)]
			for v := 1; ; v++ {
				select {
				case <-stop:
					return
				case <-time.After(time.Duration(200+i*6) * time.Millisecond): // 50 sessions: ~100 saves a second
				}
				u := model.Update{TaskID: task.ID, Value: task.Target, AsOf: time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC),
					Note: "本月完成停车位建设若干个，智慧停车系统完成招标", Problems: "征地拆迁进度偏慢",
					Next: "加快征地拆迁，督促施工单位倒排工期", By: "填报员"}
				start := time.Now()
				_, err := s.ApplyUpdates(testActor, []model.Update{u})
				d := time.Since(start)
				mu.Lock()
				if err == nil {
					waits = append(waits, d)
				}
				if d := s.db.Info().Data; d != data {
					remaps, data = remaps+1, d
				}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(300 * time.Millisecond) // every session under way
	b.ResetTimer()
	cpu := benchcpu.Now()
	for b.Loop() {
		if !backup {
			time.Sleep(30 * time.Millisecond)
			continue
		}
		if err := s.BackupTo(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	benchcpu.Report(b, cpu)
	close(stop)
	wg.Wait()
	sort.Slice(waits, func(i, j int) bool { return waits[i] < waits[j] })
	if len(waits) == 0 {
		b.Fatal("no save")
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(waits[len(waits)-1]), "max-save-ms")
	b.ReportMetric(ms(waits[len(waits)*99/100]), "p99-save-ms")
	b.ReportMetric(float64(len(waits)), "saves")
	b.ReportMetric(float64(remaps), "remaps")
	if fi, err := os.Stat(s.path); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
	}
}

// BenchmarkSaveGrowingUnderRead is the cause BenchmarkBackupWhileSaving's
// worst waits came from, isolated: a save that grows the file past what
// bbolt has mapped must remap it, and a remap waits for every open read
// transaction. Each iteration opens a fresh 10,000-task file, holds a read
// transaction for 3 s (a hot backup of a larger file, or a slow
// snapshot) and meanwhile saves an update to every task (the file grows
// by some megabytes); save-ms is how long that save took. With bbolt's
// default mapping it lasts the 3 s at least; with Open's
// initialMmapSize it does not.
func BenchmarkSaveGrowingUnderRead(b *testing.B) {
	seeded := filepath.Join(b.TempDir(), "seeded.db")
	s, err := Open(seeded, Options{Seed: bigPlan(benchTasks)})
	if err != nil {
		b.Fatal(err)
	}
	snap, err := s.Snapshot()
	s.Close()
	if err != nil {
		b.Fatal(err)
	}
	us := make([]model.Update, len(snap.Tasks))
	for i, t := range snap.Tasks {
		us[i] = model.Update{TaskID: t.ID, Value: t.Target, AsOf: time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC),
			Note: "本月完成停车位建设若干个，智慧停车系统完成招标", Problems: "征地拆迁进度偏慢",
			Next: "加快征地拆迁，督促施工单位倒排工期", By: "填报员"}
	}
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "big.db")
		if err := copyFile(seeded, db); err != nil {
			b.Fatal(err)
		}
		s, err := Open(db, Options{})
		if err != nil {
			b.Fatal(err)
		}
		reading := make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- s.db.View(func(*bolt.Tx) error {
				close(reading)
				time.Sleep(3 * time.Second)
				return nil
			})
		}()
		<-reading
		b.StartTimer()
		start := time.Now()
		if _, err := s.ApplyUpdates(testActor, us); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		b.StopTimer()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "save-ms")
}
