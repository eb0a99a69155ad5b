package store

import (
	"errors"
	"testing"

	bolt "go.etcd.io/bbolt"

	"duban/i18n"
)

// An audit entry edited and the whole chain recomputed passes Check (the
// chain has no key), but no longer matches a head noted before: the anchor
// is what pins the history (issue 15 §4).
func TestAnchorCatchesRewrittenChain(t *testing.T) {
	s := openTest(t)
	for _, v := range []string{"300", "750"} {
		if _, err := s.AddUpdate(testActor, update(t, "1.2.01", v, "2019-06-30"), 0); err != nil {
			t.Fatal(err)
		}
	}
	seq, hash, err := s.Head()
	if err != nil || seq < 3 || len(hash) != 64 {
		t.Fatalf("head %d:%s, %v", seq, hash, err)
	}
	if err := s.CheckAnchor(seq, hash); err != nil {
		t.Fatalf("the fresh head does not verify: %v", err)
	}
	// Rewrite entry 2's detail and recompute every hash after it.
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := pt(tx).Bucket(bucketAudit) // the current plan's chain
		prev := ""
		return b.ForEach(func(k, v []byte) error {
			e, err := decodeAudit(v)
			if err != nil {
				return err
			}
			if e.Seq == 2 {
				e.Detail = "1499 个 as of 2019-06-30"
			}
			e.Prev = prev
			e.Hash = AuditHash(e)
			prev = e.Hash
			nv, err := encodeAudit(e)
			if err != nil {
				return err
			}
			return b.Put(k, nv)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if problems := s.Check(); len(problems) != 0 {
		t.Logf("check also noticed: %v", problems)
	}
	if err := s.CheckAnchor(seq, hash); !errors.Is(err, i18n.E("err.anchor.mismatch")) {
		t.Fatalf("a rewritten chain matches the old anchor: %v", err)
	}
	if err := s.CheckAnchor(seq+5, hash); !errors.Is(err, i18n.E("err.anchor.missing")) {
		t.Fatalf("an anchor past the end: %v", err)
	}
}
