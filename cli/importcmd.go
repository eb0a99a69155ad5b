package cli

import (
	"bytes"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"duban/i18n"
	"duban/model"
	"duban/report"
)

func (e *env) importCmd() *cobra.Command {
	l := e.lang
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import [FILE]",
		Short: l.T("cli.import.short"),
		Long:  l.T("cli.import.long"),
		Example: "  duban import 填报模板-交通运输局.xlsx --user 张三 --dry-run\n" +
			"  duban import 填报模板-交通运输局.xlsx --user 张三\n" +
			"  duban import plan-2020.csv\n" +
			"  ssh -p 23234 张三@host import < 填报模板-交通运输局.xlsx",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := "-"
			if len(args) == 1 && args[0] != "-" {
				p, err := e.path(args[0])
				if err != nil {
					return err
				}
				name = p
			} else if isTerminal(e.stdin) {
				return usageError{i18n.E("cli.err.stdin.tty")}
			}
			s, snap, err := e.openSnapshot()
			if err != nil {
				return err
			}
			defer e.release(s)
			var imp *report.Imported
			if name == "-" {
				// The file comes on stdin, its format told by its content. An
				// input cut off half-way is an error here: nothing is written.
				data, err := io.ReadAll(e.stdin)
				if err != nil {
					return i18n.E("report.err.read", err.Error())
				}
				imp, err = report.ReadImport(bytes.NewReader(data), sniffFormat(data), snap, e.userName(), e.now())
				if err != nil {
					return err
				}
			} else if imp, err = report.Import(name, snap, e.userName(), e.now()); err != nil {
				return err
			}
			if len(args) == 0 {
				args = []string{"-"}
			}
			if len(imp.Problems) > 0 {
				for _, p := range imp.Problems {
					fmt.Fprintln(e.stderr, p.Text(l))
				}
				return i18n.E("cli.err.import", len(imp.Problems), args[0])
			}
			actor := e.actor(snap.Users)
			switch imp.Kind {
			case "plan":
				if err := model.CanAdmin(actor); err != nil {
					return err
				}
				if dryRun {
					fmt.Fprintln(e.stdout, l.T("cli.import.plandry", len(imp.Tasks), len(snap.Tasks)))
					return nil
				}
				if err := s.ReplacePlan(imp.Plan, imp.Tasks, e.userName()); err != nil {
					return err
				}
				fmt.Fprintln(e.stdout, l.T("cli.import.plandone", len(imp.Tasks)))
			default:
				for _, u := range imp.Updates {
					t, _ := snap.Task(u.TaskID)
					if err := model.CanUpdate(actor, t); err != nil {
						return err
					}
					old := "-"
					if h := snap.History[t.ID]; len(h) > 0 {
						old = model.FormatValue(h[len(h)-1].Value)
					}
					fmt.Fprintf(e.stdout, "%s  %s  %s → %s%s  (%s)\n", t.ID, t.Name, old,
						model.FormatValue(u.Value), t.Unit, model.FormatDate(u.AsOf))
				}
				if dryRun {
					fmt.Fprintln(e.stdout, l.T("cli.import.dry", len(imp.Updates), imp.Skipped))
					return nil
				}
				if len(imp.Updates) > 0 {
					if _, err := s.ApplyUpdates(imp.Updates); err != nil {
						return err
					}
				}
				fmt.Fprintln(e.stdout, l.T("cli.import.done", len(imp.Updates), imp.Skipped))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, l.T("cli.flag.dryrun"))
	return cmd
}
