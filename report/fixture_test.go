package report

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"duban/i18n"
	"duban/model"
	"duban/seed"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// asOf is the date the fixtures are evaluated at: mid-year, time progress 49.6%.
var asOf = day("2019-06-30")

// now is the clock of imports in tests.
var now = time.Date(2019, 7, 5, 9, 30, 0, 0, time.UTC)

func day(s string) time.Time {
	d, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// seedPlan is the embedded 2019 plan.
func seedPlan(t testing.TB) (model.Plan, []model.Task) {
	t.Helper()
	p := model.Plan{ID: seed.PlanID, Title: seed.PlanTitle, Start: day(seed.PeriodStart), End: day(seed.PeriodEnd),
		Threshold: model.DefaultThreshold, CycleMonths: model.DefaultCycleMonths}
	tasks, err := model.ReadPlanCSV(bytes.NewReader(seed.PlanCSV), p)
	if err != nil {
		t.Fatal(err)
	}
	sort.SliceStable(tasks, func(i, j int) bool { return model.CompareIDs(tasks[i].ID, tasks[j].ID) < 0 })
	return p, tasks
}

// snapWith builds a snapshot of the seed plan whose histories give every
// status: by task position, no report, done, on track, behind and at risk
// in turn, with texts that need escaping in every format.
func snapWith(t testing.TB) *model.Snapshot {
	t.Helper()
	p, tasks := seedPlan(t)
	s := &model.Snapshot{Plan: p, Tasks: tasks, History: map[string][]model.Update{}}
	seq := uint64(0)
	for i, task := range tasks {
		var frac string
		switch i % 5 {
		case 0:
			continue // no report
		case 1:
			frac = "1"
		case 2:
			frac = "0.6"
		case 3:
			frac = "0.46"
		case 4:
			frac = "0.3"
		}
		f := decimal.RequireFromString(frac)
		v := task.Target.Mul(f)
		if !task.Kind.Paced() {
			// a rate is judged against the target itself
			v = task.Target.Mul(map[string]decimal.Decimal{
				"1": decimal.NewFromInt(1), "0.6": decimal.NewFromInt(1),
				"0.46": decimal.RequireFromString("0.95"), "0.3": decimal.RequireFromString("0.5"),
			}[frac])
		}
		seq++
		early := model.Update{Seq: seq, TaskID: task.ID, Value: v.Div(decimal.NewFromInt(2)).Round(2), AsOf: day("2019-03-31"),
			Note: "一季度进展", By: "李四", At: day("2019-04-02"), Review: model.ReviewApproved}
		seq++
		u := model.Update{Seq: seq, TaskID: task.ID, Value: v, AsOf: day("2019-06-30"), By: "张三",
			At: day("2019-07-02"), Review: model.ReviewPending,
			Note: fmt.Sprintf("已完成 %s%s，推进顺利", v.String(), task.Unit)}
		if i%5 >= 3 {
			u.Problems = "资金未到位 | 征拆*受阻* <b>粗</b>\n另有[链接](http://x)"
			u.Next = "=加快拨付；下月底前完成"
		}
		if i == 1 {
			u.Review = ""
		}
		s.History[task.ID] = []model.Update{early, u}
	}
	return s
}

func rowsOf(s *model.Snapshot) []model.Row { return s.Evaluate(asOf) }

func exportBytes(t testing.TB, format string, s *model.Snapshot, rows []model.Row, o Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Export(&b, format, s, rows, o); err != nil {
		t.Fatalf("export %s: %v", format, err)
	}
	return b.Bytes()
}

func zhOpts() Options { return Options{AsOf: asOf, Lang: i18n.Zh} }

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./report -run %s -update and review the diff.\n%s",
			name, t.Name(), firstDiff(want, got))
	}
}

func firstDiff(want, got []byte) string {
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, w, g)
		}
	}
	return ""
}

// readBack saves workbook f and reads it as an import by user, failing the
// test on any error (problems found in the rows are the caller's to check).
func readBack(t testing.TB, f *excelize.File, s *model.Snapshot, user string) *Imported {
	t.Helper()
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	im, err := ReadImport(bytes.NewReader(buf.Bytes()), "xlsx", s, user, now)
	if err != nil {
		t.Fatal(err)
	}
	return im
}
