package report

import (
	"bytes"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
)

// The JSON export of 3,000 tasks of Chinese text (12 chunks) formatted on
// 2, 3 and 8 goroutines is byte for byte the sequential one: a chunk
// written out of order, twice or not at all would show.
func TestJSONParallelSameBytes(t *testing.T) {
	s := bigSnap(t, 3000)
	for i := range s.Tasks {
		if i%5 == 1 {
			s.Tasks[i].Pacing = "nodes:开工@05-31=30;竣工@12-31=100" // the per-chunk pacing cache
		}
	}
	rows := s.Evaluate(asOf)
	var seq bytes.Buffer
	if err := writeJSONOn(&seq, s, rowSource{n: len(rows), rows: rows}, zhOpts(), 1); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(seq.Bytes(), []byte("新建改造城市道路")) || bytes.Count(seq.Bytes(), []byte("\n      \"id\": ")) != len(rows) {
		t.Fatalf("sequential export lacks its rows")
	}
	for _, procs := range []int{2, 3, 8} {
		var par bytes.Buffer
		if err := writeJSONOn(&par, s, rowSource{n: len(rows), rows: rows}, zhOpts(), procs); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(par.Bytes(), seq.Bytes()) {
			t.Errorf("%d goroutines: output differs from the sequential\n%s", procs, firstDiff(seq.Bytes(), par.Bytes()))
		}
	}
}

// FormatOrdered writes every chunk once, in order, whatever the number of
// items, chunk size and goroutines, including a last short chunk.
func TestFormatOrdered(t *testing.T) {
	for _, n := range []int{0, 1, 7, 64, 1000} {
		for _, chunk := range []int{1, 3, 64} {
			for _, procs := range []int{1, 2, 5} {
				var want, got bytes.Buffer
				for i := range n {
					fmt.Fprintf(&want, "%d,", i)
				}
				err := FormatOrdered(&got, n, chunk, procs, func(b []byte, lo, hi int) []byte {
					for i := lo; i < hi; i++ {
						b = fmt.Appendf(b, "%d,", i)
					}
					return b
				})
				if err != nil || got.String() != want.String() {
					t.Fatalf("n %d chunk %d procs %d: %v\n%s", n, chunk, procs, err, firstDiff(want.Bytes(), got.Bytes()))
				}
			}
		}
	}
}

type failAfter struct{ n int }

func (f *failAfter) Write(b []byte) (int, error) {
	if f.n == 0 {
		return 0, errors.New("disk full")
	}
	f.n--
	return len(b), nil
}

// A failed Write ends FormatOrdered with its error, formatting no more.
func TestFormatOrderedWriteError(t *testing.T) {
	var calls atomic.Int64
	err := FormatOrdered(&failAfter{n: 2}, 10000, 10, 2, func(b []byte, lo, hi int) []byte {
		calls.Add(1)
		return append(b, 'x')
	})
	if err == nil || err.Error() != "disk full" {
		t.Fatalf("err = %v", err)
	}
	// three written or failed, at most four buffers more
	if c := calls.Load(); c > 7 {
		t.Errorf("%d of 1000 chunks formatted after the write failed", c)
	}
}

// ExportJSON, evaluating each chunk as it formats it, writes what Export
// writes of the rows evaluated first, on one goroutine and on several
// (buffers of rows reused from chunk to chunk), for a plan of one chunk's
// worth and less, and for no tasks.
func TestExportJSONEvaluated(t *testing.T) {
	for _, n := range []int{0, 7, 3000} {
		s := bigSnap(t, n)
		for i := range s.Tasks {
			if i%5 == 1 {
				s.Tasks[i].Pacing = "nodes:开工@05-31=30;竣工@12-31=100"
			}
		}
		want := exportBytes(t, "json", s, s.Evaluate(asOf), zhOpts())
		var got bytes.Buffer
		if err := ExportJSON(&got, s, asOf, Options{Lang: zhOpts().Lang}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%d tasks: ExportJSON differs from Export of the evaluated rows\n%s", n, firstDiff(want, got.Bytes()))
		}
		for _, procs := range []int{1, 2, 3} {
			var b bytes.Buffer
			if err := writeJSONOn(&b, s, rowSource{n: len(s.Tasks), snap: s, asOf: asOf}, zhOpts(), procs); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%d tasks, %d goroutines: the evaluated export differs\n%s", n, procs, firstDiff(want, b.Bytes()))
			}
		}
	}
}
