package store

import (
	"errors"
	"strings"
	"testing"

	"duban/i18n"
	"duban/model"
)

// plain is an update as a person types it: not confirmed.
func plain(t *testing.T, id, v, asOf, note string) model.Update {
	u := update(t, id, v, asOf)
	u.Note, u.Confirmed = note, false
	return u
}

// TestAddUpdatePlausibility: an update with warnings is refused with a
// *model.PlausibilityError and nothing is written, unless confirmed; the
// confirmation is recorded.
func TestAddUpdatePlausibility(t *testing.T) {
	s := openTest(t)
	before, _ := s.Audit("")
	// 1.2.01 is 新增停车位 1500个: 1.5亿 is the #15 §7 slip.
	_, err := s.AddUpdate(testActor, plain(t, "1.2.01", "150000000", "2019-06-30", "进展"), 0)
	var pe *model.PlausibilityError
	if !errors.As(err, &pe) || pe.TaskID != "1.2.01" || len(pe.Warnings) != 1 || pe.Warnings[0].Kind != model.WarnOverTarget {
		t.Fatalf("err = %v, want a PlausibilityError", err)
	}
	if got := i18n.Message(i18n.Zh, err); !strings.Contains(got, "是否把 1.5 误写成 1.5亿") {
		t.Errorf("message %q", got)
	}
	if h, _ := s.History("1.2.01"); len(h) != 0 {
		t.Fatalf("written: %+v", h)
	}
	if after, _ := s.Audit(""); len(after) != len(before) {
		t.Error("audit grew")
	}
	u := plain(t, "1.2.01", "150000000", "2019-06-30", "进展")
	u.Confirmed = true
	if _, err := s.AddUpdate(testActor, u, 0); err != nil {
		t.Fatal(err)
	}
	// An unwarned update is recorded as not confirmed, even when the
	// caller says it is.
	u = plain(t, "1.2.02", "40", "2019-06-30", "进展")
	u.Confirmed = true
	if _, err := s.AddUpdate(testActor, u, 0); err != nil {
		t.Fatal(err)
	}
	s2 := s // Snapshot reads the file
	snap, _ := s2.Snapshot()
	if h := snap.History["1.2.01"]; len(h) != 1 || !h[0].Confirmed || !h[0].Value.Equal(dec("150000000")) {
		t.Errorf("1.2.01 history %+v", h)
	}
	if h := snap.History["1.2.02"]; len(h) != 1 || h[0].Confirmed {
		t.Errorf("1.2.02 history %+v", h)
	}
	a, _ := s2.Audit("1.2.01")
	if d := a[len(a)-1].Detail; !strings.Contains(d, "confirmed") {
		t.Errorf("audit detail %q", d)
	}
	mustCheck(t, s2)
}

// TestDecreaseNeedsNote: a cumulative count below the last report needs a
// 进展情况 saying why, confirmed or not, and a confirmation.
func TestDecreaseNeedsNote(t *testing.T) {
	s := openTest(t)
	if _, err := s.AddUpdate(testActor, plain(t, "1.2.01", "1200", "2019-06-30", "完成1200个"), 0); err != nil {
		t.Fatal(err)
	}
	u := plain(t, "1.2.01", "100", "2019-07-31", "")
	u.Confirmed = true
	if _, err := s.AddUpdate(testActor, u, 0); !errors.Is(err, i18n.E("err.update.decrease")) {
		t.Fatalf("no note: %v", err)
	}
	u.Note, u.Confirmed = "更正：6月误报，实为100个", false
	var pe *model.PlausibilityError
	if _, err := s.AddUpdate(testActor, u, 0); !errors.As(err, &pe) || pe.Warnings[0].Kind != model.WarnDecrease {
		t.Fatalf("unconfirmed: %v", err)
	}
	u.Confirmed = true
	if _, err := s.AddUpdate(testActor, u, 0); err != nil {
		t.Fatal(err)
	}
}

// TestApplyUpdatesPlausibility: one unconfirmed warned row refuses the
// whole batch, with its index.
func TestApplyUpdatesPlausibility(t *testing.T) {
	s := openTest(t)
	batch := []model.Update{plain(t, "1.2.02", "40", "2019-06-30", "n"), plain(t, "1.2.01", "5000", "2019-06-30", "n")}
	_, err := s.ApplyUpdates(testActor, batch)
	var be *BatchError
	var pe *model.PlausibilityError
	if !errors.As(err, &be) || be.Index != 1 || !errors.As(err, &pe) {
		t.Fatalf("err = %v", err)
	}
	if snap, _ := s.Snapshot(); len(snap.History) != 0 {
		t.Error("written")
	}
	batch[1].Confirmed = true
	if _, err := s.ApplyUpdates(testActor, batch); err != nil {
		t.Fatal(err)
	}
}

// TestSupersede: a newer report of a task supersedes its older pending
// ones, in the same transaction; they stay in the history, marked.
func TestSupersede(t *testing.T) {
	s := openTest(t)
	first, err := s.AddUpdate(testActor, update(t, "1.2.01", "700", "2019-05-31"), 0)
	if err != nil {
		t.Fatal(err)
	}
	approved, _ := s.AddUpdate(testActor, update(t, "1.2.02", "40", "2019-05-31"), 0)
	if err := s.Review(model.LocalActor("督查员"), approved.Seq, model.ReviewApproved, ""); err != nil {
		t.Fatal(err)
	}
	// A backfill dated earlier does not supersede a later report.
	if _, err := s.AddUpdate(testActor, update(t, "1.2.01", "600", "2019-04-30"), 0); err != nil {
		t.Fatal(err)
	}
	h, _ := s.History("1.2.01")
	for _, u := range h {
		if u.Review != model.ReviewPending {
			t.Errorf("after a backfill: %d is %s", u.Seq, u.Review)
		}
	}
	// Batch: the June report supersedes both; the second June report
	// supersedes the first.
	got, err := s.ApplyUpdates(testActor, []model.Update{update(t, "1.2.01", "750", "2019-06-30"), update(t, "1.2.01", "760", "2019-06-30"),
		update(t, "1.2.02", "45", "2019-06-30")})
	if err != nil {
		t.Fatal(err)
	}
	h, _ = s.History("1.2.01")
	if len(h) != 4 {
		t.Fatalf("history %d, want 4 (nothing deleted)", len(h))
	}
	states := map[uint64]model.Review{}
	for _, u := range h {
		states[u.Seq] = u.Review
	}
	for _, seq := range []uint64{first.Seq, first.Seq + 2, got[0].Seq} {
		if states[seq] != model.ReviewSuperseded {
			t.Errorf("update %d is %q, want superseded", seq, states[seq])
		}
	}
	if states[got[1].Seq] != model.ReviewPending {
		t.Errorf("latest is %q", states[got[1].Seq])
	}
	// An approved report stays approved.
	h2, _ := s.History("1.2.02")
	if h2[0].Review != model.ReviewApproved {
		t.Errorf("approved became %q", h2[0].Review)
	}
	a, _ := s.Audit("1.2.01")
	if d := a[len(a)-2].Detail; !strings.Contains(d, "supersedes") {
		t.Errorf("audit %q", d)
	}
	mustCheck(t, s)
	// The queue: only the latest pending report of each task.
	snap, _ := s.Snapshot()
	q := model.ReviewQueue(snap, day(t, "2019-06-30"))
	if len(q) != 2 || q[0].Update.Seq != got[1].Seq || q[1].Update.Seq != got[2].Seq {
		t.Errorf("queue %+v", q)
	}
}
