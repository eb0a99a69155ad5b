package tui

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"duban/i18n"
	"duban/model"
)

// userNamed is a fixture user.
func userNamed(t testing.TB, name string) model.User {
	t.Helper()
	for _, u := range testUsers() {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("no test user %s", name)
	return model.User{}
}

// modelAs is a loaded model acting as the fixture user name ("" for the
// default administrator), on fb, 80x24, in Chinese.
func modelAs(t testing.TB, fb Backend, name string) Model {
	t.Helper()
	var a model.User
	if name != "" {
		a = userNamed(t, name)
		if f, ok := fb.(*fakeBackend); ok {
			f.actor = name
		}
	}
	m := New(fb, Options{Lang: i18n.Zh, AsOf: testAsOf, User: "测试员", Actor: a, Now: func() time.Time { return testNow }})
	m = send(t, m, windowSize(80, 24))
	m = settle(t, m, loadCmd(fb, 1))
	if m.state != stateReady {
		t.Fatalf("not ready: %v", m.loadErr)
	}
	return m
}

// goTo selects task id in the list (a search that keeps it alone).
func goTo(t testing.TB, m Model, id string) Model {
	t.Helper()
	m = press(t, m, "2", "esc", "/", "text:"+id, "enter")
	if got := m.tasks().selectedID(m.data); got != id {
		t.Fatalf("selected %q, want %s", got, id)
	}
	return m
}

// TestStaffUpdates: staff report only on tasks their department leads.
// Elsewhere u gives model.CanUpdate's sentence and no form; on their own
// task the report is saved under their name.
func TestStaffUpdates(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "张三") // 市交通运输局
	m = goTo(t, m, "5.3.05")  // led by 市城市管理和综合执法局
	for _, k := range []string{"u", "ctrl+e", "f2"} {
		m = press(t, m, k)
		if m.screen != screenTasks || !strings.Contains(m.status, "张三 不能填报任务 5.3.05") ||
			!strings.Contains(m.status, "市城市管理和综合执法局") {
			t.Fatalf("%s on another department's task: screen %v, status %q", k, m.screen, m.status)
		}
	}
	if !strings.Contains(plain(m), "不能填报") {
		t.Error("the refusal is not on screen")
	}

	m = goTo(t, m, "5.3.10") // 新建农村公路, 市交通运输局
	m = press(t, m, "u", "text:600")
	if m.screen != screenForm {
		t.Fatalf("no form on the department's own task: %q", m.status)
	}
	m = pressRun(t, m, "enter")
	if len(fb.saved) != 1 || fb.saved[0].By != "张三" || fb.saved[0].TaskID != "5.3.10" {
		t.Fatalf("saved %+v", fb.saved)
	}
	// The detail and the list offer the department's tasks.
	if i, _ := m.data.row("5.3.10"); !m.data.mine[i] {
		t.Error("5.3.10 is not marked as the department's")
	}
	if !strings.Contains(plain(m), m.st.g.mine) {
		t.Error("the list shows no mark of the department's tasks")
	}
}

// TestStaffNotes: staff of a partner department add a note (n, ctrl+n)
// that shows in the task's history; elsewhere they get model.CanNote's
// sentence. An empty note is not sent.
func TestStaffNotes(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "李四") // 市统计局: a partner of 0.1.01
	m = goTo(t, m, "0.1.01")
	m = press(t, m, "u")
	if m.screen == screenForm || !strings.Contains(m.status, "李四 不能填报") {
		t.Fatalf("a partner may report: %v %q", m.screen, m.status)
	}
	m = press(t, m, "enter", "ctrl+n")
	if m.screen != screenDialog || m.dialog().kind != dlgNote || m.dialog().from != screenDetail {
		t.Fatalf("ctrl+n on the detail: screen %v kind %d (%q)", m.screen, m.dialog().kind, m.status)
	}
	m = press(t, m, "enter")
	if m.dialog().err == "" || fb.lastCall() != "" {
		t.Fatalf("an empty note was sent: %q", fb.lastCall())
	}
	m = press(t, m, "text:统计口径已核实")
	m = send(t, m, tea.PasteMsg{Content: "，数据已报送"})
	m = pressRun(t, m, "enter")
	if got := fb.lastCall(); got != "note 0.1.01 统计口径已核实，数据已报送 李四" {
		t.Fatalf("call %q", got)
	}
	if m.screen != screenDetail || !strings.Contains(m.status, "已添加备注") {
		t.Errorf("after the note: screen %v status %q", m.screen, m.status)
	}
	m = press(t, m, "G")
	out := plain(m)
	for _, want := range []string{"备注（1）", "2019-07-03  备注  李四", "统计口径已核实，数据已报送"} {
		if !strings.Contains(out, want) {
			t.Errorf("the detail lacks %q:\n%s", want, out)
		}
	}

	// Neither lead nor partner: refused with the reason, no form.
	m = goTo(t, m, "5.3.05")
	m = press(t, m, "n")
	if m.screen != screenTasks || !strings.Contains(m.status, "不是它的牵头或配合单位") {
		t.Errorf("note elsewhere: screen %v status %q", m.screen, m.status)
	}
	// Staff cannot review or urge.
	m = press(t, m, "!")
	if !strings.Contains(m.status, "不能督办") {
		t.Errorf("! as staff: %q", m.status)
	}
	// Their tab 5 is the month's grid, not the users.
	m = press(t, m, "5")
	if m.screen != screenGrid {
		t.Errorf("5 as staff: %v %q", m.screen, m.status)
	}
}

// TestStaffQueue: for staff, 4 is their own department's queue: returned
// updates first, with the comment, then those waiting; a returned latest
// update and an urge are marked in the list and can be filtered.
func TestStaffQueue(t *testing.T) {
	fb := &fakeBackend{snap: markedSnapshot(t)}
	m := modelAs(t, fb, "张三")
	m = press(t, m, "4")
	if m.screen != screenReview || len(m.data.queue) == 0 {
		t.Fatalf("screen %v, %d items", m.screen, len(m.data.queue))
	}
	first := m.data.queue[0]
	if first.u.Review != model.ReviewReturned || first.u.TaskID != "2.2.05" {
		t.Errorf("first item %+v, want the returned 2.2.05", first.u)
	}
	for _, it := range m.data.queue {
		if !model.InDepts(m.actor, m.data.rows[it.row].Task.Lead) {
			t.Errorf("the queue holds %s of another department", it.u.TaskID)
		}
	}
	out := plain(m)
	for _, want := range []string{"4 我的", "被退回 1 项，督办 1 项", "进度数据与省交通运输厅通报不一致"} {
		if !strings.Contains(out, want) {
			t.Errorf("queue lacks %q:\n%s", want, out)
		}
	}
	m = press(t, m, "a")
	if !strings.Contains(m.status, "不能审核") {
		t.Errorf("a as staff: %q", m.status)
	}
	// u on the queue's item opens the report of its task.
	m = press(t, m, "u")
	if m.screen != screenForm || m.form().taskID != "2.2.05" {
		t.Errorf("u on the queue: screen %v task %q", m.screen, m.form().taskID)
	}

	// The list's filter: 我的任务, 督办, 退回.
	m = press(t, m, "esc", "2", "f")
	if o := m.tasks().picker.opts[0]; !o.f.mine || o.count != 14 {
		t.Errorf("first option %+v, want my 14 tasks", o)
	}
	m = press(t, m, "esc")
	for k, want := range []string{1: "5.3.10", 2: "2.2.05"} {
		if k == 0 {
			continue
		}
		m = press(t, m, "f", "home")
		for range k {
			m = press(t, m, "down")
		}
		m = press(t, m, "enter")
		if len(m.tasks().visible) != 1 || m.tasks().selectedID(m.data) != want {
			t.Errorf("option %d shows %d rows, selected %q; want %s alone", k, len(m.tasks().visible), m.tasks().selectedID(m.data), want)
		}
	}
	out = plain(m)
	if !strings.Contains(out, "筛选：退回") || !strings.Contains(out, m.st.g.returned) {
		t.Errorf("returned filter:\n%s", out)
	}
}

// TestSupervisorReview: a supervisor approves (a, ctrl+a) and returns (r
// with a required comment) from the queue, oldest first, and cannot report.
func TestSupervisorReview(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "王督查")
	m = goTo(t, m, "5.3.05")
	m = press(t, m, "u")
	if m.screen != screenTasks || !strings.Contains(m.status, "督查室用户") {
		t.Fatalf("u as supervisor: %v %q", m.screen, m.status)
	}
	m = press(t, m, "4")
	q := m.data.queue
	if len(q) < 3 {
		t.Fatalf("%d pending", len(q))
	}
	for k := 1; k < len(q); k++ {
		if q[k-1].u.Seq > q[k].u.Seq {
			t.Fatal("the queue is not oldest first")
		}
	}
	n := len(q)
	first, second := q[0].u, q[1].u
	m = pressRun(t, m, "a")
	if got := fb.lastCall(); got != "review "+itoa(first.Seq)+" approved  王督查" {
		t.Fatalf("call %q", got)
	}
	if len(m.data.queue) != n-1 || m.data.queue[0].u.Seq != second.Seq || !strings.Contains(m.status, "已通过") {
		t.Errorf("after approving: %d items, first %d, status %q", len(m.data.queue), m.data.queue[0].u.Seq, m.status)
	}
	m = pressRun(t, m, "ctrl+a")
	if len(m.data.queue) != n-2 {
		t.Errorf("ctrl+a: %d items", len(m.data.queue))
	}

	// Return: the comment is required.
	third := m.data.queue[0].u
	m = press(t, m, "r")
	if m.screen != screenDialog || m.dialog().kind != dlgReturn || m.dialog().seq != third.Seq {
		t.Fatalf("r: screen %v dialog %+v", m.screen, m.dialog())
	}
	m = press(t, m, "enter")
	if !strings.Contains(m.dialog().err, "退回意见") {
		t.Errorf("empty comment: %q", m.dialog().err)
	}
	m = press(t, m, "text:数据来源不清，请补充")
	m = pressRun(t, m, "ctrl+s")
	if got := fb.lastCall(); got != "review "+itoa(third.Seq)+" returned 数据来源不清，请补充 王督查" {
		t.Fatalf("call %q", got)
	}
	if m.screen != screenReview || len(m.data.queue) != n-3 {
		t.Errorf("after returning: screen %v, %d items", m.screen, len(m.data.queue))
	}
	// The returned update is marked in the list and explained in the detail.
	i, _ := m.data.row(third.TaskID)
	if !m.data.returned[i] {
		t.Error("the returned task is not marked")
	}
	m = goTo(t, m, third.TaskID)
	m = press(t, m, "enter")
	if out := plain(m); !strings.Contains(out, "已被 王督查 退回") || !strings.Contains(out, "数据来源不清，请补充") {
		t.Errorf("the detail does not show the return:\n%s", out)
	}
	// Enter on a queue item opens its task; esc goes back to the queue.
	m = press(t, m, "4", "enter")
	if m.screen != screenDetail || m.detail().from != screenReview {
		t.Errorf("enter on the queue: %v from %v", m.screen, m.detail().from)
	}
	if m = press(t, m, "esc"); m.screen != screenReview {
		t.Errorf("esc: %v", m.screen)
	}
	// Supervisors have no users screen and do not edit departments.
	for _, k := range []string{"5", "e"} {
		m = press(t, m, "2", k)
		if m.screen == screenUsers || m.screen == screenDialog || !strings.Contains(m.status, "不是管理员") {
			t.Errorf("%s as supervisor: %v %q", k, m.screen, m.status)
		}
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// TestSupervisorUrge: ! (and its IME-safe ！, ctrl+g) on a task opens the
// urge with a reply-by date a week on, clamped into the plan; the urge
// shows on the task and in the lead department's list, until an update
// answers it.
func TestSupervisorUrge(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t), actor: "王督查"}
	m := New(fb, Options{Lang: i18n.Zh, AsOf: testAsOf, Actor: userNamed(t, "王督查"),
		Now: func() time.Time { return time.Date(2019, 7, 1, 15, 0, 0, 0, time.UTC) }})
	m = send(t, m, windowSize(80, 24))
	m = settle(t, m, loadCmd(fb, 1))
	m = goTo(t, m, "5.3.10")
	for _, k := range []string{"!", "！", "ctrl+g"} {
		m = press(t, m, k)
		if m.screen != screenDialog || m.dialog().kind != dlgUrge {
			t.Fatalf("%s: screen %v (%q)", k, m.screen, m.status)
		}
		if got := m.dialog().fields[1].value(); got != "2019-07-07" { // a week after the viewed 2019-06-30
			t.Errorf("reply by %s, want a week after the viewed date", got)
		}
		m = press(t, m, "esc")
	}
	m = press(t, m, "!", "enter")
	if !strings.Contains(m.dialog().err, "督办意见") {
		t.Errorf("no comment: %q", m.dialog().err)
	}
	m = press(t, m, "text:请说明滞后原因", "tab", "ctrl+u", "text:2020-02-01", "enter")
	if !strings.Contains(m.dialog().err, "不在计划期") || fb.lastCall() != "" {
		t.Errorf("a date outside the plan: %q, call %q", m.dialog().err, fb.lastCall())
	}
	m = press(t, m, "ctrl+u", "text:2019-07-15")
	m = pressRun(t, m, "enter")
	if got := fb.lastCall(); got != "urge 5.3.10 请说明滞后原因 2019-07-15 王督查" {
		t.Fatalf("call %q", got)
	}
	m = press(t, m, "enter")
	if out := plain(m); !strings.Contains(out, "督办（王督查") || !strings.Contains(out, "请于 2019-07-15 前以填报答复") ||
		!strings.Contains(out, "请说明滞后原因") {
		t.Errorf("the detail does not show the urge:\n%s", out)
	}

	// The lead department sees it, and its update answers it.
	staff := modelAs(t, fb, "张三")
	staff = goTo(t, staff, "5.3.10")
	if out := plain(staff); !strings.Contains(out, staff.st.g.urged) {
		t.Errorf("the list shows no urge:\n%s", out)
	}
	staff = press(t, staff, "u", "text:600")
	staff = pressRun(t, staff, "enter")
	if len(fb.saved) != 1 {
		t.Fatalf("the answer was not saved: %q", staff.form().err)
	}
	if i, _ := staff.data.row("5.3.10"); staff.data.rows[i].Task.Urged != nil || staff.data.nUrged != 0 {
		t.Error("the update did not close the urge")
	}
}

// TestAdminUsers: on screen 5 an administrator adds a user (a), changes
// one (enter), adds a key (K, pasted) and removes one (d, confirmed);
// mistakes are explained before anything is sent.
func TestAdminUsers(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "")
	m = press(t, m, "5")
	if m.screen != screenUsers || !strings.Contains(plain(m), "测试员（你）") {
		t.Fatalf("screen %v:\n%s", m.screen, plain(m))
	}
	// Add: a staff user needs a department; a bad key is refused.
	m = press(t, m, "a", "text:赵六", "enter")
	if !strings.Contains(m.dialog().err, "至少指定一个部门") || fb.lastCall() != "" {
		t.Fatalf("staff without a department: %q", m.dialog().err)
	}
	m = press(t, m, "text:市交通运输局、市公安局", "tab", "text:not a key", "enter")
	if !strings.Contains(m.dialog().err, "不是有效的 SSH 公钥") {
		t.Fatalf("bad key: %q", m.dialog().err)
	}
	m = press(t, m, "ctrl+u")
	taken := testUsers()[0].Keys[0]
	m = send(t, m, tea.PasteMsg{Content: taken})
	m = press(t, m, "enter")
	if !strings.Contains(m.dialog().err, "已属于用户 张三") {
		t.Fatalf("a key of 张三: %q", m.dialog().err)
	}
	m = press(t, m, "ctrl+u", "shift+tab", "shift+tab", "right") // role: supervisor
	m = pressRun(t, m, "enter")
	if got := fb.lastCall(); got != "put 赵六 supervisor [市交通运输局 市公安局] 0 测试员" {
		t.Fatalf("call %q", got)
	}
	if m.screen != screenUsers || len(m.data.snap.Users) != 5 || m.users().sel == "" {
		t.Fatalf("after adding: screen %v, %d users", m.screen, len(m.data.snap.Users))
	}
	// A name taken is refused.
	m = press(t, m, "a", "text:李四", "tab", "tab", "text:x", "enter")
	if !strings.Contains(m.dialog().err, "已存在") {
		t.Errorf("a taken name: %q", m.dialog().err)
	}
	m = press(t, m, "esc")

	// Change 李四 (second) to a supervisor, keeping the department.
	m = press(t, m, "home", "down", "enter", "right")
	m = pressRun(t, m, "enter")
	if got := fb.lastCall(); got != "put 李四 supervisor [市统计局] 0 测试员" {
		t.Errorf("change: %q", got)
	}
	// A key for 李四, pasted.
	key2 := "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU lisi@laptop"
	m = press(t, m, "K")
	m = send(t, m, tea.PasteMsg{Content: key2 + "\n"})
	m = pressRun(t, m, "enter")
	if got := fb.lastCall(); got != "put 李四 supervisor [市统计局] 1 测试员" {
		t.Errorf("key: %q (%q)", got, m.dialog().err)
	}
	if u := m.data.snap.Users[1]; len(u.Keys) != 1 || u.Keys[0] != key2 {
		t.Errorf("李四's keys: %q", u.Keys)
	}
	m = press(t, m, "ctrl+k")
	m = send(t, m, tea.PasteMsg{Content: key2})
	m = press(t, m, "enter")
	if !strings.Contains(m.dialog().err, "已有公钥") {
		t.Errorf("the same key again: %q", m.dialog().err)
	}
	m = press(t, m, "esc")

	// Remove: not yourself; others after confirming.
	m = press(t, m, "home", "down", "down", "d")
	if m.screen != screenUsers || !strings.Contains(m.status, "不能删除你自己") {
		t.Errorf("removing yourself: %v %q", m.screen, m.status)
	}
	m = press(t, m, "up", "delete")
	if m.screen != screenDialog || m.dialog().kind != dlgUserDel || !strings.Contains(plain(m), "删除用户 李四？") {
		t.Fatalf("d: %v\n%s", m.screen, plain(m))
	}
	m = pressRun(t, m, "enter")
	if got := fb.lastCall(); got != "delete 李四 测试员" || len(m.data.snap.Users) != 4 {
		t.Errorf("delete: %q, %d users", got, len(m.data.snap.Users))
	}
	// A refusal by the backend keeps the dialog with its sentence.
	fb.failErr = i18n.E("err.access.admin", "测试员")
	m = press(t, m, "a", "text:孙七", "shift+tab", "shift+tab", "shift+tab", "left")
	m = pressRun(t, m, "enter")
	if m.screen != screenDialog || !strings.Contains(m.dialog().err, "不是管理员") || !strings.Contains(m.status, "未保存") {
		t.Errorf("refused: %v %q %q", m.screen, m.dialog().err, m.status)
	}
}

// TestAdminDepts: e on a task's detail assigns its lead and partners.
func TestAdminDepts(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "")
	m = goTo(t, m, "5.3.05")
	m = press(t, m, "enter", "ctrl+o")
	if m.screen != screenDialog || m.dialog().kind != dlgDepts {
		t.Fatalf("ctrl+o: %v (%q)", m.screen, m.status)
	}
	m = press(t, m, "ctrl+u", "enter")
	if !strings.Contains(m.dialog().err, "牵头单位") {
		t.Errorf("empty lead: %q", m.dialog().err)
	}
	m = press(t, m, "text:市住房和城乡建设局", "tab", "text:市公安局，市交通运输局、 市公安局")
	m = pressRun(t, m, "enter")
	if got := fb.lastCall(); got != "depts 5.3.05 市住房和城乡建设局 [市公安局 市交通运输局] 测试员" {
		t.Fatalf("call %q", got)
	}
	if m.screen != screenDetail {
		t.Errorf("after saving: %v", m.screen)
	}
	if out := plain(m); !strings.Contains(out, "牵头单位 市住房和城乡建设局") || !strings.Contains(out, "市公安局、市交通运输局") {
		t.Errorf("the detail:\n%s", out)
	}
}

// TestConflictNamesTheChange: a report prepared before someone else's
// save is refused, naming who saved what; the form keeps what was typed,
// and the next enter, after looking, saves. An open form never takes a
// newer revision silently.
func TestConflictNamesTheChange(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "")
	ch, cancel := fb.Subscribe()
	defer cancel()
	m, wait := sendCmd(t, m, subscribedMsg{ch: ch, cancel: cancel})
	m = goTo(t, m, "5.3.05")
	m = press(t, m, "u", "text:750")
	rev := m.form().rev

	// Another session saves 745 meanwhile; this one reloads live.
	if _, err := fb.AddUpdate(model.Update{TaskID: "5.3.05", Value: decimalOf("745"), AsOf: testAsOf, By: "李四"}, 0); err != nil {
		t.Fatal(err)
	}
	m, cmd := sendCmd(t, m, runCmd(t, wait)[0])
	batch := cmd().(tea.BatchMsg)
	m = send(t, m, runCmd(t, batch[0])[0])
	if m.screen != screenForm || m.form().rev != rev {
		t.Fatalf("the open form took the new revision silently (rev %d → %d)", rev, m.form().rev)
	}

	m = pressRun(t, m, "enter")
	want := "该任务已被 李四 于 " + clockTime(time.Date(2019, 7, 1, 9, 0, 0, 0, time.UTC)) +
		" 更新为 745个（截至 2019-06-30），请查看后重试。"
	if !strings.Contains(m.status, want) || m.form().err == "" || !strings.Contains(plain(m), "李四") {
		t.Fatalf("status %q, form error %q; want %q", m.status, m.form().err, want)
	}
	if m.screen != screenForm || m.form().fields[fieldValue].Value() != "750" || len(fb.saved) != 1 {
		t.Fatalf("screen %v value %q saved %d", m.screen, m.form().fields[fieldValue].Value(), len(fb.saved))
	}
	if !strings.Contains(plain(m), "745个") {
		t.Errorf("the form does not show the newer report:\n%s", plain(m))
	}
	// Esc and u bring the typed report back; enter then saves.
	m = press(t, m, "esc", "u")
	if m.form().fields[fieldValue].Value() != "750" {
		t.Errorf("reopened with %q", m.form().fields[fieldValue].Value())
	}
	m = pressRun(t, m, "enter")
	if len(fb.saved) != 2 || fb.saved[1].Value.String() != "750" {
		t.Fatalf("retry: %d saved (%q)", len(fb.saved), m.status)
	}
	if m.draft != nil {
		t.Error("the draft outlived the save")
	}

	// A change that was not a report (an approval) is named as such.
	m = press(t, m, "u", "text:800")
	h := m.data.snap.History["5.3.05"]
	if err := fb.Review(h[len(h)-1].Seq, model.ReviewApproved, ""); err != nil {
		t.Fatal(err)
	}
	m = pressRun(t, m, "enter")
	if !strings.Contains(m.status, "他人改动") {
		t.Errorf("status %q", m.status)
	}
}

// TestLiveQueue: an approval, a return or an urge in one session changes
// every other session's queue, marks and counts with no key pressed.
func TestLiveQueue(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	a := modelAs(t, fb, "王督查")
	b := modelAs(t, fb, "")
	staff := modelAs(t, fb, "张三")
	subscribe := func(m Model) (Model, tea.Cmd) {
		ch, cancel := fb.Subscribe()
		t.Cleanup(cancel)
		return sendCmd(t, m, subscribedMsg{ch: ch, cancel: cancel})
	}
	b, waitB := subscribe(b)
	staff, waitS := subscribe(staff)
	b = press(t, b, "4")
	// follow delivers a change signal and the reload it starts.
	follow := func(m Model, wait tea.Cmd) (Model, tea.Cmd) {
		t.Helper()
		done := make(chan tea.Msg, 1)
		go func() { done <- wait() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(time.Second):
			t.Fatal("no change signal within a second")
		}
		m, cmd := sendCmd(t, m, msg)
		batch := cmd().(tea.BatchMsg)
		return settle(t, m, batch[0]), batch[1]
	}

	n := len(b.data.queue)
	head := b.data.queue[0].u.Seq
	a = pressRun(t, a, "4", "a")
	b, waitB = follow(b, waitB)
	staff, waitS = follow(staff, waitS)
	if len(b.data.queue) != n-1 || b.data.queue[0].u.Seq == head || b.review().sel == strconv.FormatUint(head, 10) {
		t.Errorf("the other queue: %d items, head %d (was %d)", len(b.data.queue), b.data.queue[0].u.Seq, head)
	}
	if !strings.Contains(plain(b), itoa(uint64(n-1))) {
		t.Errorf("the count on screen is not %d:\n%s", n-1, plain(b))
	}

	// Return an update of the staff's department: it shows in their queue.
	var target queueItem
	for _, it := range a.data.queue {
		if a.data.rows[it.row].Task.Lead == "市交通运输局" {
			target = it
			break
		}
	}
	a.review().cursor = 0
	for k, it := range a.data.queue {
		if it.u.Seq == target.u.Seq {
			a.review().cursor = k
		}
	}
	a = press(t, a, "r", "text:请核实")
	a = pressRun(t, a, "enter")
	b, waitB = follow(b, waitB)
	staff, waitS = follow(staff, waitS)
	if len(staff.data.queue) == 0 || staff.data.queue[0].u.Seq != target.u.Seq ||
		staff.data.queue[0].u.ReviewComment != "请核实" {
		t.Errorf("the staff's queue does not lead with the returned update: %+v", staff.data.queue)
	}
	if i, _ := staff.data.row(target.u.TaskID); !staff.data.returned[i] || staff.data.nRet != 1 {
		t.Error("the staff's list does not mark the return")
	}

	// Urge one of their tasks: the mark and the count follow.
	a = goTo(t, a, "5.3.10")
	a = press(t, a, "!", "text:加快")
	a = pressRun(t, a, "enter")
	staff, _ = follow(staff, waitS)
	b, _ = follow(b, waitB)
	if staff.data.nUrged != 1 || b.data.nUrged != 1 {
		t.Errorf("urged counts: staff %d, admin %d", staff.data.nUrged, b.data.nUrged)
	}
	staff = press(t, staff, "4")
	if !strings.Contains(plain(staff), "督办 1 项") {
		t.Errorf("the staff's queue:\n%s", plain(staff))
	}
}

// TestRoleChangeApplies: with Account() the backend says who acts on every
// load; a changed role changes tabs, keys and help at once, and a screen
// the new role may not see is left.
func TestRoleChangeApplies(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	who := userNamed(t, "测试员")
	var acctErr error
	ab := accountBackend{fakeBackend: fb, acct: func() (model.User, error) { return who, acctErr }}
	m := modelAs(t, ab, "张三") // Options say staff; the backend says admin
	if m.actor.Role != model.RoleAdmin {
		t.Fatalf("actor %+v: Account() not preferred", m.actor)
	}
	m = press(t, m, "5")
	if m.screen != screenUsers {
		t.Fatalf("5 as admin: %v %q", m.screen, m.status)
	}
	who = userNamed(t, "张三")
	m = settle(t, m, loadCmd(ab, 9))
	if m.actor.Role != model.RoleStaff || m.screen != screenOverview {
		t.Errorf("after demotion: %s on %v", m.actor.Role, m.screen)
	}
	if len(m.tabs()) != 5 || strings.Contains(plain(m), "用户") || !strings.Contains(plain(m), "4 我的") {
		t.Errorf("tabs after demotion:\n%s", plain(m))
	}
	// The derived marks follow the new actor too.
	if m.data.nMine != 14 || !sameActor(m.data.actor, who) {
		t.Errorf("marks of %+v: %d mine", m.data.actor, m.data.nMine)
	}
	// A failing Account keeps the last actor and says why.
	acctErr = errors.New("用户已被删除")
	m = settle(t, m, loadCmd(ab, 10))
	if m.actor.Name != "张三" || !strings.Contains(m.status, "用户已被删除") {
		t.Errorf("account error: actor %+v status %q", m.actor, m.status)
	}
}

// TestDefaultActor: without Actor the person at the terminal is an
// administrator named Options.User, as before roles existed.
func TestDefaultActor(t *testing.T) {
	m, _ := newTestModel(t, i18n.Zh, 80, 24)
	if m.actor.Name != "测试员" || m.actor.Role != model.RoleAdmin || len(m.tabs()) != 6 {
		t.Errorf("default actor %+v", m.actor)
	}
	a := defaultActor(Options{User: "u", Actor: model.User{Role: model.RoleStaff, Depts: []string{"x"}}})
	if a.Name != "u" || a.Role != model.RoleStaff {
		t.Errorf("named from User: %+v", a)
	}
}

// TestBareBackend: a backend without the optional methods offers the
// screens but says plainly that the change cannot be made here.
func TestBareBackend(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, bareBackend{fb}, "")
	m = goTo(t, m, "0.1.01")
	for _, k := range []string{"n", "!", "e"} {
		m = press(t, m, "2", k)
		if m.screen != screenTasks || m.status != i18n.Zh.T("tui.unsupported") {
			t.Errorf("%s: %v %q", k, m.screen, m.status)
		}
	}
	for _, keys := range [][]string{{"4", "a"}, {"4", "r"}, {"5", "a"}, {"5", "d"}} {
		m = press(t, m, keys...)
		if m.screen == screenDialog || m.status != i18n.Zh.T("tui.unsupported") {
			t.Errorf("%v: %v %q", keys, m.screen, m.status)
		}
	}
	if len(fb.calls) != 0 {
		t.Errorf("calls %v", fb.calls)
	}
}

// TestRoleKeys: the help and the footers list only what the role can do.
func TestRoleKeys(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	for _, c := range []struct {
		who string
		// key names in the help, and "key desc" in the footers
		has, lacks             []string
		footerHas, footerLacks []string
	}{
		{"张三", []string{"u ctrl+e f2", "n ctrl+n", "我的待办"},
			[]string{"a ctrl+a", "r ctrl+r", "! ！ ctrl+g", "e ctrl+o", "K ctrl+k", "d delete", "← →"},
			[]string{"u 填报", "n 备注"}, []string{"a 通过", "r 退回", "! 督办", "5 用户", "e 牵头"}},
		{"王督查", []string{"a ctrl+a", "r ctrl+r", "! ！ ctrl+g"},
			[]string{"u ctrl+e f2", "n ctrl+n", "ctrl+r             沿用", "e ctrl+o", "K ctrl+k", "d delete"},
			[]string{"! 督办", "a 通过"}, []string{"u 填报", "n 备注", "5 用户", "e 牵头"}},
	} {
		m := modelAs(t, fb, c.who)
		m = send(t, m, windowSize(200, 80))
		help := plain(press(t, m, "?"))
		for _, s := range c.has {
			if !strings.Contains(help, s) {
				t.Errorf("%s: help lacks %q", c.who, s)
			}
		}
		for _, s := range c.lacks {
			if strings.Contains(help, s) {
				t.Errorf("%s: help offers %q:\n%s", c.who, s, help)
			}
		}
		footers := ""
		for _, keys := range [][]string{{"2"}, {"2", "enter"}, {"4"}, {"1"}} {
			mm := press(t, m, keys...)
			footer := strings.Split(plain(mm), "\n")[mm.height-1]
			footers += footer + "\n"
			for _, s := range c.footerLacks {
				if strings.Contains(footer, s) {
					t.Errorf("%s on %v: footer offers %q: %q", c.who, keys, s, footer)
				}
			}
		}
		for _, s := range c.footerHas {
			if !strings.Contains(footers, s) {
				t.Errorf("%s: no footer offers %q:\n%s", c.who, s, footers)
			}
		}
	}
}

// TestHeaderWho: the header names who acts, their role and departments
// where they fit: the department is cut short first, then the role goes;
// the tab names stay (at 80 columns in Chinese for every role).
func TestHeaderWho(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	for _, lang := range []i18n.Lang{i18n.Zh, i18n.En} {
		for _, who := range []string{"张三", "王督查", ""} {
			for _, w := range []int{80, 100, 120} {
				m := modelAs(t, fb, who)
				m.opts.Lang = lang
				m.keys = m.keyMap()
				m = send(t, m, windowSize(w, 24))
				head := strings.Split(plain(m), "\n")[0]
				if ansi.StringWidth(head) != w {
					t.Errorf("%s %s %d: header is %d cells", lang, who, w, ansi.StringWidth(head))
				}
				name := who
				if name == "" {
					name = "测试员"
				}
				role := lang.T("access.role." + string(m.actor.Role))
				// Where the tab names and the date take the whole width (an
				// administrator's six English tabs at 80), the name gives way.
				allTabs := lang == i18n.En && w == 80 && strings.Contains(head, "2 Tasks  3 Depts  4 Review")
				if !allTabs && !strings.Contains(head, name) || w >= 120 && !strings.Contains(head, role) {
					t.Errorf("%s %d: header %q lacks %s and %s", lang, w, head, name, role)
				}
				if lang == i18n.Zh && !strings.Contains(head, "2 任务  3 部门") {
					t.Errorf("%s %d: header %q lost the tab names", lang, w, head)
				}
			}
		}
	}
	m := modelAs(t, fb, "张三")
	head := strings.Split(plain(m), "\n")[0]
	if !strings.Contains(head, "张三・填报员") || !strings.Contains(head, "4 我的  5 本月") {
		t.Errorf("staff header at 80: %q", head)
	}
	m = send(t, m, windowSize(120, 24))
	if head = strings.Split(plain(m), "\n")[0]; !strings.Contains(head, "张三・填报员・市交通运输局") {
		t.Errorf("staff header at 120: %q", head)
	}
	// Clicking a tab still finds it.
	x := strings.Index(head, "4 我的")
	m = send(t, m, tea.MouseClickMsg{Button: tea.MouseLeft, X: ansi.StringWidth(head[:x]) + 1, Y: 0})
	if m.screen != screenReview {
		t.Errorf("click on 4: %v", m.screen)
	}
}

// TestActionResults: a result reaches the form that asked for it only: an
// approval finishing while a return's form is open leaves that form alone.
func TestActionResults(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "王督查")
	m = press(t, m, "4")
	m, approve := sendCmd(t, m, keyMsg("a"))
	m = press(t, m, "r")
	if m.screen != screenDialog {
		t.Fatal("r did not open the return form")
	}
	m = settle(t, m, approve)
	if m.screen != screenDialog || m.dialog().err != "" || !strings.Contains(m.status, "已通过") || m.busy {
		t.Errorf("after the approval: screen %v, form error %q, status %q", m.screen, m.dialog().err, m.status)
	}
	// A refusal of the approval does not land in the form either.
	m = send(t, m, actionMsg{err: errors.New("boom")})
	if m.screen != screenDialog || m.dialog().err != "" || !strings.Contains(m.status, "boom") {
		t.Errorf("a refused approval: %v %q %q", m.screen, m.dialog().err, m.status)
	}
}

// TestQueueMouse: the wheel and clicks work on screens 4 and 5.
func TestQueueMouse(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "")
	m = press(t, m, "4")
	m = send(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if m.review().cursor != 3 {
		t.Errorf("wheel: cursor %d", m.review().cursor)
	}
	m = send(t, m, tea.MouseClickMsg{Button: tea.MouseLeft, X: 10, Y: 1 + 2 + 2*2 + 1}) // the 3rd item's preview line
	if m.review().cursor != 2 || m.review().sel != strconv.FormatUint(m.data.queue[2].u.Seq, 10) {
		t.Errorf("click: cursor %d", m.review().cursor)
	}
	m = press(t, m, "5")
	m = send(t, m, tea.MouseClickMsg{Button: tea.MouseLeft, X: 5, Y: 1 + 2 + 3})
	if u, _ := m.users().selected(m.data.snap); u.Name != "王督查" {
		t.Errorf("click on the 4th user selected %q", u.Name)
	}
	m = send(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if m.users().cursor != 0 {
		t.Errorf("wheel up: cursor %d", m.users().cursor)
	}
}
