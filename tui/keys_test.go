package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"duban/i18n"
)

// keyCase is one binding tested through Update: from the state the setup
// keys reach, pressing any of the binding's keys must pass check.
type keyCase struct {
	setup []string
	check func(t *testing.T, before, after Model, cmd tea.Cmd)
}

func screenIs(s screen) func(*testing.T, Model, Model, tea.Cmd) {
	return func(t *testing.T, _, after Model, _ tea.Cmd) {
		t.Helper()
		if after.screen != s {
			t.Errorf("screen = %v, want %v", after.screen, s)
		}
	}
}

func cursorIs(want func(before Model) int) func(*testing.T, Model, Model, tea.Cmd) {
	return func(t *testing.T, before, after Model, _ tea.Cmd) {
		t.Helper()
		if got, w := after.tasks().cursor, want(before); got != w {
			t.Errorf("cursor = %d, want %d", got, w)
		}
	}
}

func keyCases() map[string]keyCase {
	rows := func(m Model) int { return m.tasks().rowsHeight(m.common()) }
	return map[string]keyCase{
		"Up":       {setup: []string{"2", "down", "down"}, check: cursorIs(func(Model) int { return 1 })},
		"Down":     {setup: []string{"2"}, check: cursorIs(func(Model) int { return 1 })},
		"PageDown": {setup: []string{"2"}, check: cursorIs(rows)},
		"PageUp": {setup: []string{"2", "G"}, check: cursorIs(func(m Model) int {
			return len(m.tasks().visible) - 1 - rows(m)
		})},
		"Home": {setup: []string{"2", "down", "down"}, check: cursorIs(func(Model) int { return 0 })},
		"End":  {setup: []string{"2"}, check: cursorIs(func(m Model) int { return len(m.tasks().visible) - 1 })},

		"Overview": {setup: []string{"3"}, check: screenIs(screenOverview)},
		"Tasks":    {setup: nil, check: screenIs(screenTasks)},
		"Depts":    {setup: nil, check: screenIs(screenDepts)},
		"NextTab":  {setup: []string{"4"}, check: screenIs(screenUsers)},
		"PrevTab":  {setup: []string{"4"}, check: screenIs(screenDepts)},
		"Help":     {setup: []string{"2"}, check: screenIs(screenHelp)},

		"Open": {setup: []string{"2", "down"}, check: func(t *testing.T, _, m Model, _ tea.Cmd) {
			if m.screen != screenDetail || m.detail().id != "0.1.02" {
				t.Errorf("screen %v, detail of %q; want the detail of 0.1.02", m.screen, m.detail().id)
			}
		}},
		"Back": {setup: []string{"2", "enter"}, check: screenIs(screenTasks)},
		"Update": {setup: []string{"2", "down"}, check: func(t *testing.T, _, m Model, _ tea.Cmd) {
			if m.screen != screenForm || m.form().taskID != "0.1.02" || m.form().focus != fieldValue {
				t.Errorf("screen %v task %q focus %d; want the form of 0.1.02 on the value", m.screen, m.form().taskID, m.form().focus)
			}
		}},
		"Search": {setup: []string{"1"}, check: func(t *testing.T, _, m Model, _ tea.Cmd) {
			if m.screen != screenTasks || !m.tasks().searching {
				t.Errorf("screen %v searching %v; want the task list searching", m.screen, m.tasks().searching)
			}
		}},
		"Sort": {setup: []string{"2"}, check: func(t *testing.T, _, m Model, _ tea.Cmd) {
			if m.tasks().sort != sortProgress {
				t.Errorf("sort = %v, want progress", m.tasks().sort)
			}
			for k := 1; k < len(m.tasks().visible); k++ {
				a, b := m.tasks().visible[k-1], m.tasks().visible[k]
				if m.data.hasProg[a] && m.data.hasProg[b] && m.data.prog[a] < m.data.prog[b] {
					t.Fatalf("row %d (%v%%) before row %d (%v%%)", a, m.data.prog[a], b, m.data.prog[b])
				}
			}
		}},
		"Filter": {setup: []string{"2"}, check: func(t *testing.T, _, m Model, _ tea.Cmd) {
			if !m.tasks().picking || len(m.tasks().picker.opts) < 10 {
				t.Errorf("picking %v with %d options", m.tasks().picking, len(m.tasks().picker.opts))
			}
		}},
		"PrevMonth": {check: asOfIs("2019-05-31")},
		"NextMonth": {check: asOfIs("2019-07-31")},
		"Export": {check: func(t *testing.T, _, m Model, cmd tea.Cmd) {
			if cmd != nil || !strings.Contains(m.status, "duban export") {
				t.Errorf("status %q cmd %v; want a pointer to duban export", m.status, cmd != nil)
			}
		}},
		"Plan": {check: func(t *testing.T, _, m Model, cmd tea.Cmd) {
			// The fake backend, like an SSH session's, cannot switch
			// (see TestPlanSwitch for a file of two plans).
			if cmd != nil || !strings.Contains(m.status, "不能切换计划") {
				t.Errorf("status %q cmd %v; want 不能切换计划", m.status, cmd != nil)
			}
		}},
		"Quit": {setup: []string{"2"}, check: func(t *testing.T, _, _ Model, cmd tea.Cmd) {
			if cmd == nil {
				t.Fatal("no command")
			}
			if _, ok := cmd().(tea.QuitMsg); !ok {
				t.Error("not tea.Quit")
			}
		}},

		"Save": {setup: []string{"2", "/", "text:tcw", "enter", "u", "text:750"}, check: func(t *testing.T, _, m Model, cmd tea.Cmd) {
			if !m.form().saving || cmd == nil {
				t.Fatalf("saving %v, err %q", m.form().saving, m.form().err)
			}
			if _, ok := runCmd(t, cmd)[0].(savedMsg); !ok {
				t.Error("the command did not save")
			}
		}},
		"Cancel":    {setup: []string{"2", "u"}, check: screenIs(screenTasks)},
		"NextField": {setup: []string{"2", "u"}, check: focusIs(fieldDate)},
		"PrevField": {setup: []string{"2", "u"}, check: focusIs(fieldNext)},
		"SameValue": {setup: []string{"2", "/", "text:tcw", "enter", "u"}, check: func(t *testing.T, _, m Model, _ tea.Cmd) {
			if v := m.form().fields[fieldValue].Value(); v != "600" {
				t.Errorf("value = %q, want the previous 600", v)
			}
		}},

		"Review": {setup: nil, check: screenIs(screenReview)},
		"Users":  {setup: []string{"2"}, check: screenIs(screenUsers)},
		"Note":   {setup: []string{"2", "down"}, check: dialogIs(dlgNote, "0.1.02")},
		"Urge":   {setup: []string{"2", "down"}, check: dialogIs(dlgUrge, "0.1.02")},
		"EditDepts": {setup: []string{"2", "enter"}, check: func(t *testing.T, b, m Model, c tea.Cmd) {
			dialogIs(dlgDepts, "0.1.01")(t, b, m, c)
			if got := m.dialog().fields[0].value(); got != "市发展和改革委员会" {
				t.Errorf("lead field %q", got)
			}
		}},
		"Approve": {setup: []string{"4"}, check: func(t *testing.T, before, m Model, cmd tea.Cmd) {
			if cmd == nil || !m.busy {
				t.Fatalf("no command (status %q)", m.status)
			}
			msg, ok := runCmd(t, cmd)[0].(actionMsg)
			if !ok || msg.err != nil || !strings.Contains(msg.ok, "已通过") {
				t.Errorf("approve: %+v", msg)
			}
		}},
		"Return":  {setup: []string{"4", "down"}, check: dialogIs(dlgReturn, "0.1.03")},
		"UserAdd": {setup: []string{"5"}, check: dialogIs(dlgUserAdd, "")},
		"UserDel": {setup: []string{"5"}, check: func(t *testing.T, b, m Model, c tea.Cmd) {
			dialogIs(dlgUserDel, "")(t, b, m, c)
			if m.dialog().user.Name != "张三" {
				t.Errorf("removing %q", m.dialog().user.Name)
			}
		}},
		"UserKey": {setup: []string{"5", "down"}, check: func(t *testing.T, b, m Model, c tea.Cmd) {
			dialogIs(dlgUserKey, "")(t, b, m, c)
			if m.dialog().user.Name != "李四" {
				t.Errorf("a key for %q", m.dialog().user.Name)
			}
		}},
		"Choose": {setup: []string{"5", "a", "tab"}, check: func(t *testing.T, before, m Model, _ tea.Cmd) {
			b, a := before.dialog().fields[1], m.dialog().fields[1]
			if b.value() != "staff" || a.value() == b.value() || a.value() == "" {
				t.Errorf("role %q → %q", b.value(), a.value())
			}
		}},
	}
}

// dialogIs checks that a small form of kind k is open, on task id if given.
func dialogIs(k dialogKind, id string) func(*testing.T, Model, Model, tea.Cmd) {
	return func(t *testing.T, _, m Model, _ tea.Cmd) {
		t.Helper()
		if m.screen != screenDialog || m.dialog().kind != k || id != "" && m.dialog().taskID != id {
			t.Errorf("screen %v, dialog %d on %q (status %q); want dialog %d on %q",
				m.screen, m.dialog().kind, m.dialog().taskID, m.status, k, id)
		}
	}
}

func asOfIs(want string) func(*testing.T, Model, Model, tea.Cmd) {
	return func(t *testing.T, _, m Model, _ tea.Cmd) {
		t.Helper()
		if got := m.asOf.Format("2006-01-02"); got != want || m.data.asOf.Format("2006-01-02") != want {
			t.Errorf("as of %s (data %s), want %s", got, m.data.asOf.Format("2006-01-02"), want)
		}
	}
}

func focusIs(f int) func(*testing.T, Model, Model, tea.Cmd) {
	return func(t *testing.T, _, m Model, _ tea.Cmd) {
		t.Helper()
		if m.form().focus != f {
			t.Errorf("focus = %d, want %d", m.form().focus, f)
		}
	}
}

// bindingsByName lists the KeyMap's fields by name, so the test below can
// insist that every binding, and every key of it, is tested.
func bindingsByName(k KeyMap) map[string][]string {
	return map[string][]string{
		"Up": k.Up.Keys(), "Down": k.Down.Keys(), "PageUp": k.PageUp.Keys(), "PageDown": k.PageDown.Keys(),
		"Home": k.Home.Keys(), "End": k.End.Keys(), "Overview": k.Overview.Keys(), "Tasks": k.Tasks.Keys(),
		"Depts": k.Depts.Keys(), "NextTab": k.NextTab.Keys(), "PrevTab": k.PrevTab.Keys(), "Help": k.Help.Keys(),
		"Open": k.Open.Keys(), "Back": k.Back.Keys(), "Update": k.Update.Keys(), "Search": k.Search.Keys(),
		"Sort": k.Sort.Keys(), "Filter": k.Filter.Keys(), "PrevMonth": k.PrevMonth.Keys(),
		"NextMonth": k.NextMonth.Keys(), "Export": k.Export.Keys(), "Quit": k.Quit.Keys(),
		"Save": k.Save.Keys(), "Cancel": k.Cancel.Keys(), "NextField": k.NextField.Keys(),
		"PrevField": k.PrevField.Keys(), "SameValue": k.SameValue.Keys(),
		"Review": k.Review.Keys(), "Users": k.Users.Keys(), "Note": k.Note.Keys(), "Urge": k.Urge.Keys(),
		"EditDepts": k.EditDepts.Keys(), "Approve": k.Approve.Keys(), "Return": k.Return.Keys(),
		"UserAdd": k.UserAdd.Keys(), "UserDel": k.UserDel.Keys(), "UserKey": k.UserKey.Keys(),
		"Choose": k.Choose.Keys(), "Plan": k.Plan.Keys(),
	}
}

// TestEveryKey presses every key of every binding through Update.
func TestEveryKey(t *testing.T) {
	km := DefaultKeyMap(i18n.Zh, false)
	byName := bindingsByName(km)
	if n := len(km.All()); n != len(byName) {
		t.Fatalf("KeyMap has %d bindings, the test knows %d: add the new one here", n, len(byName))
	}
	cases := keyCases()
	for name, keys := range byName {
		kc, ok := cases[name]
		if !ok {
			t.Errorf("binding %s has no test case", name)
			continue
		}
		for _, k := range keys {
			t.Run(name+"/"+k, func(t *testing.T) {
				m, _ := newTestModel(t, i18n.Zh, 80, 24)
				m = press(t, m, kc.setup...)
				after, cmd := sendCmd(t, m, keyMsg(k))
				kc.check(t, m, after, cmd)
			})
		}
	}
}

// TestHelpListsEveryKey: the help screen is generated from the keymap.
func TestHelpListsEveryKey(t *testing.T) {
	m, _ := newTestModel(t, i18n.En, 200, 80)
	m = press(t, m, "?")
	out := plain(m)
	for _, b := range m.keys.All() {
		if !strings.Contains(out, keyNames(b, false)) || !strings.Contains(out, b.Help().Desc) {
			t.Errorf("help lacks %q %q", keyNames(b, false), b.Help().Desc)
		}
	}
	m = press(t, m, "esc")
	if m.screen != screenOverview {
		t.Errorf("esc from help went to %v", m.screen)
	}
}

// TestQuitWhileLoading: q and ctrl+c work before the data is there.
func TestQuitWhileLoading(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := New(fb, Options{Now: func() time.Time { return testNow }})
	for _, k := range []string{"q", "ctrl+c"} {
		_, cmd := sendCmd(t, m, keyMsg(k))
		if cmd == nil {
			t.Fatalf("%s: no command", k)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("%s does not quit while loading", k)
		}
	}
}
