// Package genplan generates large plans for benchmarks and for the
// side-by-side script (scripts/vs-taskwarrior.sh): n tasks of every kind
// with texts of a realistic length, and a few reports each.
package genplan

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"duban/model"
	"duban/store"
)

// Plan returns a plan of n tasks with the id id (a 2019 plan).
func Plan(id string, n int) (model.Plan, []model.Task) {
	p := model.Plan{ID: id, Title: "生成的计划 " + id,
		Start: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)}
	tasks := make([]model.Task, n)
	for i := range tasks {
		kind := model.Kinds[i%len(model.Kinds)]
		target := decimal.NewFromInt(int64(100 + i%900))
		if kind == model.KindMilestone {
			target = decimal.NewFromInt(100)
		}
		tasks[i] = model.Task{
			ID:      ID(i),
			Chapter: fmt.Sprintf("第%d章 推动高质量发展", i/2000+1), Section: "抓好交通拥堵治理",
			Name: fmt.Sprintf("新增停车位第%d项", i), Kind: kind, Target: target, Unit: "个",
			Lead: fmt.Sprintf("市第%d局", i%40), Partners: []string{"市公安局", "市财政局"},
			Source: "新建和改造停车位1500个，其中公共停车位500个，推进智慧停车系统建设，缓解中心城区停车难问题",
		}
	}
	return p, tasks
}

// ID is the id of the i-th generated task: unique for i below 2,000,000.
func ID(i int) string { return fmt.Sprintf("%d.%d.%02d", i/2000+1, i/40%50+1, i%40+1) }

// Report is the m-th monthly report (1, 2, …) of a generated task.
func Report(t model.Task, m int) model.Update {
	v := t.Target.Mul(decimal.NewFromInt(int64(m))).Div(decimal.NewFromInt(12)).Round(1)
	return model.Update{TaskID: t.ID, Value: v,
		AsOf: time.Date(2019, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1),
		Note: "本月完成停车位建设若干个，智慧停车系统完成招标", Problems: "征地拆迁进度偏慢",
		Next: "加快征地拆迁，督促施工单位倒排工期", By: "填报员"}
}

// Build creates the file at path with a plan of n tasks and reports
// reports per task (months 1…reports), made current; with other > 0 it
// first adds that many other plans of the same size and history, which
// stay in the file but are not current.
func Build(path string, n, reports, other int) error {
	ids := make([]string, 0, other+1)
	for y := range other {
		ids = append(ids, fmt.Sprintf("gen-%d", 2000+y))
	}
	ids = append(ids, "gen-2019")
	p, tasks := Plan(ids[0], n)
	s, err := store.Open(path, store.Options{Seed: func() (model.Plan, []model.Task, error) { return p, tasks, nil }})
	if err != nil {
		return err
	}
	defer s.Close()
	for i, id := range ids {
		if i > 0 {
			p, tasks = Plan(id, n)
			if err := s.ReplacePlan(genActor, p, tasks); err != nil {
				return err
			}
			if err := s.SetCurrentPlan(genActor, id); err != nil {
				return err
			}
		}
		const batch = 20000
		var us []model.Update
		for m := 1; m <= reports; m++ {
			for _, t := range tasks {
				us = append(us, Report(t, m))
				if len(us) == batch {
					if _, err := s.ApplyUpdates(genActor, us); err != nil {
						return err
					}
					us = us[:0]
				}
			}
		}
		if len(us) > 0 {
			if _, err := s.ApplyUpdates(genActor, us); err != nil {
				return err
			}
		}
	}
	return s.Close()
}

// genActor is who writes a generated file: its local administrator.
var genActor = model.LocalActor("genplan")
