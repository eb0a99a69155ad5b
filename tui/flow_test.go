package tui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"

	"duban/i18n"
	"duban/model"
)

// settleSave runs the save command the last key returned, delivers the
// result, runs the reload it asks for and delivers the snapshot: what the
// program does between the enter and the next frame.
func settleSave(t *testing.T, m Model, cmd tea.Cmd) (Model, tea.Cmd) {
	t.Helper()
	msgs := runCmd(t, cmd)
	if len(msgs) != 1 {
		t.Fatalf("save produced %d messages", len(msgs))
	}
	m, cmd = sendCmd(t, m, msgs[0])
	for _, msg := range runCmd(t, cmd) {
		m, cmd = sendCmd(t, m, msg)
	}
	return m, cmd
}

func rowOf(t *testing.T, m Model, id string) model.Row {
	t.Helper()
	i, ok := m.data.row(id)
	if !ok {
		t.Fatalf("no task %s", id)
	}
	return m.data.rows[i].row()
}

// TestUpdateFlow is the flow, with exactly its keys, from a fresh
// start: 2, /, tcw, enter, u, 750, enter. The bar then animates from 40% to
// 50% and the overview's figures change.
func TestUpdateFlow(t *testing.T) {
	m, fb := newTestModel(t, i18n.Zh, 80, 24)
	before := m.data.sum.All.Counts[model.StatusOnTrack]
	m = press(t, m, "2", "/", "text:tcw", "enter")
	if got := m.tasks().selectedID(m.data); got != "5.3.05" || len(m.tasks().visible) != 1 {
		t.Fatalf("search tcw selects %q of %d rows, want 5.3.05 alone", got, len(m.tasks().visible))
	}
	m = press(t, m, "u", "text:750")
	if !m.form().havePrev || m.form().valueErr != "" {
		t.Fatalf("750 not accepted: %q", m.form().valueErr)
	}
	if !strings.Contains(plain(m), "50%") {
		t.Error("the form's bar does not preview 50%")
	}
	m, cmd := sendCmd(t, m, keyMsg("enter"))
	m, cmd = settleSave(t, m, cmd)

	if len(fb.saved) != 1 {
		t.Fatalf("%d updates saved", len(fb.saved))
	}
	u := fb.saved[0]
	if u.TaskID != "5.3.05" || u.Value.String() != "750" || !u.AsOf.Equal(testAsOf) || u.By != "测试员" {
		t.Errorf("saved %+v", u)
	}
	if u.Problems != "用地协调难" || u.Next != "加快老旧小区停车位改造" {
		t.Errorf("problems and next steps not carried over: %q %q", u.Problems, u.Next)
	}
	if m.screen != screenTasks || !strings.Contains(m.status, "新增停车位 750个") {
		t.Errorf("after saving: screen %v, status %q", m.screen, m.status)
	}
	r := rowOf(t, m, "5.3.05")
	if r.Eval.Status != model.StatusOnTrack || model.FormatPercent(r.Eval.Progress.Decimal) != "50" {
		t.Errorf("row now %s %v", r.Eval.Status, r.Eval.Progress)
	}
	if after := m.data.sum.All.Counts[model.StatusOnTrack]; after != before+1 {
		t.Errorf("overview on-track count %d → %d, want +1", before, after)
	}

	// The animation: from 40 to 50 over animFrames ticks, only this row.
	if cmd == nil || m.anim.taskID != "5.3.05" {
		t.Fatalf("no animation started (anim %+v)", m.anim)
	}
	v0, _ := m.anim.value("5.3.05")
	if v0 != 40 {
		t.Errorf("animation starts at %v, want 40", v0)
	}
	if _, ok := m.anim.value("5.3.04"); ok {
		t.Error("another row animates")
	}
	prev := v0
	for range animFrames {
		m = send(t, m, animMsg{id: m.anim.id})
		if v, ok := m.anim.value("5.3.05"); ok {
			if v < prev || v > 50 {
				t.Errorf("frame value %v after %v", v, prev)
			}
			prev = v
		}
	}
	if m.anim.taskID != "" {
		t.Error("animation did not end")
	}
	if !strings.Contains(plain(m), "50%") {
		t.Error("the list does not show 50%")
	}
	// A stale frame of a finished animation changes nothing.
	if _, cmd := sendCmd(t, m, animMsg{id: m.anim.id - 1}); cmd != nil {
		t.Error("a stale frame scheduled another")
	}
}

// TestFormValidation: the value is parsed as the CLI parses it, and errors
// appear as you type, in the interface language.
func TestFormValidation(t *testing.T) {
	m, _ := newTestModel(t, i18n.Zh, 80, 24)
	m = press(t, m, "2", "/", "text:tcw", "enter", "u")
	for _, c := range []struct {
		typed, want, err string
	}{
		{"１,５００", "1500", ""},
		{"1,100", "1100", ""},
		{"750个", "750", ""},
		{"0.32万", "3200", ""},
		{"abc", "", "不是数字"},
		{"12平方米", "", "单位"},
		{"-5", "", "不能为负数"},
	} {
		m.form().fields[fieldValue].set("")
		m = press(t, m, "text:"+c.typed)
		f := m.form()
		switch {
		case c.err != "" && !strings.Contains(f.valueErr, c.err):
			t.Errorf("%q: error %q, want %q", c.typed, f.valueErr, c.err)
		case c.err == "" && (f.valueErr != "" || f.value.String() != c.want):
			t.Errorf("%q: %s, error %q; want %s", c.typed, f.value, f.valueErr, c.want)
		}
		if c.err != "" && !strings.Contains(plain(m), c.err) {
			t.Errorf("%q: the error is not on screen", c.typed)
		}
	}
	// A date outside the plan.
	m = press(t, m, "tab", "ctrl+u", "text:2020-01-05")
	if !strings.Contains(m.form().dateErr, "不在计划期") {
		t.Errorf("date error %q", m.form().dateErr)
	}
	m, cmd := sendCmd(t, m, keyMsg("enter"))
	if cmd != nil || m.form().focus != fieldValue && m.form().focus != fieldDate {
		t.Errorf("an invalid form was saved (focus %d)", m.form().focus)
	}
}

// TestExplanationRequired: a value that leaves the task behind needs
// problems and next steps; clearing the carried-over text blocks the save.
func TestExplanationRequired(t *testing.T) {
	m, fb := newTestModel(t, i18n.Zh, 80, 24)
	// 700 (600 by May): above the last report, so no plausibility warning.
	m = press(t, m, "2", "/", "text:tcw", "enter", "u", "text:700")
	if !m.form().needs {
		t.Fatal("700 of 1500 at mid-year does not need an explanation")
	}
	m = press(t, m, "tab", "tab", "tab", "ctrl+u") // problems, cleared
	m, cmd := sendCmd(t, m, keyMsg("enter"))
	if cmd != nil || len(fb.saved) != 0 {
		t.Fatal("saved without problems")
	}
	if !strings.Contains(m.form().err, "存在问题") || m.form().focus != fieldProblems {
		t.Errorf("err %q focus %d", m.form().err, m.form().focus)
	}
	m = press(t, m, "text:征地难")
	m, cmd = sendCmd(t, m, keyMsg("ctrl+s"))
	m, _ = settleSave(t, m, cmd)
	if len(fb.saved) != 1 || fb.saved[0].Problems != "征地难" {
		t.Fatalf("saved %+v", fb.saved)
	}
	if rowOf(t, m, "5.3.05").Eval.Status != model.StatusBehind {
		t.Error("the row is not behind")
	}
}

// TestConflict: another session saved first; the refusal is explained, the
// data reloaded, and the form stays open with what was typed.
func TestConflict(t *testing.T) {
	m, fb := newTestModel(t, i18n.Zh, 80, 24)
	m = press(t, m, "2", "/", "text:tcw", "enter", "u", "text:750")
	fb.failErr = &fakeConflictError{TaskID: "5.3.05"}
	m, cmd := sendCmd(t, m, keyMsg("enter"))
	msgs := runCmd(t, cmd)
	m, cmd = sendCmd(t, m, msgs[0])
	if !strings.Contains(m.status, "他人") || m.screen != screenForm || m.form().fields[fieldValue].Value() != "750" {
		t.Fatalf("status %q screen %v", m.status, m.screen)
	}
	if cmd == nil {
		t.Fatal("no reload after a refusal")
	}
	// Any other refusal is shown in the interface language.
	fb.failErr = i18n.E("err.date.period", "x", "y", "z")
	m, cmd = sendCmd(t, m, keyMsg("enter"))
	m = send(t, m, runCmd(t, cmd)[0])
	if !strings.Contains(m.status, "不在计划期") {
		t.Errorf("status %q", m.status)
	}
}

// TestLiveChanges: a save by another session reaches this one through the
// subscription and re-evaluates every screen.
func TestLiveChanges(t *testing.T) {
	m, fb := newTestModel(t, i18n.Zh, 80, 24)
	ch, cancel := fb.Subscribe()
	m, wait := sendCmd(t, m, subscribedMsg{ch: ch, cancel: cancel})
	if wait == nil {
		t.Fatal("not waiting for changes")
	}
	if _, err := fb.AddUpdate(model.Update{TaskID: "5.3.05", Value: decimalOf("1500"), AsOf: testAsOf, By: "别人"}, 0); err != nil {
		t.Fatal(err)
	}
	m, cmd := sendCmd(t, m, runCmd(t, wait)[0]) // changedMsg
	if cmd == nil {
		t.Fatal("no reload")
	}
	// The batch holds the reload and the next wait; run only the reload.
	batch, ok := cmd().(tea.BatchMsg)
	if !ok || len(batch) != 2 {
		t.Fatalf("want reload and wait, got %T", cmd())
	}
	m = send(t, m, runCmd(t, batch[0])[0])
	if rowOf(t, m, "5.3.05").Eval.Status != model.StatusDone {
		t.Error("the other session's save is not shown")
	}
	m.Close()
	if _, open := <-ch; open {
		t.Error("Close did not unsubscribe")
	}
}

// TestAsOfReplay: [ and ] move through the year; everything re-evaluates.
func TestAsOfReplay(t *testing.T) {
	m, _ := newTestModel(t, i18n.Zh, 80, 24)
	m = press(t, m, "[")
	if s := rowOf(t, m, "5.3.05").Eval.Status; s != model.StatusBehind {
		t.Errorf("on 2019-05-31 新增停车位 is %s", s)
	}
	m = press(t, m, "[")
	if s := rowOf(t, m, "5.3.05").Eval.Status; s != model.StatusNoReport {
		t.Errorf("on 2019-04-30 新增停车位 is %s", s)
	}
	m = press(t, m, "[", "[", "[", "[", "[", "[")
	if got := model.FormatDate(m.asOf); got != "2019-01-01" {
		t.Errorf("replayed back to %s, want the plan's start", got)
	}
	for range 14 {
		m = press(t, m, "】")
	}
	if got := model.FormatDate(m.asOf); got != "2019-12-31" {
		t.Errorf("forward to %s, want the plan's end", got)
	}
	// The form's date follows the view's as-of date.
	m = press(t, m, "2", "u")
	if got := m.form().fields[fieldDate].Value(); got != "2019-12-31" {
		t.Errorf("form date %s", got)
	}
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		{"2019-03-31", -1, "2019-02-28"},
		{"2019-01-15", 1, "2019-01-31"},
		{"2019-01-15", -1, "2018-12-31"},
		{"2019-01-31", 1, "2019-02-28"},
		{"2019-02-28", 1, "2019-03-31"},
		{"2019-06-30", 2, "2019-08-31"},
	} {
		if got := model.StepMonthEnd(date(c.from), c.n); got != date(c.want) {
			t.Errorf("StepMonthEnd(%s, %d) = %s, want %s", c.from, c.n, model.FormatDate(got), c.want)
		}
	}
}

// TestIMEKeys: full-width punctuation and non-letter bindings work while a
// Chinese input method swallows letters.
func TestIMEKeys(t *testing.T) {
	m, _ := newTestModel(t, i18n.Zh, 80, 24)
	m = press(t, m, "？")
	if m.screen != screenHelp {
		t.Errorf("？ opens %v", m.screen)
	}
	m = press(t, m, "esc", "／")
	if !m.tasks().searching {
		t.Error("／ does not search")
	}
	// An IME commits Chinese text: one key per character, or a paste.
	m = press(t, m, "text:停车")
	m = send(t, m, tea.PasteMsg{Content: "位"})
	if m.tasks().query != "停车位" || len(m.tasks().visible) != 1 {
		t.Errorf("query %q matches %d", m.tasks().query, len(m.tasks().visible))
	}
	m = press(t, m, "enter", "ctrl+e", "text:７５０", "enter")
	if !m.form().saving {
		t.Errorf("the full-width value was not saved: %q", m.form().err)
	}
}

// TestSearch: esc clears, enter keeps; full pinyin and ids match.
func TestSearch(t *testing.T) {
	m, _ := newTestModel(t, i18n.Zh, 80, 24)
	all := len(m.tasks().visible)
	m = press(t, m, "/", "text:tingchewei")
	if len(m.tasks().visible) != 1 || m.tasks().selectedID(m.data) != "5.3.05" {
		t.Errorf("tingchewei: %d rows", len(m.tasks().visible))
	}
	m = press(t, m, "backspace", "backspace", "backspace")
	if len(m.tasks().visible) != 2 {
		t.Errorf("tingch: %d rows, want 2", len(m.tasks().visible))
	}
	m = press(t, m, "esc")
	if m.tasks().searching || m.tasks().query != "" || len(m.tasks().visible) != all {
		t.Error("esc did not clear the search")
	}
	m = press(t, m, "/", "text:5.3.0", "enter")
	if m.tasks().searching || m.tasks().query != "5.3.0" || len(m.tasks().visible) == 0 {
		t.Error("enter did not keep the search")
	}
	if !strings.Contains(plain(m), "搜索：5.3.0") {
		t.Error("the kept search is not shown")
	}
	m = press(t, m, "esc")
	if len(m.tasks().visible) != all {
		t.Error("esc on the list did not clear the kept search")
	}
}

// TestFilterAndDepartments: f picks a status; enter on a department lists
// exactly its tasks.
func TestFilterAndDepartments(t *testing.T) {
	m, _ := newTestModel(t, i18n.Zh, 80, 24)
	m = press(t, m, "f", "down", "down", "down", "enter") // all, done, on track, behind
	for _, i := range m.tasks().visible {
		if m.data.rows[i].Eval.Status != model.StatusBehind {
			t.Fatalf("filter kept a %s row", m.data.rows[i].Eval.Status)
		}
	}
	if len(m.tasks().visible) != m.data.sum.All.Counts[model.StatusBehind] {
		t.Error("filter count")
	}
	m = press(t, m, "3", "down", "enter")
	g := m.data.sum.Depts[1]
	if m.screen != screenTasks || len(m.tasks().visible) != g.Tasks || m.tasks().filter.dept != g.Name {
		t.Errorf("%s has %d tasks, list shows %d", g.Name, g.Tasks, len(m.tasks().visible))
	}
}

// TestMouse: the wheel scrolls, a click selects a row or a tab.
func TestMouse(t *testing.T) {
	m, _ := newTestModel(t, i18n.Zh, 80, 24)
	m = press(t, m, "2")
	m = send(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if m.tasks().cursor != 3 {
		t.Errorf("wheel: cursor %d", m.tasks().cursor)
	}
	m = send(t, m, tea.MouseClickMsg{Button: tea.MouseLeft, X: 10, Y: 1 + 2 + 5}) // header, info, column heads
	if m.tasks().cursor != 5 {
		t.Errorf("click: cursor %d, want 5", m.tasks().cursor)
	}
	x := strings.Index(plain(m), "3 部门")
	m = send(t, m, tea.MouseClickMsg{Button: tea.MouseLeft, X: width(plain(m)[:x]) + 1, Y: 0})
	if m.screen != screenDepts {
		t.Errorf("click on the tab: %v", m.screen)
	}
}

// TestExportHook: x calls Options.Export with the rows on screen.
func TestExportHook(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	var got int
	var name string
	o := Options{Lang: i18n.Zh, AsOf: testAsOf, ExportFunc: func(rows []model.Row, asOf time.Time, base string) (string, error) {
		got, name = len(rows), base
		return "/tmp/督办.xlsx", nil
	}}
	m := loaded(t, fb, o, 80, 24)
	m = press(t, m, "2", "f", "down", "enter")
	m, cmd := sendCmd(t, m, keyMsg("x"))
	m = send(t, m, runCmd(t, cmd)[0])
	if got != m.data.sum.All.Counts[model.StatusDone] || !strings.Contains(m.status, "已导出到 /tmp/督办.xlsx") {
		t.Errorf("exported %d rows, status %q", got, m.status)
	}
	if name != "zhuzhou-2019_2019-06-30_已完成" {
		t.Errorf("file name %q names the plan, the date and the filter once each?", name)
	}
}

// TestDemoAndLoadError: the demo badge, and a failed first load that esc
// retries.
func TestDemoAndLoadError(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	fb.snap.Plan.Demo = true
	for _, lang := range []i18n.Lang{i18n.Zh, i18n.En} {
		m := loaded(t, fb, Options{Lang: lang, AsOf: testAsOf}, 80, 24)
		for _, k := range []string{"1", "2", "3", "?"} {
			if !strings.Contains(strings.SplitN(plain(press(t, m, k)), "\n", 2)[0], lang.T("tui.demo")) {
				t.Errorf("%s: no demo badge on %s", lang, k)
			}
		}
	}
	m := New(fb, Options{})
	m = send(t, m, snapshotMsg{seq: 1, err: errors.New("disk on fire")})
	if m.state != stateFailed || !strings.Contains(plain(m), "disk on fire") {
		t.Fatal("load error not shown")
	}
	m, cmd := sendCmd(t, m, keyMsg("esc"))
	m = send(t, m, runCmd(t, cmd)[0])
	if m.state != stateReady {
		t.Error("retry failed")
	}
}

// TestRealCursor: in the form and the search line the terminal's own cursor
// sits right after the typed text, counting Chinese as two cells, so an IME
// draws its candidates there.
func TestRealCursor(t *testing.T) {
	m, _ := newTestModel(t, i18n.Zh, 80, 24)
	m = press(t, m, "2", "/", "text:停车")
	c := m.View().Cursor
	if c == nil || c.Position.X != 2+4 || c.Position.Y != 1 {
		t.Fatalf("search cursor %+v, want (6,1)", c)
	}
	m = press(t, m, "enter", "u", "tab", "tab", "text:完成施划")
	c = m.View().Cursor
	line := strings.Split(plain(m), "\n")[c.Position.Y]
	if c == nil || width(line[:strings.Index(line, "完成施划")])+8 != c.Position.X {
		t.Errorf("note cursor %+v on %q", c, line)
	}
	if m = press(t, m, "esc"); m.View().Cursor != nil {
		t.Error("cursor shown on the list")
	}
}

func decimalOf(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func date(s string) time.Time {
	d, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestLargePlanAsync: past syncRows the evaluation and the search run in
// commands; the key returns at once and the result lands when ready. An
// outdated result is dropped.
func TestLargePlanAsync(t *testing.T) {
	fb := &fakeBackend{snap: bigSnapshot(t, syncRows+500)}
	o := Options{Lang: i18n.Zh, AsOf: testAsOf, User: "u"}
	m := New(fb, o)
	m = send(t, m, windowSize(100, 30))
	m, cmd := sendCmd(t, m, runCmd(t, loadCmd(fb, 1))[0])
	if m.state == stateReady || cmd == nil {
		t.Fatal("a large plan was evaluated on the UI loop")
	}
	m, _ = sendCmd(t, m, runCmd(t, cmd)[0])
	if m.state != stateReady {
		t.Fatal("not ready after the evaluation")
	}
	m, cmd = sendCmd(t, m, keyMsg("["))
	if cmd == nil || !m.data.asOf.Equal(testAsOf) || model.FormatDate(m.asOf) != "2019-05-31" {
		t.Fatal("[ did not move the date asynchronously")
	}
	older := runCmd(t, cmd)[0]
	m, cmd = sendCmd(t, m, keyMsg("["))
	m = send(t, m, older) // finished after the user moved on: dropped
	if !m.data.asOf.Equal(testAsOf) {
		t.Error("an outdated evaluation was applied")
	}
	m = send(t, m, runCmd(t, cmd)[0])
	if model.FormatDate(m.data.asOf) != "2019-04-30" {
		t.Errorf("data as of %s", model.FormatDate(m.data.asOf))
	}
	m = press(t, m, "2", "/")
	m, cmd = sendCmd(t, m, keyMsg("t"))
	first := runCmd(t, cmd)[0]
	m, cmd = sendCmd(t, m, keyMsg("c"))
	m = send(t, m, first)
	if len(m.tasks().visible) != len(m.data.rows) {
		t.Error("a superseded search result was applied")
	}
	m = send(t, m, runCmd(t, cmd)[0])
	for _, i := range m.tasks().visible {
		if !m.data.snap.Index().Match(m.data.rows[i].Task.ID, "tc") {
			t.Fatal("search result does not match")
		}
	}
	if len(m.tasks().visible) == 0 || len(m.tasks().visible) == len(m.data.rows) {
		t.Errorf("tc matches %d of %d", len(m.tasks().visible), len(m.data.rows))
	}
	// Sorting a large list runs in a command too.
	m, cmd = sendCmd(t, m, keyMsg("esc")) // clears the search: all rows again
	m = send(t, m, runCmd(t, cmd)[0])
	if len(m.tasks().visible) != len(m.data.rows) {
		t.Fatal("esc did not clear the search")
	}
	m, cmd = sendCmd(t, m, keyMsg("s"))
	if cmd == nil {
		t.Fatal("s sorted on the UI loop")
	}
	m = send(t, m, runCmd(t, cmd)[0])
	v := m.tasks().visible
	for k := 1; k < len(v); k++ {
		if m.data.hasProg[v[k-1]] && m.data.hasProg[v[k]] && m.data.prog[v[k-1]] < m.data.prog[v[k]] {
			t.Fatal("not sorted by progress")
		}
	}
}
