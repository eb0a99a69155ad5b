package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"duban/i18n"
	"duban/model"
)

// writeMarkdown writes a 通报-style summary to paste into a report: the
// headline figures, the table by lead department, and the lagging tasks
// with their department and the reason given.
func writeMarkdown(w io.Writer, snap *model.Snapshot, rows []model.Row, o Options) error {
	l := o.Lang
	bw := bufio.NewWriter(w)
	b := newBulletin(snap, rows, o)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	p("# %s\n\n", mdEscape(b.Title))
	if snap.Plan.Demo {
		p("> **%s**\n\n", l.T("report.demo"))
	}
	p("%s\n\n", mdEscape(b.Subtitle))

	secs := b.sections()
	p("## %s\n\n", b.heading(l, 0, secs[0]))
	p("%s\n\n", mdEscape(b.Overall))
	if b.RankText != "" {
		p("%s\n\n", mdEscape(b.RankText))
	}

	p("## %s\n\n", b.heading(l, 1, secs[1]))
	if len(b.Ranking) == 0 {
		p("%s\n\n", l.T("report.md.notasks"))
	} else {
		hdr := []string{l.T("report.col.lead"), l.T("report.col.tasks")}
		for _, c := range Categories {
			hdr = append(hdr, catLabel(l, c))
		}
		hdr = append(hdr, l.T("report.col.avg"), l.T("report.col.score"))
		p("| %s |\n", strings.Join(hdr, " | "))
		p("|---%s|\n", strings.Repeat("|--:", len(hdr)-1))
		for _, g := range b.Ranking {
			cells := []string{mdCell(g.Name), fmt.Sprint(g.Tasks)}
			for _, c := range Categories {
				cells = append(cells, fmt.Sprint(g.Counts[c]))
			}
			cells = append(cells, model.PercentText(g.Avg), model.FormatScore(g.Score))
			p("| %s |\n", strings.Join(cells, " | "))
		}
		p("\n")
	}

	p("## %s\n\n", b.heading(l, 2, secs[2]))
	if len(b.Lagging) == 0 {
		p("%s\n", l.T("report.lagging.none"))
	}
	for i, r := range b.Lagging {
		p("%d. %s\n", i+1, lagSentence(l, r, mdEscape, "**"))
	}
	for _, s := range b.tail(l) {
		p("\n## %s\n\n", mdEscape(s.Title))
		for _, para := range s.Paras {
			p("%s\n\n", mdEscape(para))
		}
		for _, sub := range s.Subs {
			p("### %s\n\n", mdEscape(sub.Title))
			for _, it := range sub.Items {
				p("- %s\n", mdEscape(it))
			}
			p("\n")
		}
	}
	p("%s\n\n%s\n", mdEscape(b.Issuer), mdEscape(b.Date))
	if b.Head != "" {
		p("\n---\n\n%s\n", mdEscape(b.Head))
	}
	return bw.Flush()
}

// lagSentence describes one lagging task the way a 通报 does: who, how far
// behind, why, and what is being done. esc escapes text for the target
// format; strong wraps the task's id and name.
func lagSentence(l i18n.Lang, r model.Row, esc func(string) string, strong string) string {
	t, e := r.Task, r.Eval
	var b strings.Builder
	lead := t.Lead
	if lead == "" {
		lead = l.T("report.nodept")
	}
	b.WriteString(strong + esc(t.ID+" "+t.Name) + strong)
	b.WriteString(esc(l.T("report.lag.lead", lead, model.StatusLabel(l, e))))
	actual, prog := model.NullValueText(e.Actual), model.NullPercentText(e.Progress)
	switch {
	case t.Kind == model.KindMilestone:
		b.WriteString(esc(l.T("report.lag.milestone", prog, model.PercentText(e.TimeProgress))))
	case t.Kind.Paced():
		b.WriteString(esc(l.T("report.lag.paced", actual, model.FormatValue(t.Target), t.Unit, prog, model.PercentText(e.TimeProgress))))
	default:
		b.WriteString(esc(l.T("report.lag.rate", t.TargetText(), t.Unit, actual, prog)))
	}
	if u := e.Latest; u != nil {
		if s := oneLine(u.Problems); s != "" {
			b.WriteString(esc(l.T("report.lag.problems", strings.TrimRight(s, "。.；;"))))
		}
		if s := oneLine(u.Next); s != "" {
			b.WriteString(esc(l.T("report.lag.next", strings.TrimRight(s, "。.；;"))))
		}
	}
	return strings.TrimSpace(b.String())
}

var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "|", `\|`, "#", `\#`,
)

// mdEscape makes text safe inside a Markdown paragraph, list item or table
// cell: no accidental emphasis, links, HTML or column breaks, one line.
func mdEscape(s string) string { return mdReplacer.Replace(flat(s)) }

func mdCell(s string) string { return mdEscape(s) }

// deptIDs is a department and the ids of some of its tasks.
type deptIDs struct {
	name string
	ids  []string
}

// unreported lists the tasks nobody has reported on yet, by lead
// department, the departments with most first.
func unreported(rows []model.Row) []deptIDs {
	var out []deptIDs
	at := map[string]int{}
	for _, r := range rows {
		if r.Eval.Status != model.StatusNoReport {
			continue
		}
		i, ok := at[r.Task.Lead]
		if !ok {
			i = len(out)
			at[r.Task.Lead] = i
			out = append(out, deptIDs{name: r.Task.Lead})
		}
		out[i].ids = append(out[i].ids, r.Task.ID)
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].ids) > len(out[j].ids) })
	return out
}
