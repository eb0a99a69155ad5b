package cli

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"duban/i18n"
	"duban/model"
	"duban/seed"
	"duban/store"
)

func (e *env) demoCmd() *cobra.Command {
	l := e.lang
	var reset, noTUI bool
	cmd := &cobra.Command{
		Use:     "demo",
		Short:   l.T("cli.demo.short"),
		Long:    l.T("cli.demo.long"),
		Example: "  duban demo\n  duban demo --db /tmp/培训.db --reset --no-tui",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path := e.db
			if path == "" {
				def, err := e.dbPath()
				if err != nil {
					return err
				}
				path = filepath.Join(filepath.Dir(def), "demo.db")
			}
			if err := e.makeDemo(path, reset); err != nil {
				return err
			}
			fmt.Fprintln(e.stderr, l.T("cli.demo.done", path))
			if noTUI {
				return nil
			}
			e.db = path
			return e.runTUI(cmd.Context())
		},
	}
	cmd.Flags().BoolVar(&reset, "reset", false, l.T("cli.flag.reset"))
	cmd.Flags().BoolVar(&noTUI, "no-tui", false, l.T("cli.flag.notui"))
	return cmd
}

// makeDemo creates the demonstration database at path, unless a demo
// database is already there. It refuses to touch a real database.
func (e *env) makeDemo(path string, reset bool) error {
	if _, err := os.Stat(path); err == nil {
		s, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			return err
		}
		snap, err := s.Snapshot()
		s.Close()
		if err != nil {
			return err
		}
		if !snap.Plan.Demo {
			return i18n.E("cli.err.demoreal", path)
		}
		if !reset {
			return nil
		}
		if err := os.Remove(path); err != nil {
			return err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	plan, tasks, err := seedPlan()
	if err != nil {
		return err
	}
	plan.Demo = true
	s, err := store.Open(path, store.Options{Seed: func() (model.Plan, []model.Task, error) { return plan, tasks, nil }})
	if err != nil {
		return err
	}
	defer s.Close()
	// The demo's reports carry their simulated reporters' names, which only
	// the local administrator may record on others' behalf.
	if _, err := s.ApplyUpdates(model.LocalActor("duban"), simulate(plan, tasks)); err != nil {
		return err
	}
	return nil
}

// seedPlan parses the embedded 2019 plan.
func seedPlan() (model.Plan, []model.Task, error) {
	start, _ := model.ParseDate(seed.PeriodStart)
	end, _ := model.ParseDate(seed.PeriodEnd)
	p := model.Plan{ID: seed.PlanID, Title: seed.PlanTitle, Start: start, End: end,
		Threshold: model.DefaultThreshold, CycleMonths: model.DefaultCycleMonths}
	tasks, err := model.ReadPlanCSV(bytes.NewReader(seed.PlanCSV), p)
	for i := range tasks {
		tasks[i].LeadDefault = true
	}
	return p, tasks, err
}

// Demo profiles: how a simulated department keeps up with a task.
type profile struct {
	pace     float64 // share of the straight-line pace achieved
	silentAt int     // month after which reports stop (13: never)
}

// simulate produces a year of reports for the demo: a realistic spread of
// tasks ahead, on track, behind and at risk, some that stop reporting and
// a few never reported. Each task is reported the way its pacing profile
// says it moves (see demoReports): it is deterministic.
func simulate(p model.Plan, tasks []model.Task) []model.Update {
	rng := rand.New(rand.NewPCG(2019, 70))
	notes := []string{"按计划推进，月度目标完成", "已召开专题调度会，项目有序推进", "完成阶段性验收", "资金已拨付到位，施工进展顺利"}
	problems := []string{"征地拆迁进度慢于预期", "资金到位不及时", "雨季影响施工进度", "项目审批手续尚未完成", "部分企业申报积极性不高"}
	nexts := []string{"加强调度，倒排工期", "协调财政加快资金拨付", "抢抓晴好天气组织施工", "会同相关部门加快审批", "开展上门服务，加大宣传"}
	var out []model.Update
	for _, t := range tasks {
		pr := profile{pace: 1, silentAt: 13}
		switch r := rng.Float64(); {
		case r < 0.05:
			continue // never reported
		case r < 0.15:
			pr.pace = 1.4 + rng.Float64()*0.3 // finishes early
		case r < 0.28:
			pr.pace = 1.05 + rng.Float64()*0.25 // ahead
		case r < 0.55:
			pr.pace = 0.98 + rng.Float64()*0.07 // on track
		case r < 0.75:
			pr.pace = 0.88 + rng.Float64()*0.09 // behind
		case r < 0.90:
			pr.pace = 0.45 + rng.Float64()*0.35 // at risk
		default:
			pr.pace = 0.9 + rng.Float64()*0.15
			pr.silentAt = 6 + rng.IntN(5) // stops reporting
		}
		who := t.Lead + "填报员"
		var h []model.Update
		for _, r := range demoReports(p, t, pr, rng) {
			v := r.value
			if len(h) > 0 && t.Kind.Paced() && v.LessThan(h[len(h)-1].Value) {
				v = h[len(h)-1].Value // cumulative figures do not go down
			}
			u := model.Update{TaskID: t.ID, Value: v, AsOf: r.asOf, By: who, Note: notes[rng.IntN(len(notes))]}
			if model.NeedsExplanation(p, t, h, u) {
				i := rng.IntN(len(problems))
				u.Problems, u.Next = problems[i], nexts[i]
			}
			u.Seq = uint64(len(h) + 1)
			h = append(h, u)
			out = append(out, u)
		}
	}
	for i := range out {
		out[i].Seq = 0
	}
	return out
}

// demoReport is one simulated report: its date and value.
type demoReport struct {
	asOf  time.Time
	value decimal.Decimal
}

// demoReports are a task's simulated reports for the year, following what
// its pacing profile and release cadence say about how it moves:
//   - a statistics task (release cadence) is reported once each figure is
//     out, dated its release day;
//   - a one-off task (an award, a designation) reports 0 until its award
//     day, which comes before the due date at a good pace, late (or not at
//     all) at a poor one, and then the whole target, that day;
//   - any other count or milestone reports at each month's end the share of
//     the target its profile expects by then (the nodes of a node plan,
//     the monthly weights of a seasonal one, the steps of a quarterly one),
//     at the department's pace;
//   - other rates and levels report monthly, hovering around the target.
//
// Reports stop after the month pr.silentAt.
func demoReports(p model.Plan, t model.Task, pr profile, rng *rand.Rand) []demoReport {
	year := p.Start.Year()
	monthEnd := func(m int) time.Time { return time.Date(year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC) }
	silent := func(d time.Time) bool { return pr.silentAt < 13 && d.After(monthEnd(pr.silentAt)) }
	var out []demoReport
	if rel := p.ReleaseOf(t); rel.Months > 0 {
		for _, d := range rel.Dates(p) {
			if silent(d) {
				break
			}
			out = append(out, demoReport{d, simulatedValue(t, pr.pace, 1, rng)})
		}
		return out
	}
	if !t.Kind.Paced() {
		for m := 1; m <= 12 && !silent(monthEnd(m)); m++ {
			out = append(out, demoReport{monthEnd(m), simulatedValue(t, pr.pace, 1, rng)})
		}
		return out
	}
	if p.PacingOf(t).Kind == model.PacingOneOff {
		// The award day: the year's share of the way to the due date at
		// which a department at this pace gets there (pace 1: a few weeks
		// before it; pace < 0.9: after it, within the year or never).
		due := t.DueOr(p)
		span := due.Sub(p.Start).Hours() / 24
		at := p.Start.AddDate(0, 0, int(span*min(1.4, 0.9/pr.pace)))
		if at.After(due) && pr.pace >= 0.9 {
			at = due
		}
		for m := 1; m <= 12; m++ {
			d := monthEnd(m)
			if silent(d) {
				break
			}
			if !at.After(d) && !at.After(p.End) {
				out = append(out, demoReport{at, simulatedValue(t, 1, 1, rng)})
				return out // awarded: nothing more to report
			}
			out = append(out, demoReport{d, decimal.Zero})
		}
		return out
	}
	for m := 1; m <= 12 && !silent(monthEnd(m)); m++ {
		d := monthEnd(m)
		share, _ := p.Expected(t, d).Float64()
		out = append(out, demoReport{d, simulatedValue(t, pr.pace, share/100, rng)})
	}
	return out
}

// simulatedValue is a task's cumulative value after share of the year at
// the given pace, rounded the way a department would report it.
func simulatedValue(t model.Task, pace, share float64, rng *rand.Rand) decimal.Decimal {
	target, _ := t.Target.Float64()
	var v float64
	switch t.Kind {
	case model.KindCount:
		v = min(target*1.15, target*share*pace*(0.97+rng.Float64()*0.06))
	case model.KindMilestone:
		v = min(100, 100*share*pace)
	default: // rates and levels hover around the target
		v = target * pace * (0.98 + rng.Float64()*0.04)
	}
	// Whole things (座, 个, 条) are reported whole; figures in 万/亿 or
	// percent, and targets with decimals, to one decimal place.
	places := int32(0)
	if t.Kind != model.KindMilestone && (strings.HasPrefix(t.Unit, "万") || strings.HasPrefix(t.Unit, "亿") ||
		t.Unit == "%" || !t.Target.IsInteger()) {
		places = 1
	}
	d := decimal.NewFromFloat(max(0, v)).Round(places)
	if t.Kind == model.KindMilestone && d.GreaterThan(decimal.NewFromInt(100)) {
		d = decimal.NewFromInt(100)
	}
	return d
}
