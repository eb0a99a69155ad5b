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

// A row is found by its task's id: by a binary search of the tasks when
// they are in id order (as every snapshot keeps them), else by a map.
func TestRowIndex(t *testing.T) {
	s := fixtureSnapshot(t)
	swapped := model.Snapshot{Plan: s.Plan, Tasks: append([]model.Task(nil), s.Tasks...), History: s.History, Users: s.Users, Notes: s.Notes}
	swapped.Tasks[1], swapped.Tasks[4] = swapped.Tasks[4], swapped.Tasks[1]
	for _, c := range []struct {
		snap   *model.Snapshot
		mapped bool
	}{{s, false}, {&swapped, true}} {
		d := fullDerive(c.snap, testAsOf, model.User{Name: "u", Role: model.RoleAdmin})
		if (d.pos != nil) != c.mapped {
			t.Fatalf("in id order: %v, yet a map of the rows: %v", !c.mapped, d.pos != nil)
		}
		for i, task := range c.snap.Tasks {
			if k, ok := d.row(task.ID); !ok || k != i {
				t.Fatalf("in id order: %v: task %s is row %d (%v), not %d", !c.mapped, task.ID, k, ok, i)
			}
		}
		for _, id := range []string{"", "0", "1.2.99", "9.9.99", c.snap.Tasks[0].ID + "x"} {
			if k, ok := d.row(id); ok {
				t.Fatalf("in id order: %v: no task %q, yet row %d", !c.mapped, id, k)
			}
		}
	}
}

// The target, actual and lead columns follow the widest cell through
// patches, widening and narrowing again, as a full evaluation gives them.
func TestWidthsFollowPatches(t *testing.T) {
	s := fixtureSnapshot(t)
	actor := model.User{Name: "u", Role: model.RoleAdmin}
	d := fullDerive(s, testAsOf, actor)
	base := d.actWidth
	for _, v := range []int64{123456789, 1, 7} {
		next := patchOne(t, s, 3, v, "")
		d = d.patched(next, []string{next.Tasks[3].ID})
		s = next
		want := fullDerive(s, testAsOf, actor)
		sameDerived(t, d, want)
		if v == 123456789 && d.actWidth != 9 {
			t.Fatalf("a 9-digit actual value: the column is %d wide", d.actWidth)
		}
	}
	if d.actWidth != base && d.actWidth >= 9 {
		t.Fatalf("the actual column stays %d wide after the wide value went (was %d)", d.actWidth, base)
	}
}
