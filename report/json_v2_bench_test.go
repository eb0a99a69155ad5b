//go:build goexperiment.jsonv2

package report

import (
	"bufio"
	"encoding/json/jsontext"
	jsonv2 "encoding/json/v2"
	"io"
	"testing"

	"duban/model"
)

// BenchmarkJSONWriterV2 is encoding/json/v2 (Go 1.26 with
// GOEXPERIMENT=jsonv2; the code of github.com/go-json-experiment/json):
// one indented MarshalWrite of the whole document.
func BenchmarkJSONWriterV2(b *testing.B) {
	benchJSONWriter(b, func(w io.Writer, snap *model.Snapshot, rows []model.Row, o Options) error {
		bw := bufio.NewWriterSize(w, 256<<10)
		if err := jsonv2.MarshalWrite(bw, jsonDoc(snap, rows, o), jsontext.WithIndent("  ")); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// BenchmarkJSONWriterV2Compact is encoding/json/v2 without indenting.
func BenchmarkJSONWriterV2Compact(b *testing.B) {
	benchJSONWriter(b, func(w io.Writer, snap *model.Snapshot, rows []model.Row, o Options) error {
		bw := bufio.NewWriterSize(w, 256<<10)
		if err := jsonv2.MarshalWrite(bw, jsonDoc(snap, rows, o)); err != nil {
			return err
		}
		return bw.Flush()
	})
}
