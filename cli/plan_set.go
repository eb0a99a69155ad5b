package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"duban/i18n"
	"duban/model"
)

// planShowCmd is duban plan show: the judgement settings of the current
// plan (or --plan's), each with its default and meaning.
func (e *env) planShowCmd() *cobra.Command {
	l := e.lang
	return &cobra.Command{
		Use:     "show",
		Short:   l.T("cli.plan.show.short"),
		Example: "  duban plan show\n  duban plan show --plan zhuzhou-2020",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := e.open(true)
			if err != nil {
				return err
			}
			defer e.release(s)
			snap, err := s.Snapshot()
			if err != nil {
				return err
			}
			return e.writeSettings(snap.Plan)
		},
	}
}

// writeSettings lists a plan's settings as plan show does.
func (e *env) writeSettings(p model.Plan) error {
	l := e.lang
	if _, err := fmt.Fprintln(e.stdout, l.T("cli.plan.show.head", p.ID, planPeriod(p))); err != nil {
		return err
	}
	def := model.Plan{}
	t := &table{header: []string{l.T("cli.plan.show.key"), l.T("cli.plan.show.value"), l.T("cli.plan.show.default"), l.T("cli.plan.show.desc")},
		right: map[int]bool{1: true, 2: true}}
	for _, k := range model.SettingKeys {
		v, _ := p.Setting(k)
		d := settingOf(def, k)
		if k == model.SetAhead {
			d = settingOf(model.Plan{Threshold: p.Threshold}, k) // 超进度 defaults to the plan's threshold
		}
		t.add(k, v, d, l.T("plan.setting."+k))
	}
	return t.write(e.stdout)
}

func settingOf(p model.Plan, k string) string {
	v, _ := p.Setting(k)
	return v
}

// planSetCmd is duban plan set KEY VALUE [KEY VALUE…]: an administrator
// changes the current plan's (or --plan's) judgement settings.
func (e *env) planSetCmd() *cobra.Command {
	l := e.lang
	return &cobra.Command{
		Use:     "set KEY VALUE [KEY VALUE…]",
		Short:   l.T("cli.plan.set.short"),
		Long:    l.T("cli.plan.set.long"),
		Example: "  duban plan set tolerance.rate 0.3\n  duban plan set score.on_track 85 score.behind 60\n  duban plan set ahead 5 --plan zhuzhou-2020",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 || len(args)%2 != 0 {
				return usageError{i18n.E("cli.plan.set.args")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := e.openChange()
			if err != nil {
				return err
			}
			defer e.release(s)
			snap, err := s.Snapshot()
			if err != nil {
				return err
			}
			var kv [][2]string
			for i := 0; i < len(args); i += 2 {
				kv = append(kv, [2]string{args[i], args[i+1]})
			}
			p, err := e.backend(s).SetPlanSettings(snap.Plan.ID, kv)
			if err != nil {
				return err
			}
			for _, x := range kv {
				fmt.Fprintln(e.stdout, l.T("cli.plan.set.done", p.ID, x[0], settingOf(snap.Plan, x[0]), settingOf(p, x[0])))
			}
			return nil
		},
	}
}
