package store

import (
	"strings"

	"duban/model"
)

// ReviewMany approves or returns several updates in one transaction, all
// or none: a department's month approved at once. Each is recorded as by
// Review. Rights are decided in the transaction that writes: when by is a
// user of the file, model.CanReview decides (anyone else is the owner of
// the file at a local terminal, its administrator).
func (s *Store) ReviewMany(seqs []uint64, state model.Review, comment, by string) error {
	comment = strings.TrimSpace(comment)
	switch {
	case strings.TrimSpace(by) == "":
		return newErr(nil, nil, "err.store.by")
	case state != model.ReviewApproved && state != model.ReviewReturned:
		return newErr(nil, nil, "err.store.review.state", string(state))
	case state == model.ReviewReturned && comment == "":
		return newErr(nil, nil, "err.store.review.comment")
	case len(seqs) == 0:
		return nil
	}
	return s.update(func(tx ptx) error {
		if v := tx.Bucket(bucketUsers).Get([]byte(by)); v != nil {
			acct, err := decodeUser(v)
			if err != nil {
				return recordErr(bucketUsers, by, err)
			}
			if err := model.CanReview(acct); err != nil {
				return err
			}
		}
		now := s.clock()
		for i, seq := range seqs {
			if err := reviewTx(tx, seq, state, comment, by, now); err != nil {
				return &BatchError{Index: i, Err: err}
			}
		}
		return nil
	})
}
