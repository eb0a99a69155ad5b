package store

import (
	"fmt"

	"duban/i18n"
	"duban/model"
)

// Head is the audit chain's head: the sequence number and hash of the last
// entry. Written down outside the file (printed by check, quoted in a
// 通报), it pins the history: `check --anchor SEQ:HASH` later proves the
// file still holds that entry unchanged, so the history up to it cannot
// have been rewritten, even with the chain recomputed, without the
// anchor's hash changing.
//
// Each plan keeps its own chain (and the file one for user changes); the
// head is that of the current plan's chain.
func (s *Store) Head() (seq uint64, hash string, err error) {
	err = s.view(func(tx ptx) error {
		seq, hash, err = chainHead(tx)
		return err
	})
	return seq, hash, err
}

// chainHead is the last entry of the current plan's chain; zero when empty.
func chainHead(tx ptx) (uint64, string, error) {
	k, v := tx.Bucket(bucketAudit).Cursor().Last()
	if k == nil {
		return 0, "", nil
	}
	e, err := decodeAudit(v)
	if err != nil {
		return 0, "", recordErr(bucketAudit, fmt.Sprintf("%d", keySeq(k)), err)
	}
	return e.Seq, e.Hash, nil
}

// CheckAnchor verifies the file against a head seen earlier: entry seq
// must exist and carry hash. With the chain intact (Check), every entry
// before it is then the one that was there when the anchor was taken.
func (s *Store) CheckAnchor(seq uint64, hash string) error {
	entries, err := s.planAudit()
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Seq == seq {
			if e.Hash != hash {
				return i18n.E("err.anchor.mismatch", seq)
			}
			return nil
		}
	}
	return i18n.E("err.anchor.missing", seq)
}

// planAudit is the current plan's audit chain alone, in sequence order.
func (s *Store) planAudit() ([]model.AuditEntry, error) {
	var out []model.AuditEntry
	err := s.view(func(tx ptx) error {
		return readAudit(tx.Bucket(bucketAudit), "", &out)
	})
	return out, err
}
