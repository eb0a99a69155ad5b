package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// Audit actions.
const (
	ActionSeed    = "seed"    // a new file was seeded with a plan
	ActionImport  = "import"  // ReplacePlan
	ActionUpdate  = "update"  // AddUpdate, ApplyUpdates
	ActionReview  = "review"  // Review
	ActionUrge    = "urge"    // Urge
	ActionDepts   = "depts"   // SetDepts
	ActionPacing  = "pacing"  // SetPacing
	ActionUser    = "user"    // PutUser, DeleteUser
	ActionArchive = "archive" // ArchivePlan
	ActionUse     = "use"     // SetCurrentPlan
)

// auditDomain starts every hashed message, so an entry's hash can never be
// mistaken for a hash of anything else.
const auditDomain = "duban audit v1\n"

// AuditHash is the hex SHA-256 of an entry's canonical encoding: the
// domain string, Seq as 8 big-endian bytes, then At (RFC 3339 UTC with
// nanoseconds), User, Action, TaskID, Detail and Prev, each as a uvarint
// length followed by its UTF-8 bytes. The entry's own Hash is not part
// of it. Length prefixes make the encoding unambiguous: no two different
// entries encode alike.
func AuditHash(e model.AuditEntry) string {
	h := sha256.New()
	h.Write([]byte(auditDomain))
	var n [binary.MaxVarintLen64]byte
	binary.BigEndian.PutUint64(n[:8], e.Seq)
	h.Write(n[:8])
	for _, f := range []string{formatInstant(e.At), e.User, e.Action, e.TaskID, e.Detail, e.Prev} {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(f)))])
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// appendAudit appends an entry to the log inside the change's own
// transaction: it numbers it, chains it to the last entry and hashes it.
func appendAudit(tx ptx, e model.AuditEntry) (model.AuditEntry, error) {
	e, err := appendAuditTo(tx.Bucket(bucketAudit), e)
	if err != nil {
		return e, err
	}
	return e, indexAudit(tx, e) // point.go
}

// appendFileAudit appends to the file's own log, of changes to the file
// rather than to a plan (users).
func appendFileAudit(tx ptx, e model.AuditEntry) (model.AuditEntry, error) {
	return appendAuditTo(tx.Tx.Bucket(bucketAudit), e)
}

func appendAuditTo(b *bolt.Bucket, e model.AuditEntry) (model.AuditEntry, error) {
	e.Prev = ""
	if k, v := b.Cursor().Last(); k != nil {
		last, err := decodeAudit(v)
		if err != nil {
			return e, fmt.Errorf("audit entry %x: %w", k, err)
		}
		e.Prev = last.Hash
	}
	seq, err := b.NextSequence()
	if err != nil {
		return e, err
	}
	e.Seq = seq
	e.At = instant(e.At)
	e.Hash = AuditHash(e)
	v, err := encodeAudit(e)
	if err != nil {
		return e, err
	}
	return e, b.Put(be64(seq), v)
}

// Audit returns the current plan's audit log, oldest first; taskID ""
// means all its entries together with those of the file's own log (user
// changes since schema 2), in the order they were recorded. Each log is
// numbered, and chained, on its own.
func (s *Store) Audit(taskID string) ([]model.AuditEntry, error) {
	var out []model.AuditEntry
	err := s.view(func(tx ptx) error {
		if taskID != "" {
			if ok, err := taskAudit(tx, taskID, &out); ok || err != nil {
				return err // read through the per-task index (point.go)
			}
		}
		if err := readAudit(tx.Bucket(bucketAudit), taskID, &out); err != nil || taskID != "" {
			return err
		}
		n := len(out)
		if err := readAudit(tx.Tx.Bucket(bucketAudit), "", &out); err != nil {
			return err
		}
		if len(out) > n {
			slices.SortStableFunc(out, func(a, b model.AuditEntry) int { return a.At.Compare(b.At) })
		}
		return nil
	})
	return out, err
}

func readAudit(b *bolt.Bucket, taskID string, out *[]model.AuditEntry) error {
	return b.ForEach(func(k, v []byte) error {
		e, err := decodeAudit(v)
		if err != nil {
			return recordErr(bucketAudit, fmt.Sprintf("%d", keySeq(k)), err)
		}
		if taskID == "" || e.TaskID == taskID {
			*out = append(*out, e)
		}
		return nil
	})
}

// keySeq reads a be64 key, or 0 when it is not one.
func keySeq(k []byte) uint64 {
	if len(k) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(k)
}

// recordErr reports a record that does not decode.
func recordErr(bucket []byte, key string, err error) error {
	return newErr(ErrCorrupt, err, "err.store.check.record", string(bucket), key, cause(err))
}
