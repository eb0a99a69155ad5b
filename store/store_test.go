package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"duban/i18n"
	"duban/model"
)

func TestOpenSeedReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dir", "duban.db") // parents are created
	s, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	p := snap.Plan
	if p.ID != "test-2019" || p.Title != "测试计划" || p.Threshold != 10 || p.CycleMonths != 1 ||
		model.FormatDate(p.Start) != "2019-01-01" || model.FormatDate(p.End) != "2019-12-31" {
		t.Errorf("plan = %+v", p)
	}
	var ids []string
	for _, task := range snap.Tasks {
		ids = append(ids, task.ID)
		if task.Rev != 1 || !task.LeadDefault {
			t.Errorf("seeded task %s: Rev %d LeadDefault %v, want 1 true", task.ID, task.Rev, task.LeadDefault)
		}
	}
	if got := strings.Join(ids, " "); got != "0.1.01 1.2.01 1.2.02 1.10.01 2.1.01" {
		t.Errorf("task order = %s", got)
	}
	task, _ := snap.Task("1.2.01")
	if !task.Target.Equal(dec("1500")) || task.Unit != "个" || task.Partners[0] != "市公安局" ||
		model.FormatDate(task.Due) != "2019-12-31" || task.Source != "新增停车位1500个" {
		t.Errorf("task 1.2.01 = %+v", task)
	}
	if m, _ := snap.Task("2.1.01"); model.FormatDate(m.Due) != "2019-10-31" {
		t.Errorf("milestone due = %v", m.Due)
	}
	audit, err := s.Audit("")
	if err != nil || len(audit) != 1 || audit[0].Action != ActionSeed || audit[0].Seq != 1 || audit[0].Prev != "" {
		t.Fatalf("audit after seed = %+v, %v", audit, err)
	}
	if _, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", "750", "2019-06-30"), 0); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := s.Snapshot(); err == nil {
		t.Error("Snapshot after Close succeeded")
	}

	// Reopen: the seed is not applied again, and everything persisted.
	s, err = Open(path, Options{Seed: func() (model.Plan, []model.Task, error) {
		t.Error("seed called for an existing file")
		return testPlan()
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	snap2, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if len(snap2.Tasks) != 5 || len(snap2.History["1.2.01"]) != 1 || snap2.History["1.2.01"][0].Value.String() != "750" {
		t.Errorf("after reopen: %d tasks, history %+v", len(snap2.Tasks), snap2.History)
	}
	mustCheck(t, s)
}

func TestOpenEmbeddedSeed(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "duban.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if snap.Plan.ID != "zhuzhou-2019" || len(snap.Tasks) < 50 {
		t.Errorf("embedded plan: %s with %d tasks", snap.Plan.ID, len(snap.Tasks))
	}
	for _, task := range snap.Tasks {
		if !task.LeadDefault || task.Rev != 1 {
			t.Fatalf("task %s: LeadDefault %v Rev %d", task.ID, task.LeadDefault, task.Rev)
		}
	}
	mustCheck(t, s)
}

func TestSeedRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "duban.db")
	bad := func() (model.Plan, []model.Task, error) {
		p, tasks, _ := testPlan()
		tasks[1].ID = tasks[0].ID
		return p, tasks, nil
	}
	_, err := Open(path, Options{Seed: bad})
	if !errors.Is(err, i18n.E("err.task.dup")) {
		t.Fatalf("duplicate ids: %v", err)
	}
	if zh := i18n.Message(i18n.Zh, err); !strings.Contains(zh, "无法载入初始计划") || !strings.Contains(zh, "重复") {
		t.Errorf("zh message = %q", zh)
	}
	if es, _ := filepath.Glob(filepath.Join(dir, "*")); len(es) != 0 {
		t.Errorf("left behind: %v", es)
	}
	hidden, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(hidden) != 0 {
		t.Errorf("left behind: %v", hidden)
	}
}

func TestAddUpdateRoundTrip(t *testing.T) {
	s := openTest(t)
	u := model.Update{TaskID: "1.2.02", Value: dec("0.3"), AsOf: time.Date(2019, 6, 30, 15, 4, 5, 0, time.UTC),
		Note: "进展情况", Problems: "存在问题", Next: "下一步措施", By: "李四",
		Review: model.ReviewApproved, Reviewer: "ignored"}
	got, err := s.AddUpdate(model.LocalActor("test"), u, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.Seq != 1 || got.Review != model.ReviewPending || got.Reviewer != "" ||
		!got.AsOf.Equal(day(t, "2019-06-30")) || got.At.IsZero() || got.At.Location() != time.UTC {
		t.Errorf("stored update = %+v", got)
	}
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	h := snap.History["1.2.02"]
	if len(h) != 1 {
		t.Fatalf("history = %+v", h)
	}
	if h[0].Value.String() != "0.3" || !h[0].Value.Equal(dec("0.3")) {
		t.Errorf("value = %s, want exactly 0.3", h[0].Value)
	}
	if !sameUpdate(h[0], got) {
		t.Errorf("read back %+v\nwant %+v", h[0], got)
	}
	task, _ := snap.Task("1.2.02")
	if task.Rev != 2 {
		t.Errorf("Rev = %d, want 2", task.Rev)
	}
	// Values keep the digits typed: 12.70 stays 12.70 on disk and equal to 12.7.
	got2, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.02", "12.70", "2019-07-31"), 0)
	if err != nil {
		t.Fatal(err)
	}
	hist, err := s.History("1.2.02")
	if err != nil || len(hist) != 2 || !hist[1].Value.Equal(dec("12.7")) || hist[1].Seq != got2.Seq {
		t.Errorf("History = %+v, %v", hist, err)
	}
	audit, _ := s.Audit("1.2.02")
	if len(audit) != 2 || audit[0].Detail != "0.3 % as of 2019-06-30" || audit[0].User != "李四" || audit[0].Action != ActionUpdate {
		t.Errorf("audit = %+v", audit)
	}
}

func TestAddUpdateValidation(t *testing.T) {
	s := openTest(t)
	cases := []struct {
		name string
		u    model.Update
		want error
	}{
		{"unknown task", update(t, "9.9.99", "1", "2019-06-30"), i18n.E("err.task.unknown")},
		{"outside period", update(t, "1.2.01", "1", "2020-01-01"), i18n.E("err.date.period")},
		{"negative count", update(t, "1.2.01", "-1", "2019-06-30"), i18n.E("err.value.negative")},
		{"milestone over 100", update(t, "2.1.01", "101", "2019-06-30"), i18n.E("err.value.percent")},
		{"behind without explanation", model.Update{TaskID: "1.2.01", Value: dec("10"), AsOf: day(t, "2019-06-30"), By: "张三"},
			i18n.E("err.update.explain")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.AddUpdate(model.LocalActor("test"), c.u, 0)
			if !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
		})
	}
	if _, err := s.AddUpdate(model.NamedActor(" "), update(t, "1.2.01", "750", "2019-06-30"), 0); !errors.Is(err, i18n.E("err.store.by")) {
		t.Errorf("no actor: %v", err)
	}
	if _, err := s.AddUpdate(model.LocalActor("test"), update(t, "9.9.99", "1", "2019-06-30"), 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown task: %v is not ErrNotFound", err)
	} else if msg := i18n.Message(i18n.Zh, err); msg != `没有编号为 "9.9.99" 的任务。` {
		t.Errorf("zh = %q", msg)
	}
	// Nothing was written by the failures.
	snap, _ := s.Snapshot()
	for id, h := range snap.History {
		t.Errorf("task %s has history %+v", id, h)
	}
	if a, _ := s.Audit(""); len(a) != 1 {
		t.Errorf("audit has %d entries, want only the seed", len(a))
	}
}

func TestRevAndConflict(t *testing.T) {
	s := openTest(t)
	u1, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", "750", "2019-06-30"), 1)
	if err != nil {
		t.Fatal(err)
	}
	// Someone who read the task at Rev 1 now loses to the first writer.
	_, err = s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", "800", "2019-06-30"), 1)
	var ce *ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, ErrConflict) {
		t.Fatalf("err = %v, want a ConflictError", err)
	}
	if ce.TaskID != "1.2.01" || ce.Latest.Seq != u1.Seq || ce.Latest.By != "张三" {
		t.Errorf("conflict = %+v", ce)
	}
	if msg := i18n.Message(i18n.Zh, err); !strings.Contains(msg, "张三") || !strings.Contains(msg, "750个") {
		t.Errorf("zh = %q", msg)
	}
	if _, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", "800", "2019-06-30"), 2); err != nil {
		t.Fatalf("with the current Rev: %v", err)
	}
	// Other changes bump Rev too.
	if err := s.Urge(model.LocalActor("督查室"), "1.2.01", "请加快进度", day(t, "2019-07-15")); err != nil {
		t.Fatal(err)
	}
	_, err = s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", "900", "2019-07-31"), 3)
	if !errors.As(err, &ce) {
		t.Fatalf("after an urge: %v", err)
	}
	if en := i18n.Message(i18n.En, err); !strings.Contains(en, "1.2.01") {
		t.Errorf("en = %q", en)
	}
	snap, _ := s.Snapshot()
	if task, _ := snap.Task("1.2.01"); task.Rev != 4 {
		t.Errorf("Rev = %d, want 4", task.Rev)
	}
}

func TestApplyUpdatesAllOrNothing(t *testing.T) {
	s := openTest(t)
	before, _ := s.Audit("")
	batch := []model.Update{
		update(t, "1.2.01", "750", "2019-06-30"),
		update(t, "1.2.02", "40", "2019-06-30"),
		update(t, "2.1.01", "150", "2019-06-30"), // a milestone over 100%
		update(t, "1.10.01", "9", "2019-06-30"),
	}
	_, err := s.ApplyUpdates(model.LocalActor("test"), batch)
	var be *BatchError
	if !errors.As(err, &be) || be.Index != 2 || !errors.Is(err, i18n.E("err.value.percent")) {
		t.Fatalf("err = %v, want a BatchError at index 2", err)
	}
	if msg := i18n.Message(i18n.Zh, err); !strings.HasPrefix(msg, "第 3 条填报") {
		t.Errorf("zh = %q", msg)
	}
	snap, _ := s.Snapshot()
	if len(snap.History) != 0 {
		t.Errorf("history written: %+v", snap.History)
	}
	for _, task := range snap.Tasks {
		if task.Rev != 1 {
			t.Errorf("task %s Rev %d", task.ID, task.Rev)
		}
	}
	if after, _ := s.Audit(""); len(after) != len(before) {
		t.Errorf("audit grew from %d to %d", len(before), len(after))
	}

	// A good batch: later items are validated against earlier ones.
	batch[2] = update(t, "2.1.01", "50", "2019-06-30")
	batch = append(batch, update(t, "1.2.01", "800", "2019-07-31"))
	got, err := s.ApplyUpdates(model.LocalActor("test"), batch)
	if err != nil {
		t.Fatal(err)
	}
	for i, u := range got {
		if u.Seq != uint64(i+1) {
			t.Errorf("item %d has seq %d", i, u.Seq)
		}
	}
	snap, _ = s.Snapshot()
	if h := snap.History["1.2.01"]; len(h) != 2 || h[1].Value.String() != "800" {
		t.Errorf("history = %+v", h)
	}
	if task, _ := snap.Task("1.2.01"); task.Rev != 3 {
		t.Errorf("Rev = %d, want 3", task.Rev)
	}
	if after, _ := s.Audit(""); len(after) != len(before)+5 {
		t.Errorf("audit has %d entries, want %d", len(after), len(before)+5)
	}
	mustCheck(t, s)
}

func TestReplacePlan(t *testing.T) {
	s := openTest(t)
	if _, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", "750", "2019-06-30"), 0); err != nil {
		t.Fatal(err)
	}
	if err := s.Urge(model.LocalActor("督查室"), "1.2.02", "请报送", time.Time{}); err != nil {
		t.Fatal(err)
	}
	p, tasks, _ := testPlan()
	p.Title = "新标题"
	p.Threshold = 15

	// A bad task refuses the whole import.
	bad := append([]model.Task(nil), tasks...)
	bad[3].Target = dec("90") // a milestone must target 100
	if err := s.ReplacePlan(model.LocalActor("管理员"), p, bad); !errors.Is(err, i18n.E("err.task.milestone")) {
		t.Fatalf("bad milestone: %v", err)
	}
	dup := append(append([]model.Task(nil), tasks...), tasks[0])
	if err := s.ReplacePlan(model.LocalActor("管理员"), p, dup); !errors.Is(err, i18n.E("err.task.dup")) {
		t.Fatalf("duplicate: %v", err)
	}
	if snap, _ := s.Snapshot(); snap.Plan.Title != "测试计划" || len(snap.Tasks) != 5 {
		t.Fatal("a refused import changed the plan")
	}
	if a, _ := s.Audit(""); len(a) != 3 {
		t.Fatalf("a refused import wrote to the audit log: %+v", a)
	}

	// Keep 1.2.01 (changed) and 1.2.02 (unchanged), drop the rest, add 3.1.01.
	keep := []model.Task{tasks[1], tasks[2], {ID: "3.1.01", Name: "新任务", Kind: model.KindCount, Target: dec("5"), Unit: "个", Lead: "市政府办"}}
	keep[0].Target = dec("1600")
	keep[1].LeadDefault = true // as seeded: unchanged
	if err := s.ReplacePlan(model.LocalActor("管理员"), p, keep); err != nil {
		t.Fatal(err)
	}
	snap, _ := s.Snapshot()
	if snap.Plan.Title != "新标题" || snap.Plan.Threshold != 15 || len(snap.Tasks) != 3 {
		t.Fatalf("plan %+v with %d tasks", snap.Plan, len(snap.Tasks))
	}
	t1, _ := snap.Task("1.2.01")
	t2, _ := snap.Task("1.2.02")
	t3, _ := snap.Task("3.1.01")
	if t1.Rev != 3 || !t1.Target.Equal(dec("1600")) || t2.Rev != 2 || t2.Urged == nil || t3.Rev != 1 {
		t.Errorf("revs %d %d %d, urge %v", t1.Rev, t2.Rev, t3.Rev, t2.Urged)
	}
	if h := snap.History["1.2.01"]; len(h) != 1 {
		t.Errorf("history lost: %+v", h)
	}
	if _, ok := snap.Task("1.10.01"); ok {
		t.Error("removed task still there")
	}
	audit, _ := s.Audit("")
	if last := audit[len(audit)-1]; last.Action != ActionImport || last.User != "管理员" ||
		last.Detail != "test-2019: 3 tasks (1 added, 1 changed, 3 removed)" {
		t.Errorf("audit = %+v", last)
	}

	// A task that comes back continues from its old Rev.
	if err := s.ReplacePlan(model.LocalActor("管理员"), p, tasks); err != nil {
		t.Fatal(err)
	}
	snap, _ = s.Snapshot()
	if back, _ := snap.Task("1.10.01"); back.Rev != 2 {
		t.Errorf("returning task Rev = %d, want 2", back.Rev)
	}
	if h := snap.History["1.2.01"]; len(h) != 1 {
		t.Errorf("history lost: %+v", h)
	}
	mustCheck(t, s)
}

func TestReviewUrgeDepts(t *testing.T) {
	s := openTest(t)
	u, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", "750", "2019-06-30"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Review(model.LocalActor("督查室"), u.Seq, model.ReviewReturned, ""); !errors.Is(err, i18n.E("err.store.review.comment")) {
		t.Errorf("return without comment: %v", err)
	}
	if err := s.Review(model.LocalActor("督查室"), u.Seq, model.ReviewPending, ""); !errors.Is(err, i18n.E("err.store.review.state")) {
		t.Errorf("pending: %v", err)
	}
	if err := s.Review(model.LocalActor("督查室"), 99, model.ReviewApproved, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown update: %v", err)
	}
	if err := s.Review(model.LocalActor("督查室"), u.Seq, model.ReviewReturned, "数据有误"); err != nil {
		t.Fatal(err)
	}
	if err := s.Review(model.LocalActor("王五"), u.Seq, model.ReviewApproved, ""); err != nil {
		t.Fatal(err)
	}
	h, _ := s.History("1.2.01")
	if h[0].Review != model.ReviewApproved || h[0].Reviewer != "王五" || h[0].ReviewComment != "" || h[0].ReviewedAt.IsZero() {
		t.Errorf("after approval: %+v", h[0])
	}
	if h[0].Value.String() != "750" || h[0].By != "张三" {
		t.Errorf("the update itself changed: %+v", h[0])
	}

	// Urge, then an update answers it.
	if err := s.Urge(model.LocalActor("督查室"), "1.2.02", "请于7月15日前报送", day(t, "2019-07-15")); err != nil {
		t.Fatal(err)
	}
	if err := s.Urge(model.LocalActor("督查室"), "nope", "x", time.Time{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("urge unknown: %v", err)
	}
	snap, _ := s.Snapshot()
	task, _ := snap.Task("1.2.02")
	if task.Urged == nil || task.Urged.By != "督查室" || model.FormatDate(task.Urged.ReplyBy) != "2019-07-15" ||
		task.Urged.Comment != "请于7月15日前报送" || task.Urged.At.IsZero() || task.Rev != 2 {
		t.Fatalf("urged task = %+v %+v", task, task.Urged)
	}
	if _, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.02", "60", "2019-07-10"), task.Rev); err != nil {
		t.Fatal(err)
	}
	snap, _ = s.Snapshot()
	if task, _ = snap.Task("1.2.02"); task.Urged != nil || task.Rev != 3 {
		t.Errorf("after update: Urged %+v Rev %d", task.Urged, task.Rev)
	}

	// Departments.
	if err := s.SetDepts(model.LocalActor("管理员"), "1.2.01", " ", nil); !errors.Is(err, i18n.E("err.store.lead")) {
		t.Errorf("empty lead: %v", err)
	}
	if err := s.SetDepts(model.LocalActor("管理员"), "1.2.01", "市住房和城乡建设局", []string{"市公安局", " ", "市公安局", "市住房和城乡建设局"}); err != nil {
		t.Fatal(err)
	}
	snap, _ = s.Snapshot()
	task, _ = snap.Task("1.2.01")
	if task.Lead != "市住房和城乡建设局" || task.LeadDefault || len(task.Partners) != 1 || task.Partners[0] != "市公安局" {
		t.Errorf("after SetDepts: %+v", task)
	}

	// Pacing and release cadence.
	if err := s.SetPacing(model.LocalActor("管理员"), "1.2.01", "weekly", ""); !errors.Is(err, i18n.E("err.task.pacing")) {
		t.Errorf("bad pacing: %v", err)
	}
	if err := s.SetPacing(model.LocalActor("管理员"), "1.2.01", "", "yearly+3"); !errors.Is(err, i18n.E("err.task.release")) {
		t.Errorf("bad release: %v", err)
	}
	if err := s.SetPacing(model.LocalActor("管理员"), "1.2.01", " nodes:开工@05-31=30;竣工@12-31=100 ", "quarterly+20"); err != nil {
		t.Fatal(err)
	}
	snap, _ = s.Snapshot()
	if task, _ = snap.Task("1.2.01"); task.Pacing != "nodes:开工@05-31=30;竣工@12-31=100" || task.Release != "quarterly+20" {
		t.Errorf("after SetPacing: %q %q", task.Pacing, task.Release)
	}
	actions := map[string]int{}
	audit, _ := s.Audit("")
	for _, e := range audit {
		actions[e.Action]++
	}
	if actions[ActionReview] != 2 || actions[ActionUrge] != 1 || actions[ActionDepts] != 1 || actions[ActionUpdate] != 2 || actions[ActionPacing] != 1 {
		t.Errorf("audit actions = %v", actions)
	}
	mustCheck(t, s)
}

func TestUsers(t *testing.T) {
	s := openTest(t)
	if _, err := s.User("张三"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing user: %v", err)
	}
	for _, u := range []model.User{
		{Name: "zhang", Role: model.RoleStaff, Depts: []string{"市交通运输局"}, Keys: []string{testKey(t, "zhang@x")}},
		{Name: "admin", Role: model.RoleAdmin},
		{Name: "li", Role: model.RoleSupervisor},
	} {
		if err := s.PutUser(model.LocalActor("root"), u); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutUser(model.LocalActor("root"), model.User{Name: "bad name", Role: model.RoleStaff}); !errors.Is(err, i18n.E("err.store.user.name")) {
		t.Errorf("bad name: %v", err)
	}
	if err := s.PutUser(model.LocalActor("root"), model.User{Name: "x", Role: "boss"}); !errors.Is(err, i18n.E("err.store.user.role")) {
		t.Errorf("bad role: %v", err)
	}
	u, err := s.User("zhang")
	if err != nil || u.Role != model.RoleStaff || u.Depts[0] != "市交通运输局" || len(u.Keys) != 1 {
		t.Errorf("User = %+v, %v", u, err)
	}
	if err := s.PutUser(model.LocalActor("root"), model.User{Name: "zhang", Role: model.RoleSupervisor}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(model.LocalActor("root"), "li"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(model.LocalActor("root"), "li"); !errors.Is(err, ErrNotFound) {
		t.Errorf("delete twice: %v", err)
	}
	users, err := s.Users()
	if err != nil || len(users) != 2 || users[0].Name != "admin" || users[1].Name != "zhang" || users[1].Role != model.RoleSupervisor {
		t.Errorf("Users = %+v, %v", users, err)
	}
	snap, _ := s.Snapshot()
	if len(snap.Users) != 2 {
		t.Errorf("snapshot users = %+v", snap.Users)
	}
	audit, _ := s.Audit("")
	if n := len(audit); n != 1+3+1+1 || audit[n-1].Detail != "delete li" || audit[n-2].Detail != "change zhang: supervisor" {
		t.Errorf("audit = %+v", audit)
	}
}

// tamper runs fn on the raw file in a bbolt write transaction, with the
// store closed.
func tamper(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestAuditChain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "duban.db")
	s, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range []string{"100", "200", "300"} {
		if _, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", v, fmt.Sprintf("2019-0%d-28", i+3)), 0); err != nil {
			t.Fatal(err)
		}
	}
	audit, _ := s.Audit("")
	if len(audit) != 4 {
		t.Fatalf("%d entries", len(audit))
	}
	for i, e := range audit {
		if e.Seq != uint64(i+1) || e.Hash != AuditHash(e) || len(e.Hash) != 64 {
			t.Errorf("entry %d: %+v", i, e)
		}
		if i > 0 && e.Prev != audit[i-1].Hash {
			t.Errorf("entry %d does not chain", i)
		}
	}
	mustCheck(t, s)
	s.Close()

	kinds := []struct {
		name   string
		change func(tx *bolt.Tx) error
		want   string
	}{
		{"altered detail", func(tx *bolt.Tx) error {
			b := pt(tx).Bucket(bucketAudit)
			e, _ := decodeAudit(b.Get(be64(3)))
			e.Detail = "999 个 as of 2019-04-28"
			v, _ := encodeAudit(e)
			return b.Put(be64(3), v)
		}, "err.store.check.audit.hash"},
		{"altered and rehashed", func(tx *bolt.Tx) error {
			b := pt(tx).Bucket(bucketAudit)
			e, _ := decodeAudit(b.Get(be64(2)))
			e.User = "someone else"
			e.Hash = AuditHash(e)
			v, _ := encodeAudit(e)
			return b.Put(be64(2), v)
		}, "err.store.check.audit.chain"},
		{"removed entry", func(tx *bolt.Tx) error {
			return pt(tx).Bucket(bucketAudit).Delete(be64(2))
		}, "err.store.check.audit.seq"},
		{"removed last entry", func(tx *bolt.Tx) error {
			return pt(tx).Bucket(bucketAudit).Delete(be64(4))
		}, "err.store.check.audit.tail"},
		{"altered update", func(tx *bolt.Tx) error {
			return pt(tx).Bucket(bucketUpdates).Put(updateKey("1.2.01", 1), []byte("{not json"))
		}, "err.store.check.record"},
	}
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			if err := os.WriteFile(path, orig, 0o600); err != nil {
				t.Fatal(err)
			}
			tamper(t, path, k.change)
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			problems := s.Check()
			found := false
			for _, p := range problems {
				if !errors.Is(p, ErrCorrupt) {
					t.Errorf("problem %v is not ErrCorrupt", p)
				}
				if errors.Is(p, i18n.E(k.want)) {
					found = true
				}
				t.Logf("found: %s", i18n.Message(i18n.Zh, p))
			}
			if !found {
				t.Errorf("Check = %v, want a %s problem", problems, k.want)
			}
		})
	}
}

func TestBackup(t *testing.T) {
	s := openTest(t)
	if _, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", "750", "2019-06-30"), 0); err != nil {
		t.Fatal(err)
	}
	// Back up while other goroutines keep writing.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.02", fmt.Sprint(50+i%30), "2019-06-30"), 0); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	dest := filepath.Join(t.TempDir(), "backups", "copy.db")
	err := s.Backup(dest)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(s.Path()); !errors.Is(err, i18n.E("err.store.backup.self")) {
		t.Errorf("backup onto itself: %v", err)
	}
	c, err := Open(dest, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	mustCheck(t, c)
	snap, err := c.Snapshot()
	if err != nil || len(snap.History["1.2.01"]) != 1 {
		t.Errorf("copy: %v, %+v", err, snap)
	}
	if _, err := c.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", "800", "2019-06-30"), 0); !errors.Is(err, ErrReadOnly) {
		t.Errorf("write to a read-only store: %v", err)
	}
	// A second backup replaces the first.
	if err := s.Backup(dest); err != nil {
		t.Fatal(err)
	}
	if es, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".*")); len(es) != 0 {
		t.Errorf("temporary files left: %v", es)
	}
}

func TestSubscribe(t *testing.T) {
	s := openTest(t)
	ch, cancel := s.Subscribe()
	ch2, _ := s.Subscribe()
	for _, v := range []string{"100", "200"} {
		if _, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", v, "2019-06-30"), 0); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-ch:
	default:
		t.Fatal("no signal after a change")
	}
	select {
	case <-ch:
		t.Fatal("signals were not coalesced")
	default:
	}
	// A failed change says nothing.
	_, _ = s.AddUpdate(model.LocalActor("test"), update(t, "nope", "1", "2019-06-30"), 0)
	select {
	case <-ch:
		t.Fatal("signal after a failed change")
	default:
	}
	cancel()
	cancel()
	if _, ok := <-ch; ok {
		t.Error("channel open after unsubscribe")
	}
	s.Close()
	<-ch2 // the pending signal
	if _, ok := <-ch2; ok {
		t.Error("channel open after Close")
	}
}

// TestConcurrent has many goroutines write and read one store, as an SSH
// server's sessions do (run with -race).
func TestConcurrent(t *testing.T) {
	s := openTest(t)
	ids := []string{"1.2.01", "1.2.02", "1.10.01", "0.1.01"}
	var wg sync.WaitGroup
	const writers, each = 8, 10
	for w := 0; w < writers; w++ {
		wg.Add(2)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if _, err := s.AddUpdate(model.LocalActor("test"), update(t, ids[w%len(ids)], fmt.Sprint(1+i), "2019-06-30"), 0); err != nil {
					t.Error(err)
				}
			}
		}(w)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if _, err := s.Snapshot(); err != nil {
					t.Error(err)
				}
				if _, err := s.Audit(""); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	snap, _ := s.Snapshot()
	n := 0
	for _, h := range snap.History {
		n += len(h)
	}
	if n != writers*each {
		t.Errorf("%d updates, want %d", n, writers*each)
	}
	mustCheck(t, s)
}

// sameUpdate compares two updates field by field, decimals and times by
// value.
func sameUpdate(a, b model.Update) bool {
	if !a.Value.Equal(b.Value) || !a.AsOf.Equal(b.AsOf) || !a.At.Equal(b.At) || !a.ReviewedAt.Equal(b.ReviewedAt) {
		return false
	}
	a.Value = b.Value
	a.AsOf, a.At, a.ReviewedAt = b.AsOf, b.At, b.ReviewedAt
	return a == b
}

// A staff user's update is checked against the task's lead department in
// the writing transaction itself, so the store refuses it whoever calls.
func TestAddUpdateChecksRightsInTransaction(t *testing.T) {
	s := openTestRights(t)
	staff := model.User{Name: "王芳", Role: model.RoleStaff, Depts: []string{"市交通运输局"}}
	if err := s.PutUser(model.LocalActor("admin"), staff); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	var mine, other model.Task
	for _, task := range snap.Tasks {
		if task.Kind != model.KindCount {
			continue
		}
		if task.Lead == "市交通运输局" && mine.ID == "" {
			mine = task
		} else if task.Lead != "市交通运输局" && other.ID == "" {
			other = task
		}
	}
	wang := model.SessionActor("王芳")
	asOf := time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)
	if _, err := s.AddUpdate(wang, model.Update{TaskID: other.ID, Value: other.Target, AsOf: asOf}, 0); err == nil {
		t.Fatalf("staff of 市交通运输局 updated %s, led by %s", other.ID, other.Lead)
	}
	if _, err := s.AddUpdate(wang, model.Update{TaskID: mine.ID, Value: mine.Target, AsOf: asOf}, 0); err != nil {
		t.Fatalf("staff could not update their own department's task: %v", err)
	}
	// Reassign the task: the same staff user is now refused on it.
	if err := s.SetDepts(model.LocalActor("admin"), mine.ID, "市财政局", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUpdate(wang, model.Update{TaskID: mine.ID, Value: mine.Target, AsOf: asOf}, 0); err == nil {
		t.Fatal("staff updated a task after it was reassigned to another department")
	}
	// The person at the file's terminal, without --user, acts as its owner.
	if _, err := s.AddUpdate(model.LocalActor("root"), model.Update{TaskID: other.ID, Value: other.Target, AsOf: asOf}, 0); err != nil {
		t.Fatalf("the file's owner was refused: %v", err)
	}
}

// openTestRights opens a store seeded with the embedded 2019 plan, whose
// tasks have real lead departments.
func openTestRights(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "duban.db"), Options{Now: newClock().Now, Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
