package report

import (
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"duban/i18n"
	"duban/model"
)

// htmlPage is what the HTML template renders. Everything is computed here
// so the template stays a layout.
type htmlPage struct {
	Lang      string
	Title     string
	Demo      string // non-empty for demo data
	Subtitle  string
	Headline  string
	RankText  string // the 红黑榜 sentence, or ""
	Cards     []htmlCard
	L         map[string]string // labels by short name
	Cols      []string          // summary table headers after the name column
	Chapters  []htmlGroup
	Total     htmlGroup
	Depts     []htmlGroup
	Lagging   []htmlLag
	NoLagging string
	Rows      []htmlRow
	H         []string      // the numbered level-1 headings of the bulletin's first three sections
	Tail      []textSection // the bulletin's sections after the lagging tasks
	RankCols  []string
	Ranking   []htmlGroup
	Issuer    string
	Date      string
	Head      string // the audit chain head, or ""
}

type htmlCard struct {
	Status, Label, Share string
	Count                int
}

type htmlGroup struct {
	Name   string
	Tasks  int
	Counts []int
	Avg    htmlBar
	Score  string // the ranking score (model.FormatScore)
}

type htmlBar struct {
	Text  string // "49.6%", or "" when there is nothing to show
	Width string // bar length in percent, capped at 100
	Mark  string // time progress marker position, or ""
}

type htmlLag struct {
	Head, Body string
	Status     string
}

type htmlRow struct {
	ID, Name, Section, Lead, Target, Actual, Updated, By string
	Progress                                             htmlBar
	Status, StatusLabel                                  string
	Note, Problems, Next                                 string
	Stale                                                bool
}

func bar(p decimal.NullDecimal, mark decimal.Decimal, withMark bool) htmlBar {
	var b htmlBar
	if p.Valid {
		b.Text = model.PercentText(p.Decimal)
		w := p.Decimal
		if w.GreaterThan(decimal.NewFromInt(100)) {
			w = decimal.NewFromInt(100)
		}
		if w.IsNegative() {
			w = decimal.Zero
		}
		b.Width = w.Round(1).String()
	}
	if withMark {
		b.Mark = mark.Round(1).String()
	}
	return b
}

func writeHTML(w io.Writer, snap *model.Snapshot, rows []model.Row, o Options) error {
	l := o.Lang
	sum := snap.Summarize(rows, o.AsOf)
	bl := newBulletin(snap, rows, o)
	pg := htmlPage{
		Lang:     map[i18n.Lang]string{i18n.Zh: "zh-CN", i18n.En: "en"}[l],
		Title:    l.T("report.md.title", snap.Plan.Title),
		Subtitle: subtitle(l, snap, o, len(rows)),
		Headline: bl.Overall,
		RankText: bl.RankText,
		Tail:     bl.tail(l),
		Issuer:   bl.Issuer,
		Date:     bl.Date,
		Head:     bl.Head,
		L: map[string]string{
			"chapter": l.T("report.col.chapter"), "lead": l.T("report.col.lead"),
			"byChapter": l.T("report.by.chapter"), "byDept": l.T("report.by.dept"),
			"detail": l.T("report.sheet.detail"), "id": l.T("report.col.id"), "name": l.T("report.col.name"),
			"target": l.T("report.col.target"), "actual": l.T("report.col.actual"),
			"progress": l.T("report.col.progress"), "status": l.T("report.col.status"),
			"updated": l.T("report.col.updated"), "notes": l.T("report.html.notes"),
			"note": l.T("report.col.note"), "problems": l.T("report.col.problems"), "next": l.T("report.col.next"),
			"total": l.T("report.total"), "stale": l.T("report.html.stale"), "legend": l.T("report.html.legend"),
			"footer": l.T("report.html.footer"), "colon": l.T("report.colon"),
		},
		NoLagging: l.T("report.lagging.none"),
	}
	if snap.Plan.Demo {
		pg.Demo = l.T("report.demo")
	}
	secs := bl.sections()
	for i := 0; i < 3; i++ {
		pg.H = append(pg.H, bl.heading(l, i, secs[i]))
	}
	// The cards state the bulletin's categories, coloured as the statuses they gather.
	css := map[Category]model.Status{CatDone: model.StatusDone, CatAhead: model.StatusOnTrack,
		CatOnPace: model.StatusOnTrack, CatBehind: model.StatusBehind, CatNoReport: model.StatusNoReport,
		CatUnpublished: model.StatusUnpublished}
	for _, c := range Categories {
		n := bl.Counts[c]
		pg.Cards = append(pg.Cards, htmlCard{Status: string(css[c]), Label: catLabel(l, c), Count: n, Share: share(n, bl.Tasks)})
	}
	pg.RankCols = []string{l.T("report.col.tasks")}
	for _, c := range Categories {
		pg.RankCols = append(pg.RankCols, catLabel(l, c))
	}
	pg.RankCols = append(pg.RankCols, l.T("report.col.avg"), l.T("report.col.score"))
	for _, d := range bl.Ranking {
		hg := htmlGroup{Name: d.Name, Tasks: d.Tasks, Avg: bar(decimal.NewNullDecimal(d.Avg), sum.TimeProgress, false),
			Score: model.FormatScore(d.Score)}
		for _, c := range Categories {
			hg.Counts = append(hg.Counts, d.Counts[c])
		}
		pg.Ranking = append(pg.Ranking, hg)
	}
	for _, k := range summaryCols[1:] {
		pg.Cols = append(pg.Cols, l.T(k))
	}
	group := func(g model.Group, name string) htmlGroup {
		if name == "" {
			name = l.T("report.nodept")
		}
		hg := htmlGroup{Name: name, Tasks: g.Tasks, Avg: bar(decimal.NewNullDecimal(g.AvgProgress), sum.TimeProgress, false),
			Score: model.FormatScore(g.Score)}
		for _, s := range model.Statuses {
			hg.Counts = append(hg.Counts, g.Counts[s])
		}
		return hg
	}
	for _, g := range sum.Chapters {
		pg.Chapters = append(pg.Chapters, group(g, g.Name))
	}
	pg.Total = group(sum.All, l.T("report.total"))
	for _, g := range sum.Depts {
		pg.Depts = append(pg.Depts, group(g, g.Name))
	}
	for _, r := range bl.Lagging {
		full := lagSentence(l, r, flat, "\x00")
		head, body, _ := strings.Cut(strings.TrimPrefix(full, "\x00"), "\x00")
		pg.Lagging = append(pg.Lagging, htmlLag{Head: head, Body: body, Status: string(r.Eval.Status)})
	}
	for _, r := range rows {
		t, e := r.Task, r.Eval
		hr := htmlRow{
			ID: t.ID, Name: t.Name, Section: t.Section, Lead: t.Lead,
			Target:   t.TargetLabel(l),
			Progress: bar(e.Progress, e.TimeProgress, t.Kind.Paced()),
			Status:   string(e.Status), StatusLabel: model.StatusLabel(l, e), Stale: e.Stale,
		}
		if e.Actual.Valid {
			hr.Actual = model.FormatValue(e.Actual.Decimal) + t.Unit
		}
		if u := e.Latest; u != nil {
			hr.Updated, hr.By = model.FormatDate(u.AsOf), u.By
			hr.Note, hr.Problems, hr.Next = strings.TrimSpace(u.Note), strings.TrimSpace(u.Problems), strings.TrimSpace(u.Next)
		}
		pg.Rows = append(pg.Rows, hr)
	}
	return htmlTmpl().Execute(w, pg)
}

// htmlTmpl is parsed on first use, not at start-up (about 0.3 ms).
var htmlTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Parse(htmlSource))
})

const htmlSource = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root{--done:#1f4e79;--done-bg:#bdd7ee;--ok:#006100;--ok-bg:#c6efce;--behind:#7a4500;--behind-bg:#ffeb9c;--risk:#9c0006;--risk-bg:#ffc7ce;--none:#404040;--none-bg:#ededed;--line:#d0d7de;--muted:#57606a;--bar:#5b9bd5}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1200px;padding:24px;font:14px/1.6 "PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",system-ui,sans-serif;color:#1f2328;background:#fff}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--line)}
.sub{color:var(--muted);margin:0 0 12px}
.demo{display:inline-block;margin:4px 0 8px;padding:2px 10px;border:2px dashed var(--risk);color:var(--risk);font-weight:bold}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{flex:1 1 140px;border:1px solid var(--line);border-left-width:6px;border-radius:6px;padding:8px 12px}
.card b{display:block;font-size:26px;line-height:1.2}
.card span{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid var(--line);padding:4px 8px;vertical-align:top;text-align:left}
th{background:#ddebf7;color:#1f3864;white-space:nowrap}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:bold;background:#f2f2f2}
.st{display:inline-block;padding:0 8px;border-radius:10px;font-weight:bold;white-space:nowrap;border:1px solid currentColor}
.st-done,.card.st-done{color:var(--done);background:var(--done-bg)}
.st-on_track,.card.st-on_track{color:var(--ok);background:var(--ok-bg)}
.st-behind,.card.st-behind{color:var(--behind);background:var(--behind-bg)}
.st-at_risk,.card.st-at_risk{color:var(--risk);background:var(--risk-bg)}
.st-no_report,.card.st-no_report,.st-unpublished,.card.st-unpublished{color:var(--none);background:var(--none-bg)}
.card.st-done,.card.st-on_track,.card.st-behind,.card.st-at_risk,.card.st-no_report,.card.st-unpublished{background:#fff;border-left-color:currentColor}
.bar{position:relative;display:inline-block;width:110px;height:12px;background:#eef1f4;border:1px solid #c9d1d9;vertical-align:middle;margin-right:6px}
.bar>span{position:absolute;left:0;top:0;bottom:0;background:var(--bar)}
.bar>i{position:absolute;top:-3px;bottom:-3px;width:0;border-left:2px solid #c00000}
.pct{display:inline-block;min-width:48px;text-align:right;font-variant-numeric:tabular-nums}
ol.lag li{margin:6px 0;padding-left:6px;border-left:4px solid var(--behind-bg)}
ol.lag li.lag-at_risk{border-left-color:var(--risk-bg)}
ol.lag b{margin-right:4px}
.notes div{margin:0;white-space:pre-line}
.notes em{font-style:normal;color:var(--muted)}
.stale{color:var(--risk);font-size:12px;white-space:nowrap}
.legend{color:var(--muted);font-size:12px}
footer{margin-top:24px;color:var(--muted);font-size:12px}
footer .head{word-break:break-all}
@media print{
@page{size:A4 landscape;margin:12mm}
body{max-width:none;padding:0;font-size:10.5pt}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
thead{display:table-header-group}
tr,li,.card{break-inside:avoid}
h2{break-after:avoid}
}
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
{{if .Demo}}<div class="demo">{{.Demo}}</div>
{{end}}<p class="sub">{{.Subtitle}}</p>
</header>
<h2>{{index .H 0}}</h2>
<section class="cards">
{{range .Cards}}<div class="card st-{{.Status}}"><b>{{.Count}}</b><span class="st st-{{.Status}}">{{.Label}}</span> <span>{{.Share}}</span></div>
{{end}}</section>
<p>{{.Headline}}</p>
{{if .RankText}}<p>{{.RankText}}</p>
{{end}}
<h2>{{index .H 1}}</h2>
<table>
<thead><tr><th>{{.L.lead}}</th>{{range .RankCols}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Ranking}}{{template "group" .}}{{end}}</tbody>
</table>

<h2>{{index .H 2}}</h2>
{{if .Lagging}}<ol class="lag">
{{range .Lagging}}<li class="lag-{{.Status}}"><b>{{.Head}}</b>{{.Body}}</li>
{{end}}</ol>
{{else}}<p>{{.NoLagging}}</p>
{{end}}{{range .Tail}}
<h2>{{.Title}}</h2>
{{range .Paras}}<p>{{.}}</p>
{{end}}{{range .Subs}}<h3>{{.Title}}</h3>
<ul>{{range .Items}}<li>{{.}}</li>{{end}}</ul>
{{end}}{{end}}<p class="sign">{{.Issuer}}<br>{{.Date}}</p>

<h2>{{.L.byChapter}}</h2>
<table>
<thead><tr><th>{{.L.chapter}}</th>{{range .Cols}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Chapters}}{{template "group" .}}{{end}}<tr class="total"><td>{{.Total.Name}}</td><td class="n">{{.Total.Tasks}}</td>{{range .Total.Counts}}<td class="n">{{.}}</td>{{end}}<td class="n">{{template "bar" .Total.Avg}}</td><td class="n">{{.Total.Score}}</td></tr>
</tbody>
</table>

<h2>{{.L.detail}}</h2>
<p class="legend">{{.L.legend}}</p>
<table class="detail">
<thead><tr><th>{{.L.id}}</th><th>{{.L.name}}</th><th>{{.L.lead}}</th><th>{{.L.target}}</th><th>{{.L.actual}}</th><th>{{.L.progress}}</th><th>{{.L.status}}</th><th>{{.L.updated}}</th><th>{{.L.notes}}</th></tr></thead>
<tbody>
{{$L := .L}}{{range .Rows}}<tr><td>{{.ID}}</td><td>{{.Name}}</td><td>{{.Lead}}</td><td class="n">{{.Target}}</td><td class="n">{{.Actual}}</td><td class="n">{{template "bar" .Progress}}</td><td><span class="st st-{{.Status}}">{{.StatusLabel}}</span>{{if .Stale}}<br><span class="stale">{{$L.stale}}</span>{{end}}</td><td>{{.Updated}}{{if .By}}<br>{{.By}}{{end}}</td><td class="notes">{{if .Note}}<div><em>{{$L.note}}{{$L.colon}}</em>{{.Note}}</div>{{end}}{{if .Problems}}<div><em>{{$L.problems}}{{$L.colon}}</em>{{.Problems}}</div>{{end}}{{if .Next}}<div><em>{{$L.next}}{{$L.colon}}</em>{{.Next}}</div>{{end}}</td></tr>
{{end}}</tbody>
</table>
<footer>{{.L.footer}}{{if .Head}}<br><span class="head">{{.Head}}</span>{{end}}</footer>
</body>
</html>
{{define "group"}}<tr><td>{{.Name}}</td><td class="n">{{.Tasks}}</td>{{range .Counts}}<td class="n">{{.}}</td>{{end}}<td class="n">{{template "bar" .Avg}}</td><td class="n">{{.Score}}</td></tr>
{{end}}{{define "bar"}}{{if .Text}}<span class="bar"><span style="width:{{.Width}}%"></span>{{if .Mark}}<i style="left:{{.Mark}}%"></i>{{end}}</span><span class="pct">{{.Text}}</span>{{end}}{{end}}`
