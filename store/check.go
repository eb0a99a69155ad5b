package store

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// errRollback ends Check's transaction without committing anything.
var errRollback = errors.New("rollback")

// CheckReport says what a Check covered beyond "no problems".
type CheckReport struct {
	Signature Signature
	Covered   int // records whose hash an audit entry carries, and matches
	Legacy    int // records last written before entries carried record hashes
}

// Check verifies the bbolt structure (Tx.Check, fully drained), that every
// record decodes strictly and holds valid values, the audit hash chains,
// that every record is the one the audit entry that last wrote it recorded
// (by its hash), and the signed chain heads (sign.go). It returns every
// problem found; none means the database is healthy. Every problem is an
// *Error of kind ErrCorrupt.
//
// On a read-write store it runs in a write transaction, rolled back at the
// end: bbolt's check reads the freelist, which is only safe while no
// writer runs, and the store may be serving other goroutines. Writers wait
// for it.
func (s *Store) Check() []error {
	_, problems := s.CheckReport()
	return problems
}

// CheckReport is Check with what it covered.
func (s *Store) CheckReport() (CheckReport, []error) {
	var problems []error
	var rep CheckReport
	add := func(err error) { problems = append(problems, err) }
	run := func(tx *bolt.Tx) error {
		if err := walkPages(s.path); err != nil {
			// bbolt's check could crash on what the walk found.
			add(newErr(ErrCorrupt, err, "err.store.check.bolt", detail(err.Error())))
			return errRollback
		}
		if err := safely(func() error { rep = checkTx(tx, HostKeyPath(s.path), add); return nil }); err != nil {
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
	checkMetaPages(s.path, add)
	return rep, problems
}

// checkMetaPages reports a damaged meta page. bbolt then reads the file
// through the other one, which describes it as it was one commit earlier:
// the last change would vanish unnoticed. (Open still opens such a file:
// a meta page torn by a power cut during a commit that never returned is
// how bbolt stays crash-safe.)
func checkMetaPages(path string, add func(error)) {
	f, err := os.Open(path)
	if err != nil {
		add(newErr(nil, err, "err.store.open", path, cause(err)))
		return
	}
	defer f.Close()
	buf := make([]byte, pageHeaderSize+metaSize)
	pageSize := int64(0)
	for i := range 2 {
		n, err := readAt(f, buf, int64(i)*pageSize)
		m := readMeta(buf)
		if err != nil || n < len(buf) || !m.valid {
			add(newErr(ErrCorrupt, nil, "err.store.check.meta", i))
			if i == 0 {
				return // the second page's place is unknown
			}
			continue
		}
		pageSize = int64(m.pageSize)
	}
}

// checkTx runs every check of Check in tx: the file's buckets, users and
// audit log, then every plan, then the signatures; hostKey is the key file
// beside the database.
func checkTx(tx *bolt.Tx, hostKey string, add func(error)) (rep CheckReport) {
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
		return rep
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
	recs, legacy := checkAudit(tx.Bucket(bucketAudit), add)

	_ = tx.Bucket(bucketPlans).ForEachBucket(func(k []byte) error {
		pb := tx.Bucket(bucketPlans).Bucket(k)
		for _, name := range planBuckets {
			if pb.Bucket(name) == nil {
				add(newErr(ErrCorrupt, nil, "err.store.check.bucket", string(k)+"/"+string(name)))
				return nil
			}
		}
		if checkPlan(ptx{Tx: tx, plan: pb}, string(k), add, &rep) {
			legacy = true // user records of a v1 file are in the moved v1 log
		}
		return nil
	})
	checkRecords(recs, legacy, add, &rep, covered{bucketUsers, tx.Bucket(bucketUsers), nil})
	rep.Signature = checkSignatures(tx, hostKey, add)
	return rep
}

// checkPlan checks one plan's buckets.
// It reports whether the plan's log has entries from before record hashes.
func checkPlan(tx ptx, id string, add func(error), rep *CheckReport) (legacy bool) {
	bad := func(bucket []byte, key string, format string, args ...any) {
		add(recordErr(bucket, key, fmt.Errorf(format, args...)))
	}
	if p, err := getPlan(tx); err != nil {
		add(err)
	} else if p.ID != id || p.Start.IsZero() || p.End.Before(p.Start) {
		bad(bucketMeta, string(keyPlan), "plan %q has no period or is not plan %q", p.ID, id)
	} else if p.Threshold < 0 || p.CycleMonths < 0 {
		bad(bucketMeta, string(keyPlan), "threshold %d or cycle %d out of range", p.Threshold, p.CycleMonths)
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
		case u.AsOf.IsZero() || u.At.IsZero() || u.By == "":
			bad(bucketUpdates, key, "has no date, time or author")
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

	// digests: each the one its task, updates and reviews make
	checkDigests(tx, add)

	// retired task revs
	_ = tx.Bucket(bucketRetired).ForEach(func(k, v []byte) error {
		if len(v) != 8 {
			bad(bucketRetired, string(k), "is not a revision number")
		}
		return nil
	})

	checkNotes(tx, add)
	// A bucket's sequence numbers its records (Plans shows the updates'):
	// it is the highest number used, as records are never deleted.
	checkSequence(tx.Bucket(bucketUpdates), bucketUpdates, add, func(k []byte) uint64 { _, n, _ := splitUpdateKey(k); return n })
	checkSequence(tx.Bucket(bucketReviews), bucketReviews, add, func(k []byte) uint64 {
		if len(k) != 16 {
			return 0
		}
		return keySeq(k[8:])
	})
	if nb := tx.Bucket(bucketNotes); nb != nil {
		checkSequence(nb, bucketNotes, add, func(k []byte) uint64 { _, n, _ := splitUpdateKey(k); return n })
	}
	recs, legacy := checkAudit(tx.Bucket(bucketAudit), add)
	checkAuditIndex(tx, add) // point.go
	meta := func(k []byte) bool { return bytes.Equal(k, keyPlan) || bytes.Equal(k, keyArchived) }
	checkRecords(recs, legacy, add, rep,
		covered{bucketMeta, tx.Bucket(bucketMeta), meta},
		covered{bucketTasks, tx.Bucket(bucketTasks), nil},
		covered{bucketUpdates, ub, nil},
		covered{bucketUpdateIndex, index, nil},
		covered{bucketReviews, tx.Bucket(bucketReviews), nil},
		covered{bucketRetired, tx.Bucket(bucketRetired), nil},
		covered{bucketNotes, tx.Bucket(bucketNotes), nil})
	return legacy
}

// checkDigests reports a digest (digests.go) other than the one its
// task, updates and reviews make, a task without one, and one of no task.
// A task whose records do not decode is left to their own checks.
func checkDigests(tx ptx, add func(error)) {
	db := tx.Bucket(bucketDigests)
	if db == nil {
		return // reported with the plan's buckets
	}
	tb := tx.Bucket(bucketTasks)
	_ = tb.ForEach(func(k, _ []byte) error {
		t, err := getTask(tx, string(k))
		if err != nil {
			return nil
		}
		h, err := readHistory(tx, string(k), true)
		if err != nil {
			return nil
		}
		switch got := db.Get(k); {
		case got == nil:
			add(newErr(ErrCorrupt, nil, "err.store.check.digest.missing", string(k)))
		case !bytes.Equal(got, encodeDigest(t, h)):
			add(newErr(ErrCorrupt, nil, "err.store.check.digest.differs", string(k)))
		}
		return nil
	})
	_ = db.ForEach(func(k, _ []byte) error {
		if tb.Get(k) == nil {
			add(newErr(ErrCorrupt, nil, "err.store.check.digest.orphan", string(k)))
		}
		return nil
	})
}

// checkSequence reports a bucket whose sequence is not the highest number
// its records use (seq reads one from a key).
func checkSequence(b *bolt.Bucket, name []byte, add func(error), seq func(k []byte) uint64) {
	var high uint64
	_ = b.ForEach(func(k, _ []byte) error {
		high = max(high, seq(k))
		return nil
	})
	if b.Sequence() != high {
		add(newErr(ErrCorrupt, nil, "err.store.check.sequence", string(name), b.Sequence(), high))
	}
}

// recordAt is a record's hash as the audit entry seq wrote it.
type recordAt struct {
	hash string
	seq  uint64
}

// checkAudit verifies the audit log: entries numbered 1, 2, … without
// gaps up to the bucket's sequence (so none was removed, at the end
// either), each one's hash over its content, each one's Prev equal to
// the hash of the entry before it, and no entry without record hashes
// after one with them. It returns the records the entries wrote, each as
// its last writer recorded it, and whether the log has entries from
// before record hashes (legacy).
func checkAudit(b *bolt.Bucket, add func(error)) (recs map[string]recordAt, legacy bool) {
	recs = map[string]recordAt{}
	var last uint64
	v2 := false
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
		switch {
		case e.Records == "" && v2:
			add(newErr(ErrCorrupt, nil, "err.store.check.audit.downgrade", seq))
		case e.Records == "":
			legacy = true
		default:
			v2 = true
			ok := parseRecords(e.Records, func(label, hash, old string) {
				r, known := recs[label]
				switch {
				case known && r.hash == "-" && old != "",
					known && r.hash != "-" && old != r.hash,
					!known && !legacy && old != "":
					// It replaced a record other than the one last written.
					add(newErr(ErrCorrupt, nil, "err.store.check.rec.between", labelText(label), r.seq, seq))
				}
				recs[label] = recordAt{hash, seq}
			})
			if !ok {
				add(newErr(ErrCorrupt, nil, "err.store.check.audit.records", seq))
			}
		}
		return nil
	})
	if n := b.Sequence(); last != n {
		add(newErr(ErrCorrupt, nil, "err.store.check.audit.tail", last, n))
	}
	return recs, legacy
}

// covered is a bucket whose records an audit log vouches for; keep, when
// set, picks the keys that are records (a meta bucket's others are not).
type covered struct {
	name []byte
	b    *bolt.Bucket // nil: absent (an optional bucket)
	keep func(k []byte) bool
}

// checkRecords compares every record of the buckets with the hash the audit
// entry that last wrote it recorded (recs). A record no entry wrote is a
// problem, unless the log has entries from before record hashes (legacy),
// which wrote it unrecorded: it is then counted in rep.Legacy.
func checkRecords(recs map[string]recordAt, legacy bool, add func(error), rep *CheckReport, buckets ...covered) {
	seen := map[string]bool{}
	for _, c := range buckets {
		if c.b == nil {
			continue
		}
		_ = c.b.ForEach(func(k, v []byte) error {
			if v == nil || c.keep != nil && !c.keep(k) {
				return nil
			}
			label := recordLabel(c.name, k)
			seen[label] = true
			r, ok := recs[label]
			switch {
			case !ok && legacy:
				rep.Legacy++
			case !ok:
				add(newErr(ErrCorrupt, nil, "err.store.check.rec.unlogged", string(c.name), showKey(c.name, k)))
			case r.hash == "-":
				add(newErr(ErrCorrupt, nil, "err.store.check.rec.deleted", string(c.name), showKey(c.name, k), r.seq))
			case r.hash != recordHash(c.name, k, v):
				add(newErr(ErrCorrupt, nil, "err.store.check.rec.differs", string(c.name), showKey(c.name, k), r.seq))
			default:
				rep.Covered++
			}
			return nil
		})
	}
	for label, r := range recs {
		if r.hash != "-" && !seen[label] {
			add(newErr(ErrCorrupt, nil, "err.store.check.rec.missing", r.seq, labelText(label)))
		}
	}
}

// labelText is a Records label as a person reads it: bucket and key.
func labelText(label string) string {
	bucket, hexKey, _ := strings.Cut(label, "/")
	k, err := hex.DecodeString(hexKey)
	if err != nil {
		return label
	}
	return bucket + " " + showKey([]byte(bucket), k)
}

// showKey is a record's key as a person reads it.
func showKey(bucket, k []byte) string {
	switch {
	case bytes.Equal(bucket, bucketUpdates), bytes.Equal(bucket, bucketNotes):
		if id, seq, ok := splitUpdateKey(k); ok {
			return id + "/" + strconv.FormatUint(seq, 10)
		}
	case bytes.Equal(bucket, bucketUpdateIndex):
		return strconv.FormatUint(keySeq(k), 10)
	case bytes.Equal(bucket, bucketReviews):
		if len(k) == 16 {
			return strconv.FormatUint(keySeq(k[:8]), 10) + "/" + strconv.FormatUint(keySeq(k[8:]), 10)
		}
	default:
		return fmt.Sprintf("%q", k)
	}
	return fmt.Sprintf("%x", k)
}
