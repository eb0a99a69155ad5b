package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

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
// mistaken for a hash of anything else; v2 entries carry Records.
const (
	auditDomain   = "duban audit v1\n"
	auditDomainV2 = "duban audit v2\n"
)

// AuditHash is the hex SHA-256 of an entry's canonical encoding: the
// domain string, Seq as 8 big-endian bytes, then At (RFC 3339 UTC with
// nanoseconds), User, Action, TaskID, Detail and Prev, then (v2, when
// Records is set) Records, each as a uvarint length followed by its UTF-8
// bytes. The entry's own Hash is not part of it. Length prefixes make the
// encoding unambiguous: no two different entries encode alike. Entries
// written before Records existed keep their v1 hash.
func AuditHash(e model.AuditEntry) string {
	h := sha256.New()
	fields := []string{formatInstant(e.At), e.User, e.Action, e.TaskID, e.Detail, e.Prev}
	if e.Records == "" {
		h.Write([]byte(auditDomain))
	} else {
		h.Write([]byte(auditDomainV2))
		fields = append(fields, e.Records)
	}
	var n [binary.MaxVarintLen64]byte
	binary.BigEndian.PutUint64(n[:8], e.Seq)
	h.Write(n[:8])
	for _, f := range fields {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(f)))])
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Record hashes. Every record a change writes goes through ptx.put or
// ptx.del, which note its hash; the change's audit entry then carries
// them all (Records), so the chain, and the signature over its head
// (sign.go), vouch for every record: Check recomputes each record's hash
// and compares it with the one the last entry that wrote it recorded.
//
// Records is a space-separated list of bucket/key=hash or
// bucket/key=hash<old, key in hex, hash the first 16 bytes of SHA-256 over
// "duban record v1\n", the bucket, a 0 byte, the key, a 0 byte and the
// value, in hex, "-" for a deletion; old is the hash of the record it
// replaced or deleted. "none" when the change wrote nothing.

// written is what a transaction wrote since its last audit entry, and the
// first entry it appended to each log (for seal).
type written struct {
	items    []string
	appended map[*bolt.Bucket]uint64
}

// first is the first entry of log b this transaction appended; 0 for none.
func (w *written) first(b *bolt.Bucket) uint64 {
	if w == nil {
		return 0
	}
	return w.appended[b]
}

// put writes a record of the plan (or users, of the file) and notes it.
func (t ptx) put(bucket, key, v []byte) error {
	b := t.Bucket(bucket)
	if f, ok := fillPercent(bucket); ok {
		b.FillPercent = f
	}
	old := b.Get(key)
	t.note(bucket, key, recordHash(bucket, key, v), old)
	return b.Put(key, v)
}

// del deletes a record and notes it.
func (t ptx) del(bucket, key []byte) error {
	b := t.Bucket(bucket)
	t.note(bucket, key, "-", b.Get(key))
	return b.Delete(key)
}

// note adds a record to Records, with the hash of the record it replaces,
// if any: Check then also proves that the record was not changed between
// the entry that wrote it and this one (which would otherwise carry the
// change forward, vouched for).
func (t ptx) note(bucket, key []byte, hash string, old []byte) {
	if t.w == nil {
		return
	}
	item := recordLabel(bucket, key) + "=" + hash
	if old != nil {
		item += "<" + recordHash(bucket, key, old)
	}
	t.w.items = append(t.w.items, item)
}

// recordLabel names a record in Records.
func recordLabel(bucket, key []byte) string { return string(bucket) + "/" + hex.EncodeToString(key) }

// recordHash is a record's hash in Records.
func recordHash(bucket, key, v []byte) string {
	h := sha256.New()
	h.Write([]byte("duban record v1\n"))
	h.Write(bucket)
	h.Write([]byte{0})
	h.Write(key)
	h.Write([]byte{0})
	h.Write(v)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// takeRecords empties the transaction's list into an entry's Records.
func (t ptx) takeRecords() string {
	if t.w == nil || len(t.w.items) == 0 {
		return "none"
	}
	s := strings.Join(t.w.items, " ")
	t.w.items = t.w.items[:0]
	return s
}

// parseRecords reads Records: each record's label, hash and the hash of
// the record it replaced ("" for none).
func parseRecords(s string, into func(label, hash, old string)) bool {
	if s == "none" {
		return true
	}
	for item := range strings.SplitSeq(s, " ") {
		label, hash, ok := strings.Cut(item, "=")
		hash, old, replaced := strings.Cut(hash, "<")
		if !ok || label == "" || (hash != "-" && len(hash) != 32) || replaced && len(old) != 32 {
			return false
		}
		into(label, hash, old)
	}
	return true
}

// appendAudit appends an entry to the log inside the change's own
// transaction: it numbers it, chains it to the last entry and hashes it.
func appendAudit(tx ptx, e model.AuditEntry) (model.AuditEntry, error) {
	e.Records = tx.takeRecords()
	e, err := appendAuditTo(tx.Bucket(bucketAudit), e, tx.w)
	if err != nil {
		return e, err
	}
	return e, indexAudit(tx, e) // point.go
}

// appendFileAudit appends to the file's own log, of changes to the file
// rather than to a plan (users).
func appendFileAudit(tx ptx, e model.AuditEntry) (model.AuditEntry, error) {
	e.Records = tx.takeRecords()
	return appendAuditTo(tx.Tx.Bucket(bucketAudit), e, tx.w)
}

func appendAuditTo(b *bolt.Bucket, e model.AuditEntry, w *written) (model.AuditEntry, error) {
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
	b.FillPercent, _ = fillPercent(bucketAudit)
	e.Seq = seq
	if w != nil {
		if w.appended == nil {
			w.appended = map[*bolt.Bucket]uint64{}
		}
		if _, ok := w.appended[b]; !ok {
			w.appended[b] = seq
		}
	}
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
