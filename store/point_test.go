package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// TaskView reads what a snapshot holds for that one task.
func TestTaskViewMatchesSnapshot(t *testing.T) {
	s := openTest(t)
	for _, v := range []string{"100", "200"} {
		if _, err := s.AddUpdate(testActor, update(t, "1.2.01", v, "2019-0"+v[:1]+"-28"), 0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddUpdate(testActor, update(t, "1.2.02", "50", "2019-03-31"), 0); err != nil {
		t.Fatal(err)
	}
	if err := s.Review(model.LocalActor("审核员"), 1, model.ReviewApproved, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.AddNote(model.LocalActor("填报员"), "1.2.01", "一条备注"); err != nil {
		t.Fatal(err)
	}
	if err := s.PutUser(model.LocalActor("admin"), model.User{Name: "张三", Role: model.RoleSupervisor}); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.TaskView("1.2.01", "张三")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := snap.Task("1.2.01")
	if v.Plan != snap.Plan || v.Task.ID != want.ID || v.Task.Rev != want.Rev {
		t.Errorf("plan/task %+v %+v, want %+v %+v", v.Plan, v.Task, snap.Plan, want)
	}
	if len(v.History) != 2 || v.History[0].Review != model.ReviewApproved || v.History[1].Seq != snap.History["1.2.01"][1].Seq {
		t.Errorf("history %+v, want %+v", v.History, snap.History["1.2.01"])
	}
	if len(v.Notes) != 1 || v.Notes[0].Text != "一条备注" {
		t.Errorf("notes %+v", v.Notes)
	}
	if v.User == nil || v.User.Role != model.RoleSupervisor || len(v.Users()) != 1 {
		t.Errorf("user %+v", v.User)
	}
	if v, err := s.TaskView("1.2.01", "nobody"); err != nil || v.User != nil || v.Users() != nil {
		t.Errorf("unknown user: %+v %v", v.User, err)
	}
	if _, err := s.TaskView("9.9.99", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown task: %v", err)
	}
	u, ok, err := s.LastReport("1.2.01")
	if err != nil || !ok || u.Seq != 2 {
		t.Errorf("last report %+v %v %v", u, ok, err)
	}
	if _, ok, err := s.LastReport("2.1.01"); ok || err != nil {
		t.Errorf("no report: %v %v", ok, err)
	}
	if ok, _ := s.HasTask("1.2.02"); !ok {
		t.Error("HasTask 1.2.02")
	}
	if ok, _ := s.HasTask("1.2"); ok {
		t.Error("HasTask 1.2")
	}
}

// Audit(id) through the per-task index returns what a scan of the log
// does, also for a file written before the index existed (back-filled by
// the next change), and Check notices an index that lost an entry.
func TestAuditIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "duban.db")
	s, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"1.2.01", "1.2.02", "1.2.01"} {
		if _, err := s.AddUpdate(testActor, update(t, id, "10", "2019-03-31"), 0); err != nil {
			t.Fatal(err)
		}
	}
	scan := func(id string) []model.AuditEntry {
		t.Helper()
		all, err := s.Audit("")
		if err != nil {
			t.Fatal(err)
		}
		var out []model.AuditEntry
		for _, e := range all {
			if e.TaskID == id {
				out = append(out, e)
			}
		}
		return out
	}
	same := func(label string) {
		t.Helper()
		for _, id := range []string{"1.2.01", "1.2.02", "2.1.01"} {
			got, err := s.Audit(id)
			if err != nil {
				t.Fatal(err)
			}
			if want := scan(id); !slices.EqualFunc(got, want, func(a, b model.AuditEntry) bool { return a.Hash == b.Hash }) {
				t.Errorf("%s: Audit(%s) = %d entries, want %d", label, id, len(got), len(want))
			}
		}
	}
	same("indexed")
	if n := len(scan("1.2.01")); n != 2 {
		t.Fatalf("1.2.01 has %d entries", n)
	}
	mustCheck(t, s)

	// A file from before the index: drop it. Reads scan; the next change
	// rebuilds it whole.
	drop := func(tx *bolt.Tx) error { return pt(tx).plan.DeleteBucket(bucketAuditTask) }
	if err := s.db.Update(drop); err != nil {
		t.Fatal(err)
	}
	same("no index")
	if _, err := s.AddUpdate(testActor, update(t, "2.1.01", "30", "2019-04-30"), 0); err != nil {
		t.Fatal(err)
	}
	if err := s.db.View(func(tx *bolt.Tx) error {
		if n := pt(tx).Bucket(bucketAuditTask).Stats().KeyN; n != 4 {
			t.Errorf("rebuilt index has %d keys, want 4", n)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	same("rebuilt")
	mustCheck(t, s)

	// An index that lost an entry is a problem Check reports.
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return pt(tx).Bucket(bucketAuditTask).Delete(auditIndexKey("1.2.02", scan("1.2.02")[0].Seq))
	}); err != nil {
		t.Fatal(err)
	}
	if len(s.Check()) == 0 {
		t.Error("Check passed an index missing an entry")
	}
	s.Close()
}

// sameSnapshot fails unless a and b hold the same data (empty maps and
// nil alike).
func sameSnapshot(t *testing.T, label string, a, b *model.Snapshot) {
	t.Helper()
	norm := func(s *model.Snapshot) []any {
		notes := s.Notes
		if len(notes) == 0 {
			notes = nil
		}
		return []any{s.Plan, s.Tasks, s.History, s.Users, notes, s.HeadSeq, s.HeadHash}
	}
	if !reflect.DeepEqual(norm(a), norm(b)) {
		t.Errorf("%s: patched snapshot differs from a full read:\n%+v\n%+v", label, norm(a), norm(b))
	}
}

// SnapshotSince, after each kind of change, holds what a full Snapshot
// does; it returns the same snapshot when nothing changed, and a search
// index built on the old one answers for the changed task.
func TestSnapshotSince(t *testing.T) {
	s := openTest(t)
	prev, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.SnapshotSince(prev); err != nil || got != prev {
		t.Fatalf("unchanged: %p %p %v", got, prev, err)
	}
	prev.Index() // built: Patch must carry it over
	steps := []struct {
		name   string
		change func() error
	}{
		{"update", func() error {
			_, err := s.AddUpdate(testActor, update(t, "1.2.01", "100", "2019-03-31"), 0)
			return err
		}},
		{"two updates", func() error {
			if _, err := s.AddUpdate(testActor, update(t, "1.2.02", "60", "2019-03-31"), 0); err != nil {
				return err
			}
			_, err := s.AddUpdate(testActor, update(t, "1.2.01", "200", "2019-04-30"), 0)
			return err
		}},
		{"review", func() error { return s.Review(model.LocalActor("审核员"), 1, model.ReviewReturned, "数据有误") }},
		{"note", func() error { return s.AddNote(model.LocalActor("填报员"), "2.1.01", "已开工") }},
		{"urge", func() error { return s.Urge(model.LocalActor("督查员"), "1.2.02", "请加快", time.Time{}) }},
		{"depts", func() error {
			return s.SetDepts(model.LocalActor("admin"), "1.2.02", "市停车管理中心", []string{"市公安局"})
		}},
		{"user", func() error {
			return s.PutUser(model.LocalActor("admin"), model.User{Name: "李四", Role: model.RoleStaff, Depts: []string{"市停车管理中心"}})
		}},
		{"import", func() error {
			p, tasks, _ := testPlan()
			return s.ReplacePlan(model.LocalActor("admin"), p, tasks[:4])
		}},
	}
	for _, st := range steps {
		if err := st.change(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got, err := s.SnapshotSince(prev)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		sameSnapshot(t, st.name, got, want)
		if got == prev {
			t.Errorf("%s: the old snapshot came back", st.name)
		}
		if st.name == "depts" && !got.Index().Match("1.2.02", "停车管理中心") {
			t.Error("the carried-over index does not know the new lead")
		}
		prev = got
	}
}

// Refreshing while another goroutine saves ends where a full read does.
func TestSnapshotSinceWhileSaving(t *testing.T) {
	s := openTest(t)
	prev, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		for i := range 60 {
			id := []string{"1.2.01", "1.2.02", "2.1.01"}[i%3]
			if _, err := s.AddUpdate(testActor, update(t, id, fmt.Sprint(10+i), "2019-05-31"), 0); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			running = false
		default:
		}
		if prev, err = s.SnapshotSince(prev); err != nil {
			t.Fatal(err)
		}
	}
	if prev, err = s.SnapshotSince(prev); err != nil {
		t.Fatal(err)
	}
	want, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	sameSnapshot(t, "after the saves", prev, want)
}
