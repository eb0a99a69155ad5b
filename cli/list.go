package cli

import (
	"fmt"
	"strings"
	"time"

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
	l := e.lang
	t := &table{
		header: []string{l.T("field.id"), l.T("field.name"), l.T("field.target"), l.T("field.actual"),
			l.T("field.progress"), l.T("field.time_progress"), l.T("field.status"), l.T("field.lead")},
		right: map[int]bool{2: true, 3: true, 4: true, 5: true},
		max:   map[int]int{1: 28, 7: 22},
	}
	t.grow(len(rows))
	for _, r := range rows {
		t.add(r.Task.ID, r.Task.Name, targetText(l, r.Task), actualText(r.Eval),
			model.NullPercentText(r.Eval.Progress), model.PercentText(r.Eval.TimeProgress),
			statusText(l, r.Eval), r.Task.Lead)
	}
	if snap.Plan.Demo {
		fmt.Fprintf(e.stdout, "【%s】\n", l.T("demo"))
	}
	if err := t.write(e.stdout); err != nil {
		return err
	}
	asOf := rows0AsOf(snap, rows, e)
	_, err := fmt.Fprintln(e.stdout, l.T("cli.list.footer", len(rows), len(snap.Tasks), model.FormatDate(asOf)))
	return err
}
