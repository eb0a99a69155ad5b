package cli

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"duban/i18n"
	"duban/model"
	"duban/report"
	"duban/store"
)

// newPlanCmd is duban plan: the plans one file keeps (one a year, say),
// each with its own tasks and histories. Subcommands are added here; the
// global --plan flag picks the plan of any other command.
func (e *env) newPlanCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plan",
		Short: e.lang.T("cli.plan.short"),
		Long:  e.lang.T("cli.plan.long"),
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(e.planListCmd(), e.planUseCmd(), e.planImportCmd(), e.planArchiveCmd(),
		e.newPlanDraftCmd(), e.planShowCmd(), e.planSetCmd(), e.planExportCmd())
	return cmd
}

func (e *env) planListCmd() *cobra.Command {
	l := e.lang
	return &cobra.Command{
		Use:   "list",
		Short: l.T("cli.plan.list.short"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := e.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			plans, err := s.Plans()
			if err != nil {
				return err
			}
			t := &table{header: []string{l.T("cli.plan.col.id"), l.T("cli.plan.col.title"), l.T("cli.plan.col.period"),
				l.T("cli.plan.col.tasks"), l.T("cli.plan.col.reports"), l.T("cli.plan.col.state")},
				right: map[int]bool{3: true, 4: true}, max: map[int]int{1: 36}}
			for _, p := range plans {
				t.add(p.Plan.ID, p.Plan.Title, planPeriod(p.Plan), strconv.Itoa(p.Tasks), strconv.Itoa(p.Reports), planState(l, p))
			}
			return t.write(e.stdout)
		},
	}
}

// planPeriod is a plan's period as every command shows it.
func planPeriod(p model.Plan) string {
	return model.FormatDate(p.Start) + ".." + model.FormatDate(p.End)
}

// planState says whether a plan is the file's current one and archived.
func planState(l i18n.Lang, p store.PlanInfo) string {
	var out []string
	if p.Current {
		out = append(out, l.T("cli.plan.current"))
	}
	if p.Archived {
		out = append(out, l.T("cli.plan.archived"))
	}
	return strings.Join(out, " ")
}

func (e *env) planUseCmd() *cobra.Command {
	// Inside the server the change is made on the server's store, not on
	// this command's plan view: the commands and screens that start
	// afterwards open on the new current plan (screens already open stay on
	// theirs until they switch).
	return e.planChangeCmd("use ID", "cli.plan.use.short", "  duban plan use zhuzhou-2020", "cli.plan.used",
		func(s *store.Store, id string) error {
			if e.shared != nil {
				s = e.shared
			}
			return e.backend(s).SetCurrentPlan(id)
		})
}

func (e *env) planArchiveCmd() *cobra.Command {
	return e.planChangeCmd("archive ID", "cli.plan.archive.short", "  duban plan archive zhuzhou-2019", "cli.plan.archiveddone",
		func(s *store.Store, id string) error { return e.backend(s).ArchivePlan(id) })
}

// planChangeCmd is a command that changes the plan its one argument names
// (the store decides whether the actor may) and says so with the label done.
func (e *env) planChangeCmd(use, short, example, done string, change func(s *store.Store, id string) error) *cobra.Command {
	l := e.lang
	return &cobra.Command{
		Use:     use,
		Short:   l.T(short),
		Example: example,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := e.openChange()
			if err != nil {
				return err
			}
			defer e.release(s)
			if err := change(s, args[0]); err != nil {
				return err
			}
			_, err = fmt.Fprintln(e.stdout, l.T(done, args[0]))
			return err
		},
	}
}

func (e *env) planImportCmd() *cobra.Command {
	l := e.lang
	var id, title, period string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import [FILE]",
		Short: l.T("cli.plan.import.short"),
		Long:  l.T("cli.plan.import.long"),
		Example: "  duban plan import plan-2020.csv --id zhuzhou-2020 --title 株洲市2020年政府工作报告重点工作 --period 2020-01-01..2020-12-31\n" +
			"  duban plan import zhuzhou-2019.csv --id zhuzhou-2019\n" +
			"  ssh -p 23234 陈主任@host plan import --id zhuzhou-2020 --period 2020-01-01..2020-12-31 < plan-2020.xlsx",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			target, err := planFlags(id, title, period)
			if err != nil {
				return err
			}
			// The file, or stdin ("-" or no name; over SSH always), its
			// format told by its content.
			name := "-"
			if len(args) == 1 && args[0] != "-" {
				if name, err = e.path(args[0]); err != nil {
					return err
				}
			} else if isTerminal(e.stdin) {
				return usageError{i18n.E("cli.err.stdin.tty")}
			}
			shown := name
			if len(args) == 1 {
				shown = args[0]
			}
			s, snap, err := e.openSnapshot()
			if err != nil {
				return err
			}
			defer s.Close()
			plans, err := s.Plans()
			if err != nil {
				return err
			}
			var existing *store.PlanInfo
			if target.ID == "" {
				target.ID = snap.Plan.ID
			}
			for i := range plans {
				if plans[i].Plan.ID == target.ID {
					existing = &plans[i]
				}
			}
			if existing != nil {
				// Re-import: the plan keeps its period; a contradicting
				// --period is refused like a contradicting first line.
				old := existing.Plan
				if !target.Start.IsZero() && (!target.Start.Equal(old.Start) || !target.End.Equal(old.End)) {
					return i18n.E("report.err.otherperiod", model.FormatDate(target.Start), model.FormatDate(target.End),
						old.ID, model.FormatDate(old.Start), model.FormatDate(old.End))
				}
				if target.Title != "" {
					old.Title = target.Title
				}
				target = old
			} else {
				target.Threshold, target.CycleMonths = snap.Plan.Threshold, snap.Plan.CycleMonths
				target.Settings = snap.Plan.Settings
			}
			into := &model.Snapshot{Plan: target, Users: snap.Users}
			o := report.ImportOptions{User: e.userName(), Now: e.now()}
			var imp *report.Imported
			if name == "-" {
				// The whole input is read before anything is decided: one
				// cut off half-way is an error, and nothing is written.
				data, rerr := io.ReadAll(io.LimitReader(e.stdin, maxPlanInput+1))
				if rerr != nil {
					return i18n.E("report.err.read", i18n.Sys(rerr))
				}
				if len(data) > maxPlanInput {
					return i18n.E("report.err.toolarge", maxPlanInput>>20)
				}
				imp, err = report.ReadImportFrom(bytes.NewReader(data), sniffFormat(data), into, o)
			} else {
				imp, err = report.ImportFile(name, into, o)
			}
			if err != nil {
				return err
			}
			if len(imp.Problems) > 0 {
				for _, p := range imp.Problems {
					fmt.Fprintln(e.stderr, p.Text(l))
				}
				return i18n.E("cli.err.import", len(imp.Problems), shown)
			}
			if imp.Kind != report.KindPlan {
				return i18n.E("cli.plan.err.notplan", shown)
			}
			p := imp.Plan
			if p.ID != target.ID {
				return i18n.E("cli.plan.err.otherid", shown, p.ID, target.ID)
			}
			if p.Title == "" {
				p.Title = p.ID
			}
			// The store decides (an administrator only); a dry run is
			// decided the same way and rolled back.
			dest := s
			if dryRun {
				dest = s.DryRun()
			}
			if err := e.backend(dest).ReplacePlan(p, imp.Tasks); err != nil {
				return err
			}
			if dryRun {
				if existing != nil {
					fmt.Fprintln(e.stdout, l.T("cli.plan.import.dryold", p.ID, len(imp.Tasks), existing.Tasks))
				} else {
					fmt.Fprintln(e.stdout, l.T("cli.plan.import.drynew", p.ID, planPeriod(p), len(imp.Tasks)))
				}
				return nil
			}
			_, err = fmt.Fprintln(e.stdout, l.T("cli.plan.import.done", p.ID, planPeriod(p), len(imp.Tasks)))
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&id, "id", "", l.T("cli.flag.plan.id"))
	fl.StringVar(&title, "title", "", l.T("cli.flag.plan.title"))
	fl.StringVar(&period, "period", "", l.T("cli.flag.plan.period"))
	fl.BoolVar(&dryRun, "dry-run", false, l.T("cli.flag.dryrun"))
	return cmd
}

// maxPlanInput is the largest plan file or report read from stdin, the
// limit report.ImportFile puts on a named file.
const maxPlanInput = 64 << 20

// planFlags reads plan import's --id, --title and --period.
func planFlags(id, title, period string) (model.Plan, error) {
	p := model.Plan{ID: strings.TrimSpace(id), Title: strings.TrimSpace(title)}
	if strings.TrimSpace(period) == "" {
		return p, nil
	}
	a, b, ok := strings.Cut(period, "..")
	start, err1 := model.ParseDate(a)
	end, err2 := model.ParseDate(b)
	if !ok || err1 != nil || err2 != nil || end.Before(start) {
		return p, usageError{i18n.E("cli.plan.err.period", period)}
	}
	p.Start, p.End = start, end
	return p, nil
}
