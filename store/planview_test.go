package store

import "testing"

// A plan view reads and writes its own plan: switching it moves neither the
// store it came from nor the file's current plan, and closing it leaves the
// file open (each SSH session and each command in the server is a view).
func TestPlanView(t *testing.T) {
	s := openTest(t)
	first := s.CurrentPlan()
	p, tasks, err := testPlan()
	if err != nil {
		t.Fatal(err)
	}
	p.ID = "other-2020"
	if err := s.ReplacePlan(testActor, p, tasks); err != nil {
		t.Fatal(err)
	}
	v := s.PlanView()
	if v.CurrentPlan() != first {
		t.Fatalf("a new view is on %q, want %q", v.CurrentPlan(), first)
	}
	if err := v.UsePlan("other-2020"); err != nil {
		t.Fatal(err)
	}
	if s.CurrentPlan() != first {
		t.Fatalf("switching a view moved its store to %q", s.CurrentPlan())
	}
	vs, err := v.Snapshot()
	if err != nil || vs.Plan.ID != "other-2020" {
		t.Fatalf("view snapshot plan %v, %v", vs, err)
	}
	ch, stop := s.Subscribe()
	defer stop()
	if _, err := v.AddUpdate(testActor, update(t, tasks[0].ID, "1", "2019-06-30"), 0); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch: // a view's save reaches the store's subscribers
	default:
		t.Error("a save through a view did not notify the store's subscribers")
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	ss, err := s.Snapshot()
	if err != nil || ss.Plan.ID != first {
		t.Fatalf("after closing the view: %v, %v", ss, err)
	}
	if h := ss.History[tasks[0].ID]; len(h) != 0 {
		t.Errorf("the view's save went into %s too: %v", first, h)
	}
}
