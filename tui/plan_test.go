package tui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/shopspring/decimal"

	"duban/i18n"
	"duban/model"
	"duban/store"
)

// twoPlans is a store holding the 2019 plan, with 5.3.05 at 750 as of
// 2019-06-30, and the same plan moved to 2020 beside it, with 5.3.05 at
// 400 as of 2020-03-31.
func twoPlans(t *testing.T) *store.Store {
	t.Helper()
	at := func() time.Time { return time.Date(2019, 7, 1, 9, 0, 0, 0, time.UTC) }
	s, err := store.Open(filepath.Join(t.TempDir(), "duban.db"), store.Options{Now: at})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	u := model.Update{TaskID: "5.3.05", Value: decimal.RequireFromString("750"), AsOf: time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC), By: "测试员"}
	if _, err := s.AddUpdate(model.LocalActor("测试员"), u, 0); err != nil {
		t.Fatal(err)
	}
	p := snap.Plan
	p.ID, p.Title = "zhuzhou-2020", "株洲市2020年政府工作报告重点工作"
	p.Start, p.End = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)
	tasks := append([]model.Task(nil), snap.Tasks...)
	for i := range tasks {
		tasks[i].Due = time.Time{}
	}
	if err := s.ReplacePlan(model.LocalActor("测试员"), p, tasks); err != nil {
		t.Fatal(err)
	}
	if err := s.UsePlan("zhuzhou-2020"); err != nil {
		t.Fatal(err)
	}
	u.Value, u.AsOf = decimal.RequireFromString("400"), time.Date(2020, 3, 31, 0, 0, 0, 0, time.UTC)
	if _, err := s.AddUpdate(model.LocalActor("测试员"), u, 0); err != nil {
		t.Fatal(err)
	}
	if err := s.UsePlan(snap.Plan.ID); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPlanSwitch: with two plans the header names the current one, and p
// switches to the other, whose tasks and histories the screens then show,
// as of its own today (clamped into its period); p again switches back.
// Golden at 80x24 and 120x40.
func TestPlanSwitch(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, lang := range []i18n.Lang{i18n.Zh, i18n.En} {
			t.Run(fmt.Sprintf("%dx%d_%s", size[0], size[1], lang), func(t *testing.T) {
				s := twoPlans(t)
				now := func() time.Time { return testNow }
				b := storeAs{s, model.LocalActor("测试员")}
				m := New(b, Options{Lang: lang, User: "测试员", Actor: model.User{Name: "测试员", Role: model.RoleAdmin}, Now: now})
				m = send(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				m = settle(t, m, loadCmd(b, 1))
				head := func(m Model) string { return strings.SplitN(plain(m), "\n", 2)[0] }
				if h := head(m); !strings.Contains(h, "zhuzhou-2019") || !strings.Contains(h, "2019-12-31") {
					t.Fatalf("header before the switch: %q", h)
				}
				m = pressRun(t, m, "p")
				if m.snap.Plan.ID != "zhuzhou-2020" {
					t.Fatalf("after p the plan is %q", m.snap.Plan.ID)
				}
				if h := head(m); !strings.Contains(h, "zhuzhou-2020") || !strings.Contains(h, "2020-12-31") {
					t.Fatalf("header after the switch: %q", h)
				}
				m = pressRun(t, m, "2", "/", "text:tcw", "enter", "enter")
				out := plain(m)
				if !strings.Contains(out, "400") || strings.Contains(out, "750") {
					t.Errorf("2020 detail of 5.3.05 shows 2019's history:\n%s", out)
				}
				for _, l := range strings.Split(out, "\n") {
					if width(l) > size[0] {
						t.Errorf("line wider than %d: %q", size[0], l)
					}
				}
				golden.RequireEqual(t, out)

				m = pressRun(t, m, "esc", "esc", "p")
				if m.snap.Plan.ID != "zhuzhou-2019" {
					t.Fatalf("p again: plan %q", m.snap.Plan.ID)
				}
			})
		}
	}
}

// storeAs is a store acting as one actor, the TUI's backend (what
// server.Backend is outside the tests; tui cannot import server).
type storeAs struct {
	*store.Store
	as model.Actor
}

func (s storeAs) AddUpdate(u model.Update, rev uint64) (model.Update, error) {
	return s.Store.AddUpdate(s.as, u, rev)
}

func (s storeAs) UsePlan(id string, _ bool) error { return s.Store.UsePlan(id) }
