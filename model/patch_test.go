package model

import (
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
