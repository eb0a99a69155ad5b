package store

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// errRollback ends Check's transaction without committing anything.
var errRollback = errors.New("rollback")

// Check verifies the bbolt structure (Tx.Check, fully drained), that every
// record decodes, and the audit hash chain. It returns every problem found;
// none means the database is healthy. Every problem is an *Error of kind
// ErrCorrupt.
//
// On a read-write store it runs in a write transaction, rolled back at the
// end: bbolt's check reads the freelist, which is only safe while no
// writer runs, and the store may be serving other goroutines. Writers wait
// for it.
func (s *Store) Check() []error {
	var problems []error
	add := func(err error) { problems = append(problems, err) }
	run := func(tx *bolt.Tx) error {
		if err := safely(func() error { checkTx(tx, add); return nil }); err != nil {
			add(newErr(ErrCorrupt, err, "err.store.check.bolt", cause(err)))
		}
		return errRollback
	}
	var err error
	if s.readOnly {
		err = s.db.View(run)
	} else {
		err = s.db.Update(run)
	}
	if err != nil && !errors.Is(err, errRollback) {
		add(s.ioErr(err))
	}
	return problems
}

// checkTx runs every check of Check in tx: the file's buckets, users and
// audit log, then every plan.
func checkTx(tx *bolt.Tx, add func(error)) {
	for err := range tx.Check() {
		add(newErr(ErrCorrupt, err, "err.store.check.bolt", err.Error()))
	}
	missing := false
	for _, name := range fileBuckets {
		if tx.Bucket(name) == nil {
			add(newErr(ErrCorrupt, nil, "err.store.check.bucket", string(name)))
			missing = true
		}
	}
	if missing {
		return
	}
	bad := func(bucket []byte, key string, format string, args ...any) {
		add(recordErr(bucket, key, fmt.Errorf(format, args...)))
	}

	// meta
	if v, ok, err := schemaOf(tx); err != nil {
		add(err)
	} else if !ok || v != SchemaVersion {
		add(newErr(ErrCorrupt, nil, "err.store.check.schema", string(tx.Bucket(bucketMeta).Get(keySchema))))
	}
	if cur := tx.Bucket(bucketMeta).Get(keyCurrent); planBucket(tx, string(cur)) == nil {
		bad(bucketMeta, string(keyCurrent), "names no plan %q", cur)
	}

	// users
	_ = tx.Bucket(bucketUsers).ForEach(func(k, v []byte) error {
		u, err := decodeUser(v)
		switch {
		case err != nil:
			add(recordErr(bucketUsers, string(k), err))
		case u.Name != string(k):
			bad(bucketUsers, string(k), "holds user %q", u.Name)
		case !u.Role.Valid():
			bad(bucketUsers, string(k), "has role %q", u.Role)
		}
		return nil
	})
	checkAudit(tx.Bucket(bucketAudit), add)

	_ = tx.Bucket(bucketPlans).ForEachBucket(func(k []byte) error {
		pb := tx.Bucket(bucketPlans).Bucket(k)
		for _, name := range planBuckets {
			if pb.Bucket(name) == nil {
				add(newErr(ErrCorrupt, nil, "err.store.check.bucket", string(k)+"/"+string(name)))
				return nil
			}
		}
		checkPlan(ptx{Tx: tx, plan: pb}, string(k), add)
		return nil
	})
}

// checkPlan checks one plan's buckets.
func checkPlan(tx ptx, id string, add func(error)) {
	bad := func(bucket []byte, key string, format string, args ...any) {
		add(recordErr(bucket, key, fmt.Errorf(format, args...)))
	}
	if p, err := getPlan(tx); err != nil {
		add(err)
	} else if p.ID != id || p.Start.IsZero() || p.End.Before(p.Start) {
		bad(bucketMeta, string(keyPlan), "plan %q has no period or is not plan %q", p.ID, id)
	}

	// tasks
	_ = tx.Bucket(bucketTasks).ForEach(func(k, v []byte) error {
		t, err := decodeTaskText(string(v), true)
		switch {
		case err != nil:
			add(recordErr(bucketTasks, string(k), err))
		case t.ID != string(k):
			bad(bucketTasks, string(k), "holds task %q", t.ID)
		default:
			if err := model.ValidateTask(t); err != nil {
				bad(bucketTasks, string(k), "%s", err.Error())
			}
		}
		return nil
	})

	// updates and their index
	ub, index := tx.Bucket(bucketUpdates), tx.Bucket(bucketUpdateIndex)
	seqs := map[uint64]bool{}
	_ = ub.ForEach(func(k, v []byte) error {
		id, seq, ok := splitUpdateKey(k)
		if !ok || v == nil {
			bad(bucketUpdates, fmt.Sprintf("%x", k), "is not an update's key")
			return nil
		}
		key := id + "/" + strconv.FormatUint(seq, 10)
		u, err := decodeUpdateText(string(v), true)
		switch {
		case err != nil:
			add(recordErr(bucketUpdates, key, err))
		case u.Seq != seq:
			bad(bucketUpdates, key, "holds update %d", u.Seq)
		case u.TaskID != id:
			bad(bucketUpdates, key, "belongs to task %q", u.TaskID)
		case seq > ub.Sequence():
			bad(bucketUpdates, key, "is numbered beyond the last update %d", ub.Sequence())
		case !bytes.Equal(index.Get(be64(seq)), []byte(id)):
			bad(bucketUpdateIndex, strconv.FormatUint(seq, 10), "does not point to task %q", id)
		}
		seqs[seq] = true
		return nil
	})
	_ = index.ForEach(func(k, v []byte) error {
		if !seqs[keySeq(k)] {
			add(newErr(ErrCorrupt, nil, "err.store.check.orphan", keySeq(k)))
		}
		return nil
	})

	// reviews
	_ = tx.Bucket(bucketReviews).ForEach(func(k, v []byte) error {
		key := fmt.Sprintf("%x", k)
		r, err := decodeReviewText(string(v), true)
		switch {
		case err != nil:
			add(recordErr(bucketReviews, key, err))
		case len(k) != 16 || keySeq(k[:8]) != r.Update || keySeq(k[8:]) != r.Seq:
			bad(bucketReviews, key, "holds review %d of update %d", r.Seq, r.Update)
		case !seqs[r.Update]:
			add(newErr(ErrCorrupt, nil, "err.store.check.review", r.Seq, r.Update))
		}
		return nil
	})

	// retired task revs
	_ = tx.Bucket(bucketRetired).ForEach(func(k, v []byte) error {
		if len(v) != 8 {
			bad(bucketRetired, string(k), "is not a revision number")
		}
		return nil
	})

	checkNotes(tx, add)
	checkAudit(tx.Bucket(bucketAudit), add)
	checkAuditIndex(tx, add) // point.go
}

// checkAudit verifies the audit log: entries numbered 1, 2, … without
// gaps up to the bucket's sequence (so none was removed, at the end
// either), each one's hash over its content, and each one's Prev equal to
// the hash of the entry before it.
func checkAudit(b *bolt.Bucket, add func(error)) {
	var last uint64
	prev, known := "", true // the previous entry's hash, unless it did not decode
	_ = b.ForEach(func(k, v []byte) error {
		seq := keySeq(k)
		if seq != last+1 {
			add(newErr(ErrCorrupt, nil, "err.store.check.audit.seq", last, seq))
		}
		last = seq
		e, err := decodeAudit(v)
		switch {
		case err != nil:
			add(recordErr(bucketAudit, strconv.FormatUint(seq, 10), err))
			known = false
			return nil
		case e.Seq != seq:
			add(recordErr(bucketAudit, strconv.FormatUint(seq, 10), fmt.Errorf("holds entry %d", e.Seq)))
		case AuditHash(e) != e.Hash:
			add(newErr(ErrCorrupt, nil, "err.store.check.audit.hash", seq))
		}
		if known && e.Prev != prev {
			add(newErr(ErrCorrupt, nil, "err.store.check.audit.chain", seq))
		}
		prev, known = e.Hash, true
		return nil
	})
	if n := b.Sequence(); last != n {
		add(newErr(ErrCorrupt, nil, "err.store.check.audit.tail", last, n))
	}
}
