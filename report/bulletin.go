package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"duban/i18n"
	"duban/model"
)

// Category is how a 通报 groups tasks; model decides it (model.CategoryOf),
// once for every surface.
type Category = model.Category

// The bulletin categories.
const (
	CatDone        = model.CatDone        // 已完成
	CatAhead       = model.CatAhead       // 超进度
	CatOnPace      = model.CatOnPace      // 达进度
	CatBehind      = model.CatBehind      // 欠进度 (滞后 and 严重滞后 together)
	CatNoReport    = model.CatNoReport    // 未填报
	CatUnpublished = model.CatUnpublished // 数据未发布
)

// Categories lists the categories in the order a bulletin states them.
var Categories = []Category{CatDone, CatAhead, CatOnPace, CatBehind, CatNoReport, CatUnpublished}

// headText is the audit chain head the snapshot was read at (sequence and
// hash), as every export states it so a file can be checked against the
// database later (duban check --anchor); "" for a file with no audit entry.
func headText(l i18n.Lang, snap *model.Snapshot) string {
	if snap.HeadSeq == 0 {
		return ""
	}
	return l.T("report.head", snap.HeadSeq, snap.HeadHash)
}

func catLabel(l i18n.Lang, c Category) string { return i18n.Category(l, string(c)) }

// bulletin is the 通报 computed once from the rows and rendered as md,
// html and docx: every count and figure a format states comes from here.
type bulletin struct {
	Title, Issuer, Number, Date string
	Subtitle                    string
	Tasks                       int
	Counts                      map[Category]int
	Avg                         decimal.Decimal
	Overall                     string    // the 总体情况 paragraph
	RankText                    string    // the 红榜 / 黑榜 sentence, or ""
	Ranking                     []rankRow // 红黑榜: lead departments, best first
	Lagging                     []model.Row
	Unreported                  []deptIDs
	Urged                       []model.Row // tasks under an open 督办, in plan order
	Since                       time.Time   // zero: no changes section
	FellBehind, CaughtUp, Done  []model.Row
	Closing                     string
	Head                        string // the audit chain head the data was read at, or "" (headText)
}

type rankRow struct {
	Name   string
	Tasks  int
	Counts map[Category]int
	Avg    decimal.Decimal
	Score  decimal.NullDecimal // the ranking score (model.ScoreOf averaged)
}

// newBulletin computes the bulletin of rows evaluated at o.AsOf; with
// o.Since set, the same tasks are evaluated at that date as well to list
// what changed.
func newBulletin(snap *model.Snapshot, rows []model.Row, o Options) bulletin {
	l := o.Lang
	sum := snap.Summarize(rows, o.AsOf)
	b := bulletin{
		Title:    l.T("report.md.title", snap.Plan.Title),
		Issuer:   o.Issuer,
		Number:   o.Number,
		Subtitle: subtitle(l, snap, o, len(rows)),
		Tasks:    len(rows),
		Counts:   map[Category]int{},
		Avg:      sum.All.AvgProgress,
		Closing:  l.T("report.bul.closing"),
		RankText: rankText(l, sum.Depts),
		Head:     headText(l, snap),
	}
	if b.Issuer == "" {
		b.Issuer = l.T("report.bul.issuer")
	}
	date := o.Date
	if date.IsZero() {
		date = o.AsOf
	}
	b.Date = l.T("report.bul.date", date.Year(), int(date.Month()), date.Day())
	cat := func(e model.Eval) Category { return model.CategoryOf(snap.Plan, e) }
	depts := map[string]*rankRow{}
	for _, r := range rows {
		c := cat(r.Eval)
		b.Counts[c]++
		d := depts[r.Task.Lead]
		if d == nil {
			d = &rankRow{Name: r.Task.Lead, Counts: map[Category]int{}}
			depts[r.Task.Lead] = d
		}
		d.Tasks++
		d.Counts[c]++
	}
	for _, g := range sum.Depts { // ranked by score (model.RankDepts)
		d := depts[g.Name]
		if d == nil {
			continue
		}
		d.Avg, d.Score = g.AvgProgress, g.Score
		if d.Name == "" {
			d.Name = l.T("report.nodept")
		}
		b.Ranking = append(b.Ranking, *d)
	}
	var parts []string
	for _, c := range Categories {
		parts = append(parts, l.T("report.bul.count", catLabel(l, c), b.Counts[c], share(b.Counts[c], b.Tasks)))
	}
	b.Overall = l.T("report.bul.overall", b.Tasks, strings.Join(parts, l.T("report.bul.sep")), model.PercentText(b.Avg))
	if ret := model.ReturnedText(l, rows); ret != "" {
		b.Overall += ret // a returned report's status is never shown unmarked
	}
	for _, r := range model.MostLagging(rows, -1) {
		if cat(r.Eval) == CatBehind {
			b.Lagging = append(b.Lagging, r)
		}
	}
	b.Unreported = unreported(rows)
	for _, r := range rows {
		if r.Task.Urged != nil {
			b.Urged = append(b.Urged, r)
		}
	}
	if !o.Since.IsZero() && o.Since.Before(o.AsOf) {
		b.Since = o.Since
		before := map[string]Category{}
		for _, r := range snap.Evaluate(o.Since) {
			before[r.Task.ID] = cat(r.Eval)
		}
		for _, r := range rows {
			was, now := before[r.Task.ID], cat(r.Eval)
			switch {
			case now == CatBehind && was != CatBehind:
				b.FellBehind = append(b.FellBehind, r)
			case was == CatBehind && (now == CatAhead || now == CatOnPace):
				b.CaughtUp = append(b.CaughtUp, r)
			case now == CatDone && was != CatDone:
				b.Done = append(b.Done, r)
			}
		}
	}
	return b
}

// rankLine is one department's line of the 红黑榜.
func (b bulletin) rankLine(l i18n.Lang, d rankRow) string {
	return l.T("report.bul.rank", d.Name, model.FormatScore(d.Score), d.Tasks, d.Counts[CatDone], d.Counts[CatAhead]+d.Counts[CatOnPace],
		d.Counts[CatBehind], d.Counts[CatNoReport], model.PercentText(d.Avg))
}

// changeLine names a task and its 完成率 in the changes section.
func changeLine(l i18n.Lang, r model.Row) string {
	return l.T("report.bul.change", r.Task.ID, r.Task.Name, r.Task.Lead, model.NullPercentText(r.Eval.Progress))
}

// section is a level-1 heading: 一、总体情况 (zh) or 1. Overview (en).
func section(l i18n.Lang, n int, key string, args ...any) string {
	t := l.T(key, args...)
	if l == i18n.En {
		return fmt.Sprintf("%d. %s", n, t)
	}
	return cnNum(n) + "、" + t
}

// subsection is a level-2 heading: （一）… (zh) or (1) … (en).
func subsection(l i18n.Lang, n int, s string) string {
	if l == i18n.En {
		return fmt.Sprintf("(%d) %s", n, s)
	}
	return "（" + cnNum(n) + "）" + s
}

// cnNum writes 1..99 in Chinese numerals: 一, 十, 十二, 二十三.
func cnNum(n int) string {
	d := []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return d[n]
	case n < 20:
		return "十" + strings.TrimPrefix(d[n%10], "〇")
	}
	s := d[n/10] + "十"
	if n%10 != 0 {
		s += d[n%10]
	}
	return s
}

// bulletinSections are the level-1 sections in order; the changes section
// only exists with --since.
func (b bulletin) sections() []string {
	s := []string{"overall", "ranking", "lagging", "unreported", "urged"}
	if !b.Since.IsZero() {
		s = append(s, "changes")
	}
	return append(s, "closing")
}

func (b bulletin) heading(l i18n.Lang, i int, name string) string {
	switch name {
	case "lagging":
		return section(l, i+1, "report.bul.h.lagging", len(b.Lagging))
	case "unreported":
		return section(l, i+1, "report.bul.h.unreported", b.Counts[CatNoReport])
	case "urged":
		return section(l, i+1, "report.bul.h.urged", len(b.Urged))
	case "changes":
		return section(l, i+1, "report.bul.h.changes", model.FormatDate(b.Since))
	}
	return section(l, i+1, "report.bul.h."+name)
}

// textSection is a level-1 section of plain paragraphs and level-2
// subsections, as md and html render the sections after the lagging tasks.
type textSection struct {
	Title string
	Paras []string
	Subs  []textSub
}

type textSub struct {
	Title string
	Items []string
}

// tail is the bulletin's sections after 欠进度任务: 未按期填报, the
// changes since the previous bulletin, 下一步工作要求.
func (b bulletin) tail(l i18n.Lang) []textSection {
	var out []textSection
	for i, name := range b.sections() {
		s := textSection{Title: b.heading(l, i, name)}
		switch name {
		case "unreported":
			for _, u := range b.Unreported {
				s.Paras = append(s.Paras, l.T("report.md.unreported.dept", u.name, len(u.ids), strings.Join(u.ids, l.T("report.listsep"))))
			}
			if len(s.Paras) == 0 {
				s.Paras = []string{l.T("report.bul.none")}
			}
		case "urged":
			s.Paras = b.urgedLines(l)
		case "changes":
			for j, g := range b.changes() {
				sub := textSub{Title: subsection(l, j+1, l.T(g.key, len(g.rows)))}
				for _, r := range g.rows {
					sub.Items = append(sub.Items, changeLine(l, r))
				}
				if len(sub.Items) == 0 {
					sub.Items = []string{l.T("report.bul.none")}
				}
				s.Subs = append(s.Subs, sub)
			}
		case "closing":
			s.Paras = []string{b.Closing}
		default:
			continue
		}
		out = append(out, s)
	}
	return out
}

type changeGroup struct {
	key  string
	rows []model.Row
}

func (b bulletin) changes() []changeGroup {
	return []changeGroup{{"report.bul.h.fell", b.FellBehind}, {"report.bul.h.caught", b.CaughtUp}, {"report.bul.h.done", b.Done}}
}

// urgedLines are the open 督办 items, one a task with its department, the
// supervisor's comment and the reply-by date; "none" when there are none.
func (b bulletin) urgedLines(l i18n.Lang) []string {
	if len(b.Urged) == 0 {
		return []string{l.T("report.bul.none")}
	}
	out := make([]string, 0, len(b.Urged))
	for _, r := range b.Urged {
		u := r.Task.Urged
		out = append(out, l.T("report.bul.urge", r.Task.ID, r.Task.Name, r.Task.Lead, u.By,
			model.FormatDate(u.At), oneLine(u.Comment), model.FormatDate(u.ReplyBy)))
	}
	return out
}
