package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"duban/i18n"
	"duban/model"
	"duban/report"
)

// filterFlags are the filters shared by list and export.
type filterFlags struct {
	dept, chapter, status, search string
	stale                         bool
}

func (f *filterFlags) register(cmd *cobra.Command, l i18n.Lang) {
	fl := cmd.Flags()
	fl.StringVar(&f.dept, "dept", "", l.T("cli.flag.dept"))
	fl.StringVar(&f.chapter, "chapter", "", l.T("cli.flag.chapter"))
	fl.StringVar(&f.status, "status", "", l.T("cli.flag.status"))
	fl.StringVar(&f.search, "search", "", l.T("cli.flag.search"))
	fl.BoolVar(&f.stale, "stale", false, l.T("cli.flag.stale"))
}

// none reports whether the flags select every task (a bad flag is left to
// filter to report).
func (f *filterFlags) none() bool {
	mf, err := f.filter()
	return err == nil && mf.Empty()
}

// filter builds the model filter; an unknown status is misuse.
func (f *filterFlags) filter() (model.Filter, error) {
	mf := model.Filter{Dept: f.dept, Chapter: f.chapter, Search: f.search, Stale: f.stale}
	if f.status != "" {
		s, ok := parseStatus(f.status)
		if !ok {
			return mf, usageError{i18n.E("cli.err.status", f.status)}
		}
		mf.Status = s
	}
	return mf, nil
}

// parseStatus accepts a status by its name or its label in either language.
func parseStatus(s string) (model.Status, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	for _, st := range model.Statuses {
		if s == string(st) || s == i18n.Status(i18n.Zh, st) || s == strings.ToLower(i18n.Status(i18n.En, st)) {
			return st, true
		}
	}
	return "", false
}

// rows reads the snapshot and returns the filtered rows at the as-of date;
// the snapshot can be evaluated at since as well (e.snapshot).
func (e *env) rows(f *filterFlags, since time.Time) (*model.Snapshot, []model.Row, error) {
	mf, err := f.filter()
	if err != nil {
		return nil, nil, err
	}
	snap, asOf, err := e.snapshot(since)
	if err != nil {
		return nil, nil, err
	}
	var idx *model.Index
	if mf.Search != "" {
		idx = snap.Index()
	}
	rows := mf.Apply(snap.Evaluate(asOf), idx)
	return snap, rows, nil
}

func (e *env) listCmd() *cobra.Command {
	l := e.lang
	var f filterFlags
	var format string
	cmd := &cobra.Command{
		Use:     "list",
		Short:   l.T("cli.list.short"),
		Example: "  duban list --dept 交通运输局\n  duban list --status at_risk --as-of 2019-06-30\n  duban list --search tcw --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usageError{i18n.E("cli.err.format", format, "table, json")}
			}
			if format == "json" && f.none() {
				return e.exportJSON("", "") // the same document, evaluated as it is written
			}
			snap, rows, err := e.rows(&f, time.Time{})
			if err != nil {
				return err
			}
			asOf := rows0AsOf(snap, rows, e)
			if format == "json" {
				return report.Export(e.stdout, "json", snap, rows, report.Options{AsOf: asOf, Lang: e.lang})
			}
			return e.writeList(snap, rows)
		},
	}
	f.register(cmd, l)
	cmd.Flags().StringVar(&format, "format", "table", l.T("cli.flag.listformat"))
	return cmd
}

// rows0AsOf is the as-of date the rows were evaluated at.
func rows0AsOf(snap *model.Snapshot, rows []model.Row, e *env) time.Time {
	if len(rows) > 0 {
		return rows[0].Eval.AsOf
	}
	d, _ := e.resolveAsOf(snap.Plan)
	return d
}

func (e *env) writeList(snap *model.Snapshot, rows []model.Row) error {
	return e.writeListOn(snap, rows, procsFor(len(rows)))
}

// listCols is the number of columns of the list table.
const listCols = 8

// writeListOn is writeList making the cells, measuring them and writing
// the lines on up to procs goroutines, in chunks of rows. The bytes are
// the same for any procs (TestWriteListParallelSameBytes).
//
// BenchmarkWriteList10k (-count 5, this 2-core machine, under load from
// other benchmarks), before → after: 14.4–24.3 → 5.5–7.4 ms a run, at
// 14.1–15.1 → 10.3–13.4 CPU ms, 2.7 → 3.0 MB, 60,017 → 151 allocs; on one
// core (-cpu 1, listCells alone) 13.1–13.5 → 9.8–10.1 ms, 60,017 → 35
// allocs. Whole process (duban --as-of 2019-06-30 list, a genplan file of
// 10,000 tasks and 3 reports each, 2 × 10 runs alternating with the binary
// before): median 66 → 60 ms and 55 → 49 ms.
func (e *env) writeListOn(snap *model.Snapshot, rows []model.Row, procs int) error {
	l := e.lang
	t := &table{
		header: []string{l.T("field.id"), l.T("field.name"), l.T("field.target"), l.T("field.actual"),
			l.T("field.progress"), l.T("field.time_progress"), l.T("field.status"), l.T("field.lead")},
		right: map[int]bool{2: true, 3: true, 4: true, 5: true},
		max:   map[int]int{1: 28, 7: 22},
	}
	t.cells = make([]tableCell, len(rows)*listCols)
	t.ends = make([]int, len(rows))
	parts(len(rows), procs, func(lo, hi int) {
		listCells(l, rows[lo:hi], t.cells[lo*listCols:hi*listCols])
		for j := lo; j < hi; j++ {
			t.ends[j] = (j + 1) * listCols
		}
	})
	if snap.Plan.Demo {
		fmt.Fprintf(e.stdout, "【%s】\n", l.T("demo"))
	}
	if err := t.writeOn(e.stdout, procs); err != nil {
		return err
	}
	asOf := rows0AsOf(snap, rows, e)
	_, err := fmt.Fprintln(e.stdout, l.T("cli.list.footer", len(rows), len(snap.Tasks), model.FormatDate(asOf)))
	return err
}

// listCells sets cells, listCols a row, to what t.add makes of the row's
// texts: ID, name, targetText, actualText, model.NullPercentText,
// model.PercentText, statusText and lead. The figures are appended to one
// buffer made one string at the end, rather than a string or two each,
// and the milestone and status labels once for each status, returned and
// stale mark: no allocation per row but for a qualified target.
func listCells(l i18n.Lang, rows []model.Row, cells []tableCell) {
	const (
		target = iota
		actual
		progress
		timeProgress
		figures
	)
	buf := make([]byte, 0, len(rows)*32)
	ends := make([]int32, 0, len(rows)*figures)
	for _, r := range rows {
		t, ev := r.Task, r.Eval
		if ownTarget(t) {
			buf = append(model.AppendDecimal(buf, t.Target), t.Unit...) // model.Task.TargetText
		}
		ends = append(ends, int32(len(buf)))
		buf = appendNull(buf, ev.Actual, -1)
		ends = append(ends, int32(len(buf)))
		buf = appendNull(buf, ev.Progress, 1)
		if ev.Progress.Valid {
			buf = append(buf, '%')
		}
		ends = append(ends, int32(len(buf)))
		buf = append(model.AppendRounded(buf, ev.TimeProgress, 1), '%')
		ends = append(ends, int32(len(buf)))
	}
	text := string(buf)
	type statusKey struct {
		s               model.Status
		returned, stale bool
	}
	var labels []struct {
		k statusKey
		s string
	}
	milestone := ""
	start := int32(0)
	for j, r := range rows {
		t, ev := r.Task, r.Eval
		e := ends[j*figures : (j+1)*figures]
		fig := func(i int) string {
			a := start
			if i > 0 {
				a = e[i-1]
			}
			return text[a:e[i]]
		}
		tt := fig(target)
		switch {
		case t.Kind == model.KindMilestone:
			if milestone == "" {
				milestone = targetText(l, t) // the kind's label, the same for every milestone
			}
			tt = milestone
		case !ownTarget(t):
			tt = targetText(l, t)
		}
		k := statusKey{ev.Status, ev.Returned(), ev.Stale && ev.Status != model.StatusNoReport}
		st := ""
		found := false
		for _, x := range labels {
			if x.k == k {
				st, found = x.s, true
				break
			}
		}
		if !found {
			st = statusText(l, ev)
			labels = append(labels, struct {
				k statusKey
				s string
			}{k, st})
		}
		c := cells[j*listCols : (j+1)*listCols]
		for i, s := range [listCols]string{t.ID, t.Name, tt, fig(actual), fig(progress), fig(timeProgress), st, t.Lead} {
			c[i] = measureCell(s, true)
		}
		start = e[figures-1]
	}
}

// ownTarget says listCells writes the task's target text itself: a
// figure and unit without a qualifier (model.Task.Qualify puts some before
// the figure, some after). A milestone's or a qualified target is
// targetText's.
func ownTarget(t model.Task) bool { return t.Kind != model.KindMilestone && t.Qualifier == "" }

// appendNull appends model.NullValueText(d) (places < 0) or d rounded to
// places as model.FormatPercent writes it, and "-" for no value.
func appendNull(b []byte, d decimal.NullDecimal, places int32) []byte {
	switch {
	case !d.Valid:
		return append(b, '-')
	case places < 0:
		return model.AppendDecimal(b, d.Decimal)
	}
	return model.AppendRounded(b, d.Decimal, places)
}
