package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"duban/i18n"
	"duban/model"
	"duban/report"
	"duban/safetext"
)

// maxProblems is how many problems of a refused import are listed.
const maxProblems = 50

func (e *env) importCmd() *cobra.Command {
	l := e.lang
	var dryRun, acceptWarnings bool
	cmd := &cobra.Command{
		Use:   "import [FILE]",
		Short: l.T("cli.import.short"),
		Long:  l.T("cli.import.long"),
		Example: "  duban import 填报模板-交通运输局.xlsx --user 张三 --dry-run\n" +
			"  duban import 填报模板-交通运输局.xlsx --user 张三\n" +
			"  duban import 填报模板-交通运输局.xlsx --user 张三 --accept-warnings\n" +
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
			// read reads the file (or stdin, its format told by its content)
			// against snap; the input is read once, so a template can be read
			// again against its own plan.
			var data []byte
			if name == "-" {
				// An input cut off half-way is an error here: nothing is written.
				if data, err = io.ReadAll(e.stdin); err != nil {
					return i18n.E("report.err.read", i18n.Sys(err))
				}
			}
			read := func(snap *model.Snapshot) (*report.Imported, error) {
				// --as-of stands for a blank 报告日期 instead of the template's own date.
				o := report.ImportOptions{User: e.userName(), Now: e.now()}
				if e.asOf != "" {
					d, err := e.resolveAsOf(snap.Plan)
					if err != nil {
						return nil, err
					}
					o.AsOf = d
				}
				if name == "-" {
					return report.ReadImportFrom(bytes.NewReader(data), sniffFormat(data), snap, o)
				}
				return report.ImportFile(name, snap, o)
			}
			imp, err := read(snap)
			if err != nil {
				return err
			}
			if imp.Kind == report.KindProgress && imp.PlanID != "" && imp.PlanID != snap.Plan.ID {
				// A template goes into the plan it was made for, never
				// into another year's; --plan naming another is refused.
				if e.plan != "" {
					return imp.Problems[0].Err
				}
				if err := s.UsePlan(imp.PlanID); err != nil {
					return err
				}
				if snap, err = s.Snapshot(); err != nil {
					return err
				}
				if imp, err = read(snap); err != nil {
					return err
				}
				fmt.Fprintln(e.stdout, l.T("cli.import.toplan", imp.PlanID))
			}
			if len(args) == 0 {
				args = []string{"-"}
			}
			if len(imp.Problems) > 0 {
				// The first maxProblems are listed, the rest counted: a hostile
				// file with a million bad rows prints a screenful, not a million
				// lines.
				for i, p := range imp.Problems {
					if i == maxProblems {
						fmt.Fprintln(e.stderr, l.T("cli.import.more", len(imp.Problems)-maxProblems))
						break
					}
					fmt.Fprintln(e.stderr, safetext.Line(p.Text(l)))
				}
				return i18n.E("cli.err.import", len(imp.Problems), args[0])
			}
			// The store decides (rights, invariants) in the transaction that
			// writes; a dry run is decided the same way and rolled back.
			target := s
			if dryRun {
				target = s.DryRun()
			}
			b := e.backend(target)
			switch imp.Kind {
			case "plan":
				if err := b.ReplacePlan(imp.Plan, imp.Tasks); err != nil {
					return err
				}
				if dryRun {
					fmt.Fprintln(e.stdout, l.T("cli.import.plandry", len(imp.Tasks), len(snap.Tasks)))
					return nil
				}
				fmt.Fprintln(e.stdout, l.T("cli.import.plandone", len(imp.Tasks)))
			default:
				// Plausibility warnings, row by row: listed by --dry-run, and
				// saved only with --accept-warnings.
				warnOut := e.stdout
				if !dryRun && !acceptWarnings {
					warnOut = e.stderr
				}
				for _, w := range imp.Warnings {
					for _, x := range w.Warnings {
						fmt.Fprintln(warnOut, safetext.Line(report.Problem{Row: w.Row, Err: i18n.E("cli.import.warned", x.Msg)}.Text(l)))
					}
				}
				if len(imp.Updates) == 0 {
					fmt.Fprintln(e.stdout, l.T("cli.import.nothing", imp.Same, imp.Skipped))
					return nil
				}
				if len(imp.Warnings) > 0 {
					if !dryRun && !acceptWarnings {
						return i18n.E("cli.err.import.warnings", len(imp.Warnings))
					}
					imp.Confirm() // a dry run is decided as if accepted, the warnings listed above
				}
				if _, err := b.ApplyUpdates(imp.Updates); err != nil {
					return e.deniedRows(err, args[0])
				}
				for _, u := range imp.Updates {
					t, _ := snap.Task(u.TaskID)
					old := "-" // the report the new one follows: the last on or before its date
					if last := model.LastReport(snap.History[t.ID], u.AsOf); last != nil {
						old = model.FormatValue(last.Value)
					}
					fmt.Fprintf(e.stdout, "%s  %s  %s → %s%s  (%s)\n", t.ID, safetext.Line(t.Name), old,
						model.FormatValue(u.Value), safetext.Line(t.Unit), model.FormatDate(u.AsOf))
				}
				if imp.Same > 0 {
					fmt.Fprintln(e.stdout, l.T("cli.import.same", imp.Same))
				}
				if dryRun {
					if len(imp.Warnings) > 0 {
						fmt.Fprintln(e.stdout, l.T("cli.import.warnings", len(imp.Warnings)))
					}
					fmt.Fprintln(e.stdout, l.T("cli.import.dry", len(imp.Updates), imp.Skipped))
					return nil
				}
				fmt.Fprintln(e.stdout, l.T("cli.import.done", len(imp.Updates), imp.Skipped))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, l.T("cli.flag.dryrun"))
	cmd.Flags().BoolVar(&acceptWarnings, "accept-warnings", false, l.T("cli.flag.acceptwarn"))
	return cmd
}

// deniedRows lists, one a line on stderr, every task of an import the
// store refused to the actor (a *model.BatchDeniedError), the first
// maxProblems of them and a count of the rest, and says how many; any
// other error is returned as it is.
func (e *env) deniedRows(err error, file string) error {
	var bd *model.BatchDeniedError
	if !errors.As(err, &bd) {
		return err
	}
	l := e.lang
	for i, d := range bd.Denied {
		if i == maxProblems {
			fmt.Fprintln(e.stderr, l.T("cli.import.more", len(bd.Denied)-maxProblems))
			break
		}
		fmt.Fprintln(e.stderr, safetext.Line(i18n.Message(l, d.Err))) // it names the task and its lead
	}
	return i18n.E("cli.err.import", len(bd.Denied), file)
}
