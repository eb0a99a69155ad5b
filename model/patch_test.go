package model

import (
	"reflect"
	"testing"
)

// Patch leaves the snapshot it started from as it was and shares what did
// not change.
func TestPatchLeavesTheOldSnapshot(t *testing.T) {
	s := bigSnapshot(100)
	s.Index()
	old := s.Tasks[5]
	changed := old
	changed.Name, changed.Rev = "新名称停车场", old.Rev+1
	h := append([]Update{}, s.History[old.ID]...)
	h = append(h, Update{Seq: 9999, TaskID: old.ID, Value: old.Target, AsOf: date("2019-09-30")})
	out, ok := s.Patch(Change{Tasks: []Task{changed}, History: map[string][]Update{old.ID: h}, HeadSeq: 7})
	if !ok {
		t.Fatal("not patched")
	}
	if s.Tasks[5].Name != old.Name || len(s.History[old.ID]) == len(h) {
		t.Error("the old snapshot changed")
	}
	if got, _ := out.Task(old.ID); got.Name != "新名称停车场" || len(out.History[old.ID]) != len(h) || out.HeadSeq != 7 {
		t.Errorf("patched: %+v, %d updates", got, len(out.History[old.ID]))
	}
	if !out.Index().Match(old.ID, "xmc") || s.Index().Match(old.ID, "xmc") {
		t.Error("the indexes do not follow the names")
	}
	if _, ok := s.Patch(Change{Tasks: []Task{{ID: "99.9.99"}}}); ok {
		t.Error("patched a task the snapshot does not have")
	}
}

// BenchmarkPatch100k is the shared refresh of a server after one save at
// 100,000 tasks (store.SnapshotSince's share in memory): copying the task
// list, the history map and the search index's map.
func BenchmarkPatch100k(b *testing.B) {
	s := bigSnapshot(100000)
	s.Index()
	t := s.Tasks[500]
	c := Change{Tasks: []Task{t}, History: map[string][]Update{t.ID: s.History[t.ID]}}
	for b.Loop() {
		if _, ok := s.Patch(c); !ok {
			b.Fatal("not patched")
		}
	}
}

// Changed names the tasks Patch replaced, across several patches, and
// refuses snapshots that were not patched from the one asked about.
func TestPatchChanged(t *testing.T) {
	s := bigSnapshot(10)
	a, b := s.Tasks[2], s.Tasks[7]
	one, _ := s.Patch(Change{Tasks: []Task{a}})
	two, _ := one.Patch(Change{Tasks: []Task{b}})
	if ids, ok := two.Changed(s); !ok || !sameSet(ids, []string{a.ID, b.ID}) {
		t.Errorf("two patches: %v %v", ids, ok)
	}
	if ids, ok := two.Changed(one); !ok || !sameSet(ids, []string{b.ID}) {
		t.Errorf("one patch: %v %v", ids, ok)
	}
	if ids, ok := two.Changed(two); !ok || len(ids) != 0 {
		t.Errorf("itself: %v %v", ids, ok)
	}
	if _, ok := s.Changed(two); ok {
		t.Error("an older snapshot counted as patched from a newer one")
	}
	if _, ok := two.Changed(bigSnapshot(10)); ok {
		t.Error("an unrelated snapshot counted as patched")
	}
	users, _ := two.Patch(Change{Users: []User{{Name: "x"}}})
	if ids, ok := users.Changed(two); !ok || len(ids) != 0 {
		t.Errorf("users only: %v %v", ids, ok)
	}
}

func sameSet(a, b []string) bool {
	m := map[string]bool{}
	for _, x := range a {
		m[x] = true
	}
	for _, x := range b {
		if !m[x] {
			return false
		}
	}
	return len(m) == len(b)
}

// A Patch that takes the copies PrepareSpare made gives what one that
// copies gives, leaves the snapshot patched from as it was, and the spare
// is taken once: a second Patch of the same snapshot copies afresh.
func TestPatchTakesTheSpare(t *testing.T) {
	s := bigSnapshot(100)
	want := bigSnapshot(100)
	changed := s.Tasks[5]
	changed.Name, changed.Rev = "新名称", changed.Rev+1
	h := append([]Update{}, s.History[changed.ID]...)
	h = append(h, Update{Seq: 9999, TaskID: changed.ID, Value: changed.Target, AsOf: date("2019-09-30")})
	c := Change{Tasks: []Task{changed}, History: map[string][]Update{changed.ID: h}, HeadSeq: 7}
	copied, _ := want.Patch(c)
	s.PrepareSpare()
	sp := s.spare.Load()
	if sp == nil {
		t.Fatal("no spare prepared")
	}
	one, ok := s.Patch(c)
	if !ok || &one.Tasks[0] != &sp.tasks[0] {
		t.Fatal("the patch did not take the spare")
	}
	two, _ := s.Patch(c)
	if &two.Tasks[0] == &one.Tasks[0] {
		t.Fatal("two patches share one task list")
	}
	for _, got := range []*Snapshot{one, two} {
		if !reflect.DeepEqual(got.Tasks, copied.Tasks) || !reflect.DeepEqual(got.History, copied.History) {
			t.Error("a patch with the spare differs from one that copies")
		}
	}
	if !reflect.DeepEqual(s.Tasks, want.Tasks) || !reflect.DeepEqual(s.History, want.History) {
		t.Error("the snapshot patched from changed")
	}
}
