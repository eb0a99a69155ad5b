package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"duban/i18n"
	"duban/model"
)

// ApplyUpdates records a batch all or none, each update checked against
// the history including the batch's earlier ones, as the store does.
func (f *fakeBackend) ApplyUpdates(us []model.Update) ([]model.Update, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failErr; err != nil {
		f.failErr = nil
		return nil, err
	}
	hist := make(map[string][]model.Update)
	for _, u := range us {
		t, ok := f.snap.Task(u.TaskID)
		if !ok {
			return nil, i18n.E("err.task.unknown", u.TaskID)
		}
		h := hist[t.ID]
		if h == nil {
			h = append([]model.Update(nil), f.snap.History[t.ID]...)
		}
		if err := model.CheckUpdate(f.snap.Plan, t, h, u); err != nil {
			return nil, err
		}
		hist[t.ID] = append(h, u)
	}
	out := make([]model.Update, 0, len(us))
	for _, u := range us {
		u.Seq = f.nextSeq()
		u.Review = model.ReviewPending
		h := append(f.snap.History[u.TaskID], u)
		model.SortUpdates(h)
		f.snap.History[u.TaskID] = h
		for i := range f.snap.Tasks {
			if f.snap.Tasks[i].ID == u.TaskID {
				f.snap.Tasks[i].Rev++
			}
		}
		f.saved = append(f.saved, u)
		out = append(out, u)
	}
	f.calls = append(f.calls, "batch")
	f.notify()
	return out, nil
}

// monthValues are values that keep every task of the grid on track: its
// target, so that no row needs problems and next steps.
func monthValues(t *testing.T, m Model) []string {
	t.Helper()
	g := pageAs[*gridModel](&m, screenGrid)
	out := make([]string, len(g.rows))
	for k, r := range g.rows {
		task, _ := m.data.snap.Task(r.id)
		v := task.Target
		if task.Baseline.Valid {
			v = v.Add(task.Baseline.Decimal)
		}
		out[k] = "text:" + model.FormatValue(v)
	}
	return out
}

// TestGridMonth: a 填报员 reports the department's 14 tasks from the grid in
// one transaction, in fewer than 45 keystrokes besides the numbers.
func TestGridMonth(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "张三")
	keys := 0
	press1 := func(k ...string) {
		for _, s := range k {
			if !strings.HasPrefix(s, "text:") {
				keys++
			}
		}
		m = pressRun(t, m, k...)
	}
	press1("5")
	g := pageAs[*gridModel](&m, screenGrid)
	if m.screen != screenGrid || g.dept != "市交通运输局" || len(g.rows) != 14 {
		t.Fatalf("grid: screen %v dept %q, %d rows", m.screen, g.dept, len(g.rows))
	}
	for _, v := range monthValues(t, m) {
		press1(v, "enter")
	}
	press1("ctrl+s")
	g = pageAs[*gridModel](&m, screenGrid)
	if fb.lastCall() != "batch" || len(fb.saved) != 14 {
		t.Fatalf("saved %d in %q: %q %v", len(fb.saved), fb.lastCall(), m.status, g.problems)
	}
	if keys >= 45 {
		t.Errorf("a month of 14 tasks took %d keystrokes besides the numbers, want < 45", keys)
	}
	t.Logf("a month of 14 tasks: %d keystrokes besides the numbers", keys)
	if !strings.Contains(m.status, "已保存 14 项填报") {
		t.Errorf("status %q", m.status)
	}
	// The saved values are now the rows' last reports, and the inputs are
	// empty again: not reported (yet) this time.
	for _, r := range g.rows {
		if r.last == nil || !r.empty() {
			t.Fatalf("row %s after the save: last %v, input %q", r.id, r.last, r.in[gridValue].Value())
		}
	}
}

// TestGridRefusesAll: one bad row refuses the whole month, and every
// problem is listed with its row; an empty row is never saved as zero.
func TestGridRefusesAll(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "张三")
	m = press(t, m, "5")
	vals := monthValues(t, m)
	m = press(t, m, vals[0], "enter", "text:5万", "enter", "enter", vals[3], "enter", "text:abc", "ctrl+s")
	g := pageAs[*gridModel](&m, screenGrid)
	if len(fb.saved) != 0 || fb.lastCall() == "batch" {
		t.Fatalf("saved %d although rows were refused", len(fb.saved))
	}
	if len(g.problems) != 2 || !strings.HasPrefix(g.problems[0], "第 2 行") || !strings.HasPrefix(g.problems[1], "第 5 行") {
		t.Errorf("problems %q", g.problems)
	}
	if !strings.Contains(m.status, "2 行有问题") || !strings.Contains(plain(m), "第 2 行") {
		t.Errorf("status %q\n%s", m.status, plain(m))
	}
	// Corrected, the month saves: rows 1, 2, 4 and 5; row 3 stays unreported.
	m = press(t, m, "backspace", "backspace", "backspace", vals[4], "up", "up", "up")
	m = pressRun(t, m, "backspace", "backspace", vals[1], "ctrl+s")
	if len(fb.saved) != 4 {
		t.Fatalf("saved %d, want 4: %q %v", len(fb.saved), m.status, pageAs[*gridModel](&m, screenGrid).problems)
	}
	for _, u := range fb.saved {
		if u.TaskID == g.rows[2].id {
			t.Errorf("the empty row was saved as %s", u.Value)
		}
	}
}

// TestGridRepeat: ctrl+r repeats the last report's value on a row, and
// the grid never offers a report dated after the viewed date as 上次.
func TestGridRepeat(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "张三")
	m = press(t, m, "5")
	g := pageAs[*gridModel](&m, screenGrid)
	k := -1
	for i, r := range g.rows {
		if r.last != nil {
			k = i
			break
		}
	}
	if k < 0 {
		t.Fatal("no row with a last report")
	}
	for range k {
		m = press(t, m, "down")
	}
	m = press(t, m, "ctrl+r")
	g = pageAs[*gridModel](&m, screenGrid)
	if got, want := g.rows[k].in[gridValue].Value(), model.FormatValue(g.rows[k].last.Value); got != want {
		t.Errorf("ctrl+r: %q, want %q", got, want)
	}
	for _, r := range g.rows {
		if r.last != nil && r.last.AsOf.After(m.asOf) {
			t.Errorf("row %s offers a report of %s as 上次 at %s", r.id, model.FormatDate(r.last.AsOf), model.FormatDate(m.asOf))
		}
	}
}

// TestGridAdminPicks: an administrator chooses the department first.
func TestGridAdminPicks(t *testing.T) {
	m, _ := newTestModel(t, i18n.Zh, 80, 24)
	m = press(t, m, "6")
	g := pageAs[*gridModel](&m, screenGrid)
	if m.screen != screenGrid || !g.choose || len(g.depts) == 0 {
		t.Fatalf("admin grid: screen %v choose %v depts %d", m.screen, g.choose, len(g.depts))
	}
	for g.depts[g.deptPos.cursor] != "市交通运输局" {
		m = press(t, m, "down")
		g = pageAs[*gridModel](&m, screenGrid)
	}
	m = press(t, m, "enter")
	if g = pageAs[*gridModel](&m, screenGrid); g.choose || g.dept != "市交通运输局" || len(g.rows) != 14 {
		t.Errorf("after choosing: choose %v dept %q rows %d", g.choose, g.dept, len(g.rows))
	}
	checkFrame(t, "grid 80x24", m.View().Content, 80, 24)
}

// TestFormLastNotAfterView: replayed to an earlier month, the form's 上次
// is the last report on or before that date, never a later one.
func TestFormLastNotAfterView(t *testing.T) {
	m, _ := newTestModel(t, i18n.Zh, 80, 24)
	m = press(t, m, "[", "[", "[")
	if got := model.FormatDate(m.asOf); got != "2019-03-31" {
		t.Fatalf("as of %s", got)
	}
	m = goTo(t, m, "5.3.10")
	h := m.data.snap.History["5.3.10"]
	if len(h) == 0 || !h[len(h)-1].AsOf.After(m.asOf) {
		t.Fatal("the fixture has no report after 2019-03-31 on 5.3.10")
	}
	m = press(t, m, "u")
	if p := m.form().prev; p != nil && p.AsOf.After(m.asOf) {
		t.Errorf("上次 is the report of %s, after the viewed %s", model.FormatDate(p.AsOf), model.FormatDate(m.asOf))
	}
}

// TestGridFromQueue: staff reach their month from screen 4 (f4), and esc
// takes them back there.
func TestGridFromQueue(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "张三")
	m = press(t, m, "4", "f4")
	if m.screen != screenGrid {
		t.Fatalf("f4 on 4: %v", m.screen)
	}
	if m = press(t, m, "esc"); m.screen != screenReview {
		t.Errorf("esc from the grid: %v, want back on 4", m.screen)
	}
}

// TestGridConfirmsWarnings: a likely slip (a count far above its target)
// is listed with its row and nothing is saved; saving the same month again
// confirms it, and only the warned update is marked confirmed. Changing
// the month after the warning asks again.
func TestGridConfirmsWarnings(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "张三")
	m = press(t, m, "5")
	g := pageAs[*gridModel](&m, screenGrid)
	var slip string // the first count task's target ×1000: a 千/万 slip
	var row int
	for k, r := range g.rows {
		task, _ := m.data.snap.Task(r.id)
		if task.Kind == model.KindCount && !task.Baseline.Valid {
			slip, row = model.FormatValue(task.Target.Mul(decimal.NewFromInt(1000))), k
			break
		}
	}
	if slip == "" {
		t.Fatal("no count task in the month")
	}
	vals := monthValues(t, m)
	keys := []string{}
	for k := range g.rows {
		if k == row {
			keys = append(keys, "text:"+slip, "enter")
		} else if k < 3 {
			keys = append(keys, vals[k], "enter")
		} else {
			keys = append(keys, "enter")
		}
	}
	m = press(t, m, append(keys, "ctrl+s")...)
	g = pageAs[*gridModel](&m, screenGrid)
	if fb.lastCall() == "batch" || len(fb.saved) != 0 {
		t.Fatalf("saved %d despite the warning", len(fb.saved))
	}
	if len(g.problems) != 1 || !strings.HasPrefix(g.problems[0], fmt.Sprintf("第 %d 行", row+1)) || !strings.Contains(g.problems[0], "倍") {
		t.Fatalf("problems %q", g.problems)
	}
	if !strings.Contains(m.status, "再按 ctrl+s") {
		t.Errorf("status %q", m.status)
	}
	m = pressRun(t, m, "ctrl+s")
	if fb.lastCall() != "batch" {
		t.Fatalf("the second ctrl+s did not save: %q", m.status)
	}
	confirmed := 0
	for _, u := range fb.saved {
		if u.Confirmed {
			confirmed++
			if u.TaskID != g.rows[row].id {
				t.Errorf("%s confirmed, not warned", u.TaskID)
			}
		}
	}
	if confirmed != 1 {
		t.Errorf("%d updates confirmed, want 1", confirmed)
	}
}

// TestGridEditingKeys: in the grid ctrl+u, ctrl+d and space edit the value
// being typed (as in every field), they do not page the list: correcting a
// slip with ctrl+u once moved the cursor to the first row instead.
func TestGridEditingKeys(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "张三")
	m = press(t, m, "5", "down", "down", "text:5万", "ctrl+u", "text:80")
	g := pageAs[*gridModel](&m, screenGrid)
	if g.cursor != 2 || g.rows[2].in[gridValue].Value() != "80" {
		t.Fatalf("cursor %d, row 3 holds %q", g.cursor, g.rows[2].in[gridValue].Value())
	}
	m = press(t, m, "left", "ctrl+d", "text:5")
	g = pageAs[*gridModel](&m, screenGrid)
	if g.cursor != 2 || g.rows[2].in[gridValue].Value() != "85" {
		t.Fatalf("cursor %d, row 3 holds %q", g.cursor, g.rows[2].in[gridValue].Value())
	}
}

// While hidden, the month's grid does not follow another session's save;
// shown again, it is what it would be had it stayed on screen: the new
// report in its row, what was typed kept.
func TestGridCatchesUpWhenShown(t *testing.T) {
	run := func(leave bool) *gridModel {
		fb := &fakeBackend{snap: fixtureSnapshot(t)}
		m := modelAs(t, fb, "张三")
		pb := &patchBackend{fakeBackend: fb, cur: m.data.snap}
		m.backend = pb
		m = pressRun(t, m, "5", "text:12")
		g := pageAs[*gridModel](&m, screenGrid)
		if m.screen != screenGrid || len(g.rows) < 2 {
			t.Fatalf("grid: screen %v, %d rows", m.screen, len(g.rows))
		}
		if leave {
			m = pressRun(t, m, "esc")
		}
		i, _ := m.data.row(g.rows[1].id)
		pb.cur = patchOne(t, m.data.snap, i, 777, "")
		m.loadSeq++
		m = settle(t, m, loadCmdCached(m.backend, m.loadSeq, m.esc))
		if m.data.snap != pb.cur {
			t.Fatal("the save is not in the data")
		}
		if leave {
			if m.screen == screenGrid {
				t.Fatal("esc did not leave the grid")
			}
			if pageAs[*gridModel](&m, screenGrid).data == m.data {
				t.Error("the hidden grid followed the save")
			}
			m = pressRun(t, m, "5")
		}
		g = pageAs[*gridModel](&m, screenGrid)
		if g.data != m.data {
			t.Fatal("the grid on screen is not up to date")
		}
		if g.rows[1].last == nil || g.rows[1].last.Value.IntPart() != 777 {
			t.Errorf("row 2's last report: %+v", g.rows[1].last)
		}
		if v := g.rows[0].in[gridValue].Value(); v != "12" {
			t.Errorf("row 1 holds %q, typed 12", v)
		}
		return g
	}
	shown, hidden := run(false), run(true)
	if len(shown.rows) != len(hidden.rows) {
		t.Fatalf("%d rows, %d had it stayed on screen", len(hidden.rows), len(shown.rows))
	}
	for k := range shown.rows {
		a, b := shown.rows[k], hidden.rows[k]
		if a.id != b.id || a.err != b.err || a.has != b.has || a.in[gridValue].Value() != b.in[gridValue].Value() ||
			(a.last == nil) != (b.last == nil) || a.last != nil && !a.last.Value.Equal(b.last.Value) {
			t.Errorf("row %d differs from the grid that stayed on screen: %q %v %q %v / %q %v %q %v", k, a.err, a.has, a.in[gridValue].Value(), a.last, b.err, b.has, b.in[gridValue].Value(), b.last)
		}
	}
}
