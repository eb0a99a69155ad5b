package model

import "testing"

func TestReviewQueue(t *testing.T) {
	task := taskCount365
	a := upd("2019-04-30", "100")
	a.Review = ReviewApproved
	s1 := upd("2019-05-31", "120")
	s1.Review = ReviewSuperseded
	p := upd("2019-06-30", "150")
	snap := &Snapshot{Plan: plan2019, Tasks: []Task{task}, History: map[string][]Update{task.ID: hist(a, s1, p)}}
	snap.History[task.ID] = append(snap.History[task.ID], Update{Seq: 4, Value: dec("200"), AsOf: date("2019-07-31")})
	q := ReviewQueue(snap, date("2019-06-30"))
	if len(q) != 2 {
		t.Fatalf("queue %+v, want the June and July reports (May's is superseded)", q)
	}
	if q[0].Update.Seq != 3 || q[0].Future || !q[0].Change.Valid || !q[0].Change.Decimal.Equal(dec("50")) || q[0].Approved.Seq != 1 {
		t.Errorf("June entry %+v", q[0])
	}
	if !q[0].Eval.Actual.Decimal.Equal(dec("150")) || q[0].Eval.AsOf != date("2019-06-30") {
		t.Errorf("June eval %+v", q[0].Eval)
	}
	if !q[1].Future {
		t.Error("July report not flagged as after the viewed date")
	}
}
