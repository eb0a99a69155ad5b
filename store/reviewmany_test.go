package store

import (
	"errors"
	"testing"

	"duban/i18n"
	"duban/model"
)

// TestReviewMany: a batch of reviews is one transaction, all or none, and
// the rights are the store's: a staff user of the file cannot review.
func TestReviewMany(t *testing.T) {
	s := openTest(t)
	var seqs []uint64
	for _, id := range []string{"1.2.01", "1.2.02", "2.1.01"} {
		u, err := s.AddUpdate(testActor, update(t, id, "50.5", "2019-06-30"), 0)
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, u.Seq)
	}
	pending := func() int {
		n := 0
		for _, id := range []string{"1.2.01", "1.2.02", "2.1.01"} {
			h, err := s.History(id)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range h {
				if u.Review == model.ReviewPending {
					n++
				}
			}
		}
		return n
	}
	// One unknown update refuses the whole batch.
	err := s.ReviewMany(model.LocalActor("督查室"), []uint64{seqs[0], 999, seqs[2]}, model.ReviewApproved, "")
	var be *BatchError
	if !errors.As(err, &be) || be.Index != 1 || !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown in the batch: %v", err)
	}
	if n := pending(); n != 3 {
		t.Fatalf("a refused batch changed %d reviews", 3-n)
	}
	if err := s.ReviewMany(model.LocalActor("督查室"), seqs, model.ReviewReturned, ""); !errors.Is(err, i18n.E("err.store.review.comment")) {
		t.Errorf("return without comment: %v", err)
	}
	// A staff user of the file may not review, decided in the transaction.
	if err := s.PutUser(testActor, model.User{Name: "张三", Role: model.RoleStaff, Depts: []string{"市交通运输局"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.ReviewMany(model.NamedActor("张三"), seqs, model.ReviewApproved, ""); !errors.Is(err, i18n.E("err.access.review")) {
		t.Errorf("staff reviewing: %v", err)
	}
	if err := s.ReviewMany(model.LocalActor("督查室"), seqs, model.ReviewApproved, ""); err != nil {
		t.Fatal(err)
	}
	if n := pending(); n != 0 {
		t.Errorf("%d still pending", n)
	}
	// Reopened, the reviews are there.
	path := s.Path()
	s.Close()
	s2, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	h, _ := s2.History("1.2.02")
	if h[0].Review != model.ReviewApproved || h[0].Reviewer != "督查室" {
		t.Errorf("after reopening: %+v", h[0])
	}
}
