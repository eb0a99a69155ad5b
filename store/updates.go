package store

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"duban/model"
)

// History returns one task's updates, sorted by model.SortUpdates, with
// their reviews applied.
func (s *Store) History(taskID string) ([]model.Update, error) {
	var out []model.Update
	err := s.view(func(tx ptx) error {
		if _, err := getTask(tx, taskID); err != nil {
			return err
		}
		var err error
		out, err = readHistory(tx, taskID, true)
		return err
	})
	return out, err
}

// readHistory reads one task's history sorted by model.SortUpdates, with
// reviews applied when withReviews is set (validation does not need them).
func readHistory(tx ptx, id string, withReviews bool) ([]model.Update, error) {
	var h []model.Update
	prefix := updatePrefix(id)
	c := tx.Bucket(bucketUpdates).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		u, err := decodeUpdate(v)
		if err != nil {
			return nil, recordErr(bucketUpdates, id+"/"+strconv.FormatUint(keySeq(k[len(prefix):]), 10), err)
		}
		h = append(h, u)
	}
	if withReviews {
		for i := range h {
			r, ok, err := latestReview(tx, h[i].Seq)
			if err != nil {
				return nil, err
			}
			if ok {
				mergeReview(&h[i], r)
			}
		}
	}
	sortUpdates(h)
	return h, nil
}

// latestReview finds the last review of update seq.
func latestReview(tx ptx, seq uint64) (reviewRecord, bool, error) {
	c := tx.Bucket(bucketReviews).Cursor()
	var k, v []byte
	if k, _ = c.Seek(be64(seq + 1)); k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	if k == nil || !bytes.HasPrefix(k, be64(seq)) {
		return reviewRecord{}, false, nil
	}
	r, err := decodeReview(v)
	if err != nil {
		return r, false, recordErr(bucketReviews, fmt.Sprintf("%x", k), err)
	}
	return r, true, nil
}

// latestRecorded is the task's most recently recorded update (highest
// seq), with its review; zero when it has none.
func latestRecorded(tx ptx, id string) (model.Update, error) {
	prefix := updatePrefix(id)
	c := tx.Bucket(bucketUpdates).Cursor()
	// The task's keys end just before the id followed by 0x01.
	var k, v []byte
	if k, _ = c.Seek(append([]byte(id), 1)); k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	if k == nil || !bytes.HasPrefix(k, prefix) {
		return model.Update{}, nil
	}
	u, err := decodeUpdate(v)
	if err != nil {
		return u, recordErr(bucketUpdates, id, err)
	}
	if r, ok, err := latestReview(tx, u.Seq); err != nil {
		return u, err
	} else if ok {
		mergeReview(&u, r)
	}
	return u, nil
}

// AddUpdate records one progress update: it validates it with
// model.CheckUpdate against the stored task and history, assigns Seq and
// At, bumps the task's Rev and appends an audit entry, all in one
// transaction. expectRev, when non-zero, must equal the task's current Rev
// or a *ConflictError is returned. u.By must be set.
//
// AsOf is truncated to its day; the review fields of u are ignored (a new
// update is pending). The update answers an open 督办 on the task, which
// is closed. It returns the update as stored.
func (s *Store) AddUpdate(u model.Update, expectRev uint64) (model.Update, error) {
	if strings.TrimSpace(u.By) == "" {
		return model.Update{}, newErr(nil, nil, "err.store.by")
	}
	var out model.Update
	err := s.update(func(tx ptx) error {
		plan, err := getPlan(tx)
		if err != nil {
			return err
		}
		out, err = addUpdateTx(tx, plan, u, expectRev, s.clock())
		return err
	})
	if err != nil {
		return model.Update{}, err
	}
	return out, nil
}

// ApplyUpdates records several updates in one transaction, all or none
// (a filled-in progress template). Each is validated as by AddUpdate; the
// first failure aborts everything and is returned with its index.
//
// Each update is validated against its task's history including the
// batch's earlier updates, and gets its own audit entry.
func (s *Store) ApplyUpdates(us []model.Update) ([]model.Update, error) {
	for i, u := range us {
		if strings.TrimSpace(u.By) == "" {
			return nil, &BatchError{Index: i, Err: newErr(nil, nil, "err.store.by")}
		}
	}
	if len(us) == 0 {
		return nil, nil
	}
	out := make([]model.Update, 0, len(us))
	err := s.update(func(tx ptx) error {
		out = out[:0]
		plan, err := getPlan(tx)
		if err != nil {
			return err
		}
		now := s.clock()
		for i, u := range us {
			su, err := addUpdateTx(tx, plan, u, 0, now)
			if err != nil {
				return &BatchError{Index: i, Err: err}
			}
			out = append(out, su)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// addUpdateTx is AddUpdate inside a write transaction.
func addUpdateTx(tx ptx, plan model.Plan, u model.Update, expectRev uint64, now time.Time) (model.Update, error) {
	t, err := getTask(tx, u.TaskID)
	if err != nil {
		return u, err
	}
	// Rights are checked here, in the transaction that writes, so that a
	// department reassigned a moment earlier cannot slip an update
	// through: when u.By is a user of the file, model.CanUpdate decides.
	// Anyone else (the owner at a local terminal) is the file's admin.
	if v := tx.Bucket(bucketUsers).Get([]byte(u.By)); v != nil {
		acct, err := decodeUser(v)
		if err != nil {
			return u, recordErr(bucketUsers, u.By, err)
		}
		if err := model.CanUpdate(acct, t); err != nil {
			return u, err
		}
	}
	if expectRev != 0 && t.Rev != expectRev {
		latest, err := latestRecorded(tx, t.ID)
		if err != nil {
			return u, err
		}
		return u, &ConflictError{TaskID: t.ID, Latest: latest, Unit: t.Unit}
	}
	history, err := readHistory(tx, t.ID, false)
	if err != nil {
		return u, err
	}
	u.AsOf = model.Day(u.AsOf)
	if err := model.CheckUpdate(plan, t, history, u); err != nil {
		return u, err
	}

	ub := tx.Bucket(bucketUpdates)
	seq, err := ub.NextSequence()
	if err != nil {
		return u, err
	}
	u.Seq, u.At = seq, now
	u.Review, u.Reviewer, u.ReviewComment, u.ReviewedAt = model.ReviewPending, "", "", time.Time{}
	v, err := encodeUpdate(u)
	if err != nil {
		return u, err
	}
	if err := tx.put(bucketUpdates, updateKey(t.ID, seq), v); err != nil {
		return u, err
	}
	if err := tx.put(bucketUpdateIndex, be64(seq), []byte(t.ID)); err != nil {
		return u, err
	}

	t.Rev++
	t.Urged = nil
	if err := putTask(tx, t); err != nil {
		return u, err
	}
	value := model.FormatValue(u.Value)
	if t.Unit != "" {
		value += " " + t.Unit
	}
	_, err = appendAudit(tx, model.AuditEntry{At: now, User: u.By, Action: ActionUpdate, TaskID: t.ID,
		Detail: fmt.Sprintf("%s as of %s", value, model.FormatDate(u.AsOf))})
	return u, err
}

// Review records a supervisor's review of update seq: approved, or
// returned with a comment asking for a correcting update. Reviews are
// appended, never rewritten; the latest is the update's state. The task's
// Rev is bumped.
func (s *Store) Review(seq uint64, state model.Review, comment, by string) error {
	comment = strings.TrimSpace(comment)
	switch {
	case strings.TrimSpace(by) == "":
		return newErr(nil, nil, "err.store.by")
	case state != model.ReviewApproved && state != model.ReviewReturned:
		return newErr(nil, nil, "err.store.review.state", string(state))
	case state == model.ReviewReturned && comment == "":
		return newErr(nil, nil, "err.store.review.comment")
	}
	return s.update(func(tx ptx) error {
		if err := model.CheckReviewComment(comment); err != nil {
			return err
		}
		unknown := newErr(ErrNotFound, nil, "err.store.update.unknown", seq)
		id := tx.Bucket(bucketUpdateIndex).Get(be64(seq))
		if id == nil {
			return unknown
		}
		taskID := string(id)
		if tx.Bucket(bucketUpdates).Get(updateKey(taskID, seq)) == nil {
			return unknown
		}
		rb := tx.Bucket(bucketReviews)
		rseq, err := rb.NextSequence()
		if err != nil {
			return err
		}
		now := s.clock()
		v, err := encodeReview(reviewRecord{Seq: rseq, Update: seq, State: string(state), By: by,
			Comment: comment, At: formatInstant(now)})
		if err != nil {
			return err
		}
		if err := tx.put(bucketReviews, reviewKey(seq, rseq), v); err != nil {
			return err
		}
		// The task may have left the plan since; its history stays reviewable.
		switch t, err := getTask(tx, taskID); {
		case err == nil:
			t.Rev++
			if err := putTask(tx, t); err != nil {
				return err
			}
		case !errors.Is(err, ErrNotFound):
			return err
		}
		detail := fmt.Sprintf("%s update %d", state, seq)
		if comment != "" {
			detail += ": " + comment
		}
		_, err = appendAudit(tx, model.AuditEntry{At: now, User: by, Action: ActionReview, TaskID: taskID, Detail: detail})
		return err
	})
}
