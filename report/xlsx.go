package report

import (
	"fmt"
	"io"
	"slices"

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
	_, err := b.f.WriteTo(w)
	return err
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

// detail sheet column indexes (0-based) with special treatment.
const (
	dcName     = 3
	dcProgress = 7
	dcStatus   = 9
	dcNote     = 15
)

func writeDetailSheet(b *book, snap *model.Snapshot, rows []model.Row, o Options) {
	l := o.Lang
	n := len(detailCols)
	p := page{name: l.T("report.sheet.detail"), headerRow: 3, freezeCol: 1, printTitles: true}
	ds := make([]detail, len(rows))
	ws := newWidths(n)
	for i, k := range detailCols {
		ws.see(i, l.T(k))
	}
	ws.limit(0, 8, 12)
	ws.limit(1, 8, 16)
	ws.limit(2, 8, 18)
	ws.limit(dcName, 16, 36)
	for _, i := range []int{4, 6, 12} {
		ws.limit(i, 8, 14)
	}
	ws.limit(5, 6, 10)
	ws.limit(dcProgress, 9, 10)
	ws.limit(8, 9, 10)
	ws.limit(dcStatus, 9, 10)
	ws.limit(10, 10, 24)
	ws.limit(11, 10, 24)
	ws.limit(13, 12, 12)
	ws.limit(14, 6, 12)
	for i := dcNote; i < n; i++ {
		ws.limit(i, 12, 36)
	}
	for i, r := range rows {
		d := detailOf(r)
		ds[i] = d
		for c, s := range []string{d.ID, d.Chapter, d.Section, d.Name, d.Target.String(), d.Unit,
			nullStr(d.Actual), "", "", "", d.Lead, d.Partners, nullStr(d.Need), "", d.By, d.Note, d.Problems, d.Next} {
			ws.see(c, s)
		}
	}
	cols := ws.columns()
	sw := b.sheet(p, permute(cols, detailXLSXOrder))
	b.banner(sw, 1, detailPrintCols, b.title, title(l, snap), 24)
	b.banner(sw, 2, detailPrintCols, b.subtitle, subtitle(l, snap, o, len(rows)), 0)
	hdr := make([]string, n)
	for i, k := range detailCols {
		hdr[i] = l.T(k)
	}
	b.row(sw, 3, permute(b.headerCells(hdr), detailXLSXOrder), 30)
	wrapCols := []int{1, 2, dcName, 10, 11, dcNote, dcNote + 1, dcNote + 2}
	cells := make([]any, n)
	for i, d := range ds {
		cells = append(cells[:0],
			excelize.Cell{StyleID: b.text, Value: txt(d.ID)},
			excelize.Cell{StyleID: b.wrap, Value: txt(d.Chapter)},
			excelize.Cell{StyleID: b.wrap, Value: txt(d.Section)},
			excelize.Cell{StyleID: b.wrap, Value: txt(d.Name)},
			excelize.Cell{StyleID: b.num, Value: fnum(d.Target)},
			excelize.Cell{StyleID: b.center, Value: txt(d.Unit)},
			excelize.Cell{StyleID: b.num, Value: fnull(d.Actual)},
			excelize.Cell{StyleID: b.pct, Value: fracNull(d.Progress)},
			excelize.Cell{StyleID: b.pct, Value: frac(d.TimeProgress)},
			excelize.Cell{StyleID: b.status[d.Status], Value: i18n.Status(l, d.Status)},
			excelize.Cell{StyleID: b.wrap, Value: txt(d.Lead)},
			excelize.Cell{StyleID: b.wrap, Value: txt(d.Partners)},
			excelize.Cell{StyleID: b.num, Value: fnull(d.Need)},
			excelize.Cell{StyleID: b.date, Value: dateCell(d)},
			excelize.Cell{StyleID: b.text, Value: txt(d.By)},
			excelize.Cell{StyleID: b.wrap, Value: txt(d.Note)},
			excelize.Cell{StyleID: b.wrap, Value: txt(d.Problems)},
			excelize.Cell{StyleID: b.wrap, Value: txt(d.Next)},
		)
		texts := []string{d.Chapter, d.Section, d.Name, d.Lead, d.Partners, d.Note, d.Problems, d.Next}
		h := 1
		for j, c := range wrapCols {
			h = max(h, lines(texts[j], cols[c]))
		}
		b.row(sw, 4+i, permute(cells, detailXLSXOrder), rowHeight(h, 6))
	}
	last := 3 + len(ds)
	b.dataBar(p.name, slices.Index(detailXLSXOrder, dcProgress)+1, 4, last)
	b.check(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area",
		RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", p.name, colLetter(detailPrintCols), last), Scope: p.name}))
	b.finish(sw, p, n, last)
}

// detailXLSXOrder is the 明细 sheet's column order, as indexes into
// detailCols: first the detailPrintCols columns a reader of the printed
// page needs (编号, 任务, 牵头单位, 目标, 单位, 累计完成, 完成率, 序时进度, 状态,
// 存在问题), the print area; then the rest of the record, in the sheet but
// not printed (the csv keeps detailCols' order).
var detailXLSXOrder = []int{0, dcName, 10, 4, 5, 6, dcProgress, 8, dcStatus, dcNote + 1, 1, 2, 11, 12, 13, 14, dcNote, dcNote + 2}

const detailPrintCols = 10

// lagXLSXOrder is the 滞后任务 sheet's column order, as indexes into
// lagCols: 需月均完成 and 最近填报日期 move after 存在问题 and 下一步措施, out of
// the print area (the first lagPrintCols columns).
var lagXLSXOrder = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 10, 11}

const lagPrintCols = 12

// permute returns xs in the order of the indexes idx.
func permute[T any](xs []T, idx []int) []T {
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
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

// lagCols are the 滞后任务 columns.
var lagCols = []string{"report.col.id", "report.col.name", "report.col.lead", "report.col.target",
	"report.col.unit", "report.col.actual", "report.col.progress", "report.col.timeprogress",
	"report.col.lag", "report.col.status", "report.col.need", "report.col.updated",
	"report.col.problems", "report.col.next"}

func writeLaggingSheet(b *book, snap *model.Snapshot, rows []model.Row, o Options) {
	l := o.Lang
	lag := model.MostLagging(rows, -1)
	n := len(lagCols)
	p := page{name: l.T("report.sheet.lagging"), headerRow: 3, freezeCol: 2, printTitles: true}
	ws := newWidths(n)
	for i, k := range lagCols {
		ws.see(i, l.T(k))
	}
	ws.limit(0, 8, 12)
	ws.limit(1, 16, 22)
	ws.limit(2, 10, 16)
	for _, i := range []int{3, 5, 10} {
		ws.limit(i, 8, 12)
	}
	ws.limit(4, 6, 10)
	for _, i := range []int{6, 7, 8, 9} {
		ws.limit(i, 9, 10)
	}
	ws.limit(11, 12, 12)
	ws.limit(12, 14, 24)
	ws.limit(13, 14, 24)
	ds := make([]detail, len(lag))
	for i, r := range lag {
		d := detailOf(r)
		ds[i] = d
		for c, s := range []string{d.ID, d.Name, d.Lead, d.Target.String(), d.Unit, nullStr(d.Actual),
			"", "", "", "", nullStr(d.Need), "", d.Problems, d.Next} {
			ws.see(c, s)
		}
	}
	cols := ws.columns()
	sw := b.sheet(p, permute(cols, lagXLSXOrder))
	b.banner(sw, 1, n, b.title, title(l, snap), 24)
	b.banner(sw, 2, n, b.subtitle, l.T("report.lagging.subtitle", model.FormatDate(o.AsOf), scope(l, o), len(lag)), 0)
	hdr := make([]string, n)
	for i, k := range lagCols {
		hdr[i] = l.T(k)
	}
	b.row(sw, 3, permute(b.headerCells(hdr), lagXLSXOrder), 30)
	if len(lag) == 0 {
		b.banner(sw, 4, n, b.note, l.T("report.lagging.none"), 0)
		b.finish(sw, page{name: p.name}, n, 4)
		return
	}
	for i, d := range ds {
		r := lag[i]
		cells := []any{
			excelize.Cell{StyleID: b.text, Value: txt(d.ID)},
			excelize.Cell{StyleID: b.wrap, Value: txt(d.Name)},
			excelize.Cell{StyleID: b.wrap, Value: txt(d.Lead)},
			excelize.Cell{StyleID: b.num, Value: fnum(d.Target)},
			excelize.Cell{StyleID: b.center, Value: txt(d.Unit)},
			excelize.Cell{StyleID: b.num, Value: fnull(d.Actual)},
			excelize.Cell{StyleID: b.pct, Value: fracNull(d.Progress)},
			excelize.Cell{StyleID: b.pct, Value: frac(d.TimeProgress)},
			excelize.Cell{StyleID: b.num, Value: fnum(r.Eval.Lag.Round(1))},
			excelize.Cell{StyleID: b.status[d.Status], Value: i18n.Status(l, d.Status)},
			excelize.Cell{StyleID: b.num, Value: fnull(d.Need)},
			excelize.Cell{StyleID: b.date, Value: dateCell(d)},
			excelize.Cell{StyleID: b.wrap, Value: txt(d.Problems)},
			excelize.Cell{StyleID: b.wrap, Value: txt(d.Next)},
		}
		h := max(lines(d.Name, cols[1]), lines(d.Lead, cols[2]), lines(d.Problems, cols[12]), lines(d.Next, cols[13]))
		b.row(sw, 4+i, permute(cells, lagXLSXOrder), rowHeight(h, 8))
	}
	last := 3 + len(ds)
	b.dataBar(p.name, 7, 4, last)
	b.check(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area",
		RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", p.name, colLetter(lagPrintCols), last), Scope: p.name}))
	b.finish(sw, p, n, last)
}
