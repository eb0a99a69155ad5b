package store

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// TestDigestsFollowEveryWrite: after task changes (urges, departments,
// pacing, a plan import that drops a task and brings it back), updates (one at a time and in
// batches, out of order, corrected on the same date, superseding pending
// ones), reviews (one at a time and many, approved, returned, of tasks
// that have since left the plan), a snapshot — read from the digests
// bucket — holds each task and its updates and reviews as read from
// their own buckets, whole and in SnapshotAt's cut, and Check finds
// nothing.
func TestDigestsFollowEveryWrite(t *testing.T) {
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
		reviewSome(t, s, r, seqs, i)
		switch r.IntN(6) { // a change to the task itself
		case 0:
			if err := s.Urge(testActor, task.ID, fmt.Sprintf("请于本月报送（%d）", i), day(t, "2019-07-10")); err != nil {
				t.Fatalf("urge: %v", err)
			}
		case 1:
			if err := s.SetDepts(testActor, task.ID, "市发改委", []string{"市财政局"}); err != nil {
				t.Fatalf("depts: %v", err)
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
	full := verifyDigests(t, s)
	// A plan import that drops a task with a history, then brings it back.
	var kept []model.Task
	for _, task := range full.Tasks {
		if task.ID != full.Tasks[0].ID {
			kept = append(kept, task)
		}
	}
	if len(full.History[full.Tasks[0].ID]) == 0 {
		t.Fatalf("task %s has no history: the test data is not what it meant", full.Tasks[0].ID)
	}
	if err := s.ReplacePlan(testActor, full.Plan, kept); err != nil {
		t.Fatal(err)
	}
	if again := verifyDigests(t, s); len(again.Tasks) != len(full.Tasks)-1 {
		t.Errorf("%d tasks after the import, want %d", len(again.Tasks), len(full.Tasks)-1)
	}
	if err := s.ReplacePlan(testActor, full.Plan, full.Tasks); err != nil {
		t.Fatal(err)
	}
	if again := verifyDigests(t, s); !reflect.DeepEqual(again.History, full.History) {
		t.Errorf("histories after the task came back differ")
	}
}

// verifyDigests compares a snapshot (from the digests) with the tasks,
// updates and reviews read from their own buckets, whole and cut, and runs
// Check; it returns the snapshot.
func verifyDigests(t *testing.T, s *Store) *model.Snapshot {
	t.Helper()
	full, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = s.view(func(tx ptx) error {
		tasks, err := allTasks(tx)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(full.Tasks, tasks) {
			t.Errorf("tasks:\n got %+v\nwant %+v", full.Tasks, tasks)
		}
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
	return full
}

// fullTask is a task with every field set: the digest's round trip test
// fails when a field is added to model.Task but not to the digest.
func fullTask(t *testing.T) model.Task {
	task := model.Task{ID: "1.2.01", Chapter: "二、推动高质量发展", Section: "抓好交通拥堵治理", Name: "新增停车位",
		Kind: model.KindCount, Target: dec("1500"), Unit: "个", Qualifier: "以上", Baseline: decimal.NewNullDecimal(dec("-3.25")),
		Lead: "市城管局", LeadDefault: true, Partners: []string{"市公安局", "市财政局", ""}, Due: day(t, "2019-12-31"),
		Source: "新建和改造停车位1500个", Pacing: "quarterly:10,30,60,100", Release: "quarterly+20", Rev: 1 << 40,
		Urged: &model.Urge{By: "督查室", At: time.Date(2019, 5, 1, 8, 0, 0, 5, time.UTC), Comment: "请加快", ReplyBy: day(t, "2019-05-10")}}
	v := reflect.ValueOf(task)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Fatalf("fullTask leaves %s unset", v.Type().Field(i).Name)
		}
	}
	return task
}

// TestDigestRoundTrip: a digest decodes to the task and updates it was
// made of — every task field, with and without an urge, baseline or due
// date; negative and fractional values (as records write them), instants
// with and without nanoseconds, dates before 1970, every review state,
// empty and Chinese texts — and every shorter prefix of it, or any byte
// changed, fails cleanly rather than panicking.
func TestDigestRoundTrip(t *testing.T) {
	at := time.Date(2019, 7, 1, 9, 30, 15, 123456789, time.UTC)
	h := []model.Update{
		{Seq: 1, TaskID: "1.2.01", Value: dec("-12.5"), AsOf: day(t, "1969-12-31"), By: "张三", At: at, Review: model.ReviewPending},
		{Seq: 7, TaskID: "1.2.01", Value: dec("1500"), AsOf: day(t, "2019-06-30"), Note: "完成 1500 个", Problems: "征地滞后",
			Next: "加快进度", By: "李四", At: at.Truncate(time.Second), Confirmed: true,
			Review: model.ReviewReturned, Reviewer: "督查室", ReviewComment: "请核实", ReviewedAt: at.Add(time.Hour)},
		{Seq: 300, TaskID: "1.2.01", Value: dec("0.001"), AsOf: day(t, "2019-06-30"), By: "x", At: at, Review: model.ReviewSuperseded, Reviewer: "李四", ReviewComment: "#301", ReviewedAt: at},
		{Seq: 301, TaskID: "1.2.01", Value: dec("3"), AsOf: day(t, "2019-07-31"), By: "x", At: at, Review: model.ReviewApproved, Reviewer: "王五", ReviewedAt: at},
	}
	full := fullTask(t)
	bare := model.Task{ID: "9", Kind: model.KindMilestone, Target: dec("100")}
	urgedNoDates := full
	urgedNoDates.Urged = &model.Urge{By: "x"}
	for _, c := range []struct {
		task model.Task
		h    []model.Update
	}{{full, h}, {bare, nil}, {urgedNoDates, h[:1]}} {
		b := encodeDigest(c.task, c.h)
		task, got, err := decodeDigest(b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(task, c.task) || !reflect.DeepEqual(got, c.h) {
			t.Errorf("round trip:\n got %+v %+v\n%+v\nwant %+v %+v\n%+v", task, task.Urged, got, c.task, c.task.Urged, c.h)
		}
		for n := range len(b) {
			if _, _, err := decodeDigest(b[:n]); err == nil {
				t.Errorf("a digest cut to %d of %d bytes decoded", n, len(b))
			}
		}
		long := append(append([]byte(nil), b...), 0)
		g := gathered{vals: [][]byte{long}, ids: []string{"1.2.01"}, pos: []int32{0}}
		if _, _, err := decodeDigest(long); err == nil {
			t.Errorf("a digest with a byte after its end decoded (%d updates)", len(c.h))
		} else if _, _, err := g.decodeDigests([]int64{dayNumber(day(t, "2019-06-30"))}, nil); err == nil {
			t.Errorf("a digest with a byte after its end decoded in a cut (%d updates)", len(c.h))
		}
		r := rand.New(rand.NewPCG(1, 2))
		for range 2000 {
			c := append([]byte(nil), b...)
			c[r.IntN(len(c))] ^= byte(1 + r.IntN(255))
			_, _, _ = decodeDigest(c) // must not panic
			g := gathered{vals: [][]byte{c}, ids: []string{"1.2.01"}, pos: []int32{0}}
			_, _, _ = g.decodeDigests([]int64{dayNumber(day(t, "2019-06-30"))}, nil)
		}
	}
}

// A digest holding text that is not UTF-8 does not decode, in any field,
// also where the same text came in the digest before (checked once, not
// skipped: the one before fails first).
func TestDigestRefusesInvalidText(t *testing.T) {
	bad := "督\xff办"
	edits := map[string]func(*model.Task, *model.Update){
		"name":     func(t *model.Task, _ *model.Update) { t.Name = bad },
		"chapter":  func(t *model.Task, _ *model.Update) { t.Chapter = bad },
		"source":   func(t *model.Task, _ *model.Update) { t.Source = bad },
		"partner":  func(t *model.Task, _ *model.Update) { t.Partners = []string{"a", "b", "c", "d", bad} },
		"urge":     func(t *model.Task, _ *model.Update) { t.Urged.Comment = bad },
		"note":     func(_ *model.Task, u *model.Update) { u.Note = bad },
		"reviewer": func(_ *model.Task, u *model.Update) { u.Reviewer = bad },
		"comment":  func(_ *model.Task, u *model.Update) { u.ReviewComment = bad },
	}
	for name, edit := range edits {
		task := fullTask(t)
		u := model.Update{Seq: 1, Value: dec("3"), AsOf: day(t, "2019-03-31"), By: "x", Review: model.ReviewPending}
		edit(&task, &u)
		b := encodeDigest(task, []model.Update{u})
		if _, _, err := decodeDigest(b); err == nil {
			t.Errorf("%s: a digest with invalid text decoded", name)
		}
		g := gathered{vals: [][]byte{b, b}, ids: []string{"1.2.01", "1.2.02"}, pos: []int32{0, 1}}
		if _, _, err := g.decodeDigests(nil, nil); err == nil {
			t.Errorf("%s: two digests with invalid text decoded", name)
		}
	}
}

// TestMigrateV2Digests: a schema 2 file — digests absent — gets them on
// open, built from its tasks, updates and reviews in every plan, with the
// file as it was kept beside it.
func TestMigrateV2Digests(t *testing.T) {
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
			return tx.Bucket(bucketPlans).Bucket(k).DeleteBucket(bucketDigests)
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
	if !reflect.DeepEqual(after.History, before.History) || !reflect.DeepEqual(after.Tasks, before.Tasks) {
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

// The reader's one-byte fast paths read what encoding/binary writes, for
// every value around the one- and two-byte boundaries and the extremes.
func TestDigestReaderVarints(t *testing.T) {
	us := []uint64{0, 1, 63, 64, 127, 128, 129, 255, 256, 16383, 16384, 1<<63 - 1, 1<<64 - 1}
	is := []int64{0, 1, -1, 63, -64, 64, -65, 127, -128, 8191, -8192, 1<<62 - 1, -1 << 62, 1<<63 - 1, -1 << 63}
	var b []byte
	for _, u := range us {
		b = binary.AppendUvarint(b, u)
	}
	for _, i := range is {
		b = binary.AppendVarint(b, i)
	}
	r := digestReader{b: b}
	for _, u := range us {
		if got := r.uvarint(); got != u {
			t.Errorf("uvarint %d read as %d", u, got)
		}
	}
	for _, i := range is {
		if got := r.varint(); got != i {
			t.Errorf("varint %d read as %d", i, got)
		}
	}
	if r.bad || r.i != len(b) {
		t.Errorf("bad %v at %d of %d", r.bad, r.i, len(b))
	}
	if r.uvarint(); !r.bad {
		t.Error("reading past the end is not bad")
	}
}
