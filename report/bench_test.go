package report

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/shopspring/decimal"

	"duban/internal/benchcpu"
	"duban/model"
)

// bigSnap is a plan of n tasks in 40 departments, most with two updates:
// the scale the benchmarks of the issue ask about (10,000 tasks).
func bigSnap(tb testing.TB, n int) *model.Snapshot {
	tb.Helper()
	p, _ := seedPlan(tb)
	s := &model.Snapshot{Plan: p, History: map[string][]model.Update{}}
	kinds := []model.Kind{model.KindCount, model.KindCount, model.KindMilestone, model.KindGrowth, model.KindLevel}
	seq := uint64(0)
	for i := 0; i < n; i++ {
		k := kinds[i%len(kinds)]
		t := model.Task{
			ID:      fmt.Sprintf("%d.%d.%02d", i/2000+1, i/100%20+1, i%100),
			Chapter: fmt.Sprintf("第%d篇 致力推动高质量发展", i/2000+1), Section: fmt.Sprintf("第%d项 加快重点项目建设", i/100%20+1),
			Name: fmt.Sprintf("重点任务%d：新建改造城市道路和停车设施", i), Kind: k, Unit: "公里",
			Target: decimal.New(int64(100+i%900), -1), Lead: fmt.Sprintf("市第%d局", i%40),
			Partners: []string{"市财政局", "市自然资源和规划局"}, Due: p.End, Source: "原文",
		}
		if k == model.KindMilestone {
			t.Target, t.Unit = decimal.NewFromInt(100), "%"
		}
		s.Tasks = append(s.Tasks, t)
		if i%7 == 0 {
			continue
		}
		for j, at := range []string{"2019-03-31", "2019-06-30"} {
			seq++
			v := t.Target.Mul(decimal.New(int64(15+j*20+i%40), -2))
			s.History[t.ID] = append(s.History[t.ID], model.Update{Seq: seq, TaskID: t.ID, Value: v, AsOf: day(at),
				Note: "按计划推进，已完成主体工程", Problems: "资金拨付滞后", Next: "加快拨付进度", By: "张三", Review: model.ReviewApproved})
		}
	}
	return s
}

func benchExport(b *testing.B, format string, o Options) {
	s := bigSnap(b, 10000)
	rows := s.Evaluate(asOf)
	var buf bytes.Buffer
	if err := Export(&buf, format, s, rows, o); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	start := benchcpu.Now()
	for b.Loop() {
		if err := Export(io.Discard, format, s, rows, o); err != nil {
			b.Fatal(err)
		}
	}
	benchcpu.Report(b, start)
}

func BenchmarkExportXLSX10k(b *testing.B) { benchExport(b, "xlsx", zhOpts()) }
func BenchmarkExportCSV10k(b *testing.B)  { benchExport(b, "csv", zhOpts()) }
func BenchmarkExportJSON10k(b *testing.B) { benchExport(b, "json", zhOpts()) }
func BenchmarkExportTemplate10k(b *testing.B) {
	benchExport(b, "xlsx", Options{AsOf: asOf, Template: true})
}
func BenchmarkExportMD10k(b *testing.B)   { benchExport(b, "md", zhOpts()) }
func BenchmarkExportHTML10k(b *testing.B) { benchExport(b, "html", zhOpts()) }

// BenchmarkImportTemplate10k reads a template with all 10,000 rows filled
// in, as Excel saves it.
func BenchmarkImportTemplate10k(b *testing.B) {
	s := bigSnap(b, 10000)
	rows := s.Evaluate(asOf)
	data := exportBytes(b, "xlsx", s, rows, Options{AsOf: asOf, Template: true})
	f := openXLSX(b, data)
	sheet := f.GetSheetList()[0]
	for i, r := range rows {
		n := templateHeaderRow + 1 + i
		must(b, f.SetCellValue(sheet, cellName(tcValue+1, n), r.Task.Target.InexactFloat64()))
		must(b, f.SetCellValue(sheet, cellName(tcDate+1, n), day("2019-07-31")))
		must(b, f.SetCellValue(sheet, cellName(tcNote+1, n), "全部完成"))
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		b.Fatal(err)
	}
	filled := buf.Bytes()
	im, err := ReadImport(bytes.NewReader(filled), "xlsx", s, "u", now)
	if err != nil || len(im.Problems) > 0 || len(im.Updates) != len(rows) {
		b.Fatalf("import: %v %v, %d updates", err, im.Err(), len(im.Updates))
	}
	b.SetBytes(int64(len(filled)))
	b.ResetTimer()
	start := benchcpu.Now()
	for b.Loop() {
		if _, err := ReadImport(bytes.NewReader(filled), "xlsx", s, "u", now); err != nil {
			b.Fatal(err)
		}
	}
	benchcpu.Report(b, start)
}

// BenchmarkImportTemplateCSV10k is the same file saved as CSV.
func BenchmarkImportTemplateCSV10k(b *testing.B) {
	s := bigSnap(b, 10000)
	var buf bytes.Buffer
	buf.WriteString(templateHeader)
	for _, t := range s.Tasks {
		fmt.Fprintf(&buf, "%s,,,,,,%s,2019-07-31,全部完成,,\n", t.ID, t.Target)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	start := benchcpu.Now()
	for b.Loop() {
		im, err := ReadImport(bytes.NewReader(data), "csv", s, "u", now)
		if err != nil || len(im.Problems) > 0 {
			b.Fatal(err, im.Err())
		}
	}
	benchcpu.Report(b, start)
}

// BenchmarkEvaluateExportJSON10k evaluates 10,000 tasks and then exports
// the rows as JSON, as `duban export --format json` did; against it,
// BenchmarkExportJSONEvaluated10k (ExportJSON) evaluates each chunk as it
// formats it.
func BenchmarkEvaluateExportJSON10k(b *testing.B) {
	s := bigSnap(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Export(io.Discard, "json", s, s.Evaluate(asOf), zhOpts()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExportJSONEvaluated10k(b *testing.B) {
	s := bigSnap(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := ExportJSON(io.Discard, s, asOf, zhOpts()); err != nil {
			b.Fatal(err)
		}
	}
}
