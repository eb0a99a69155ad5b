package model

import (
	"encoding/csv"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"duban/i18n"
)

// PlanColumns are the columns of a plan file (CSV, and the plan sheet of
// an xlsx), in order. The embedded 2019 plan is written in them too.
var PlanColumns = []string{"id", "chapter", "section", "name", "kind", "target", "unit",
	"qualifier", "baseline", "lead", "partners", "due", "source"}

// idRE is what a task id may look like: short, stable and typeable.
var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$`)

// SplitList splits a list of departments written with 、 ， , ; or ；.
func SplitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == '\n'
	})
	out := f[:0]
	for _, x := range f {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// JoinList writes a list of departments the Chinese way, with 、.
func JoinList(xs []string) string { return strings.Join(xs, "、") }

// TaskFromRecord builds a task from one plan row (values in PlanColumns
// order) and validates it against the plan. Numbers are read exactly as
// written; an empty due date means the plan's end.
func TaskFromRecord(p Plan, rec []string) (Task, error) {
	if len(rec) != len(PlanColumns) {
		return Task{}, i18n.E("err.plan.fields", len(PlanColumns), len(rec))
	}
	f := func(i int) string { return strings.TrimSpace(rec[i]) }
	t := Task{
		ID: f(0), Chapter: f(1), Section: f(2), Name: f(3), Kind: Kind(f(4)),
		Unit: f(6), Qualifier: f(7), Lead: f(9), Partners: SplitList(f(10)), Source: f(12),
	}
	if !idRE.MatchString(t.ID) {
		return Task{}, i18n.E("err.task.id", t.ID)
	}
	if !t.Kind.Valid() {
		return Task{}, i18n.E("err.task.kind", t.ID, f(4))
	}
	if t.Name == "" {
		return Task{}, i18n.E("err.task.name", t.ID)
	}
	target, err := parsePlain(f(5))
	if err != nil {
		return Task{}, i18n.E("err.task.target", t.ID, f(5))
	}
	t.Target = target
	if b := f(8); b != "" {
		bv, err := parsePlain(b)
		if err != nil {
			return Task{}, i18n.E("err.task.baseline", t.ID, b)
		}
		t.Baseline = decimal.NewNullDecimal(bv)
	}
	if d := f(11); d != "" {
		due, err := ParseDate(d)
		if err != nil || !p.Contains(due) {
			return Task{}, i18n.E("err.task.due", t.ID, d)
		}
		t.Due = due
	} else {
		t.Due = p.End
	}
	return t, ValidateTask(t)
}

// parsePlain reads a plan figure: a plain decimal, no units or magnitudes.
func parsePlain(s string) (decimal.Decimal, error) {
	d, err := parseDecimal(strings.TrimSpace(fullWidth.Replace(s)))
	if err != nil || strings.TrimSpace(s) == "" {
		return decimal.Decimal{}, ErrNotANumber
	}
	return d, nil
}

// ValidateTask checks what a task must satisfy to be tracked at all.
func ValidateTask(t Task) error {
	switch {
	case !idRE.MatchString(t.ID):
		return i18n.E("err.task.id", t.ID)
	case !t.Kind.Valid():
		return i18n.E("err.task.kind", t.ID, string(t.Kind))
	case strings.TrimSpace(t.Name) == "":
		return i18n.E("err.task.name", t.ID)
	case t.Kind == KindMilestone && !t.Target.Equal(hundred):
		return i18n.E("err.task.milestone", t.ID)
	case t.Kind != KindGrowth && t.Target.IsNegative():
		return i18n.E("err.task.target", t.ID, t.Target.String())
	case t.Kind != KindCeiling && t.Baseline.Valid && t.Baseline.Decimal.Equal(t.Target):
		return i18n.E("err.task.basetarget", t.ID)
	}
	return nil
}

// Record is the plan row of a task, in PlanColumns order.
func (t Task) Record() []string {
	base := ""
	if t.Baseline.Valid {
		base = t.Baseline.Decimal.String()
	}
	return []string{t.ID, t.Chapter, t.Section, t.Name, string(t.Kind), t.Target.String(), t.Unit,
		t.Qualifier, base, t.Lead, JoinList(t.Partners), FormatDate(t.Due), t.Source}
}

// ReadPlanCSV reads a plan file in PlanColumns. Any bad row, or a duplicate
// id, is an error naming the row (1-based, the header being row 1); no
// partial plan is ever returned.
func ReadPlanCSV(r io.Reader, p Plan) ([]Task, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, i18n.E("err.plan.empty")
	}
	if err != nil {
		return nil, i18n.E("err.plan.csv", err.Error())
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	if strings.Join(header, ",") != strings.Join(PlanColumns, ",") {
		return nil, i18n.E("err.plan.header", strings.Join(PlanColumns, ","))
	}
	var tasks []Task
	seen := map[string]bool{}
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, i18n.E("err.plan.csv", err.Error())
		}
		t, err := TaskFromRecord(p, rec)
		if err != nil {
			return nil, &RowError{Row: row, Err: err}
		}
		if seen[t.ID] {
			return nil, &RowError{Row: row, Err: i18n.E("err.task.dup", t.ID)}
		}
		seen[t.ID] = true
		tasks = append(tasks, t)
	}
	if len(tasks) == 0 {
		return nil, i18n.E("err.plan.empty")
	}
	return tasks, nil
}

// WritePlanCSV writes tasks as a plan file that ReadPlanCSV reads back.
func WritePlanCSV(w io.Writer, tasks []Task) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(PlanColumns); err != nil {
		return err
	}
	for _, t := range tasks {
		if err := cw.Write(t.Record()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// RowError is a problem with one row of an imported file.
type RowError struct {
	Row    int    // 1-based row number in the file, the header being row 1
	Column string // column name, where one column is at fault
	Err    error
}

func (e *RowError) Error() string { return i18n.En.T("err.plan.row", e.Row, e.Err.Error()) }

// Unwrap gives the underlying error.
func (e *RowError) Unwrap() error { return e.Err }

// Text renders the error in language l.
func (e *RowError) Text(l i18n.Lang) string {
	return l.T("err.plan.row", e.Row, i18n.Message(l, e.Err))
}

// CompareIDs orders task ids naturally: 1.2.01 before 1.10.01.
func CompareIDs(a, b string) int {
	for a != "" && b != "" {
		ai, bi := leadingDigits(a), leadingDigits(b)
		if ai > 0 && bi > 0 {
			an, _ := strconv.ParseUint(a[:ai], 10, 64)
			bn, _ := strconv.ParseUint(b[:bi], 10, 64)
			if an != bn {
				if an < bn {
					return -1
				}
				return 1
			}
			a, b = a[ai:], b[bi:]
			continue
		}
		if a[0] != b[0] {
			if a[0] < b[0] {
				return -1
			}
			return 1
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func leadingDigits(s string) int {
	i := 0
	for i < len(s) && i < 18 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
