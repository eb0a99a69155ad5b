package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"duban/i18n"
	"duban/model"
	"duban/safetext"
)

func (e *env) showCmd() *cobra.Command {
	l := e.lang
	return &cobra.Command{
		Use:     "show ID",
		Short:   l.T("cli.show.short"),
		Example: "  duban show 5.3.05 --as-of 2019-06-30",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := e.open(true)
			if err != nil {
				return err
			}
			defer e.release(s)
			// One task's point read, not a snapshot.
			v, err := s.TaskView(args[0], "")
			if err != nil {
				return err
			}
			asOf, err := e.resolveAsOf(v.Plan)
			if err != nil {
				return err
			}
			ev := model.Evaluate(v.Plan, v.Task, v.History, asOf)
			// Shown escaped: user text never reaches the terminal raw.
			writeTask(e.stdout, l, v.Plan, safetext.Task(v.Task), safetext.History(v.History), ev)
			return nil
		},
	}
}

// writeTask prints one task: what it is, where it stands, and its history.
func writeTask(w io.Writer, l i18n.Lang, p model.Plan, t model.Task, h []model.Update, ev model.Eval) {
	line := func(key, val string) {
		if val != "" {
			fmt.Fprintf(w, "%s%s\n", pad(l.T(key), 12), val)
		}
	}
	if p.Demo {
		fmt.Fprintf(w, "【%s】\n", l.T("demo"))
	}
	fmt.Fprintf(w, "%s  %s\n\n", t.ID, t.Name)
	line("field.chapter", t.Chapter)
	line("field.section", t.Section)
	line("field.source", "「"+t.Source+"」")
	line("field.kind", i18n.Kind(l, t.Kind))
	line("field.target", targetText(l, t))
	if t.Baseline.Valid {
		line("field.baseline", model.FormatValue(t.Baseline.Decimal)+t.Unit)
	}
	lead := t.Lead
	if t.LeadDefault {
		lead += " " + l.T("cli.show.leaddefault")
	}
	line("field.lead", lead)
	line("field.partners", model.JoinList(t.Partners))
	line("field.due", model.FormatDate(t.DueOr(p)))
	if t.Urged != nil {
		line("field.urged", l.T("cli.show.urged", t.Urged.By, t.Urged.Comment, model.FormatDate(t.Urged.ReplyBy)))
	}
	fmt.Fprintln(w)
	line("field.as_of", model.FormatDate(ev.AsOf))
	status := model.StatusLabel(l, ev)
	if ev.Stale {
		status += "  (" + l.T("field.stale") + ")"
	}
	line("field.status", status)
	if ev.Actual.Valid {
		line("field.actual", model.FormatValue(ev.Actual.Decimal)+t.Unit+"  ("+l.T("cli.show.asof", model.FormatDate(ev.Latest.AsOf))+")")
	} else {
		line("field.actual", "-")
	}
	line("field.progress", model.NullPercentText(ev.Progress))
	line("field.time_progress", model.PercentText(ev.TimeProgress))
	if t.Kind.Paced() {
		line("field.pacing", model.PacingText(l, p, t, ev))
	}
	line("field.release", model.ReleaseText(l, t, ev))
	if ev.NeedPerMonth.Valid {
		unit := t.Unit
		if t.Kind == model.KindMilestone {
			unit = l.T("cli.show.points")
		}
		line("field.need", l.T("cli.show.permonth", model.NeedText(ev.NeedPerMonth.Decimal)+unit))
	}
	if ev.Projection.Valid {
		line("field.projection", model.NullPercentText(ev.Projection))
	}
	fmt.Fprintln(w)
	if len(h) == 0 {
		fmt.Fprintln(w, l.T("cli.show.nohistory"))
		return
	}
	fmt.Fprintln(w, l.T("cli.show.history", len(h)))
	future := 0 // reports dated after the viewed date: listed, marked, not counted above
	for i := len(h) - 1; i >= 0; i-- {
		u := h[i]
		review := l.T("review." + string(u.Review))
		if u.Reviewer != "" {
			review += " " + u.Reviewer
		}
		if u.ReviewComment != "" {
			review += "：" + u.ReviewComment
		}
		mark := ""
		if u.AsOf.After(ev.AsOf) {
			future++
			mark = "  (" + l.T("cli.show.future", model.FormatDate(ev.AsOf)) + ")"
		}
		fmt.Fprintf(w, "  %s  %s%s  %s  [%s]%s\n", model.FormatDate(u.AsOf), model.FormatValue(u.Value), t.Unit, u.By, review, mark)
		for _, f := range [][2]string{{"field.note", u.Note}, {"field.problems", u.Problems}, {"field.next", u.Next}} {
			if strings.TrimSpace(f[1]) != "" {
				fmt.Fprintf(w, "      %s：%s\n", l.T(f[0]), f[1])
			}
		}
	}
	if future > 0 {
		fmt.Fprintln(w, l.T("cli.show.future.note", future, model.FormatDate(ev.AsOf)))
	}
}

// pad right-pads a label to width display cells.
func pad(s string, width int) string {
	return s + strings.Repeat(" ", max(1, width-displayWidth(s)))
}
