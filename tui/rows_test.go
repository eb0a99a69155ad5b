package tui

import (
	"reflect"
	"testing"
	"unsafe"

	"duban/model"
)

// within reports whether p points into the backing array of tasks.
func within(p *model.Task, tasks []model.Task) bool {
	if len(tasks) == 0 {
		return false
	}
	lo, hi := uintptr(unsafe.Pointer(&tasks[0])), uintptr(unsafe.Pointer(&tasks[len(tasks)-1]))
	return uintptr(unsafe.Pointer(p)) >= lo && uintptr(unsafe.Pointer(p)) <= hi
}

// A row holds no copy of its task: evaluated afresh it points into the
// snapshot's tasks; evaluated again by a patch, to a copy of its own,
// never into a patched snapshot's array (which it would keep alive after
// that snapshot is gone: one more array per save). Its task is always the
// snapshot's.
func TestRowsShareTasks(t *testing.T) {
	s0 := fixtureSnapshot(t)
	d := fullDerive(s0, testAsOf, model.User{Name: "u", Role: model.RoleAdmin})
	for i, r := range d.rows {
		if r.Task != &s0.Tasks[i] {
			t.Fatalf("row %d holds a copy of its task, not the snapshot's", i)
		}
	}
	snaps := []*model.Snapshot{s0}
	changed := map[int]bool{}
	for k, i := range []int{3, 7, 3, 11} { // 3 twice: a row patched again
		s := patchOne(t, snaps[len(snaps)-1], i, int64(100+k), "")
		d = d.patched(s, []string{s.Tasks[i].ID})
		snaps = append(snaps, s)
		changed[i] = true
	}
	last := snaps[len(snaps)-1]
	for i, r := range d.rows {
		if !reflect.DeepEqual(*r.Task, last.Tasks[i]) {
			t.Fatalf("row %d's task is not the snapshot's: %+v, want %+v", i, *r.Task, last.Tasks[i])
		}
		for k, s := range snaps[1:] {
			if within(r.Task, s.Tasks) {
				t.Fatalf("row %d points into the tasks of patched snapshot %d", i, k+1)
			}
		}
		if !changed[i] && r.Task != &s0.Tasks[i] {
			t.Fatalf("row %d, not changed, no longer shares the first snapshot's task", i)
		}
	}
	sameDerived(t, d, fullDerive(last, testAsOf, d.actor))
}
