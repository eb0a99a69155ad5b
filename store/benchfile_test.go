package store

import (
	"os"
	"testing"

	"duban/internal/benchcpu"
)

// BenchmarkOpenSnapshotFile is BenchmarkOpenSnapshot on the file named by
// DUBAN_BENCH_DB (skipped without it), e.g. one of 100,000 tasks from
// `go run ./scripts/genplan -o /tmp/big.db -tasks 100000`:
//
//	DUBAN_BENCH_DB=/tmp/big.db go test ./store/ -run '^$' -bench 'SnapshotFile' -benchmem
//
// The file is opened read-only and not changed.
func BenchmarkOpenSnapshotFile(b *testing.B) {
	path := os.Getenv("DUBAN_BENCH_DB")
	if path == "" {
		b.Skip("DUBAN_BENCH_DB is not set")
	}
	defer benchcpu.Report(b, benchcpu.Now())
	for b.Loop() {
		s, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Snapshot(); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
