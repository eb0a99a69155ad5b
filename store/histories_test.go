package store

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// TestHistoriesFollowEveryWrite: after updates (one at a time and in
// batches, out of order, corrected on the same date, superseding pending
// ones), reviews (one at a time and many, approved, returned, of tasks
// that have since left the plan), a snapshot's histories — read from the
// histories bucket — are each task's updates and reviews as read from
// their own buckets, whole and in SnapshotAt's cut, and Check finds
// nothing.
func TestHistoriesFollowEveryWrite(t *testing.T) {
	s := openTest(t)
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 14))
	dates := []string{"2019-01-31", "2019-02-28", "2019-03-31", "2019-04-30", "2019-06-30"}
	var seqs []uint64
	for i := range 60 {
		task := snap.Tasks[r.IntN(len(snap.Tasks))]
		switch r.IntN(4) {
		case 0: // a batch, as an import applies
			var us []model.Update
			for range 1 + r.IntN(3) {
				t2 := snap.Tasks[r.IntN(len(snap.Tasks))]
				us = append(us, update(t, t2.ID, fmt.Sprint(r.IntN(90)), dates[r.IntN(len(dates))]))
			}
			added, err := s.ApplyUpdates(testActor, us)
			if err != nil {
				t.Fatalf("batch %d: %v", i, err)
			}
			for _, u := range added {
				seqs = append(seqs, u.Seq)
			}
		default:
			u := update(t, task.ID, fmt.Sprint(r.IntN(90))+".5", dates[r.IntN(len(dates))])
			u.Note = fmt.Sprintf("第%d次填报：\t进展顺利", i)
			added, err := s.AddUpdate(testActor, u, 0)
			if err != nil {
				t.Fatalf("update %d: %v", i, err)
			}
			seqs = append(seqs, added.Seq)
		}
		if r.IntN(3) == 0 {
			seq := seqs[r.IntN(len(seqs))]
			state, comment := model.ReviewApproved, ""
			if r.IntN(2) == 0 {
				state, comment = model.ReviewReturned, fmt.Sprintf("请核实第%d项", i)
			}
			if err := s.Review(model.LocalActor("督查室"), seq, state, comment); err != nil {
				t.Fatalf("review %d: %v", seq, err)
			}
		}
		if i == 40 {
			if err := s.ReviewMany(testActor, seqs[:5], model.ReviewApproved, "批量通过"); err != nil {
				t.Fatalf("review many: %v", err)
			}
		}
	}
	// Reviews last of all, one and many: no later update rewrites their
	// tasks' histories.
	if err := s.Review(testActor, seqs[len(seqs)-1], model.ReviewReturned, "最后退回"); err != nil {
		t.Fatal(err)
	}
	if err := s.ReviewMany(testActor, seqs[len(seqs)-4:len(seqs)-1], model.ReviewApproved, ""); err != nil {
		t.Fatal(err)
	}
	full, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = s.view(func(tx ptx) error {
		for _, task := range full.Tasks {
			want, err := readHistory(tx, task.ID, true)
			if err != nil {
				return err
			}
			if got := full.History[task.ID]; !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
				t.Errorf("task %s:\n got %+v\nwant %+v", task.ID, got, want)
			}
			n += len(want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 60 {
		t.Fatalf("%d updates: the test data is not what it meant", n)
	}
	for _, p := range s.Check() {
		t.Errorf("check: %v", p)
	}
	// The cut: each task's latest on or before the date, as LatestAsOf.
	for _, d := range []string{"2018-12-31", "2019-02-28", "2019-03-30", "2019-12-31"} {
		at := day(t, d)
		cut, err := s.SnapshotAt(func(model.Plan) ([]time.Time, error) { return []time.Time{at, {}}, nil })
		if err != nil {
			t.Fatal(err)
		}
		for _, task := range full.Tasks {
			var want []model.Update
			if u := model.LatestAsOf(full.History[task.ID], at); u != nil {
				want = []model.Update{*u}
			}
			if got := cut.History[task.ID]; !reflect.DeepEqual(got, want) {
				t.Errorf("at %s, task %s:\n got %+v\nwant %+v", d, task.ID, got, want)
			}
		}
	}
}

// TestHistoryRecordRoundTrip: a history record decodes to the updates it
// was made of — negative and fractional values (as records write them), instants with and without
// nanoseconds, dates before 1970, every review state, empty and Chinese
// texts — and every shorter prefix of it, or any byte changed, fails
// cleanly rather than decoding to something else or panicking.
func TestHistoryRecordRoundTrip(t *testing.T) {
	at := time.Date(2019, 7, 1, 9, 30, 15, 123456789, time.UTC)
	h := []model.Update{
		{Seq: 1, TaskID: "1.2.01", Value: dec("-12.5"), AsOf: day(t, "1969-12-31"), By: "张三", At: at, Review: model.ReviewPending},
		{Seq: 7, TaskID: "1.2.01", Value: dec("1500"), AsOf: day(t, "2019-06-30"), Note: "完成 1500 个", Problems: "征地滞后",
			Next: "加快进度", By: "李四", At: at.Truncate(time.Second), Confirmed: true,
			Review: model.ReviewReturned, Reviewer: "督查室", ReviewComment: "请核实", ReviewedAt: at.Add(time.Hour)},
		{Seq: 300, TaskID: "1.2.01", Value: dec("0.001"), AsOf: day(t, "2019-06-30"), By: "x", At: at, Review: model.ReviewSuperseded, Reviewer: "李四", ReviewComment: "#301", ReviewedAt: at},
		{Seq: 301, TaskID: "1.2.01", Value: dec("3"), AsOf: day(t, "2019-07-31"), By: "x", At: at, Review: model.ReviewApproved, Reviewer: "王五", ReviewedAt: at},
	}
	b := encodeHistory(h)
	got, err := decodeHistory(b, "1.2.01")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, h) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, h)
	}
	for n := range len(b) {
		if _, err := decodeHistory(b[:n], "1.2.01"); err == nil {
			t.Errorf("a record cut to %d of %d bytes decoded", n, len(b))
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		c := append([]byte(nil), b...)
		c[r.IntN(len(c))] ^= byte(1 + r.IntN(255))
		_, _ = decodeHistory(c, "1.2.01") // must not panic
		_, _ = decodeHistories([]historyRun{{"1.2.01", c}}, []int64{dayNumber(day(t, "2019-06-30"))})
	}
}

// TestMigrateV2Histories: a schema 2 file — histories absent — gets them
// on open, built from its updates and reviews in every plan, with the
// file as it was kept beside it.
func TestMigrateV2Histories(t *testing.T) {
	s := openTest(t)
	path := s.Path()
	var seqs []uint64
	for i, d := range []string{"2019-03-31", "2019-05-31", "2019-05-31"} {
		u, err := s.AddUpdate(testActor, update(t, "1.2.01", fmt.Sprint(100*(i+1)), d), 0)
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, u.Seq)
	}
	if err := s.Review(testActor, seqs[2], model.ReviewReturned, "请补充"); err != nil {
		t.Fatal(err)
	}
	before, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	tamper(t, path, func(tx *bolt.Tx) error { // back to schema 2
		err := tx.Bucket(bucketPlans).ForEachBucket(func(k []byte) error {
			return tx.Bucket(bucketPlans).Bucket(k).DeleteBucket(bucketHistories)
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("2"))
	})
	s, err = Open(path, Options{ReadOnly: true, Now: testOptions().Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	after, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after.History, before.History) {
		t.Errorf("histories after migration:\n%+v\nbefore:\n%+v", after.History, before.History)
	}
	if h := after.History["1.2.01"]; len(h) != 3 || h[2].Review != model.ReviewReturned || h[1].Review != model.ReviewSuperseded {
		t.Errorf("history %+v", h)
	}
	for _, p := range s.Check() {
		t.Errorf("check: %v", p)
	}
	if err := (func() error {
		db, err := bolt.Open(path+".pre-v3", 0o600, &bolt.Options{ReadOnly: true})
		if err != nil {
			return err
		}
		defer db.Close()
		return db.View(func(tx *bolt.Tx) error {
			if v := string(tx.Bucket(bucketMeta).Get(keySchema)); v != "2" {
				return fmt.Errorf("backup has schema %q", v)
			}
			return nil
		})
	})(); err != nil {
		t.Errorf("backup: %v", err)
	}
}
