// Command firstframe times, in one process, what the TUI does before its
// first frame with data on a duban file, step by step (and then the
// index its first search builds), optionally writing a CPU profile:
//
//	go run ./scripts/firstframe -db /tmp/big.db [-cpuprofile ff.prof]
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"duban/model"
	"duban/safetext"
	"duban/store"
)

func main() {
	db := flag.String("db", "", "the duban file")
	prof := flag.String("cpuprofile", "", "write a CPU profile here")
	memprof := flag.String("memprofile", "", "write a heap profile here, after the first frame's work")
	flag.Parse()
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	t0 := time.Now()
	step := func(name string) {
		fmt.Printf("%-22s %7.0f ms\n", name, float64(time.Since(t0).Microseconds())/1000)
		t0 = time.Now()
	}
	st, err := store.Open(*db, store.Options{ReadOnly: true})
	if err != nil {
		fail(err)
	}
	defer st.Close()
	step("open")
	s, err := st.Snapshot()
	if err != nil {
		fail(err)
	}
	step("snapshot")
	raw := s
	s = safetext.Snapshot(s)
	step("safetext")
	if s != raw {
		fmt.Println("(some text needed escaping: the snapshot was copied)")
	}
	asOf := time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC)
	rows := s.Evaluate(asOf)
	step("evaluate")
	_ = s.Summarize(rows, asOf)
	step("summarize")
	if *memprof != "" {
		f, err := os.Create(*memprof)
		if err != nil {
			fail(err)
		}
		runtime.GC()
		if err := pprof.WriteHeapProfile(f); err != nil {
			fail(err)
		}
		_ = f.Close()
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("heap in use %d MB, %d tasks\n", m.HeapInuse>>20, len(s.Tasks))
	// The TUI builds the search index on the first search, not before the
	// first frame.
	t0 = time.Now()
	_ = s.Index()
	step("index (first search)")
	runtime.KeepAlive(rows)
	runtime.KeepAlive(s)
	_ = model.Row{}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
