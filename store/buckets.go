package store

import (
	"bytes"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout this duban writes. A file with a higher
// version is refused (ErrNewerSchema); a lower one is migrated on open.
const SchemaVersion = 3

// The on-disk layout. Every bucket and key is declared here, with the
// schema version that introduced it. Keys written as be64 are 8-byte
// big-endian unsigned integers, so cursor order is numeric order; values
// are JSON (see encode.go).
//
//	meta                      (v1)
//	  "schema"                ASCII decimal schema version, e.g. "1"
//	  "plan"                  planRecord
//	tasks                     (v1) task id → taskRecord
//	updates                   (v1) task id ‖ 0x00 ‖ be64 seq → updateRecord, never
//	                          rewritten or deleted; a task's updates are adjacent
//	                          (History is one prefix scan, Snapshot one pass);
//	                          the bucket's sequence numbers every update
//	update_index              (v1) be64 update seq → task id
//	reviews                   (v1) be64 update seq ‖ be64 review seq → reviewRecord;
//	                          append-only, the last review of an update is its state
//	users                     (v1) user name → userRecord
//	audit                     (v1) be64 seq (1, 2, …, no gaps) → auditRecord;
//	                          the bucket's sequence is the number of entries written
//	retired                   (v1) task id → be64 last Rev of a task a plan import
//	                          removed, so its Rev stays monotonic if it returns
//	notes                     (v1, optional) task id ‖ 0x00 ‖ be64 seq → noteRecord,
//	                          never rewritten or deleted; created by the first
//	                          AddNote, so a v1 file may lack it (read as no notes);
//	                          not in v1Buckets for that reason (see notes.go)
//
// Schema 2 keeps several plans in one file (see plans.go). The top level
// holds what belongs to the file, and one bucket per plan holds the v1
// per-plan buckets above, unchanged in content:
//
//	meta                      "schema" "3" (2 before digests); "current" the current plan's id
//	                          (the v1 "plan" key moves into the plan)
//	users                     as in v1: users and rights are the file's
//	audit                     (v2) the file's own log: user changes
//	plans                     (v2) plan id → bucket of
//	  meta                      "plan" planRecord; "archived" present once archived
//	  tasks, updates, update_index, reviews, audit, retired, notes (optional)
//	                            as in v1, for that plan only; audit holds the
//	                            plan's log (a migrated file's whole v1 log)
//	  digests                   (v3) task id → the task and its history as a
//	                            snapshot reads them, binary (digests.go): derived
//	                            from its task, updates and reviews in the
//	                            transaction that writes them, for whole-plan reads
var (
	bucketMeta        = []byte("meta")         // v1
	keySchema         = []byte("schema")       // v1
	keyPlan           = []byte("plan")         // v1
	bucketTasks       = []byte("tasks")        // v1
	bucketUpdates     = []byte("updates")      // v1
	bucketUpdateIndex = []byte("update_index") // v1
	bucketReviews     = []byte("reviews")      // v1
	bucketDigests     = []byte("digests")      // v3
	bucketUsers       = []byte("users")        // v1
	bucketAudit       = []byte("audit")        // v1
	bucketRetired     = []byte("retired")      // v1
	bucketNotes       = []byte("notes")        // v1, optional: created by the first AddNote
	bucketPlans       = []byte("plans")        // v2
	keyCurrent        = []byte("current")      // v2, in the top-level meta
	keyArchived       = []byte("archived")     // v2, in a plan's meta
)

// fileBuckets are the top-level buckets of schema 2.
var fileBuckets = [][]byte{bucketMeta, bucketUsers, bucketAudit, bucketPlans}

// planBuckets are the buckets every plan of schema 2 has (notes is optional).
var planBuckets = [][]byte{bucketMeta, bucketTasks, bucketUpdates, bucketUpdateIndex,
	bucketReviews, bucketAudit, bucketRetired, bucketDigests}

// movedToPlan are the v1 top-level buckets migration 2 moves into the plan.
var movedToPlan = [][]byte{bucketTasks, bucketUpdates, bucketUpdateIndex,
	bucketReviews, bucketAudit, bucketRetired, bucketNotes}

// v1Buckets are the top-level buckets of schema 1, which Check and the
// open-time sanity check expect to find.
var v1Buckets = [][]byte{bucketMeta, bucketTasks, bucketUpdates, bucketUpdateIndex,
	bucketReviews, bucketUsers, bucketAudit, bucketRetired}

// migration upgrades the file from version-1 to version.
type migration struct {
	version uint64
	name    string
	apply   func(tx *bolt.Tx) error
}

// migrations, oldest to newest. Each runs once, in the single write
// transaction that also records the new schema version; a failure leaves
// the file as it was.
var migrations = []migration{
	{1, "create the v1 buckets", func(tx *bolt.Tx) error {
		for _, name := range v1Buckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return nil
	}},
	{2, "move the plan into plans/<id>", migrateV2},
	{3, "digest each task with its history", migrateV3},
}

// migrateV3 gives every plan its digests bucket (digests.go), built from
// its tasks, updates and reviews.
func migrateV3(tx *bolt.Tx) error {
	plans := tx.Bucket(bucketPlans)
	var ids [][]byte // collected first: the walk is not changed under it
	if err := plans.ForEachBucket(func(k []byte) error { ids = append(ids, bytes.Clone(k)); return nil }); err != nil {
		return err
	}
	for _, id := range ids {
		if err := buildDigests(tx, plans.Bucket(id)); err != nil {
			return fmt.Errorf("plan %s: %w", id, err)
		}
	}
	return nil
}

// migrateV2 moves the v1 file's plan, with its buckets as they are
// (sequences included, so the audit chain and update numbers carry on),
// under plans/<id> and makes it the current plan. A file being created
// (no plan yet) just gets the v2 layout.
func migrateV2(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	plans, err := tx.CreateBucket(bucketPlans)
	if err != nil {
		return err
	}
	raw := meta.Get(keyPlan)
	if raw == nil {
		for _, name := range movedToPlan {
			if tx.Bucket(name) != nil {
				if err := tx.DeleteBucket(name); err != nil {
					return err
				}
			}
		}
		_, err := tx.CreateBucket(bucketAudit)
		return err
	}
	p, err := decodePlan(raw)
	if err != nil {
		return recordErr(bucketMeta, string(keyPlan), err)
	}
	pb, err := plans.CreateBucket([]byte(p.ID))
	if err != nil {
		return err
	}
	pmeta, err := pb.CreateBucket(bucketMeta)
	if err != nil {
		return err
	}
	if err := pmeta.Put(keyPlan, bytes.Clone(raw)); err != nil {
		return err
	}
	for _, name := range movedToPlan {
		if tx.Bucket(name) == nil {
			continue // notes is optional
		}
		if err := tx.MoveBucket(name, nil, pb); err != nil {
			return fmt.Errorf("move %s: %w", name, err)
		}
	}
	if _, err := tx.CreateBucket(bucketAudit); err != nil {
		return err
	}
	if err := meta.Delete(keyPlan); err != nil {
		return err
	}
	return meta.Put(keyCurrent, []byte(p.ID))
}

// migrate brings the file from version from up to SchemaVersion inside tx.
func migrate(tx *bolt.Tx, from uint64) error {
	for _, m := range migrations {
		if m.version <= from {
			continue
		}
		if err := m.apply(tx); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
		if err := tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.FormatUint(m.version, 10))); err != nil {
			return err
		}
	}
	return nil
}

// schemaOf reads the schema version in tx: ok is false when the file has
// no meta bucket or no version (it is not a duban file); err is set when
// the version is unreadable.
func schemaOf(tx *bolt.Tx) (v uint64, ok bool, err error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, false, nil
	}
	raw := meta.Get(keySchema)
	if raw == nil {
		return 0, false, nil
	}
	v, err = strconv.ParseUint(string(raw), 10, 64)
	if err != nil || v == 0 {
		return 0, true, newErr(ErrCorrupt, err, "err.store.check.schema", string(raw))
	}
	return v, true, nil
}

// fillPercent is how full bbolt fills the pages of bucket when it splits
// them (bbolt's FillPercent, which is not stored in the file: it is set on
// each write), and whether it differs from bbolt's default for bucket.
// bbolt splits a node that outgrows its page into pages filled to
// FillPercent, 0.5 by default: right for keys written anywhere, but where
// each key comes after the ones before, the first half of a split is never
// written again and stays half empty, as do all the pages of a bucket
// written in one transaction; a whole-plan read (Snapshot, Check) then
// touches twice the pages it needs.
//   - audit and update_index (by seq) are written strictly in order: 1;
//   - reviews (by the reviewed update's seq) nearly so, as a review is of
//     a recent update: 0.9, the rest left for the reviews of older ones;
//   - tasks are written in bulk (a plan's seed, an import), then rewritten
//     at about the same size (a new Rev, an urge): 0.9, the rest left for
//     records that grow, so that a rewrite does not split its page.
//
// The updates (by task id, a month's reports written across the key space)
// and notes keep the default. A 10,000-task plan with three reports per
// task (scripts/genplan), leaf pages before → after: tasks 2,499 → 1,250,
// reviews 1,538 → 868, update_index 458 → 228, audit 10,000 → 4,764; the
// file 118 MB → 82 MB. A file written before keeps its pages until they
// are rewritten (duban does not rewrite a file behind its owner's back).
func fillPercent(bucket []byte) (float64, bool) {
	switch {
	case bytes.Equal(bucket, bucketAudit), bytes.Equal(bucket, bucketUpdateIndex):
		return 1, true
	case bytes.Equal(bucket, bucketReviews), bytes.Equal(bucket, bucketTasks):
		return 0.9, true
	}
	return 0, false
}
