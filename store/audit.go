package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// Audit actions.
const (
	ActionSeed   = "seed"   // a new file was seeded with a plan
	ActionImport = "import" // ReplacePlan
	ActionUpdate = "update" // AddUpdate, ApplyUpdates
	ActionReview = "review" // Review
	ActionUrge   = "urge"   // Urge
	ActionDepts  = "depts"  // SetDepts
	ActionPacing = "pacing" // SetPacing
	ActionUser   = "user"   // PutUser, DeleteUser
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
func appendAudit(tx *bolt.Tx, e model.AuditEntry) (model.AuditEntry, error) {
	b := tx.Bucket(bucketAudit)
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

// Audit returns the audit log, oldest first; taskID "" means all entries.
func (s *Store) Audit(taskID string) ([]model.AuditEntry, error) {
	var out []model.AuditEntry
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAudit).ForEach(func(k, v []byte) error {
			e, err := decodeAudit(v)
			if err != nil {
				return recordErr(bucketAudit, fmt.Sprintf("%d", keySeq(k)), err)
			}
			if taskID == "" || e.TaskID == taskID {
				out = append(out, e)
			}
			return nil
		})
	})
	return out, err
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
