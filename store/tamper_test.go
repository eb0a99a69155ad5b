package store

import (
	"bytes"
	"errors"
	"testing"

	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// problemKeys are the sentence keys of Check's problems.
func problemKeys(problems []error) map[string]bool {
	out := map[string]bool{}
	for _, p := range problems {
		var se *Error
		if errors.As(p, &se) {
			out[se.Msg.Key] = true
		}
	}
	return out
}

// tampered opens a store with two updates, lets edit change the file
// behind the store's back, and returns Check's problems.
func tampered(t *testing.T, edit func(tx *bolt.Tx) error) (*Store, map[string]bool) {
	t.Helper()
	s := openTest(t)
	for _, v := range []string{"300", "1300"} {
		if _, err := s.AddUpdate(testActor, update(t, "1.2.01", v, "2019-06-30"), 0); err != nil {
			t.Fatal(err)
		}
	}
	if p := s.Check(); len(p) != 0 {
		t.Fatalf("a fresh file has problems: %v", p)
	}
	if err := s.db.Update(edit); err != nil {
		t.Fatal(err)
	}
	problems := s.Check()
	if len(problems) == 0 {
		t.Fatal("check passes the tampered file")
	}
	t.Logf("check: %v", problems)
	return s, problemKeys(problems)
}

// replaceIn rewrites one record's value in place.
func replaceIn(b *bolt.Bucket, k []byte, old, new string) error {
	v := b.Get(k)
	if !bytes.Contains(v, []byte(old)) {
		return errors.New("nothing to replace")
	}
	return b.Put(k, bytes.Replace(bytes.Clone(v), []byte(old), []byte(new), 1))
}

// Each tampering kind of issue 15 §4 is reported by Check, and a change to
// a tampered file is refused rather than signed (the signature would
// otherwise vouch for the tampering).
func TestCheckCatchesTampering(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(tx *bolt.Tx) error
		want  string
		chain bool // the log itself was edited
	}{
		{"update value edited in place", func(tx *bolt.Tx) error {
			return replaceIn(pt(tx).Bucket(bucketUpdates), updateKey("1.2.01", 2), `"value":"1300"`, `"value":"1499"`)
		}, "err.store.check.rec.differs", false},
		{"task target edited", func(tx *bolt.Tx) error {
			return replaceIn(pt(tx).Bucket(bucketTasks), []byte("1.2.02"), `"target":"80"`, `"target":"60"`)
		}, "err.store.check.rec.differs", false},
		{"last audit entry and its counter dropped", func(tx *bolt.Tx) error {
			b := pt(tx).Bucket(bucketAudit)
			n := b.Sequence()
			if err := b.Delete(be64(n)); err != nil {
				return err
			}
			return b.SetSequence(n - 1)
		}, "err.store.check.sign.stale", true},
		{"entry edited, chain recomputed", func(tx *bolt.Tx) error {
			return rewriteChain(pt(tx), 2, false)
		}, "err.store.check.sign.bad", true},
		{"entry edited, chain and head recomputed", func(tx *bolt.Tx) error {
			return rewriteChain(pt(tx), 2, true)
		}, "err.store.check.sign.bad", true},
		{"a task added", func(tx *bolt.Tx) error {
			v := pt(tx).Bucket(bucketTasks).Get([]byte("1.2.02"))
			return pt(tx).Bucket(bucketTasks).Put([]byte("1.2.03"), bytes.Replace(bytes.Clone(v), []byte("1.2.02"), []byte("1.2.03"), 1))
		}, "err.store.check.rec.unlogged", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, got := tampered(t, c.edit)
			if !got[c.want] {
				t.Errorf("problems %v, want %s", got, c.want)
			}
			if c.name == "last audit entry and its counter dropped" && !got["err.store.check.rec.differs"] {
				t.Errorf("the task the dropped entry wrote is not reported: %v", got)
			}
			before := fileHash(t, s.Path())
			_, err1 := s.AddUpdate(testActor, update(t, "1.2.01", "1400", "2019-07-31"), 0)
			_, err2 := s.AddUpdate(testActor, update(t, "1.2.02", "70", "2019-07-31"), 0)
			if c.chain {
				// A log that no longer matches its signed head is not signed
				// again: the change is refused and writes nothing.
				if !errors.Is(err1, ErrCorrupt) || !errors.Is(err2, ErrCorrupt) {
					t.Errorf("changes to the tampered file: %v, %v; want refused", err1, err2)
				}
				if fileHash(t, s.Path()) != before {
					t.Error("a refused change wrote to the file")
				}
				return
			}
			// A change rewriting the edited record (the task of each
			// update) does not carry the edit forward unnoticed.
			if err1 != nil || err2 != nil {
				t.Fatalf("updates after the edit: %v, %v", err1, err2)
			}
			if p := s.Check(); len(p) == 0 {
				t.Error("a change after the edit made check pass")
			} else {
				t.Logf("check after changes: %v", p)
			}
		})
	}
}

// rewriteChain edits entry seq's detail and recomputes every hash after
// it, as someone who can write the file but lacks the key would; head
// also rewrites the signed head's seq and hash (its signature then no
// longer verifies).
func rewriteChain(tx ptx, seq uint64, head bool) error {
	b := tx.Bucket(bucketAudit)
	prev := ""
	var last model.AuditEntry
	err := b.ForEach(func(k, v []byte) error {
		e, err := decodeAudit(v)
		if err != nil {
			return err
		}
		if e.Seq == seq {
			e.Detail = "1499 个 as of 2019-06-30"
		}
		e.Prev = prev
		e.Hash = AuditHash(e)
		prev, last = e.Hash, e
		nv, err := encodeAudit(e)
		if err != nil {
			return err
		}
		return b.Put(k, nv)
	})
	if err != nil || !head {
		return err
	}
	return replaceIn(tx.plan.Bucket(bucketMeta), keyHead, string(tx.plan.Bucket(bucketMeta).Get(keyHead))[:0]+`"hash":"`, `"hash":"`+last.Hash[:8])
}

// Records are decoded strictly: a damaged key, a key in another case, a
// repeated key or invalid UTF-8 is refused, not read as a missing field
// (issue 15 §4: a damaged key made 存在问题 vanish; a chapter became
// invalid UTF-8).
func TestStrictDecoding(t *testing.T) {
	s := openTest(t)
	u, err := s.AddUpdate(testActor, update(t, "1.2.01", "300", "2019-06-30"), 0)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := encodeUpdate(u)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		string(bytes.Replace(raw, []byte(`"problems"`), []byte(`"problemr"`), 1)),
		string(bytes.Replace(raw, []byte(`"problems"`), []byte(`"Problems"`), 1)),
		string(bytes.Replace(raw, []byte(`"note":"`), []byte(`"note":"x","note":"`), 1)),
		string(bytes.Replace(raw, []byte("进展"), []byte("\xe8\xbf"), 1)),
		string(bytes.Replace(raw, []byte(`"seq":1`), []byte(`"seq":"1"`), 1)),
	} {
		if _, err := decodeUpdate([]byte(bad)); err == nil {
			t.Errorf("decoded %q", bad)
		}
		if _, err := decodeUpdateText(bad, true); err == nil {
			t.Errorf("decoded strictly %q", bad)
		}
	}
	if _, err := decodeUpdate(raw); err != nil {
		t.Fatalf("the record itself: %v", err)
	}
}

// The review state is normalised on decode: every update read carries a
// state (pending without a review), and a stored review with the state ""
// is refused as damaged rather than read as pending (issue 8: "" was
// treated as pending in places).
func TestReviewStateNormalised(t *testing.T) {
	s := openTest(t)
	u, err := s.AddUpdate(testActor, update(t, "1.2.01", "300", "2019-06-30"), 0)
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.History("1.2.01")
	if err != nil || len(h) != 1 || h[0].Review != model.ReviewPending {
		t.Fatalf("history %+v, %v", h, err)
	}
	if err := s.Review(model.LocalActor("李督查"), u.Seq, model.ReviewApproved, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return replaceIn(pt(tx).Bucket(bucketReviews), reviewKey(u.Seq, 1), `"state":"approved"`, `"state":""`)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.History("1.2.01"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a review of state \"\" read as %v", err)
	}
	if !problemKeys(s.Check())["err.store.check.record"] {
		t.Error("check passes a review of state \"\"")
	}
}
