package store

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"duban/i18n"
	"duban/model"
	"duban/seed"
)

// systemUser records changes duban makes by itself, such as seeding.
const systemUser = "duban"

// embeddedPlan is the 2019 Zhuzhou plan shipped in package seed.
func embeddedPlan() (model.Plan, []model.Task, error) {
	start, err := model.ParseDate(seed.PeriodStart)
	if err != nil {
		return model.Plan{}, nil, err
	}
	end, err := model.ParseDate(seed.PeriodEnd)
	if err != nil {
		return model.Plan{}, nil, err
	}
	p := model.Plan{ID: seed.PlanID, Title: seed.PlanTitle, Start: start, End: end,
		Threshold: model.DefaultThreshold, CycleMonths: model.DefaultCycleMonths}
	tasks, err := model.ReadPlanCSV(bytes.NewReader(seed.PlanCSV), p)
	return p, tasks, err
}

// preparePlan validates a plan and its tasks and fills in defaults: the
// thresholds, and each task's due date (the plan's end). It returns
// copies; Rev and Urged, which the store owns, are cleared.
func preparePlan(p model.Plan, tasks []model.Task) (model.Plan, []model.Task, error) {
	p.ID = strings.TrimSpace(p.ID)
	if p.ID == "" {
		return p, nil, newErr(nil, nil, "err.store.plan.id")
	}
	if p.Start.IsZero() || p.End.IsZero() || p.End.Before(p.Start) {
		return p, nil, newErr(nil, nil, "err.store.plan.period", model.FormatDate(p.Start), model.FormatDate(p.End))
	}
	p.Start, p.End = model.Day(p.Start), model.Day(p.End)
	if p.Threshold <= 0 {
		p.Threshold = model.DefaultThreshold
	}
	if p.CycleMonths <= 0 {
		p.CycleMonths = model.DefaultCycleMonths
	}
	if len(tasks) == 0 {
		return p, nil, i18n.E("err.plan.empty")
	}
	out := make([]model.Task, len(tasks))
	seen := make(map[string]bool, len(tasks))
	for i, t := range tasks {
		t.Rev, t.Urged = 0, nil
		t.Partners = append([]string(nil), t.Partners...)
		if t.Due.IsZero() {
			t.Due = p.End
		}
		t.Due = model.Day(t.Due)
		if err := model.ValidateTask(t); err != nil {
			return p, nil, err
		}
		if !p.Contains(t.Due) {
			return p, nil, i18n.E("err.task.due", t.ID, model.FormatDate(t.Due))
		}
		if seen[t.ID] {
			return p, nil, i18n.E("err.task.dup", t.ID)
		}
		seen[t.ID] = true
		out[i] = t
	}
	return p, out, nil
}

// seedTx writes a new file's plan and tasks and the "seed" audit entry.
func seedTx(tx ptx, p model.Plan, tasks []model.Task, now time.Time) error {
	if err := putPlan(tx, p); err != nil {
		return err
	}
	for _, t := range tasks {
		if err := putTask(tx, t); err != nil {
			return err
		}
	}
	_, err := appendAudit(tx, model.AuditEntry{At: now, User: systemUser, Action: ActionSeed,
		Detail: fmt.Sprintf("%s: %d tasks", p.ID, len(tasks))})
	return err
}

func putPlan(tx ptx, p model.Plan) error {
	v, err := encodePlan(p)
	if err != nil {
		return err
	}
	return tx.put(bucketMeta, keyPlan, v)
}

func getPlan(tx ptx) (model.Plan, error) {
	p, err := decodePlan(tx.Bucket(bucketMeta).Get(keyPlan))
	if err != nil {
		return p, recordErr(bucketMeta, string(keyPlan), err)
	}
	return p, nil
}

// ReplacePlan imports a plan into the plan of the same id (p.ID), or into
// a new plan of the file when there is none, as the actor as, who must be
// an administrator: it replaces the plan record and its task list
// atomically. Other plans are never touched, and the current plan stays
// what it was. Histories of tasks whose ids remain are kept (updates are
// never deleted); the actor is recorded in the audit log.
//
// Tasks are validated as a plan file's are (model.ValidateTask, due dates
// within the period, no duplicate ids). A task that remains keeps its open
// 督办 and its Rev, bumped when the task changed; a task that returns after
// an earlier import removed it continues from its old Rev.
func (s *Store) ReplacePlan(as model.Actor, p model.Plan, tasks []model.Task) error {
	p, tasks, err := preparePlan(p, tasks)
	if err != nil {
		return err
	}
	if s.readOnly {
		return newErr(ErrReadOnly, nil, "err.store.readonly")
	}
	var exists bool
	if err := s.db.View(func(tx *bolt.Tx) error { exists = planBucket(tx, p.ID) != nil; return nil }); err != nil {
		return s.ioErr(err)
	}
	if !exists {
		create := func(btx *bolt.Tx) (ptx, error) {
			if planBucket(btx, p.ID) != nil {
				return ptx{}, newErr(nil, nil, "err.store.plan.exists", p.ID)
			}
			return createPlanTx(btx, p.ID)
		}
		return s.commit(create, asActor(as, func(tx ptx, acct model.User) error {
			if err := model.CanAdmin(acct); err != nil {
				return err
			}
			for i := range tasks {
				tasks[i].Rev = 1
			}
			if err := putPlan(tx, p); err != nil {
				return err
			}
			for _, t := range tasks {
				if err := putTask(tx, t); err != nil {
					return err
				}
			}
			_, err := appendAudit(tx, model.AuditEntry{At: s.clock(), User: acct.Name, Action: ActionImport,
				Detail: fmt.Sprintf("%s: %d tasks (new plan)", p.ID, len(tasks))})
			return err
		}))
	}
	return s.actOn(p.ID, as, func(tx ptx, acct model.User) error {
		if err := model.CanAdmin(acct); err != nil {
			return err
		}
		tb, retired := tx.Bucket(bucketTasks), tx.Bucket(bucketRetired)
		old := map[string]model.Task{}
		oldRaw := map[string][]byte{}
		err := tb.ForEach(func(k, v []byte) error {
			t, err := decodeTask(v)
			if err != nil {
				return recordErr(bucketTasks, string(k), err)
			}
			old[string(k)] = t
			oldRaw[string(k)] = bytes.Clone(v)
			return nil
		})
		if err != nil {
			return err
		}
		var added, changed int
		for _, t := range tasks {
			if o, ok := old[t.ID]; ok {
				delete(old, t.ID)
				t.Rev, t.Urged = o.Rev, o.Urged
				v, err := encodeTask(t)
				if err != nil {
					return err
				}
				if bytes.Equal(v, oldRaw[t.ID]) {
					continue
				}
				t.Rev++
				changed++
			} else {
				t.Rev = 1
				if r := retired.Get([]byte(t.ID)); len(r) == 8 {
					t.Rev = keySeq(r) + 1
					if err := tx.del(bucketRetired, []byte(t.ID)); err != nil {
						return err
					}
				}
				added++
			}
			if err := putTask(tx, t); err != nil {
				return err
			}
		}
		for id, o := range old {
			if err := tx.del(bucketTasks, []byte(id)); err != nil {
				return err
			}
			if err := refreshDigest(tx, id); err != nil { // deletes it
				return err
			}
			if err := tx.put(bucketRetired, []byte(id), be64(o.Rev)); err != nil {
				return err
			}
		}
		if err := putPlan(tx, p); err != nil {
			return err
		}
		_, err = appendAudit(tx, model.AuditEntry{At: s.clock(), User: acct.Name, Action: ActionImport,
			Detail: fmt.Sprintf("%s: %d tasks (%d added, %d changed, %d removed)", p.ID, len(tasks), added, changed, len(old))})
		return err
	})
}
