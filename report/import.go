package report

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"duban/i18n"
	"duban/model"
)

// maxImportSize bounds what Import reads: far more than any plan or
// template (10,000 filled rows are a few MB), far less than a mistake
// such as a video file renamed .csv.
const maxImportSize = 64 << 20

// Imported is what a file holds: a plan, or a filled-in progress template.
// Nothing has been written: the caller applies it with store.ApplyUpdates
// (progress) or store.ReplacePlan (plan), each atomic.
type Imported struct {
	Kind     string         // "plan" or "progress"
	Plan     model.Plan     // for a plan: snap.Plan unless the file says otherwise
	Tasks    []model.Task   // for a plan
	Updates  []model.Update // for progress: one per non-empty valid row, By = user
	Skipped  int            // progress rows left empty ("not reported", not zero)
	Problems []Problem      // every problem found; when non-empty nothing may be applied
	// PlanID is, for progress, the id of the plan the template was made
	// for ("" for a template that does not say). When it is not snap's
	// plan, the rows are not read: Problems holds one report.err.otherplan.
	PlanID string
	// AsOf is, for progress, the date a blank 报告日期 stands for: the
	// ImportOptions' AsOf, else the template's own as-of date, else today
	// clamped into the plan.
	AsOf time.Time
	// Same counts rows that repeat their task's latest report exactly
	// (value, date and texts): they record nothing.
	Same int
	// Warnings are the rows of Updates with plausibility warnings
	// (model.CheckPlausible); the store refuses them until Confirm.
	Warnings []Warned
}

// Warned is a row of a progress import with plausibility warnings.
type Warned struct {
	Row      int // 1-based, as the spreadsheet numbers rows
	TaskID   string
	Warnings []model.Warning
}

// Confirm marks the updates that have warnings as confirmed by the person
// importing (import --accept-warnings).
func (im *Imported) Confirm() {
	warned := map[string]bool{}
	for _, w := range im.Warnings {
		warned[w.TaskID] = true
	}
	for i := range im.Updates {
		if warned[im.Updates[i].TaskID] {
			im.Updates[i].Confirmed = true
		}
	}
}

// ImportOptions say who imports, when, and for a progress template the
// date of rows whose 报告日期 is blank (zero: the template's own).
type ImportOptions struct {
	User string
	Now  time.Time
	AsOf time.Time
}

// Kinds of import.
const (
	KindPlan     = "plan"
	KindProgress = "progress"
)

// Err is nil when nothing is wrong with the file, else an error listing
// every problem (see *ProblemsError).
func (im *Imported) Err() error {
	if im == nil || len(im.Problems) == 0 {
		return nil
	}
	return &ProblemsError{Problems: im.Problems}
}

// Problem is one thing wrong with an imported file, where the spreadsheet
// shows it: Row is 1-based as the spreadsheet numbers rows (for JSON, the
// task's position in "tasks"), Column the column's header as the file
// writes it (for JSON, the field name). Row 0 is about the whole file.
type Problem struct {
	Row    int
	Column string
	Err    error
}

// Text renders the problem in language l: 第 N 行「列」：reason.
func (p Problem) Text(l i18n.Lang) string {
	reason := i18n.Message(l, p.Err)
	switch {
	case p.Row > 0 && p.Column != "":
		return l.T("report.problem.cell", p.Row, p.Column, reason)
	case p.Row > 0:
		return l.T("report.problem.row", p.Row, reason)
	case p.Column != "":
		return l.T("report.problem.col", p.Column, reason)
	}
	return reason
}

// Error gives the problem in English.
func (p Problem) Error() string { return p.Text(i18n.En) }

// Unwrap gives the underlying reason.
func (p Problem) Unwrap() error { return p.Err }

// ProblemsError is every problem of an import, one per line.
type ProblemsError struct{ Problems []Problem }

func (e *ProblemsError) Error() string { return e.Text(i18n.En) }

// Text renders the problems in language l: a count, then one per line.
func (e *ProblemsError) Text(l i18n.Lang) string {
	var b strings.Builder
	b.WriteString(l.T("report.problems", len(e.Problems)))
	for _, p := range e.Problems {
		b.WriteString("\n")
		b.WriteString(p.Text(l))
	}
	return b.String()
}

// Import reads a file by its extension (.xlsx, .csv or .json) and decides
// whether it is a plan (the model.PlanColumns header, or the JSON export)
// or a filled-in progress template.
func Import(path string, snap *model.Snapshot, user string, now time.Time) (*Imported, error) {
	return ImportFile(path, snap, ImportOptions{User: user, Now: now})
}

// ImportFile is Import with options.
func ImportFile(path string, snap *model.Snapshot, o ImportOptions) (*Imported, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, i18n.E("report.err.open", path, i18n.Sys(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > maxImportSize {
		return nil, i18n.E("report.err.toolarge", maxImportSize>>20) // refused unread
	}
	return ReadImportFrom(f, filepath.Ext(path), snap, o)
}

// ReadImport is Import for a reader; ext is the file's extension, with or
// without its dot.
func ReadImport(r io.Reader, ext string, snap *model.Snapshot, user string, now time.Time) (*Imported, error) {
	return ReadImportFrom(r, ext, snap, ImportOptions{User: user, Now: now})
}

// ReadImportFrom is ReadImport with options.
func ReadImportFrom(r io.Reader, ext string, snap *model.Snapshot, o ImportOptions) (*Imported, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxImportSize+1))
	if err != nil {
		return nil, i18n.E("report.err.read", i18n.Sys(err))
	}
	if len(data) > maxImportSize {
		return nil, i18n.E("report.err.toolarge", maxImportSize>>20)
	}
	ext = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(ext), "."))
	in := importer{snap: snap, user: o.User, now: o.Now, asOf: o.AsOf}
	switch ext {
	case "xlsx", "xlsm":
		return in.xlsx(data)
	case "csv", "txt", "tsv":
		return in.csv(data)
	case "json":
		return in.json(data)
	}
	return nil, i18n.E("report.err.ext", ext)
}

// importer carries what every reader needs.
type importer struct {
	snap *model.Snapshot
	user string
	now  time.Time
	asOf time.Time // ImportOptions.AsOf
}

// grid is a sheet of cells as read from a file, whatever the format.
type grid struct {
	rows     [][]string // cell values; for xlsx the raw stored value (numbers unformatted, dates as serials)
	plan     string     // xlsx: the plan id the workbook says it belongs to (the duban-plan property)
	asOf     string     // xlsx: the template's as-of date (the duban-asof property)
	xlsx     bool
	date1904 bool
	// percent reports whether an xlsx cell (0-based row and column) is
	// formatted as a percentage, where Excel stores 80% as 0.8. It is
	// asked only about the few cells where that matters, because reading
	// cell styles means parsing the whole sheet a second time.
	percent func(r, c int) bool
	// formula reports whether an xlsx cell holds a formula; asked only of
	// empty value cells, where a formula without a cached value would
	// otherwise read as 未填写.
	formula func(r, c int) bool
}

func (g *grid) cell(r, c int) string {
	if c < 0 || r >= len(g.rows) || c >= len(g.rows[r]) {
		return ""
	}
	s := strings.TrimSpace(g.rows[r][c])
	if !g.xlsx {
		s = unguard(s)
	}
	return s
}

// number is a cell holding a figure in unit, as text for
// model.ParseValue. An xlsx number keeps the 15 significant digits Excel
// shows (a formula's 0.30000000000000004 is 0.3, 1.5E-3 is 0.0015); a cell
// of a task in % that Excel stores as a fraction because it is formatted
// as a percentage (someone typed 80%) reads as 80%.
func (g *grid) number(r, c int, unit string) string {
	s := g.cell(r, c)
	if !g.xlsx || !isFloat(s) {
		return s
	}
	s = cleanFloat(s)
	if strings.TrimSpace(unit) == "%" && g.percent != nil {
		if f, err := parseFloat(s); err == nil && f >= -1 && f <= 1 && g.percent(r, c) {
			if d, err := decimal.NewFromString(s); err == nil {
				return d.Shift(2).String() + "%"
			}
		}
	}
	return s
}

// date is a date cell as a day: an Excel serial in an xlsx, or text in any
// of the forms model.ParseDate reads (a time of day is ignored).
func (g *grid) date(r, c int) (time.Time, error) {
	s := g.cell(r, c)
	if g.xlsx && isFloat(s) {
		return excelDate(s, g.date1904)
	}
	if d, _, ok := strings.Cut(s, " "); ok && len(d) >= 8 {
		s = d // 2019-06-30 00:00:00
	} else if d, _, ok := strings.Cut(s, "T"); ok && len(d) >= 8 {
		s = d
	}
	return model.ParseDate(s)
}

// empty reports whether row r has no content at all.
func (g *grid) empty(r int) bool {
	if r >= len(g.rows) {
		return true
	}
	for _, s := range g.rows[r] {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// headerScan is how many rows above the header a file may have (a title,
// instructions) before duban stops looking for it.
const headerScan = 20

// kindOf finds the header row: the plan columns, or the template's.
// It returns the kind, the header's row index and, for a template, the
// column of each template field (-1 where absent).
func (g *grid) kindOf() (kind string, header int, cols [tcCount]int) {
	for r := 0; r < len(g.rows) && r < headerScan; r++ {
		row := g.rows[r]
		if isPlanHeader(row) {
			return KindPlan, r, cols
		}
		for i := range cols {
			cols[i] = -1
		}
		for c, s := range row {
			if f, ok := templateField(s); ok && cols[f] < 0 {
				cols[f] = c
			}
		}
		if cols[tcID] >= 0 && cols[tcValue] >= 0 {
			return KindProgress, r, cols
		}
	}
	return "", -1, cols
}

func isPlanHeader(row []string) bool {
	h := make([]string, len(row))
	for i, c := range row {
		h[i] = normHeader(c)
	}
	_, ok := model.PlanHeader(h)
	return ok
}

// templateAliases are other headers people give the template's columns.
// The 明细 export's 累计完成 (actual) is deliberately not one: importing
// a report back must not turn its figures into new updates.
var templateAliases = map[string]int{
	"任务编号": tcID, "本期累计完成值": tcValue, "报告期": tcDate, "工作进展": tcNote,
}

// templateHeaders maps every template header, in both languages, to its field.
var templateHeaders = func() map[string]int {
	m := map[string]int{}
	for k, v := range templateAliases {
		m[normHeader(k)] = v
	}
	return m
}()

func templateField(s string) (int, bool) {
	h := normHeader(s)
	if h == "" {
		return 0, false
	}
	for i, c := range templateCols {
		if h == normHeader(i18n.Zh.T(c.key)) || h == normHeader(i18n.En.T(c.key)) {
			return i, true
		}
	}
	f, ok := templateHeaders[h]
	return f, ok
}

// normHeader compares headers loosely: case, spaces, BOM and the marks
// people add to required columns (*, ★) do not matter.
func normHeader(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	return strings.ToLower(strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000', '*', '＊', '★':
			return -1
		}
		return r
	}, s))
}

// fromGrid reads a grid as a plan or a template.
func (in importer) fromGrid(g *grid) (*Imported, error) {
	kind, header, cols := g.kindOf()
	switch kind {
	case KindPlan:
		return in.planGrid(g, header)
	case KindProgress:
		return in.progressGrid(g, header, cols)
	}
	return nil, i18n.E("report.err.header", strings.Join(model.PlanColumns, ","))
}

// needPlan is the error when there is no plan to import into.
func (in importer) needPlan() error {
	if in.snap == nil {
		return i18n.E("report.err.noplan")
	}
	return nil
}

// isFloat reports whether s is a plain number as a spreadsheet stores it.
func isFloat(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return false
		}
	}
	_, err := parseFloat(s)
	return err == nil
}
