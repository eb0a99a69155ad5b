// Package report turns a plan evaluated at an as-of date into files people
// read or pass on (xlsx, csv, md, html and the JSON contract of DESIGN.md),
// writes the department fill-in template (进度填报模板), and reads files
// back: a plan in the plan columns, or a filled-in template. It knows
// nothing of terminals or bbolt: imports return what they found and the
// caller applies it through the store, atomically.
package report

import (
	"io"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"duban/i18n"
	"duban/model"
)

// Formats lists the export formats, in the order help text shows them.
var Formats = []string{"xlsx", "csv", "md", "html", "docx", "json"}

// Options say how an export is written.
type Options struct {
	AsOf     time.Time // the as-of date the rows were evaluated at
	Lang     i18n.Lang // labels, headings and status names
	Template bool      // xlsx/csv: the department fill-in template (进度填报模板) instead of a report
	Dept     string    // the template's department ("" = all tasks); also shown in headings
	Issuer   string    // docx 通报: 发文机关 ("" = report.bul.issuer)
	Number   string    // docx 通报: 文号, e.g. 株督通〔2019〕6号
	Date     time.Time // docx 通报: 成文日期 (zero = AsOf)
	Since    time.Time // 通报: the previous bulletin's date, to list what changed since
}

// Export writes rows (already filtered by the caller and evaluated at
// o.AsOf) to w in format: "xlsx", "csv", "md", "html" or "json".
func Export(w io.Writer, format string, snap *model.Snapshot, rows []model.Row, o Options) error {
	if snap == nil {
		return i18n.E("report.err.nosnap")
	}
	o = o.normalize(snap, rows)
	format = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(format), "."))
	if o.Template {
		trows := templateRows(rows, o.Dept)
		if len(trows) == 0 {
			if o.Dept == "" {
				return i18n.E("report.err.notasks.all")
			}
			return i18n.E("report.err.notasks", o.Dept)
		}
		switch format {
		case "xlsx":
			return writeTemplateXLSX(w, snap, trows, o)
		case "csv":
			return writeTemplateCSV(w, snap, trows, o)
		}
		return i18n.E("report.err.template", format)
	}
	switch format {
	case "xlsx":
		return writeXLSX(w, snap, rows, o)
	case "csv":
		return writeCSV(w, rows, o)
	case "md":
		return writeMarkdown(w, snap, rows, o)
	case "html":
		return writeHTML(w, snap, rows, o)
	case "docx":
		return writeDocx(w, snap, rows, o)
	case "json":
		return writeJSON(w, snap, rows, o)
	}
	return i18n.E("report.err.format", format, strings.Join(Formats, ", "))
}

// normalize fills in what an export needs when the caller left it out: the
// as-of date the rows were evaluated at (else today, clamped into the plan).
func (o Options) normalize(snap *model.Snapshot, rows []model.Row) Options {
	switch {
	case !o.AsOf.IsZero():
		o.AsOf = model.Day(o.AsOf)
	case len(rows) > 0 && !rows[0].Eval.AsOf.IsZero():
		o.AsOf = rows[0].Eval.AsOf
	default:
		o.AsOf = snap.DefaultAsOf(time.Now())
	}
	if o.Lang != i18n.En {
		o.Lang = i18n.Zh
	}
	o.Dept = strings.TrimSpace(o.Dept)
	if !o.Since.IsZero() {
		o.Since = model.Day(o.Since)
	}
	return o
}

// templateRows keeps the rows of a department's template: the tasks it
// leads, since the lead department is the one that reports (partners add
// notes, see model.CanUpdate). The caller's --dept filter also matches
// partners, so this narrows it; "" keeps every task.
func templateRows(rows []model.Row, dept string) []model.Row {
	if dept == "" {
		return rows
	}
	out := make([]model.Row, 0, len(rows))
	for _, r := range rows {
		if strings.Contains(r.Task.Lead, dept) {
			out = append(out, r)
		}
	}
	return out
}

// detailLabel is a 明细 line's status label, marked 已退回 where its report
// was returned (model.MarkReturned).
func detailLabel(l i18n.Lang, d detail) string {
	return model.MarkReturned(l, i18n.Status(l, d.Status), d.Returned)
}

// title is the plan title as headings show it, marked when the data is a demo.
func title(l i18n.Lang, snap *model.Snapshot) string {
	t := snap.Plan.Title
	if t == "" {
		t = snap.Plan.ID
	}
	if snap.Plan.Demo {
		t += l.T("report.demo.suffix")
	}
	return t
}

// scope names what the export covers: the department, or all tasks.
func scope(l i18n.Lang, o Options) string {
	if o.Dept == "" {
		return l.T("report.scope.all")
	}
	return l.T("report.scope.dept", o.Dept)
}

// detail is one task's line of the 明细 columns, shared by csv and xlsx.
type detail struct {
	ID, Chapter, Section, Name string
	Target                     decimal.Decimal
	Unit                       string
	Actual                     decimal.NullDecimal
	Progress                   decimal.NullDecimal // percent
	TimeProgress               decimal.Decimal     // percent
	Lag                        decimal.Decimal     // points behind time progress (model.Eval.Lag)
	Status                     model.Status
	Returned                   bool // the latest report was returned (已退回): the status is marked
	Lead, Partners             string
	Need                       decimal.NullDecimal // per remaining month, rounded to 2 places
	Updated                    time.Time           // the latest update's reporting date
	By                         string
	Note, Problems, Next       string
}

func detailOf(r model.Row) detail {
	t, e := r.Task, r.Eval
	d := detail{
		ID: t.ID, Chapter: t.Chapter, Section: t.Section, Name: t.Name,
		Target: t.Target, Unit: t.Unit,
		Actual: e.Actual, Progress: e.Progress, TimeProgress: e.TimeProgress, Lag: e.Lag,
		Status: e.Status, Returned: e.Returned(), Lead: t.Lead, Partners: model.JoinList(t.Partners),
	}
	if e.NeedPerMonth.Valid && e.Status != model.StatusDone {
		d.Need = decimal.NewNullDecimal(model.RoundNeed(e.NeedPerMonth.Decimal))
	}
	if u := e.Latest; u != nil {
		d.Updated, d.By = u.AsOf, u.By
		d.Note, d.Problems, d.Next = u.Note, u.Problems, u.Next
	}
	return d
}

// share is n of total as a percentage with one decimal (model.PercentText),
// 0% for no total.
func share(n, total int) string {
	if total == 0 {
		return model.PercentText(decimal.Zero)
	}
	return model.PercentText(decimal.NewFromInt(int64(n * 100)).Div(decimal.NewFromInt(int64(total))))
}

// oneLine folds a multi-line text into one line for table cells and
// sentences, trimmed.
func oneLine(s string) string { return strings.TrimSpace(flat(s)) }

// flat replaces line breaks (and the blanks around them) with one space,
// leaving the ends of s alone.
func flat(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	var b strings.Builder
	for i, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if i > 0 {
			b.WriteByte(' ')
			line = strings.TrimLeft(line, " \t")
		}
		b.WriteString(strings.TrimRight(line, " \t"))
	}
	return b.String()
}

// RedBlackN is how many departments the 红黑榜 of a bulletin names at each end.
const RedBlackN = 3

// rankText is the 红黑榜 of a ranking (model.RankDepts): the best and the
// worst RedBlackN departments with their scores; "" when too few are scored.
func rankText(l i18n.Lang, ranked []model.Group) string {
	red, black := model.RedBlack(ranked, RedBlackN)
	if len(red) == 0 {
		return ""
	}
	list := func(gs []model.Group) string {
		parts := make([]string, len(gs))
		for i, g := range gs {
			name := g.Name
			if name == "" {
				name = l.T("report.nodept")
			}
			parts[i] = l.T("report.rankentry", name, model.FormatScore(g.Score))
		}
		return strings.Join(parts, l.T("report.listsep"))
	}
	return l.T("report.redlist", list(red)) + l.T("report.blacklist", list(black))
}
