package store

import "duban/model"

// ReviewMany approves or returns several updates in one transaction, all
// or none: a department's month approved at once. Each is recorded as by
// Review, and the actor must be allowed to review (model.CanReview),
// decided in the transaction that writes.
func (s *Store) ReviewMany(as model.Actor, seqs []uint64, state model.Review, comment string) error {
	comment, err := reviewArgs(state, comment)
	if err != nil || len(seqs) == 0 {
		return err
	}
	return s.act(as, func(tx ptx, acct model.User) error {
		if err := model.CanReview(acct); err != nil {
			return err
		}
		now := s.clock()
		for i, seq := range seqs {
			if err := reviewTx(tx, seq, state, comment, acct.Name, now); err != nil {
				return &BatchError{Index: i, Err: err}
			}
		}
		return nil
	})
}
