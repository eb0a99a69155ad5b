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

// AddUpdate records one progress update as the actor as: it checks that
// they may report on the task (model.CanUpdate), validates the update
// with model.CheckUpdate against the stored task and history, assigns
// Seq and At, bumps the task's Rev and appends an audit entry, all in one
// transaction. expectRev, when non-zero, must equal the task's current Rev
// or a *model.ConflictError is returned.
//
// The update is recorded under the actor's name (u.By is ignored), except
// that the local administrator (model.ActorLocal) may give u.By to record
// a report on someone's behalf, as the demo and a typed-in paper report
// do. AsOf is truncated to its day; the review fields of u are ignored (a
// new update is pending). The update answers an open 督办 on the task,
// which is closed. It returns the update as stored.
func (s *Store) AddUpdate(as model.Actor, u model.Update, expectRev uint64) (model.Update, error) {
	var out model.Update
	err := s.act(as, func(tx ptx, acct model.User) error {
		plan, err := getPlan(tx)
		if err != nil {
			return err
		}
		t, err := getTask(tx, u.TaskID)
		if err != nil {
			return err
		}
		if err := model.CanUpdate(acct, t); err != nil {
			return err
		}
		out, err = addUpdateTx(tx, plan, t, reporter(as, acct, u), expectRev, s.clock())
		return err
	})
	if err != nil {
		return model.Update{}, err
	}
	return out, nil
}

// reporter is u recorded under the acting user's name (see AddUpdate).
func reporter(as model.Actor, acct model.User, u model.Update) model.Update {
	if as.Kind != model.ActorLocal || strings.TrimSpace(u.By) == "" {
		u.By = acct.Name
	}
	return u
}

// ApplyUpdates records several updates as the actor as in one
// transaction, all or none (a filled-in progress template). The actor's
// rights are checked first: one who may not report at all (a supervisor)
// is refused in one sentence; one who may not report on some of the
// tasks, with a *model.BatchDeniedError naming every one. Then each update is validated as by AddUpdate, against its task's
// history including the batch's earlier updates, and gets its own audit
// entry; the first failure aborts everything and is returned as a
// *BatchError with its index.
func (s *Store) ApplyUpdates(as model.Actor, us []model.Update) ([]model.Update, error) {
	out := make([]model.Update, 0, len(us))
	err := s.act(as, func(tx ptx, acct model.User) error {
		out = out[:0]
		if len(us) == 0 {
			return nil
		}
		// A refusal that does not depend on the task is said once.
		if err := model.CanReport(acct); err != nil {
			return err
		}
		plan, err := getPlan(tx)
		if err != nil {
			return err
		}
		tasks := make([]model.Task, len(us))
		var denials []model.Denial
		for i, u := range us {
			t, err := getTask(tx, u.TaskID)
			if err != nil {
				return &BatchError{Index: i, Err: err}
			}
			if err := model.CanUpdate(acct, t); err != nil {
				denials = append(denials, model.Denial{Index: i, TaskID: t.ID, Lead: t.Lead, Err: err})
			}
			tasks[i] = t
		}
		if len(denials) > 0 {
			return &model.BatchDeniedError{User: acct.Name, Denied: denials}
		}
		now := s.clock()
		for i, u := range us {
			t := tasks[i]
			if i > 0 { // an earlier update of the batch may have bumped it
				if t, err = getTask(tx, u.TaskID); err != nil {
					return &BatchError{Index: i, Err: err}
				}
			}
			su, err := addUpdateTx(tx, plan, t, reporter(as, acct, u), 0, now)
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
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// addUpdateTx records u on t inside a write transaction; the actor's
// rights on t are checked already and u.By is set.
func addUpdateTx(tx ptx, plan model.Plan, t model.Task, u model.Update, expectRev uint64, now time.Time) (model.Update, error) {
	if expectRev != 0 && t.Rev != expectRev {
		latest, err := latestRecorded(tx, t.ID)
		if err != nil {
			return u, err
		}
		return u, &ConflictError{TaskID: t.ID, Latest: latest, Unit: t.Unit}
	}
	history, err := readHistory(tx, t.ID, true)
	if err != nil {
		return u, err
	}
	u.AsOf = model.Day(u.AsOf)
	if err := model.CheckUpdate(plan, t, history, u); err != nil {
		return u, err
	}
	// Plausibility: warnings refuse an unconfirmed update (*model.PlausibilityError).
	warnings, err := model.CheckPlausible(t, history, u)
	if err != nil {
		return u, err
	}
	u.Confirmed = len(warnings) > 0

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

	superseded, err := supersedeTx(tx, history, u, now)
	if err != nil {
		return u, err
	}
	// The task last, so that its digest (putTask) holds the update and
	// the reviews superseding older ones.
	t.Rev++
	t.Urged = nil
	if err := putTask(tx, t); err != nil {
		return u, err
	}
	value := model.FormatValue(u.Value)
	if t.Unit != "" {
		value += " " + t.Unit
	}
	detail := fmt.Sprintf("%s as of %s", value, model.FormatDate(u.AsOf))
	if u.Confirmed {
		detail += " (confirmed despite warnings)"
	}
	if superseded != "" {
		detail += "; supersedes " + superseded
	}
	_, err = appendAudit(tx, model.AuditEntry{At: now, User: u.By, Action: ActionUpdate, TaskID: t.ID, Detail: detail})
	return u, err
}

// supersedeTx marks every pending update of history dated on or before the
// new update u as superseded by it (a review record by u.By, so it leaves
// the review queue and stays in the history). It returns their seqs, as
// the audit entry lists them ("" for none).
func supersedeTx(tx ptx, history []model.Update, u model.Update, now time.Time) (string, error) {
	var seqs []string
	rb := tx.Bucket(bucketReviews)
	for _, h := range history {
		if h.Review != model.ReviewPending || h.AsOf.After(u.AsOf) {
			continue
		}
		rseq, err := rb.NextSequence()
		if err != nil {
			return "", err
		}
		v, err := encodeReview(reviewRecord{Seq: rseq, Update: h.Seq, State: string(model.ReviewSuperseded), By: u.By,
			Comment: fmt.Sprintf("#%d", u.Seq), At: formatInstant(now)})
		if err != nil {
			return "", err
		}
		if err := tx.put(bucketReviews, reviewKey(h.Seq, rseq), v); err != nil {
			return "", err
		}
		seqs = append(seqs, strconv.FormatUint(h.Seq, 10))
	}
	return strings.Join(seqs, ", "), nil
}

// Review records a supervisor's review of update seq: approved, or
// returned with a comment asking for a correcting update. Reviews are
// appended, never rewritten; the latest is the update's state. The task's
// Rev is bumped. The actor must be allowed to review (model.CanReview).
func (s *Store) Review(as model.Actor, seq uint64, state model.Review, comment string) error {
	comment, err := reviewArgs(state, comment)
	if err != nil {
		return err
	}
	return s.act(as, func(tx ptx, acct model.User) error {
		if err := model.CanReview(acct); err != nil {
			return err
		}
		return reviewTx(tx, seq, state, comment, acct.Name, s.clock())
	})
}

// reviewArgs checks a review's state and comment (Review, ReviewMany): a
// return needs a comment, and a comment is capped (model.CheckReviewComment). It
// returns the comment trimmed.
func reviewArgs(state model.Review, comment string) (string, error) {
	comment = strings.TrimSpace(comment)
	switch {
	case state != model.ReviewApproved && state != model.ReviewReturned:
		return "", newErr(nil, nil, "err.store.review.state", string(state))
	case state == model.ReviewReturned && comment == "":
		return "", newErr(nil, nil, "err.store.review.comment")
	}
	return comment, model.CheckReviewComment(comment)
}

// reviewTx records the review of update seq in tx by the user by (Review,
// ReviewMany), whose right to review the caller has decided.
func reviewTx(tx ptx, seq uint64, state model.Review, comment, by string, now time.Time) error {
	{
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
		v, err := encodeReview(reviewRecord{Seq: rseq, Update: seq, State: string(state), By: by,
			Comment: comment, At: formatInstant(now)})
		if err != nil {
			return err
		}
		if err := tx.put(bucketReviews, reviewKey(seq, rseq), v); err != nil {
			return err
		}
		// The task may have left the plan since (and its digest with it);
		// its history stays reviewable. putTask rewrites the digest.
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
	}
}
