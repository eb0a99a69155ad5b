package store

import (
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout this duban writes. A file with a higher
// version is refused (ErrNewerSchema); a lower one is migrated on open.
const SchemaVersion = 1

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
var (
	bucketMeta        = []byte("meta")         // v1
	keySchema         = []byte("schema")       // v1
	keyPlan           = []byte("plan")         // v1
	bucketTasks       = []byte("tasks")        // v1
	bucketUpdates     = []byte("updates")      // v1
	bucketUpdateIndex = []byte("update_index") // v1
	bucketReviews     = []byte("reviews")      // v1
	bucketUsers       = []byte("users")        // v1
	bucketAudit       = []byte("audit")        // v1
	bucketRetired     = []byte("retired")      // v1
	bucketNotes       = []byte("notes")        // v1, optional: created by the first AddNote
)

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
