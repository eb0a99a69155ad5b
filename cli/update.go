package cli

import (
	"errors"
	"fmt"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"duban/i18n"
	"duban/model"
)

func displayWidth(s string) int { return ansi.StringWidth(s) }

func (e *env) updateCmd() *cobra.Command {
	l := e.lang
	var note, problems, next string
	var confirm bool
	cmd := &cobra.Command{
		Use:   "update ID VALUE",
		Short: l.T("cli.update.short"),
		Long:  l.T("cli.update.long"),
		Example: "  duban update 5.3.05 750 --as-of 2019-06-30 --note 新建停车场两处\n" +
			"  duban update 5.1.01 3.2万 --as-of 2019-06-30\n" +
			"  duban update 5.3.10 ５００ --problems 雨季影响施工 --next 抢抓晴好天气\n" +
			"  duban update 5.3.10 50000 --as-of 2019-06-30 --confirm",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := e.open(false)
			if err != nil {
				return err
			}
			defer e.release(s)
			// One task's point read, not a snapshot: the cost of an
			// update does not grow with the plan.
			view, err := s.TaskView(args[0], e.userName())
			if err != nil {
				return err
			}
			t := view.Task
			v, err := model.ParseValue(args[1], t.Unit)
			if err != nil {
				return err
			}
			asOf, err := e.resolveAsOf(view.Plan)
			if err != nil {
				return err
			}
			// The store decides whether the actor may report on the task
			// (e.actor: --user's rights where it names a user of the file).
			u, err := e.backend(s).AddUpdate(model.Update{
				TaskID: t.ID, Value: v, AsOf: asOf,
				Note: note, Problems: problems, Next: next, By: e.userName(), Confirmed: confirm,
			}, 0)
			if pe := (*model.PlausibilityError)(nil); errors.As(err, &pe) {
				return i18n.E("cli.err.plausible", pe)
			} else if err != nil {
				return err
			}
			h := append(view.History, u)
			model.SortUpdates(h)
			ev := model.Evaluate(view.Plan, t, h, asOf)
			_, err = fmt.Fprintln(e.stdout, l.T("cli.update.done", t.ID, t.Name,
				model.FormatValue(u.Value)+t.Unit, model.FormatDate(u.AsOf),
				model.NullPercentText(ev.Progress), model.StatusLabel(l, ev)))
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&note, "note", "", l.T("cli.flag.note"))
	fl.StringVar(&problems, "problems", "", l.T("cli.flag.problems"))
	fl.StringVar(&next, "next", "", l.T("cli.flag.next"))
	fl.BoolVar(&confirm, "confirm", false, l.T("cli.flag.confirm"))
	return cmd
}
