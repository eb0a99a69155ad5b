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
		reviewSome(t, s, r, seqs, i)
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

// TestSnapshotDamagedDigest: a digest that does not decode fails Snapshot
// and SnapshotAt with an error naming it, and Check reports it; a task or
// update record changed behind duban's back is reported by Check as
// differing from its digest, which the snapshot goes on reading.
func TestSnapshotDamagedDigest(t *testing.T) {
	for _, c := range []struct {
		name   string
		bucket []byte
		edit   func(v []byte) []byte
		fails  bool   // whether the snapshots fail
		report string // what Check says
	}{
		{"digest cut short", bucketDigests, func(v []byte) []byte { return v[:len(v)-3] }, true, "digest of task 1.2.01 differs"},
		{"digest of another version", bucketDigests, func(v []byte) []byte { v[0] = 9; return v }, true, "digest of task 1.2.01 differs"},
		{"task changed", bucketTasks, func(v []byte) []byte {
			return bytes.Replace(v, []byte(`"name":"`), []byte(`"name":"改`), 1)
		}, false, "differs from its task, update and review records"},
		{"update changed", bucketUpdates, func(v []byte) []byte {
			return bytes.Replace(v, []byte(`"value":"700"`), []byte(`"value":"900"`), 1)
		}, false, "differs from its task, update and review records"},
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
				b := tx.Bucket(bucketPlans).Bucket([]byte(plan)).Bucket(c.bucket)
				k, v := b.Cursor().Last() // the updates: only 1.2.01 has some
				if !bytes.Equal(c.bucket, bucketUpdates) {
					k, v = []byte("1.2.01"), b.Get([]byte("1.2.01"))
				}
				return b.Put(bytes.Clone(k), c.edit(bytes.Clone(v)))
			})
			s, err = Open(path, Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			full, ferr := s.Snapshot()
			_, cerr := s.SnapshotAt(func(model.Plan) ([]time.Time, error) { return []time.Time{day(t, "2019-06-30")}, nil })
			if c.fails {
				for _, err := range []error{ferr, cerr} {
					if err == nil || !strings.Contains(err.Error(), "digests") || !strings.Contains(err.Error(), "1.2.01") {
						t.Errorf("snapshot error %v, want one naming the digest of 1.2.01", err)
					}
				}
			} else if ferr != nil || cerr != nil {
				t.Errorf("Snapshot: %v; SnapshotAt: %v", ferr, cerr)
			} else if h := full.History["1.2.01"]; len(h) != 2 || h[1].Value.String() != "700" {
				t.Errorf("history %+v", h)
			}
			var found []string
			for _, err := range s.Check() {
				if strings.Contains(err.Error(), c.report) {
					found = append(found, err.Error())
				}
			}
			if len(found) == 0 {
				t.Errorf("Check: %v; want a problem with %q", s.Check(), c.report)
			}
		})
	}
}
