package tui

import (
	"errors"
	"fmt"
	"os"
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
	failErr error // returned by the next AddUpdate, then cleared
	saved   []model.Update
}

var errFakeConflict = errors.New("task changed since you read it")

func (f *fakeBackend) Snapshot() (*model.Snapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := *f.snap
	s.Tasks = append([]model.Task(nil), f.snap.Tasks...)
	s.History = make(map[string][]model.Update, len(f.snap.History))
	for k, v := range f.snap.History {
		s.History[k] = append([]model.Update(nil), v...)
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
		return model.Update{}, &fakeConflictError{TaskID: t.ID}
	}
	if err := model.CheckUpdate(f.snap.Plan, t, f.snap.History[t.ID], u); err != nil {
		return model.Update{}, err
	}
	f.seq++
	u.Seq = f.seq
	u.At = time.Date(2019, 7, 1, 9, 0, 0, 0, time.UTC)
	u.Review = model.ReviewPending
	h := append(f.snap.History[t.ID], u)
	model.SortUpdates(h)
	f.snap.History[t.ID] = h
	f.snap.Tasks[ti].Rev++
	f.saved = append(f.saved, u)
	for _, ch := range f.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	return u, nil
}

// fakeConflictError has the shape of *store.ConflictError.
type fakeConflictError struct {
	TaskID string
	Latest model.Update
}

func (e *fakeConflictError) Error() string { return errFakeConflict.Error() }
func (e *fakeConflictError) Unwrap() error { return errFakeConflict }

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

// withHistory gives task i a monthly history by i%6: none, done, on track,
// behind, at risk (and stale), or on track with notes.
func withHistory(p model.Plan, tasks []model.Task) *model.Snapshot {
	s := &model.Snapshot{Plan: p, Tasks: tasks, History: map[string][]model.Update{}}
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
