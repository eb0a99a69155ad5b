package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"duban/i18n"
	"duban/model"
)

// TestCursorStays: after a save that re-sorts the list, and after a save
// from another session, the cursor is on the same task; after changing the
// sort the view shows the top (issue #10 §2).
func TestCursorStays(t *testing.T) {
	m, fb := newTestModel(t, i18n.Zh, 80, 24)
	m = press(t, m, "2", "s") // by 完成率
	for range 12 {
		m = press(t, m, "down")
	}
	id := m.tasks().selectedID(m.data)
	// A report that takes the task to the top of the order.
	task, _ := m.data.snap.Task(id)
	m = pressRun(t, m, "u", "text:"+task.Target.String(), "enter")
	if m.screen != screenTasks {
		t.Fatalf("after the save: screen %v, form error %q", m.screen, m.form().err)
	}
	if got := m.tasks().selectedID(m.data); got != id {
		t.Errorf("after the save: cursor on %s, want %s", got, id)
	}
	pos := m.tasks().cursor
	// Another session's save re-sorts the list: the cursor follows the task.
	// The first unreported task in plan order, reported at its target, sorts
	// among the 100% ones before the selected task.
	selected, _ := m.data.row(id)
	var other model.Task
	for i, r := range m.data.rows {
		if !m.data.hasProg[i] && r.Task.Kind != model.KindMilestone {
			other = *r.Task
			break
		}
	}
	if i, _ := m.data.row(other.ID); i > selected {
		t.Fatalf("fixture: %s is after %s in plan order", other.ID, id)
	}
	u := model.Update{TaskID: other.ID, Value: other.Target, AsOf: testAsOf, By: "李四"}
	if _, err := fb.AddUpdate(u, 0); err != nil {
		t.Fatal(err)
	}
	m = settle(t, m, func() tea.Msg { return changedMsg{} })
	if got := m.tasks().selectedID(m.data); got != id || m.tasks().cursor != pos+1 {
		t.Errorf("after a live update that moved a task above it: cursor on %s at %d, want %s at %d",
			got, m.tasks().cursor, id, pos+1)
	}
	// A new order starts at the top.
	m = press(t, m, "s")
	if m.tasks().cursor != 0 || m.tasks().offset != 0 {
		t.Errorf("after s: cursor %d offset %d, want the top", m.tasks().cursor, m.tasks().offset)
	}
}
