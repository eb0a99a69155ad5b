package tui

import (
	"cmp"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"

	"duban/i18n"
	"duban/model"
)

// fakeBackend is an in-memory Backend over a fixed snapshot. AddUpdate
// validates like the store does (model.CheckUpdate, the revision check) and
// signals subscribers.
type fakeBackend struct {
	mu      sync.Mutex
	snap    *model.Snapshot
	seq     uint64
	subs    []chan struct{}
	failErr error // returned by the next AddUpdate or other change, then cleared
	saved   []model.Update
	calls   []string // the other changes, as "review 12 returned 数据有误" etc.
	actor   string   // whom changes are recorded under, as the store records its actor; "" is 测试员
}

// actorName is whom the fake records a change under.
func (f *fakeBackend) actorName() string {
	if f.actor != "" {
		return f.actor
	}
	return "测试员"
}

func (f *fakeBackend) Snapshot() (*model.Snapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := model.Snapshot{Plan: f.snap.Plan}
	s.Tasks = append([]model.Task(nil), f.snap.Tasks...)
	s.History = make(map[string][]model.Update, len(f.snap.History))
	for k, v := range f.snap.History {
		s.History[k] = append([]model.Update(nil), v...)
	}
	s.Users = append([]model.User(nil), f.snap.Users...)
	if f.snap.Notes != nil {
		s.Notes = make(map[string][]model.Note, len(f.snap.Notes))
		for k, v := range f.snap.Notes {
			s.Notes[k] = append([]model.Note(nil), v...)
		}
	}
	return &s, nil
}

func (f *fakeBackend) AddUpdate(u model.Update, expectRev uint64) (model.Update, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failErr; err != nil {
		f.failErr = nil
		return model.Update{}, err
	}
	var ti = -1
	for i, t := range f.snap.Tasks {
		if t.ID == u.TaskID {
			ti = i
		}
	}
	if ti < 0 {
		return model.Update{}, i18n.E("err.task.unknown", u.TaskID)
	}
	t := f.snap.Tasks[ti]
	if expectRev != 0 && expectRev != t.Rev {
		e := &fakeConflictError{TaskID: t.ID, Unit: t.Unit}
		var latest model.Update // the most recently recorded, as the store reports it
		for _, u := range f.snap.History[t.ID] {
			if u.Seq > latest.Seq {
				latest = u
			}
		}
		e.Latest = latest
		return model.Update{}, e
	}
	if err := model.CheckUpdate(f.snap.Plan, t, f.snap.History[t.ID], u); err != nil {
		return model.Update{}, err
	}
	if ws, err := model.CheckPlausible(t, f.snap.History[t.ID], u); err != nil { // as the store does
		return model.Update{}, err
	} else {
		u.Confirmed = len(ws) > 0
	}
	u.Seq = f.nextSeq()
	u.At = time.Date(2019, 7, 1, 9, 0, 0, 0, time.UTC)
	u.Review = model.ReviewPending
	h := append(f.snap.History[t.ID], u)
	model.SortUpdates(h)
	f.snap.History[t.ID] = h
	f.snap.Tasks[ti].Rev++
	f.snap.Tasks[ti].Urged = nil // an update answers an urge
	f.saved = append(f.saved, u)
	f.notify()
	return u, nil
}

// nextSeq numbers a new update or note after every one in the fixture;
// f.mu is held.
func (f *fakeBackend) nextSeq() uint64 {
	if f.seq == 0 {
		for _, h := range f.snap.History {
			for _, u := range h {
				f.seq = max(f.seq, u.Seq)
			}
		}
	}
	f.seq++
	return f.seq
}

// notify signals the subscribers; f.mu is held.
func (f *fakeBackend) notify() {
	for _, ch := range f.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// change runs a change other than an update under the lock, like the
// store: the injected failure first, then fn, then the subscribers.
func (f *fakeBackend) change(call string, fn func() error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failErr; err != nil {
		f.failErr = nil
		return err
	}
	if err := fn(); err != nil {
		return err
	}
	f.calls = append(f.calls, call)
	f.notify()
	return nil
}

// task finds a task's index; f.mu is held.
func (f *fakeBackend) task(id string) (int, error) {
	for i, t := range f.snap.Tasks {
		if t.ID == id {
			return i, nil
		}
	}
	return -1, i18n.E("err.task.unknown", id)
}

func (f *fakeBackend) Review(seq uint64, state model.Review, comment string) error {
	by := f.actorName()
	return f.change(fmt.Sprintf("review %d %s %s %s", seq, state, comment, by), func() error {
		if state == model.ReviewReturned && comment == "" {
			return i18n.E("err.store.review.comment")
		}
		for id, h := range f.snap.History {
			for k := range h {
				if h[k].Seq == seq {
					h = append([]model.Update(nil), h...) // snapshots share the old slice
					h[k].Review, h[k].Reviewer, h[k].ReviewComment = state, by, comment
					f.snap.History[id] = h
					i, _ := f.task(id)
					f.snap.Tasks[i].Rev++
					return nil
				}
			}
		}
		return i18n.E("err.store.update.unknown", seq)
	})
}

func (f *fakeBackend) Urge(taskID, comment string, replyBy time.Time) error {
	by := f.actorName()
	return f.change(fmt.Sprintf("urge %s %s %s %s", taskID, comment, model.FormatDate(replyBy), by), func() error {
		i, err := f.task(taskID)
		if err != nil {
			return err
		}
		f.snap.Tasks[i].Urged = &model.Urge{By: by, At: time.Date(2019, 7, 2, 10, 0, 0, 0, time.UTC), Comment: comment, ReplyBy: replyBy}
		f.snap.Tasks[i].Rev++
		return nil
	})
}

func (f *fakeBackend) SetDepts(taskID, lead string, partners []string) error {
	by := f.actorName()
	return f.change(fmt.Sprintf("depts %s %s %v %s", taskID, lead, partners, by), func() error {
		i, err := f.task(taskID)
		if err != nil {
			return err
		}
		f.snap.Tasks[i].Lead, f.snap.Tasks[i].Partners, f.snap.Tasks[i].LeadDefault = lead, partners, false
		f.snap.Tasks[i].Rev++
		return nil
	})
}

func (f *fakeBackend) PutUser(u model.User) error {
	by := f.actorName()
	return f.change(fmt.Sprintf("put %s %s %v %d %s", u.Name, u.Role, u.Depts, len(u.Keys), by), func() error {
		users := slices.DeleteFunc(slices.Clone(f.snap.Users), func(o model.User) bool { return o.Name == u.Name })
		users = append(users, u)
		slices.SortFunc(users, func(a, b model.User) int { return strings.Compare(a.Name, b.Name) })
		f.snap.Users = users
		return nil
	})
}

func (f *fakeBackend) DeleteUser(name string) error {
	by := f.actorName()
	return f.change(fmt.Sprintf("delete %s %s", name, by), func() error {
		n := len(f.snap.Users)
		f.snap.Users = slices.DeleteFunc(slices.Clone(f.snap.Users), func(o model.User) bool { return o.Name == name })
		if len(f.snap.Users) == n {
			return i18n.E("err.store.user.unknown", name)
		}
		return nil
	})
}

func (f *fakeBackend) AddNote(taskID, text string) error {
	by := f.actorName()
	return f.change(fmt.Sprintf("note %s %s %s", taskID, text, by), func() error {
		if _, err := f.task(taskID); err != nil {
			return err
		}
		if model.NoteText(text) == "" {
			return i18n.E("err.store.note.empty")
		}
		if f.snap.Notes == nil {
			f.snap.Notes = map[string][]model.Note{}
		}
		f.snap.Notes[taskID] = append(slices.Clone(f.snap.Notes[taskID]), model.Note{Seq: f.nextSeq(), TaskID: taskID,
			Text: model.NoteText(text), By: by, At: time.Date(2019, 7, 3, 9, 30, 0, 0, time.UTC)})
		return nil
	})
}

// lastCall is the latest change other than an update.
func (f *fakeBackend) lastCall() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.calls) == 0 {
		return ""
	}
	return f.calls[len(f.calls)-1]
}

// accountBackend is the fake with Account(): the acting user is read on
// every load, as the server's session backend does.
type accountBackend struct {
	*fakeBackend
	acct func() (model.User, error)
}

func (a accountBackend) Account() (model.User, error) { return a.acct() }

// bareBackend has only the three methods of Backend: none of the optional
// capabilities.
type bareBackend struct{ f *fakeBackend }

func (b bareBackend) Snapshot() (*model.Snapshot, error) { return b.f.Snapshot() }
func (b bareBackend) AddUpdate(u model.Update, r uint64) (model.Update, error) {
	return b.f.AddUpdate(u, r)
}
func (b bareBackend) Subscribe() (<-chan struct{}, func()) { return b.f.Subscribe() }

// fakeConflictError is the store's conflict error, which the TUI matches
// by type (errors.As).
type fakeConflictError = model.ConflictError

func (f *fakeBackend) Subscribe() (<-chan struct{}, func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := make(chan struct{}, 1)
	f.subs = append(f.subs, ch)
	return ch, func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		for i, c := range f.subs {
			if c == ch {
				f.subs = append(f.subs[:i], f.subs[i+1:]...)
				close(ch)
				return
			}
		}
	}
}

// ── fixtures ────────────────────────────────────────────────────────────────

var (
	testAsOf = time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC)
	testNow  = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
)

func testPlan() model.Plan {
	return model.Plan{
		ID: "zhuzhou-2019", Title: "株洲市2019年政府工作报告重点工作",
		Start:     time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC),
		End:       time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC),
		Threshold: 10, CycleMonths: 1,
	}
}

// fixtureSnapshot is the 2019 plan, frozen in testdata/plan.csv so that the
// golden files do not move when the seed is edited, with a deterministic
// history that puts tasks in every status.
func fixtureSnapshot(tb testing.TB) *model.Snapshot {
	tb.Helper()
	f, err := os.Open("testdata/plan.csv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	p := testPlan()
	tasks, err := model.ReadPlanCSV(f, p)
	if err != nil {
		tb.Fatal(err)
	}
	return withHistory(p, tasks)
}

// testUsers are the fixture's users: the default test actor (an
// administrator), staff of a lead and of a partner department, and a
// supervisor.
func testUsers() []model.User {
	return []model.User{
		{Name: "张三", Role: model.RoleStaff, Depts: []string{"市交通运输局"},
			Keys: []string{"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c zhangsan"}},
		{Name: "李四", Role: model.RoleStaff, Depts: []string{"市统计局"}},
		{Name: "测试员", Role: model.RoleAdmin},
		{Name: "王督查", Role: model.RoleSupervisor, Depts: []string{"市政府督查室"}},
	}
}

// withHistory gives task i a monthly history by i%6: none, done, on track,
// behind, at risk (and stale), or on track with notes.
func withHistory(p model.Plan, tasks []model.Task) *model.Snapshot {
	s := &model.Snapshot{Plan: p, Tasks: tasks, History: map[string][]model.Update{}, Users: testUsers()}
	seq := uint64(0)
	users := []string{"张三", "李四", "王五"}
	for i := range tasks {
		t := &tasks[i]
		t.Rev = 1
		if t.ID == "5.3.05" { // 新增停车位: 600 by May, behind at June's end
			seq++
			s.History[t.ID] = []model.Update{{Seq: seq, TaskID: t.ID, Value: decimal.NewFromInt(600),
				AsOf: time.Date(2019, 5, 31, 0, 0, 0, 0, time.UTC), Note: "完成城区停车位施划600个",
				Problems: "用地协调难", Next: "加快老旧小区停车位改造", By: "张三", Review: model.ReviewApproved}}
			continue
		}
		share, months := shareFor(i, t.Kind)
		if months == 0 {
			continue
		}
		var h []model.Update
		for m := 1; m <= months; m++ {
			seq++
			v := valueAt(t, share, m, months)
			u := model.Update{Seq: seq, TaskID: t.ID, Value: v,
				AsOf: time.Date(2019, time.Month(m+1), 0, 0, 0, 0, 0, time.UTC),
				By:   users[(i+m)%3], Review: model.ReviewApproved}
			if m == months {
				u.Review = model.ReviewPending
				if i%6 == 5 || i%6 == 3 {
					u.Note = fmt.Sprintf("%s 工作有序推进，已完成阶段性任务。", t.Name)
				}
				if i%6 == 3 {
					u.Problems, u.Next = "资金到位较慢", "加强调度，倒排工期"
				}
			}
			h = append(h, u)
		}
		s.History[t.ID] = h
	}
	return s
}

// shareFor is the share of the target a task reaches and the month of its
// last update.
func shareFor(i int, k model.Kind) (float64, int) {
	paced := k.Paced()
	switch i % 6 {
	case 1:
		return 1, 5
	case 2:
		if paced {
			return 0.6, 6
		}
		return 1, 6
	case 3:
		if paced {
			return 0.45, 6
		}
		return 0.95, 6
	case 4:
		if paced {
			return 0.15, 4
		}
		return 0.5, 4
	case 5:
		if paced {
			return 0.55, 6
		}
		return 1.1, 6
	}
	return 0, 0
}

// valueAt is the value reported in month m of months: paced tasks climb
// linearly to share·target, rates report the final share from the start.
func valueAt(t *model.Task, share float64, m, months int) decimal.Decimal {
	f := share
	if t.Kind.Paced() {
		f = share * float64(m) / float64(months)
	}
	target := t.Target
	if t.Kind == model.KindCeiling {
		f = 2 - f // lower is better
	}
	return target.Mul(decimal.NewFromFloat(f)).Round(1)
}

// bigSnapshot has n tasks (names and kinds cycled from the fixture) for the
// benchmarks.
func bigSnapshot(tb testing.TB, n int) *model.Snapshot {
	base := fixtureSnapshot(tb)
	tasks := make([]model.Task, 0, n)
	for c := 1; len(tasks) < n; c++ {
		for s := 1; s <= 100 && len(tasks) < n; s++ {
			for k := 1; k <= 10 && len(tasks) < n; k++ {
				t := base.Tasks[len(tasks)%len(base.Tasks)]
				t.ID = fmt.Sprintf("%d.%d.%02d", c, s, k)
				t.Partners = append([]string(nil), t.Partners...)
				tasks = append(tasks, t)
			}
		}
	}
	return withHistory(base.Plan, tasks)
}

// ── driving the model ───────────────────────────────────────────────────────

// newTestModel is a model at size w×h with the fixture loaded, as-of
// 2019-06-30, without the subscription (tests that need it subscribe).
func newTestModel(tb testing.TB, lang i18n.Lang, w, h int) (Model, *fakeBackend) {
	tb.Helper()
	fb := &fakeBackend{snap: fixtureSnapshot(tb)}
	return loaded(tb, fb, Options{Lang: lang, AsOf: testAsOf, User: "测试员", Now: func() time.Time { return testNow }}, w, h), fb
}

func loaded(tb testing.TB, fb *fakeBackend, o Options, w, h int) Model {
	tb.Helper()
	if fb.actor == "" {
		fb.actor = cmp.Or(o.Actor.Name, o.User)
	}
	m := New(fb, o)
	m = send(tb, m, tea.WindowSizeMsg{Width: w, Height: h})
	m, cmd := sendCmd(tb, m, loadCmd(fb, 1)())
	if cmd != nil { // a large plan is evaluated in a command
		m = send(tb, m, runCmd(tb, cmd)[0])
	}
	if m.state != stateReady {
		tb.Fatalf("not ready: %v", m.loadErr)
	}
	return m
}

// send delivers one message and returns the new model.
func send(tb testing.TB, m Model, msg tea.Msg) Model {
	tb.Helper()
	nm, _ := m.Update(msg)
	return nm.(Model)
}

// sendCmd delivers one message and returns the model and the command.
func sendCmd(tb testing.TB, m Model, msg tea.Msg) (Model, tea.Cmd) {
	tb.Helper()
	nm, cmd := m.Update(msg)
	return nm.(Model), cmd
}

// keyMsg builds the key press a terminal sends for a key name as
// key.Binding spells it ("enter", "ctrl+c", "shift+tab", "G", "？").
func keyMsg(name string) tea.KeyPressMsg {
	special := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "up": tea.KeyUp,
		"down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight, "pgup": tea.KeyPgUp,
		"pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd, "backspace": tea.KeyBackspace,
		"delete": tea.KeyDelete, "f1": tea.KeyF1, "f2": tea.KeyF2, "space": tea.KeySpace,
	}
	var mod tea.KeyMod
	base := name
	for {
		switch {
		case len(base) > 5 && base[:5] == "ctrl+":
			mod |= tea.ModCtrl
			base = base[5:]
			continue
		case len(base) > 4 && base[:4] == "alt+":
			mod |= tea.ModAlt
			base = base[4:]
			continue
		case len(base) > 6 && base[:6] == "shift+":
			mod |= tea.ModShift
			base = base[6:]
			continue
		}
		break
	}
	if r, ok := special[base]; ok {
		k := tea.KeyPressMsg{Code: r, Mod: mod}
		if base == "space" {
			k.Text = " "
		}
		return k
	}
	r := []rune(base)[0]
	if mod != 0 {
		return tea.KeyPressMsg{Code: r, Mod: mod}
	}
	return tea.KeyPressMsg{Code: r, Text: base}
}

// press sends keys (names as in keyMsg; "text:abc" types each rune).
func press(tb testing.TB, m Model, keys ...string) Model {
	tb.Helper()
	for _, k := range keys {
		if len(k) > 5 && k[:5] == "text:" {
			for _, r := range k[5:] {
				m = send(tb, m, tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			continue
		}
		m = send(tb, m, keyMsg(k))
	}
	return m
}

// runCmd runs a command that must not block (a save or a load) and returns
// its messages, flattening batches.
func runCmd(tb testing.TB, cmd tea.Cmd) []tea.Msg {
	tb.Helper()
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		if b, ok := msg.(tea.BatchMsg); ok {
			var out []tea.Msg
			for _, c := range b {
				out = append(out, runCmd(tb, c)...)
			}
			return out
		}
		return []tea.Msg{msg}
	case <-time.After(5 * time.Second):
		tb.Fatal("command blocked")
	}
	return nil
}

func windowSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }
