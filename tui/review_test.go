package tui

import (
	"fmt"
	"strings"
	"testing"

	"duban/model"
)

// ReviewMany reviews a batch all or none, as the store does.
func (f *fakeBackend) ReviewMany(seqs []uint64, state model.Review, comment string) error {
	return f.change(fmt.Sprintf("reviewmany %d %s", len(seqs), state), func() error {
		found := 0
		for id, h := range f.snap.History {
			h = append([]model.Update(nil), h...) // snapshots share the old slice
			for k := range h {
				for _, seq := range seqs {
					if h[k].Seq == seq {
						h[k].Review, h[k].Reviewer = state, "batch"
						found++
					}
				}
			}
			f.snap.History[id] = h
		}
		if found != len(seqs) {
			return fmt.Errorf("%d of %d updates unknown", len(seqs)-found, len(seqs))
		}
		return nil
	})
}

// TestApproveMonth: A approves a department's pending month at once, after
// a question that says how many; exactly those leave the queue and the
// cursor moves on to the next item.
func TestApproveMonth(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "王督查")
	m = press(t, m, "4")
	k := -1
	for i, it := range m.data.queue {
		if m.data.rows[it.row].Task.Lead == "市交通运输局" && it.u.AsOf.Month() == 6 {
			k = i
			break
		}
	}
	if k < 0 {
		t.Fatal("no June report of 市交通运输局 in the queue")
	}
	for range k {
		m = press(t, m, "down")
	}
	var want []uint64
	for _, it := range m.data.queue {
		if m.data.rows[it.row].Task.Lead == "市交通运输局" && it.u.AsOf.Month() == 6 && pending(it.u) {
			want = append(want, it.u.Seq)
		}
	}
	before := len(m.data.queue)
	m = press(t, m, "f6")
	if m.screen != screenDialog || m.dialog().kind != dlgApproveMonth || len(m.dialog().seqs) != len(want) {
		t.Fatalf("A: screen %v %q", m.screen, m.status)
	}
	if !strings.Contains(plain(m), fmt.Sprintf("全部 %d 条待审核填报", len(want))) {
		t.Errorf("the question does not say how many:\n%s", plain(m))
	}
	next := m.data.queue[k+1].u.Seq // after the selected one: the first not approved
	for _, it := range m.data.queue[k+1:] {
		if m.data.rows[it.row].Task.Lead != "市交通运输局" || it.u.AsOf.Month() != 6 {
			next = it.u.Seq
			break
		}
	}
	m = pressRun(t, m, "enter")
	if fb.lastCall() != fmt.Sprintf("reviewmany %d approved", len(want)) {
		t.Fatalf("call %q, status %q", fb.lastCall(), m.status)
	}
	if len(m.data.queue) != before-len(want) || m.screen != screenReview {
		t.Errorf("queue %d → %d, want %d fewer; screen %v", before, len(m.data.queue), len(want), m.screen)
	}
	if it, ok := m.review().selected(m.data); !ok || it.u.Seq != next {
		t.Errorf("cursor on %d, want the next item %d", it.u.Seq, next)
	}
}

// TestReviewFilters: ←/→ choose a department, shift+←/→ a status, both at
// once; the active filters are shown and the view starts at the top.
func TestReviewFilters(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, fb, "王督查")
	m = press(t, m, "4", "down", "down", "right")
	rv := m.review()
	if rv.dept == "" || rv.cursor != 0 || len(rv.items) == 0 || len(rv.items) == len(m.data.queue) {
		t.Fatalf("department filter: %q cursor %d items %d of %d", rv.dept, rv.cursor, len(rv.items), len(m.data.queue))
	}
	for _, k := range rv.items {
		if m.data.rows[m.data.queue[k].row].Task.Lead != rv.dept {
			t.Fatalf("item of another department under %s", rv.dept)
		}
	}
	dept, n := rv.dept, len(rv.items)
	m = press(t, m, "shift+right")
	rv = m.review()
	if rv.dept != dept || rv.status != model.Statuses[0] || len(rv.items) > n {
		t.Errorf("status filter: dept %q status %q items %d", rv.dept, rv.status, len(rv.items))
	}
	if !strings.Contains(plain(m), dept+" + "+m.common().statusLabel(rv.status)) {
		t.Errorf("active filters not shown:\n%s", plain(m))
	}
	m = press(t, m, "left", "shift+left")
	if rv = m.review(); rv.dept != "" || rv.status != "" || len(rv.items) != len(m.data.queue) {
		t.Errorf("back to all: %q %q %d", rv.dept, rv.status, len(rv.items))
	}
}
