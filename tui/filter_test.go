package tui

import (
	"slices"
	"strings"
	"testing"

	"duban/i18n"
	"duban/model"
)

// TestFiltersCombine: a department and a status at once; both are shown,
// both go to the export, and choosing one again takes it off.
func TestFiltersCombine(t *testing.T) {
	m, _ := newTestModel(t, i18n.Zh, 80, 24)
	pickOpt := func(m Model, match func(pickOption) bool) Model {
		m = press(t, m, "f")
		for k, o := range m.tasks().picker.opts {
			if match(o) {
				m.tasks().picker.cursor = k
				return press(t, m, "enter")
			}
		}
		t.Fatal("no such option")
		return m
	}
	m = press(t, m, "2")
	m = pickOpt(m, func(o pickOption) bool { return o.f.status == model.StatusBehind })
	m = pickOpt(m, func(o pickOption) bool { return o.f.dept == "市交通运输局" })
	f := m.tasks().filter
	if f.status != model.StatusBehind || f.dept != "市交通运输局" || len(m.tasks().visible) == 0 {
		t.Fatalf("filter %+v, %d rows", f, len(m.tasks().visible))
	}
	for _, i := range m.tasks().visible {
		if r := m.data.rows[i]; r.Eval.Status != model.StatusBehind || r.Task.Lead != "市交通运输局" {
			t.Errorf("row %s passes: %s %s", r.Task.ID, r.Eval.Status, r.Task.Lead)
		}
	}
	if !strings.Contains(plain(m), "滞后 + 市交通运输局") {
		t.Errorf("active filters not shown:\n%s", plain(m))
	}
	flags := m.exportFlags()
	if !slices.Contains(flags, "--dept") || !slices.Contains(flags, "--status") {
		t.Errorf("export flags %q", flags)
	}
	m = pickOpt(m, func(o pickOption) bool { return o.f.status == model.StatusBehind })
	if f := m.tasks().filter; f.status != "" || f.dept != "市交通运输局" {
		t.Errorf("status not taken off: %+v", f)
	}
}
