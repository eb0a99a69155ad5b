package cli

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"duban/i18n"
	"duban/internal/genplan"
	"duban/model"
)

// referenceList is the list table as writeList made it before its cells
// came from listCells: a string per text by its formatter, t.add per row,
// written on one goroutine.
func referenceList(t *testing.T, e *env, snap *model.Snapshot, rows []model.Row) []byte {
	t.Helper()
	l := e.lang
	tb := &table{
		header: []string{l.T("field.id"), l.T("field.name"), l.T("field.target"), l.T("field.actual"),
			l.T("field.progress"), l.T("field.time_progress"), l.T("field.status"), l.T("field.lead")},
		right: map[int]bool{2: true, 3: true, 4: true, 5: true},
		max:   map[int]int{1: 28, 7: 22},
	}
	for _, r := range rows {
		tb.add(r.Task.ID, r.Task.Name, targetText(l, r.Task), actualText(r.Eval),
			model.NullPercentText(r.Eval.Progress), model.PercentText(r.Eval.TimeProgress),
			statusText(l, r.Eval), r.Task.Lead)
	}
	var b bytes.Buffer
	if err := tb.writeOn(&b, 1); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(&b, l.T("cli.list.footer", len(rows), len(snap.Tasks), model.FormatDate(rows0AsOf(snap, rows, e))))
	return b.Bytes()
}

// The list of 3,000 generated tasks of Chinese text (12 chunks of lines),
// with qualified, milestone, negative and unreported targets, returned and
// stale reports and a name or lead too wide for its column on some rows, is
// byte for byte the reference on 1, 2, 3 and 8 goroutines: a chunk of
// lines written out of order, or a part's widths lost, would show.
func TestWriteListParallelSameBytes(t *testing.T) {
	p, tasks := genplan.Plan("gen-2019", 3000)
	s := &model.Snapshot{Plan: p, Tasks: tasks, History: map[string][]model.Update{}}
	for i := range tasks {
		tk := &tasks[i]
		switch i % 9 {
		case 1:
			tk.Qualifier = "左右"
		case 2:
			tk.Qualifier = "力争"
		case 3:
			tk.Target = decimal.New(-12345, -3)
		case 4:
			tk.Name += "并同步推进配套管网改造和绿化提升工程建设"
			tk.Lead = "市城市管理和综合执法局牵头会同有关部门"
		case 5:
			tk.Name = "含控制符\x1b[31m和制表\t的名称"
		}
		if i == 2999 {
			tk.Name += "最后一行最长的名称最后一行最长的名称最后一行最长的名称" // only the last part's widths hold it
		}
		if i%6 == 0 {
			continue // no report: "-" and 未填报
		}
		for m := 1; m <= 3-i%3; m++ {
			u := genplan.Report(*tk, m)
			u.Seq = uint64(3*i + m)
			if i%10 == 7 && m == 1 {
				u.Review = model.ReviewReturned
			}
			s.History[tk.ID] = append(s.History[tk.ID], u)
		}
	}
	rows := s.Evaluate(time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC))
	e0 := env{lang: i18n.Zh, asOf: "2019-06-30", now: time.Now}
	want := referenceList(t, &e0, s, rows)
	if !bytes.Contains(want, []byte("左右")) || !bytes.Contains(want, []byte("…")) || bytes.Count(want, []byte("\n")) != len(rows)+2 {
		t.Fatalf("the reference lacks what the test is about:\n%.2000s", want)
	}
	for _, procs := range []int{1, 2, 3, 8} {
		var got bytes.Buffer
		e := e0
		e.stdout = &got
		if err := e.writeListOn(s, rows, procs); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%d goroutines: output differs from the reference\n%s", procs, listDiff(want, got.Bytes()))
		}
	}
}

func listDiff(want, got []byte) string {
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := range min(len(wl), len(gl)) {
		if !bytes.Equal(wl[i], gl[i]) {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, wl[i], gl[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(gl), len(wl))
}
