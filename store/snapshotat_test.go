package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// TestSnapshotAtEvaluatesAsSnapshot: on histories reported out of order,
// corrected on the same date and reviewed (approved, returned, approved
// again), evaluating a SnapshotAt at its dates gives the rows of a full
// snapshot, for each date alone and for two at once (an export's as-of
// date and its --since).
func TestSnapshotAtEvaluatesAsSnapshot(t *testing.T) {
	s := openTest(t)
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(14, 1))
	dates := []string{"2019-01-31", "2019-02-28", "2019-03-15", "2019-03-31", "2019-04-30", "2019-05-31", "2019-06-30"}
	var seqs []uint64
	for i := range 40 {
		task := snap.Tasks[r.IntN(len(snap.Tasks))]
		u := update(t, task.ID, fmt.Sprint(10+r.IntN(80)), dates[r.IntN(len(dates))])
		added, err := s.AddUpdate(model.LocalActor("test"), u, 0)
		if err != nil {
			t.Fatalf("update %d: %v", i, err)
		}
		seqs = append(seqs, added.Seq)
		if r.IntN(3) == 0 {
			seq := seqs[r.IntN(len(seqs))]
			state, comment := model.ReviewApproved, ""
			if r.IntN(2) == 0 {
				state, comment = model.ReviewReturned, fmt.Sprintf("退回 %d", i)
			}
			if err := s.Review(model.LocalActor("督查室"), seq, state, comment); err != nil {
				t.Fatalf("review %d: %v", seq, err)
			}
		}
	}
	full, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	at := func(ds ...time.Time) *model.Snapshot {
		t.Helper()
		cut, err := s.SnapshotAt(func(p model.Plan) ([]time.Time, error) {
			if p.ID != full.Plan.ID {
				t.Errorf("dates called with plan %q", p.ID)
			}
			return ds, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return cut
	}
	updates := func(h map[string][]model.Update) (n int) {
		for _, us := range h {
			n += len(us)
		}
		return n
	}
	probe := append([]string{"2018-12-31", "2019-03-30", "2019-12-31"}, dates...)
	for _, a := range probe {
		for _, b := range []string{"", "2019-02-28", "2019-04-01"} {
			ds := []time.Time{day(t, a)}
			if b != "" {
				ds = append(ds, day(t, b))
			}
			cut := at(ds...)
			if n, m := updates(cut.History), updates(full.History); b == "" && n > len(full.Tasks) || n > m {
				t.Errorf("at %s %s: %d updates kept of %d", a, b, n, m)
			}
			if cut.HeadSeq != full.HeadSeq || cut.HeadHash != full.HeadHash || !reflect.DeepEqual(cut.Users, full.Users) || !reflect.DeepEqual(cut.Tasks, full.Tasks) {
				t.Errorf("at %s %s: plan, tasks, users or head differ", a, b)
			}
			for _, d := range ds {
				want, got := full.Evaluate(d), cut.Evaluate(d)
				if !reflect.DeepEqual(got, want) {
					for i := range want {
						if !reflect.DeepEqual(got[i], want[i]) {
							t.Errorf("at %s (dates %s %s), task %s:\n got %+v %+v\nwant %+v %+v", model.FormatDate(d), a, b, want[i].Task.ID, got[i].Eval, got[i].Eval.Latest, want[i].Eval, want[i].Eval.Latest)
						}
					}
				}
			}
		}
	}
}

// TestRecordAsOf: the reporting date is read off a record's text only
// where it is one well-formed ISO day.
func TestRecordAsOf(t *testing.T) {
	for _, c := range []struct {
		rec, want string
		ok        bool
	}{
		{`{"seq":1,"task":"1.1.01","value":"3","as_of":"2019-03-31","by":"x"}`, "2019-03-31", true},
		{`{"seq":1,"note":"\"as_of\":\"2018-01-01\"","as_of":"2019-03-31"}`, "2019-03-31", true},
		{`{"seq":1,"as_of":"2019-3-31","by":"x"}`, "", false},
		{`{"seq":1,"as_of":"2019-03-31x"}`, "", false},
		{`{"seq":1,"as_of":"2019-03-31"`, "2019-03-31", true},
		{`{"seq":1,"as_of":"2019-03-3`, "", false},
		{`{"seq":1,"as_of":"2019-03-31","as_of":"2019-04-30"}`, "2019-03-31", true},
		{`{"seq":1,"value":"3"}`, "", false},
	} {
		got, ok := recordAsOf([]byte(c.rec))
		if ok != c.ok || string(got) != c.want {
			t.Errorf("recordAsOf(%s) = %q, %v; want %q, %v", c.rec, got, ok, c.want, c.ok)
		}
	}
}

// TestSnapshotAtDamagedRecord: a record the decoder refuses (here one with
// its reporting date twice) fails SnapshotAt as it fails Snapshot where it
// is the one evaluated, and a record whose date cannot be read off its text
// at all keeps its task's whole history, so that the decoder judges it.
func TestSnapshotAtDamagedRecord(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(rec string) string
	}{
		{"date twice", func(rec string) string {
			return strings.Replace(rec, `"as_of":"2019-05-31"`, `"as_of":"2019-05-31","as_of":"2019-01-31"`, 1)
		}},
		{"date unreadable", func(rec string) string {
			return strings.Replace(rec, `"as_of":"2019-05-31"`, `"as_of":"2019-5-31"`, 1)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "duban.db")
			s, err := Open(path, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range []string{"2019-03-31", "2019-05-31"} {
				if _, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", "700", d), 0); err != nil {
					t.Fatal(err)
				}
			}
			snap, _ := s.Snapshot()
			plan := snap.Plan.ID
			s.Close()
			tamper(t, path, func(tx *bolt.Tx) error {
				b := tx.Bucket(bucketPlans).Bucket([]byte(plan)).Bucket(bucketUpdates)
				k, v := b.Cursor().Last()
				return b.Put(bytes.Clone(k), []byte(c.edit(string(v))))
			})
			s, err = Open(path, Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			_, want := s.Snapshot()
			_, got := s.SnapshotAt(func(model.Plan) ([]time.Time, error) { return []time.Time{day(t, "2019-06-30")}, nil })
			if want == nil || got == nil {
				t.Fatalf("Snapshot: %v; SnapshotAt: %v; want both to fail", want, got)
			}
		})
	}
}
