package store

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"duban/model"
)

// getTask reads one task; a missing task is errTaskUnknown.
func getTask(tx ptx, id string) (model.Task, error) {
	v := tx.Bucket(bucketTasks).Get([]byte(id))
	if v == nil {
		return model.Task{}, errTaskUnknown(id)
	}
	t, err := decodeTask(v)
	if err != nil {
		return t, recordErr(bucketTasks, id, err)
	}
	return t, nil
}

// putTask writes a task and rewrites its digest from it and its history:
// every change to a task, its updates or their reviews ends with it.
func putTask(tx ptx, t model.Task) error {
	v, err := encodeTask(t)
	if err != nil {
		return err
	}
	if err := tx.put(bucketTasks, []byte(t.ID), v); err != nil {
		return err
	}
	return refreshDigest(tx, t.ID)
}

// changeTask reads a task, lets change modify it as the actor as once
// may allows it, bumps its Rev, writes it back and appends an audit entry
// with the detail change returns, all in one transaction.
func (s *Store) changeTask(as model.Actor, id, action string, may func(model.User) error,
	change func(t *model.Task, by string, now time.Time) string) error {
	return s.act(as, func(tx ptx, acct model.User) error {
		if err := may(acct); err != nil {
			return err
		}
		by := acct.Name
		t, err := getTask(tx, id)
		if err != nil {
			return err
		}
		now := s.clock()
		detail := change(&t, by, now)
		t.Rev++
		if err := putTask(tx, t); err != nil {
			return err
		}
		_, err = appendAudit(tx, model.AuditEntry{At: now, User: by, Action: action, TaskID: id, Detail: detail})
		return err
	})
}

// Urge opens a 督办 on a task: a supervisor's comment and a date to answer
// by (zero for none). It replaces an open one and bumps the task's Rev;
// the lead department's next update closes it. The actor must be allowed
// to urge (model.CanUrge).
func (s *Store) Urge(as model.Actor, taskID, comment string, replyBy time.Time) error {
	if err := model.CheckUrge(comment); err != nil {
		return err
	}
	return s.changeTask(as, taskID, ActionUrge, model.CanUrge, func(t *model.Task, by string, now time.Time) string {
		u := &model.Urge{By: by, At: now, Comment: strings.TrimSpace(comment)}
		if !replyBy.IsZero() {
			u.ReplyBy = model.Day(replyBy)
		}
		t.Urged = u
		if u.ReplyBy.IsZero() {
			return u.Comment
		}
		return fmt.Sprintf("reply by %s: %s", model.FormatDate(u.ReplyBy), u.Comment)
	})
}

// SetDepts sets a task's lead department and partners, confirming them:
// the lead is no longer marked as duban's default. Partners are trimmed,
// and empty ones, repeats and the lead itself are dropped. Admins only.
func (s *Store) SetDepts(as model.Actor, taskID, lead string, partners []string) error {
	lead = strings.TrimSpace(lead)
	if lead == "" {
		return newErr(nil, nil, "err.store.lead")
	}
	var ps []string
	for _, p := range partners {
		if p = strings.TrimSpace(p); p != "" && p != lead && !slices.Contains(ps, p) {
			ps = append(ps, p)
		}
	}
	return s.changeTask(as, taskID, ActionDepts, model.CanAdmin, func(t *model.Task, _ string, _ time.Time) string {
		t.Lead, t.Partners, t.LeadDefault = lead, ps, false
		if len(ps) == 0 {
			return "lead " + lead
		}
		return fmt.Sprintf("lead %s; partners %s", lead, model.JoinList(ps))
	})
}

// SetPacing sets a task's pacing profile and statistics release cadence
// (see model.ParsePacing and model.ParseRelease), each in its text form;
// empty means linear and none. An invalid one is refused and nothing is
// written. Admins only.
func (s *Store) SetPacing(as model.Actor, taskID, pacing, release string) error {
	pc, err := model.ParsePacing(pacing, 2000) // node dates are month-days; 2000 admits 02-29
	if err != nil {
		return err
	}
	if _, err := model.ParseRelease(release); err != nil {
		return err
	}
	pacing, release = pc.String(), strings.TrimSpace(release)
	if pacing == model.PacingLinear {
		pacing = ""
	}
	return s.changeTask(as, taskID, ActionPacing, model.CanAdmin, func(t *model.Task, _ string, _ time.Time) string {
		t.Pacing, t.Release = pacing, release
		return fmt.Sprintf("pacing %s; release %s", pc.String(), release)
	})
}
