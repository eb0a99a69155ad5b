package model

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"duban/i18n"
)

// PlanColumns are the columns of a plan file (CSV, and the plan sheet of
// an xlsx), in order. The embedded 2019 plan is written in them too.
var PlanColumns = []string{"id", "chapter", "section", "name", "kind", "target", "unit",
	"qualifier", "baseline", "lead", "partners", "due", "source", "pacing", "release"}

// PlanMinColumns is how many of PlanColumns a plan file must have: files
// written before pacing and release existed end at source, and their tasks
// are paced linearly with no statistics release cadence.
const PlanMinColumns = 13

// NoteColumns may follow the plan columns in a plan file and are not
// imported: the confidence and why of a drafted plan (duban plan draft),
// which the office reads while it edits the draft.
var NoteColumns = []string{"confidence", "why"}

// PlanHeader checks the header row of a plan file and maps it: cols[i] is
// the file's column of PlanColumns[i], or -1 when the file lacks it. The
// first PlanMinColumns columns must come first and in order; after them
// any of the optional plan columns (pacing, release) and the note columns
// may follow, each at most once, in any order; blank header cells (a
// spreadsheet's trailing columns) are ignored.
func PlanHeader(header []string) (cols []int, ok bool) {
	if len(header) < PlanMinColumns {
		return nil, false
	}
	cols = make([]int, len(PlanColumns))
	for i := range cols {
		cols[i] = -1
	}
	seen := map[string]bool{}
	for i, c := range header {
		c = strings.ToLower(strings.TrimSpace(c))
		if i < PlanMinColumns {
			if c != PlanColumns[i] {
				return nil, false
			}
			cols[i] = i
			continue
		}
		if c == "" {
			continue
		}
		if seen[c] {
			return nil, false
		}
		seen[c] = true
		if j := slices.Index(PlanColumns, c); j >= PlanMinColumns {
			cols[j] = i
		} else if !slices.Contains(NoteColumns, c) {
			return nil, false
		}
	}
	return cols, true
}

// PlanRecord picks the plan columns out of a file's row, as mapped by
// PlanHeader, into the order of PlanColumns ("" where the file has none).
func PlanRecord(row []string, cols []int) []string {
	rec := make([]string, len(PlanColumns))
	for i, c := range cols {
		if c >= 0 && c < len(row) {
			rec[i] = row[c]
		}
	}
	return rec
}

// idRE is what a task id may look like: short, stable and typeable.
// It is compiled on first use, not at start-up.
var idRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$`) })

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

// newlines turns Windows and old Mac line breaks into "\n".
var newlines = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// TaskFromRecord builds a task from one plan row (values in PlanColumns
// order) and validates it against the plan. Numbers are read exactly as
// written; an empty due date means the plan's end.
func TaskFromRecord(p Plan, rec []string) (Task, error) {
	if len(rec) < PlanMinColumns || len(rec) > len(PlanColumns) {
		return Task{}, i18n.E("err.plan.fields", len(PlanColumns), len(rec))
	}
	rec = append(rec[:len(rec):len(rec)], make([]string, len(PlanColumns)-len(rec))...)
	// Fix: line breaks inside a cell are written as "\n". encoding/csv
	// reads a quoted "\r\n" as "\n" but writes "\r\n" as is, so a cell
	// holding "\r\r\n" read differently every time the plan was written
	// back (found by FuzzPlanRow).
	f := func(i int) string { return strings.TrimSpace(newlines.Replace(rec[i])) }
	t := Task{
		ID: f(0), Chapter: f(1), Section: f(2), Name: f(3), Kind: Kind(f(4)),
		Unit: f(6), Qualifier: f(7), Lead: f(9), Partners: SplitList(f(10)), Source: f(12),
	}
	if !idRE().MatchString(t.ID) {
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
	if pc := f(13); pc != "" {
		pacing, err := ParsePacing(pc, p.Start.Year())
		if err != nil {
			return Task{}, err
		}
		if s := pacing.String(); s != PacingLinear {
			t.Pacing = s
		}
	}
	if r := f(14); r != "" {
		if _, err := ParseRelease(r); err != nil {
			return Task{}, err
		}
		t.Release = r
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
	case !idRE().MatchString(t.ID):
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
	if _, err := ParsePacing(t.Pacing, 2000); err != nil { // a leap year: node dates are checked against the plan's year on import
		return err
	}
	if _, err := ParseRelease(t.Release); err != nil {
		return err
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
		t.Qualifier, base, t.Lead, JoinList(t.Partners), FormatDate(t.Due), t.Source, t.Pacing, t.Release}
}

// ReadPlanCSV reads a plan file in PlanColumns. Any bad row, or a duplicate
// id, is an error naming the row (1-based, the header being row 1); no
// partial plan is ever returned.
func ReadPlanCSV(r io.Reader, p Plan) ([]Task, error) {
	// Fix: drop a UTF-8 byte order mark (Excel's "CSV UTF-8") before the CSV
	// reader sees it, so that a quoted first header cell ("id") is not a
	// bare quote after the mark.
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
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
	cols, ok := PlanHeader(header)
	if !ok {
		// Fix: a wrong header is a problem of row 1, reported like any other row.
		return nil, &RowError{Row: 1, Err: i18n.E("err.plan.header", strings.Join(PlanColumns, ","))}
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
		// Fix: skip rows with nothing in them (a spreadsheet saved as CSV
		// writes trailing empty rows as ",,,,"), rather than refusing the
		// whole plan for an invalid id "".
		if blankRecord(rec) {
			continue
		}
		if len(rec) < PlanMinColumns || len(rec) > len(header) {
			return nil, &RowError{Row: row, Err: i18n.E("err.plan.fields", len(header), len(rec))}
		}
		rec = PlanRecord(rec, cols)
		t, err := TaskFromRecord(p, rec)
		if err != nil {
			return nil, &RowError{Row: row, Column: ColumnOf(err), Err: err}
		}
		if seen[t.ID] {
			return nil, &RowError{Row: row, Column: "id", Err: i18n.E("err.task.dup", t.ID)}
		}
		seen[t.ID] = true
		tasks = append(tasks, t)
	}
	if len(tasks) == 0 {
		return nil, i18n.E("err.plan.empty")
	}
	return tasks, nil
}

// blankRecord reports whether every field of rec is blank.
func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// ColumnOf names the plan column an error of TaskFromRecord is about, for
// RowError.Column and the importers' problem lists; "" when it is the
// row's as a whole.
func ColumnOf(err error) string {
	var e *i18n.Error
	if !errors.As(err, &e) {
		return ""
	}
	switch e.Key {
	case "err.task.id", "err.task.dup":
		return "id"
	case "err.task.kind":
		return "kind"
	case "err.task.name":
		return "name"
	case "err.task.target", "err.task.milestone":
		return "target"
	case "err.task.baseline", "err.task.basetarget":
		return "baseline"
	case "err.task.due":
		return "due"
	case "err.task.pacing":
		return "pacing"
	case "err.task.release":
		return "release"
	}
	return ""
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

// CompareIDs orders task ids naturally: 1.2.01 before 1.10.01. Runs of
// digits compare by their value, whatever their length; anything else
// compares byte by byte.
//
// Fix: it is a total order, 0 only for equal ids. Numbers used to be read
// as at most 18 digits (so 19-digit runs sorted wrongly), and ids that
// differ only in leading zeros (1.01 and 1.1) compared equal, so that
// Snapshot.Task's binary search could land on the other one and miss.
// Such ties now fall back to plain byte order.
func CompareIDs(a, b string) int {
	x, y := a, b
	for x != "" && y != "" {
		xi, yi := leadingDigits(x), leadingDigits(y)
		if xi > 0 && yi > 0 {
			if c := compareDigits(x[:xi], y[:yi]); c != 0 {
				return c
			}
			x, y = x[xi:], y[yi:]
			continue
		}
		if x[0] != y[0] {
			if x[0] < y[0] {
				return -1
			}
			return 1
		}
		x, y = x[1:], y[1:]
	}
	if x != "" || y != "" {
		return len(x) - len(y)
	}
	return strings.Compare(a, b)
}

// compareDigits compares two runs of ASCII digits by their value.
func compareDigits(a, b string) int {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func leadingDigits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// PlanSettingLine is the first cell of a line above a plan file's header
// that states one setting: `setting,KEY,VALUE` (设置 in Chinese).
const PlanSettingLine = "setting"

// StatedSettings are the settings a plan file states for p: those that
// differ from the defaults (threshold and cycle from duban's, the others
// from the defaults of p's threshold), as key and value in text form, in
// SettingKeys order. A plan that sets none states none.
func (p Plan) StatedSettings() [][2]string {
	def := Plan{Threshold: p.threshold(), CycleMonths: p.cycle()}
	var kv [][2]string
	for _, k := range SettingKeys {
		v, _ := p.Setting(k)
		d, _ := def.Setting(k)
		if k == SetThreshold || k == SetCycle {
			d, _ = Plan{}.Setting(k)
		}
		if v != d {
			kv = append(kv, [2]string{k, v})
		}
	}
	return kv
}

// WithStatedSettings returns p with the settings a plan file states: a
// file that states settings sets all of them, those it leaves out taking
// their defaults (so that a plan written with StatedSettings reads back
// as it was); a file that states none leaves p's as they are. The error
// is SetSettings' one sentence about a key or a value.
func (p Plan) WithStatedSettings(kv [][2]string) (Plan, error) {
	if len(kv) == 0 {
		return p, nil
	}
	base := p
	base.Threshold, base.CycleMonths, base.Settings = 0, 0, Settings{}
	q, err := base.SetSettings(kv)
	if err != nil {
		return p, err
	}
	return q, nil
}

// WritePlanFile writes a plan as the file `duban plan import` and `duban
// import` read back: its period and title lines, one line per stated
// setting, then the plan columns, one task a row, each due date written
// out. A text cell a spreadsheet would take for a formula (=, +, -, @, a
// tab first) is guarded with an apostrophe, which the importer drops.
func WritePlanFile(w io.Writer, p Plan, tasks []Task) error {
	cw := csv.NewWriter(w)
	lines := PlanFileLines(p)
	lines[1][1] = guardCell(lines[1][1]) // the title
	for _, l := range append(lines, PlanColumns) {
		if err := cw.Write(l); err != nil {
			return err
		}
	}
	for _, t := range tasks {
		rec := PlanFileTask(p, t)
		for _, c := range planTextColumns {
			rec[c] = guardCell(rec[c])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// PlanFileLines are the lines of a plan file above its header: period,
// title (empty when the plan has none) and one line per stated setting.
func PlanFileLines(p Plan) [][]string {
	lines := [][]string{{"period", FormatDate(p.Start) + ".." + FormatDate(p.End)}, {"title", p.Title}}
	for _, x := range p.StatedSettings() {
		lines = append(lines, []string{PlanSettingLine, x[0], x[1]})
	}
	return lines
}

// PlanFileTask is the row of a task in a plan file: its Record, the due
// date written out.
func PlanFileTask(p Plan, t Task) []string {
	t.Due = t.DueOr(p)
	return t.Record()
}

// planTextColumns are the free-text columns of a plan row.
var planTextColumns = []int{1, 2, 3, 6, 7, 9, 10, 12}

// guardCell prefixes an apostrophe to text a spreadsheet would read as a
// formula.
func guardCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t", rune(s[0])) {
		return "'" + s
	}
	return s
}
