package tui

import (
	"reflect"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"duban/i18n"
	"duban/model"
)

// patchOne is s with task i given a new report of v (and, when lead is not
// "", a new lead department), as store.SnapshotSince makes it after a save.
func patchOne(tb testing.TB, s *model.Snapshot, i int, v int64, lead string) *model.Snapshot {
	tb.Helper()
	t := s.Tasks[i]
	if lead != "" {
		t.Lead = lead
	}
	h := append([]model.Update{}, s.History[t.ID]...)
	patchSeq++
	h = append(h, model.Update{Seq: patchSeq, TaskID: t.ID, Value: decimal.NewFromInt(v),
		AsOf: time.Date(2019, 6, 20, 0, 0, 0, 0, time.UTC), By: "张三", Review: model.ReviewPending})
	out, ok := s.Patch(model.Change{Tasks: []model.Task{t}, History: map[string][]model.Update{t.ID: h},
		Notes: map[string][]model.Note{}, Users: s.Users, HeadSeq: s.HeadSeq + 1})
	if !ok {
		tb.Fatal("not patched")
	}
	return out
}

// fullDerive is derive without the shared cache: every task evaluated.
func fullDerive(s *model.Snapshot, asOf time.Time, actor model.User) *derived {
	d := &derived{evaluated: evaluate(s, asOf), actor: actor}
	d.markRows()
	return d
}

// patchSeq numbers patchOne's reports, after any a test snapshot has.
var patchSeq uint64 = 1 << 40

// sameDerived fails when a and b differ in anything the screens read.
func sameDerived(t *testing.T, a, b *derived) {
	t.Helper()
	if !reflect.DeepEqual(a.rows, b.rows) || !reflect.DeepEqual(a.prog, b.prog) || !reflect.DeepEqual(a.hasProg, b.hasProg) ||
		!reflect.DeepEqual(a.tp, b.tp) || !reflect.DeepEqual(a.lag, b.lag) || !reflect.DeepEqual(a.pos, b.pos) ||
		a.idWidth != b.idWidth || a.leadWidth != b.leadWidth || a.tgtWidth != b.tgtWidth || a.actWidth != b.actWidth {
		t.Error("rows differ")
	}
	if !reflect.DeepEqual(a.sum, b.sum) || !reflect.DeepEqual(a.lagging, b.lagging) || a.planTP != b.planTP {
		t.Error("summary differs")
	}
	if !reflect.DeepEqual(a.mine, b.mine) || !reflect.DeepEqual(a.returned, b.returned) || !reflect.DeepEqual(a.queue, b.queue) ||
		a.nMine != b.nMine || a.nUrged != b.nUrged || a.nOwnUrged != b.nOwnUrged || a.nRet != b.nRet || a.marks != b.marks {
		t.Errorf("marks differ: %d %d %d %v, want %d %d %d %v; queue %d want %d", a.nMine, a.nUrged, a.nRet, a.marks, b.nMine, b.nUrged, b.nRet, b.marks, len(a.queue), len(b.queue))
		for k := range min(len(a.queue), len(b.queue)) {
			if a.queue[k].row != b.queue[k].row || a.queue[k].u.Seq != b.queue[k].u.Seq {
				t.Errorf("queue[%d]: row %d seq %d, want row %d seq %d", k, a.queue[k].row, a.queue[k].u.Seq, b.queue[k].row, b.queue[k].u.Seq)
			}
		}
	}
	if a.idWidth != b.idWidth || a.leadWidth != b.leadWidth || a.tgtWidth != b.tgtWidth || a.actWidth != b.actWidth {
		t.Errorf("widths %d %d %d %d, want %d %d %d %d", a.idWidth, a.leadWidth, a.tgtWidth, a.actWidth,
			b.idWidth, b.leadWidth, b.tgtWidth, b.actWidth)
	}
}

// After a save, evaluating only the changed task gives what evaluating
// every task gives: rows, summary, marks, queue and column widths.
func TestPatchedDeriveIsFullDerive(t *testing.T) {
	s := fixtureSnapshot(t)
	for _, actor := range []model.User{
		{Name: "张三", Role: model.RoleStaff, Depts: []string{s.Tasks[3].Lead}},
		{Name: "督查", Role: model.RoleSupervisor},
	} {
		t.Run(string(actor.Role), func(t *testing.T) { testPatchedDerive(t, s, actor) })
	}
}

func testPatchedDerive(t *testing.T, s *model.Snapshot, actor model.User) {
	old := derive(s, testAsOf, actor)
	// A new report; then the widest lead department shrinking to a short
	// one, which narrows its column.
	widest := 0
	for i, tk := range s.Tasks {
		if width(tk.Lead) > width(s.Tasks[widest].Lead) {
			widest = i
		}
	}
	one := patchOne(t, s, 3, 123456789, "")
	two := patchOne(t, one, widest, 1, "市局")
	ids, ok := two.Changed(s)
	if !ok {
		t.Fatal("Changed: not a patch")
	}
	got := old.patched(two, ids)
	if len(got.queue) <= len(old.queue) {
		t.Errorf("queue: %d items, was %d; a new report waits for review", len(got.queue), len(old.queue))
	}
	sameDerived(t, got, fullDerive(two, testAsOf, actor))
	if got.rows[3].Eval.Latest == nil || got.rows[3].Eval.Latest.Value.IntPart() != 123456789 {
		t.Errorf("the new report is not evaluated: %+v", got.rows[3].Eval.Latest)
	}
	if old.rows[3].Eval.Latest != nil && old.rows[3].Eval.Latest.Value.IntPart() == 123456789 {
		t.Error("the old rows changed")
	}
	// The slices the patch shares with old until a value differs are
	// copied before they are written.
	sameDerived(t, old, fullDerive(s, testAsOf, actor))
}

// patchBackend hands out patches of its snapshot, as a server's hub does.
type patchBackend struct {
	*fakeBackend
	cur *model.Snapshot
}

func (p *patchBackend) Snapshot() (*model.Snapshot, error) { return p.cur, nil }

// The screens show another session's save when the snapshot comes as a
// patch of the one on screen, and the rows not saved are the same rows.
func TestRefreshFromPatch(t *testing.T) {
	s := fixtureSnapshot(t)
	pb := &patchBackend{fakeBackend: &fakeBackend{snap: s}, cur: s}
	m := loaded(t, pb.fakeBackend, Options{Lang: i18n.Zh, AsOf: testAsOf, User: "测试员", Now: func() time.Time { return testNow }}, 120, 40)
	m.backend = pb
	m.loadSeq++
	m = settle(t, m, loadCmdCached(m.backend, m.loadSeq, m.esc))
	before := m.data
	pb.cur = patchOne(t, m.data.snap, 3, 987654321, "")
	m.loadSeq++
	m = settle(t, m, loadCmdCached(m.backend, m.loadSeq, m.esc))
	if m.data == before || m.data.snap != pb.cur {
		t.Fatal("the patch is not on screen")
	}
	if m.data.rows[0] != before.rows[0] || m.data.rows[3] == before.rows[3] { // a patch shares the rows it did not change
		t.Error("every task was evaluated again, not only the saved one")
	}
	if a := m.data.actualText(3); a != "987654321" {
		t.Errorf("actual of the saved task: %q", a)
	}
	sameDerived(t, m.data, fullDerive(pb.cur, m.asOf, m.actor))
}

// A save that moves a task into or out of the five most lagging (or the
// review queue) gives the patched evaluation what a full one gives: the
// five are worked out from the old five and the changed rows only when
// that is exact.
func TestPatchedMostLagging(t *testing.T) {
	s := fixtureSnapshot(t)
	actor := model.User{Name: "督查", Role: model.RoleSupervisor}
	old := fullDerive(s, testAsOf, actor)
	if len(old.lagging) < 5 {
		t.Fatalf("the fixture has %d lagging tasks", len(old.lagging))
	}
	rows := []int{0, len(s.Tasks) / 2, len(s.Tasks) - 1}
	for _, r := range old.lagging {
		i, _ := old.index(r.Task.ID)
		rows = append(rows, i)
	}
	for _, i := range rows {
		for _, v := range []int64{0, 1, 1 << 40} {
			next := patchOne(t, s, i, v, "")
			ids, ok := next.Changed(s)
			if !ok {
				t.Fatal("Changed: not a patch")
			}
			got := old.patched(next, ids)
			want := fullDerive(next, testAsOf, actor)
			sameDerived(t, got, want)
			if t.Failed() {
				t.Fatalf("row %d, value %d", i, v)
			}
		}
	}
}

// Over a chain of saves to the most lagging tasks (pushing them out of the
// kept rows, bringing them back, worse than all), the patched evaluations
// keep the five a full evaluation gives, and what they keep of the order
// beyond (lagTop) is a start of the full one: on a plan with more lagging
// tasks than are kept, so that the kept rows are cut and, once too few
// are left, made whole again.
func TestPatchedMostLaggingChain(t *testing.T) {
	cur := bigSnapshot(t, 1000)
	actor := model.User{Name: "督查", Role: model.RoleSupervisor}
	d := fullDerive(cur, testAsOf, actor)
	if len(d.lagTop) < lagKeep {
		t.Fatalf("the plan has %d lagging tasks, fewer than are kept (%d)", len(d.lagTop), lagKeep)
	}
	shorter, whole := false, false
	for step := range 3 * lagKeep {
		// Mostly the worst shown row made good (out of the kept rows),
		// sometimes made worse than any (back in first).
		r := d.lagging[step%len(d.lagging)]
		v := int64(1 << 40)
		if step%7 == 3 {
			v = 0
		}
		next := patchOne(t, cur, d.pos[r.Task.ID], v, "")
		ids, ok := next.Changed(cur)
		if !ok {
			t.Fatal("Changed: not a patch")
		}
		got := d.patched(next, ids)
		want := fullDerive(next, testAsOf, actor)
		if !reflect.DeepEqual(got.lagging, want.lagging) || len(got.lagTop) > len(want.lagTop) ||
			!reflect.DeepEqual(got.lagTop, want.lagTop[:len(got.lagTop)]) {
			t.Fatalf("step %d: lagTop (%d rows) is not a start of the full order (%d rows)", step, len(got.lagTop), len(want.lagTop))
		}
		if got.lagAll && len(got.lagTop) != len(want.lagTop) {
			t.Fatalf("step %d: lagTop (%d rows) said to be every lagging row of %d", step, len(got.lagTop), len(want.lagTop))
		}
		shorter = shorter || len(got.lagTop) < len(d.lagTop)
		whole = whole || len(got.lagTop) > len(d.lagTop)
		cur, d = next, got
	}
	if !shorter || !whole {
		t.Errorf("the kept rows were never cut (%v) or never made whole again (%v)", !shorter, !whole)
	}
}

// After a save, the task table's rows, moved in place (repatch), are the
// rows filtering and sorting afresh gives, for every order and filter.
func TestRepatchIsRebuild(t *testing.T) {
	s := fixtureSnapshot(t)
	actor := model.User{Name: "张三", Role: model.RoleStaff, Depts: []string{s.Tasks[3].Lead}}
	old := derive(s, testAsOf, actor)
	filters := []taskFilter{{}, {status: model.StatusBehind}, {mine: true}, {returned: true}, {dept: s.Tasks[3].Lead}}
	for _, by := range []sortKey{sortID, sortProgress, sortLag} {
		for _, f := range filters {
			for _, q := range []string{"", "市"} {
				for _, i := range []int{0, 3, len(s.Tasks) - 1} {
					for _, v := range []int64{0, 1 << 40} {
						tm := &tasksModel{sort: by, filter: f, query: q, data: old}
						tm.rebuild(old)
						next := patchOne(t, s, i, v, "")
						ids, _ := next.Changed(s)
						d := old.patched(next, ids)
						if !tm.repatch(old, d) {
							t.Fatal("not repatched")
						}
						if want := filterRows(d, nil, f, q, by); !slices.Equal(tm.visible, want) {
							t.Fatalf("sort %d, filter %+v, query %q, row %d = %d: rows %v, want %v", by, f, q, i, v, tm.visible, want)
						}
					}
				}
			}
		}
	}
}

// A save that moves a task out of the actor's department clears its mark
// in the new marks only: the old ones, still on an older screen, keep it.
func TestPatchedMarkChanges(t *testing.T) {
	s := fixtureSnapshot(t)
	actor := model.User{Name: "张三", Role: model.RoleStaff, Depts: []string{s.Tasks[3].Lead}}
	old := derive(s, testAsOf, actor)
	if !old.mine[3] {
		t.Fatal("task 4 is not the actor's")
	}
	next := patchOne(t, s, 3, 5, "市局")
	ids, _ := next.Changed(s)
	got := old.patched(next, ids)
	sameDerived(t, got, fullDerive(next, testAsOf, actor))
	if got.mine[3] || !old.mine[3] {
		t.Errorf("mark of task 4: %v, was %v; want false, was true", got.mine[3], old.mine[3])
	}
}

// The first evaluation tallies and picks the most lagging per window of
// rows on each goroutine (evaluate): the summary, the tally and the
// lagging rows in order are those of all the rows at once, with chunks
// and windows that end mid-section and equal lags among the rows.
func TestEvaluateInWindows(t *testing.T) {
	snap := bigSnapshot(t, 2*evalWindow+7*syncRows/3)
	rows := snap.Evaluate(testAsOf)
	want := snap.Tally(rows, testAsOf).Summary()
	wantLag := model.MostLagging(rows, lagKeep)
	if len(wantLag) < lagKeep {
		t.Fatalf("the plan has %d lagging tasks, fewer than are kept (%d)", len(wantLag), lagKeep)
	}
	for _, procs := range []int{1, 2, 3} {
		prev := runtime.GOMAXPROCS(procs)
		d := evaluate(snap, testAsOf)
		runtime.GOMAXPROCS(prev)
		if !reflect.DeepEqual(d.sum, want) || !reflect.DeepEqual(d.tally.Summary(), want) {
			t.Errorf("%d goroutines: the summary differs from the rows' at once", procs)
		}
		if !reflect.DeepEqual(d.lagTop, wantLag) {
			t.Errorf("%d goroutines: the most lagging differ from the rows' at once", procs)
		}
	}
}
