package report

import (
	"io"

	"github.com/xuri/excelize/v2"

	"duban/i18n"
	"duban/model"
)

// writeXLSX writes the report workbook: 汇总 (by chapter and by lead
// department), 明细 (every task) and 滞后任务 (behind and at risk, worst
// first). Each sheet has a heading with the plan title and as-of date, a
// styled, frozen header row with an autofilter, and prints on A4 landscape,
// fit to width, with the header row on every page.
func writeXLSX(w io.Writer, snap *model.Snapshot, rows []model.Row, o Options) error {
	b := newBook()
	defer b.f.Close()
	b.footer = "&C" + o.Lang.T("report.xlsx.footer") // 第 N 页 共 M 页
	writeSummarySheet(b, snap, rows, o)
	writeDetailSheet(b, snap, rows, o)
	writeLaggingSheet(b, snap, rows, o)
	if b.err != nil {
		return b.err
	}
	return writeBook(w, b.f)
}

// subtitle is the line under a sheet's title: as-of date, time progress,
// scope and task count.
func subtitle(l i18n.Lang, snap *model.Snapshot, o Options, n int) string {
	tp := snap.Plan.TimeProgress(model.Task{Due: snap.Plan.End}, o.AsOf)
	return l.T("report.subtitle", snap.Plan.ID, model.FormatDate(o.AsOf), model.PercentText(tp), scope(l, o), n)
}

var summaryCols = []string{"", "report.col.tasks", "status.done", "status.on_track",
	"status.behind", "status.at_risk", "status.no_report", "status.unpublished",
	"report.col.avg", "report.col.score"}

// scAvg is summaryCols' column of the average 完成率 (1-based, for the data bar).
const scAvg = 9

func writeSummarySheet(b *book, snap *model.Snapshot, rows []model.Row, o Options) {
	l := o.Lang
	sum := snap.Summarize(rows, o.AsOf)
	n := len(summaryCols)
	p := page{name: l.T("report.sheet.summary"), headerRow: 6}

	ws := newWidths(n)
	ws.limit(0, 16, 40)
	for i := 1; i < n; i++ {
		ws.limit(i, 9, 14)
		ws.see(i, l.T(summaryCols[i]))
	}
	ws.see(0, l.T("report.col.chapter"))
	ws.see(0, l.T("report.col.lead"))
	for _, g := range append(append([]model.Group{}, sum.Chapters...), sum.Depts...) {
		ws.see(0, g.Name)
	}
	cols := ws.columns()
	sw := b.sheet(p, cols)

	b.banner(sw, 1, n, b.title, title(l, snap), 24)
	b.banner(sw, 2, n, b.subtitle, subtitle(l, snap, o, len(rows)), 0)
	// The 通报's 总体情况 sentence, wrapped inside the page's width.
	overall := newBulletin(snap, rows, o).Overall
	var width float64
	for _, w := range cols {
		width += w
	}
	b.banner(sw, 3, n, b.note, overall, rowHeight(lines(overall, width), 4))
	// The 红黑榜 sentence, wrapped likewise.
	rank := rankText(l, sum.Depts)
	b.banner(sw, 4, n, b.note, rank, rowHeight(lines(rank, width), 4))
	b.banner(sw, 5, n, b.section, l.T("report.by.chapter"), 0)

	labels := func(first string) []string {
		out := []string{l.T(first)}
		for _, k := range summaryCols[1:] {
			out = append(out, l.T(k))
		}
		return out
	}
	r := 6
	b.row(sw, r, b.headerCells(labels("report.col.chapter")), 0)
	first := r + 1
	for _, g := range sum.Chapters {
		r++
		b.row(sw, r, b.groupCells(g, g.Name, false), 0)
	}
	r++
	b.row(sw, r, b.groupCells(sum.All, l.T("report.total"), true), 0)
	b.dataBar(p.name, scAvg, first, r)

	r += 2
	b.banner(sw, r, n, b.section, l.T("report.by.dept"), 0)
	r++
	b.row(sw, r, b.headerCells(labels("report.col.lead")), 0)
	first = r + 1
	for _, g := range sum.Depts {
		r++
		name := g.Name
		if name == "" {
			name = l.T("report.nodept")
		}
		b.row(sw, r, b.groupCells(g, name, false), 0)
	}
	b.dataBar(p.name, scAvg, first, r)
	if head := headText(l, snap); head != "" {
		r += 2
		b.banner(sw, r, n, b.note, head, rowHeight(lines(head, width), 4))
	}
	if b.err == nil && sw != nil {
		b.check(sw.Flush())
	}
}

// groupCells is one line of a summary table.
func (b *book) groupCells(g model.Group, name string, total bool) []any {
	ts, ns, ps := b.text, b.num, b.pct
	if total {
		ts, ns, ps = b.totalText, b.totalNum, b.totalPct
	}
	out := []any{excelize.Cell{StyleID: ts, Value: name}, excelize.Cell{StyleID: ns, Value: g.Tasks}}
	for _, s := range model.Statuses {
		out = append(out, excelize.Cell{StyleID: ns, Value: g.Counts[s]})
	}
	out = append(out, excelize.Cell{StyleID: ps, Value: frac(g.AvgProgress)})
	if !g.Score.Valid {
		return append(out, excelize.Cell{StyleID: ns, Value: ""})
	}
	return append(out, excelize.Cell{StyleID: ns, Value: g.Score.Decimal.Round(1).InexactFloat64()})
}

// writeDetailSheet writes 明细, every task (detailSheet).
func writeDetailSheet(b *book, snap *model.Snapshot, rows []model.Row, o Options) {
	l := o.Lang
	ds := make([]detail, len(rows))
	for i, r := range rows {
		ds[i] = detailOf(r)
	}
	detailSheet.write(b, l.T("report.sheet.detail"), title(l, snap), subtitle(l, snap, o, len(rows)), l, ds, "")
}

// writeLaggingSheet writes 滞后任务, the tasks behind, worst first (lagSheet).
func writeLaggingSheet(b *book, snap *model.Snapshot, rows []model.Row, o Options) {
	l := o.Lang
	lag := model.MostLagging(rows, -1)
	ds := make([]detail, len(lag))
	for i, r := range lag {
		ds[i] = detailOf(r)
	}
	lagSheet.write(b, l.T("report.sheet.lagging"), title(l, snap),
		l.T("report.lagging.subtitle", model.FormatDate(o.AsOf), scope(l, o), len(lag)), l, ds, l.T("report.lagging.none"))
}

func colLetter(n int) string {
	s, _ := excelize.ColumnNumberToName(n)
	return s
}

func dateCell(d detail) any {
	if d.Updated.IsZero() {
		return nil
	}
	return d.Updated
}
