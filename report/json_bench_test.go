package report

import (
	"bufio"
	"encoding/json"
	"io"
	"testing"

	"duban/internal/benchcpu"
	"duban/model"
)

// The JSON writer against the library ways of writing the same document
// (10,000 tasks, the figures in the comment at the top of json.go):
//
//	go test ./report -run '^$' -bench 'JSONWriter' -benchmem
//	GOEXPERIMENT=jsonv2 go test ./report -run '^$' -bench 'JSONWriter' -benchmem   (adds encoding/json/v2)

// jsonDoc is the whole export as one value, for the library encoders.
func jsonDoc(snap *model.Snapshot, rows []model.Row, o Options) jsonExport {
	p := snap.Plan
	doc := jsonExport{Plan: jsonPlan{ID: p.ID, Title: p.Title, Start: model.FormatDate(p.Start),
		End: model.FormatDate(p.End), Demo: p.Demo}, AsOf: model.FormatDate(o.AsOf), Head: headOf(snap), Tasks: make([]jsonTask, 0, len(rows))}
	for _, r := range rows {
		doc.Tasks = append(doc.Tasks, jsonTaskOf(p, r))
	}
	return doc
}

// benchJSONWriter times write, given the 10,000-task export.
func benchJSONWriter(b *testing.B, write func(w io.Writer, snap *model.Snapshot, rows []model.Row, o Options) error) {
	s := bigSnap(b, 10000)
	rows := s.Evaluate(asOf)
	o := zhOpts().normalize(s, rows)
	var n countWriter
	if err := write(&n, s, rows, o); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	start := benchcpu.Now()
	for b.Loop() {
		if err := write(io.Discard, s, rows, o); err != nil {
			b.Fatal(err)
		}
	}
	benchcpu.Report(b, start)
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// BenchmarkJSONWriterHand is report's own writer (writeJSON).
func BenchmarkJSONWriterHand(b *testing.B) { benchJSONWriter(b, writeJSON) }

// BenchmarkJSONWriterStdlib is encoding/json (v1): one indented Encode of
// the whole document, byte for byte what writeJSON writes.
func BenchmarkJSONWriterStdlib(b *testing.B) {
	benchJSONWriter(b, func(w io.Writer, snap *model.Snapshot, rows []model.Row, o Options) error {
		bw := bufio.NewWriterSize(w, 256<<10)
		enc := json.NewEncoder(bw)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(jsonDoc(snap, rows, o)); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// BenchmarkJSONWriterStdlibCompact is encoding/json (v1) without indenting:
// what the indent costs.
func BenchmarkJSONWriterStdlibCompact(b *testing.B) {
	benchJSONWriter(b, func(w io.Writer, snap *model.Snapshot, rows []model.Row, o Options) error {
		bw := bufio.NewWriterSize(w, 256<<10)
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(jsonDoc(snap, rows, o)); err != nil {
			return err
		}
		return bw.Flush()
	})
}
