package store

import (
	"bytes"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// Several plans in one file (schema 2).
//
// Each plan lives in its own bucket under "plans", holding that plan's
// record, tasks, updates, reviews, notes and audit log; users and the
// file's own audit log (user changes) are at the top level. A Store reads
// and writes one plan at a time, its current plan: the file's "current"
// plan at Open, or the one UsePlan names. Reading a plan never touches
// another plan's buckets, so the cost of a snapshot does not grow with the
// years a file keeps.

// ptx is a transaction seen through one plan: Bucket returns that plan's
// buckets for the per-plan names and the file's for users.
type ptx struct {
	*bolt.Tx
	plan *bolt.Bucket // the plan's bucket under "plans"
	w    *written     // records written since the last audit entry (audit.go)
}

// Bucket returns the named bucket of the plan (users: of the file).
func (t ptx) Bucket(name []byte) *bolt.Bucket {
	if bytes.Equal(name, bucketUsers) {
		return t.Tx.Bucket(name)
	}
	return t.plan.Bucket(name)
}

// CreateBucketIfNotExists creates a bucket of the plan.
func (t ptx) CreateBucketIfNotExists(name []byte) (*bolt.Bucket, error) {
	return t.plan.CreateBucketIfNotExists(name)
}

// planTx finds the current plan's bucket in tx; for a change to the plan
// (write), an archived plan is refused.
func (s *Store) planTx(tx *bolt.Tx, write bool) (ptx, error) {
	return planTxOf(tx, s.CurrentPlan(), write)
}

// planTxOf is planTx for the plan id.
func planTxOf(tx *bolt.Tx, id string, write bool) (ptx, error) {
	b := planBucket(tx, id)
	if b == nil {
		return ptx{}, newErr(ErrNotFound, nil, "err.store.plan.unknown", id)
	}
	if write && b.Bucket(bucketMeta).Get(keyArchived) != nil {
		return ptx{}, newErr(ErrArchived, nil, "err.store.plan.archived", id)
	}
	return ptx{Tx: tx, plan: b, w: &written{}}, nil
}

func planBucket(tx *bolt.Tx, id string) *bolt.Bucket {
	plans := tx.Bucket(bucketPlans)
	if plans == nil || id == "" {
		return nil
	}
	return plans.Bucket([]byte(id))
}

// CurrentPlan is the id of the plan the store reads and writes.
func (s *Store) CurrentPlan() string {
	if p := s.plan.Load(); p != nil {
		return *p
	}
	return ""
}

// UsePlan makes the plan id the store's current plan, the one it reads
// and writes; the file is not changed (see SetCurrentPlan).
func (s *Store) UsePlan(id string) error {
	id = strings.TrimSpace(id)
	err := s.db.View(func(tx *bolt.Tx) error {
		if planBucket(tx, id) == nil {
			return newErr(ErrNotFound, nil, "err.store.plan.unknown", id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.plan.Store(&id)
	s.notify()
	return nil
}

// SetCurrentPlan makes the plan id the file's current plan, the one Open
// starts with, and the store's; the actor as must be an administrator.
// The change is in the file's audit log.
func (s *Store) SetCurrentPlan(as model.Actor, id string) error {
	id = strings.TrimSpace(id)
	err := s.actFile(as, func(tx ptx, acct model.User) error {
		if err := model.CanAdmin(acct); err != nil {
			return err
		}
		if planBucket(tx.Tx, id) == nil {
			return newErr(ErrNotFound, nil, "err.store.plan.unknown", id)
		}
		if err := tx.Tx.Bucket(bucketMeta).Put(keyCurrent, []byte(id)); err != nil {
			return err
		}
		_, err := appendFileAudit(tx, model.AuditEntry{At: s.clock(), User: acct.Name, Action: ActionUse, Detail: id})
		return err
	})
	if err != nil {
		return err
	}
	s.plan.Store(&id)
	s.notify()
	return nil
}

// loadCurrent reads the file's current plan at Open.
func (s *Store) loadCurrent() error {
	return s.db.View(func(tx *bolt.Tx) error {
		id := string(tx.Bucket(bucketMeta).Get(keyCurrent))
		s.plan.Store(&id)
		return nil
	})
}

// PlanInfo describes one plan of the file, for `plan list`.
type PlanInfo struct {
	Plan     model.Plan
	Tasks    int  // tasks in the plan
	Reports  int  // updates ever recorded in it
	Audit    int  // entries of its audit log
	Current  bool // the file's current plan
	Archived bool // read-only
}

// Plans lists the file's plans, oldest period first.
func (s *Store) Plans() ([]PlanInfo, error) { return s.plans(true) }

// plans is Plans, with Tasks counted only when count is set: counting
// walks every page of a plan's tasks (22 ms at 100,000 tasks).
func (s *Store) plans(count bool) ([]PlanInfo, error) {
	var out []PlanInfo
	err := s.db.View(func(tx *bolt.Tx) error {
		current := string(tx.Bucket(bucketMeta).Get(keyCurrent))
		return tx.Bucket(bucketPlans).ForEachBucket(func(k []byte) error {
			b := tx.Bucket(bucketPlans).Bucket(k)
			p, err := decodePlan(b.Bucket(bucketMeta).Get(keyPlan))
			if err != nil {
				return recordErr(bucketPlans, string(k), err)
			}
			info := PlanInfo{Plan: p,
				Reports:  int(b.Bucket(bucketUpdates).Sequence()),
				Audit:    int(b.Bucket(bucketAudit).Sequence()),
				Current:  string(k) == current,
				Archived: b.Bucket(bucketMeta).Get(keyArchived) != nil}
			if count {
				info.Tasks = b.Bucket(bucketTasks).Stats().KeyN
			}
			out = append(out, info)
			return nil
		})
	})
	if err != nil {
		return nil, s.ioErr(err)
	}
	for i := 1; i < len(out); i++ { // few plans: insertion sort by start date
		for j := i; j > 0 && out[j].Plan.Start.Before(out[j-1].Plan.Start); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// ArchivePlan makes a plan read-only: it is still shown and exported, but
// no update, review, note, 督办 or import changes it any more. The actor
// as must be an administrator.
func (s *Store) ArchivePlan(as model.Actor, id string) error {
	return s.actOn(id, as, func(tx ptx, acct model.User) error {
		if err := model.CanAdmin(acct); err != nil {
			return err
		}
		if err := tx.put(bucketMeta, keyArchived, []byte("1")); err != nil {
			return err
		}
		_, err := appendAudit(tx, model.AuditEntry{At: s.clock(), User: acct.Name, Action: ActionArchive, Detail: id})
		return err
	})
}

// createPlanTx makes the buckets of a new plan.
func createPlanTx(tx *bolt.Tx, id string) (ptx, error) {
	plans, err := tx.CreateBucketIfNotExists(bucketPlans)
	if err != nil {
		return ptx{}, err
	}
	b, err := plans.CreateBucket([]byte(id))
	if err != nil {
		return ptx{}, fmt.Errorf("create plan %s: %w", id, err)
	}
	for _, name := range planBuckets {
		if _, err := b.CreateBucket(name); err != nil {
			return ptx{}, fmt.Errorf("create bucket %s of plan %s: %w", name, id, err)
		}
	}
	return ptx{Tx: tx, plan: b, w: &written{}}, nil
}

// FileAudit is the number of entries of the file's own audit log (user
// changes), beside those of each plan (PlanInfo.Audit).
func (s *Store) FileAudit() (int, error) {
	var n int
	err := s.db.View(func(tx *bolt.Tx) error {
		n = int(tx.Bucket(bucketAudit).Sequence())
		return nil
	})
	if err != nil {
		return 0, s.ioErr(err)
	}
	return n, nil
}

// PlanIDs lists the ids of the file's plans, oldest period first (for the
// screens' plan switch). It does not count their tasks: a server's hub
// reads it after every save, and at 100,000 tasks the count was 22 ms of
// CPU of each save's refresh (BenchmarkFanout50TUI100k's profile).
func (s *Store) PlanIDs() ([]string, error) {
	plans, err := s.plans(false)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(plans))
	for i, p := range plans {
		ids[i] = p.Plan.ID
	}
	return ids, nil
}

// ActionSettings is the audit action of SetPlanSetting.
const ActionSettings = "settings"

// SetPlanSettings sets judgement settings of the plan id (keys of
// model.SettingKeys, values in text form, as `duban plan set` takes them)
// and returns the plan as it now stands. The values are checked by
// model.Plan.SetSettings against the plan as stored, inside the write
// transaction; a refused value, an unknown key or an archived plan writes
// nothing. Only an administrator may; the acting user is recorded in the
// audit log with each old and new value.
func (s *Store) SetPlanSettings(as model.Actor, id string, kv [][2]string) (model.Plan, error) {
	var out model.Plan
	err := s.actOn(id, as, func(tx ptx, acct model.User) error {
		if err := model.CanAdmin(acct); err != nil {
			return err
		}
		p, err := getPlan(tx)
		if err != nil {
			return err
		}
		q, err := p.SetSettings(kv)
		if err != nil {
			return err
		}
		var changes []string
		for _, x := range kv {
			old, _ := p.Setting(x[0])
			now, _ := q.Setting(x[0])
			changes = append(changes, fmt.Sprintf("%s %s -> %s", x[0], old, now))
		}
		if err := putPlan(tx, q); err != nil {
			return err
		}
		out = q
		_, err = appendAudit(tx, model.AuditEntry{At: s.clock(), User: acct.Name, Action: ActionSettings,
			Detail: q.ID + ": " + strings.Join(changes, ", ")})
		return err
	})
	return out, err
}

// encodeSettings writes the plan's judgement settings by key; nil while
// the plan sets none (model.Plan.Judgement gives the defaults then).
func encodeSettings(p model.Plan) map[string]string {
	if p.Settings.IsZero() {
		return nil
	}
	m := map[string]string{}
	for _, k := range model.SettingKeys {
		if k == model.SetThreshold || k == model.SetCycle {
			continue // fields of the record of their own
		}
		m[k], _ = p.Setting(k)
	}
	return m
}

// decodeSettings reads the settings of a plan record onto p: a key the
// record lacks (a file written before it existed) takes its default, a
// key duban does not know is refused like any unreadable record.
func decodeSettings(p model.Plan, m map[string]string) (model.Plan, error) {
	if len(m) == 0 {
		return p, nil
	}
	var kv [][2]string
	for _, k := range model.SettingKeys {
		if v, ok := m[k]; ok && k != model.SetThreshold && k != model.SetCycle {
			kv = append(kv, [2]string{k, v})
		}
	}
	if len(kv) != len(m) {
		return p, fmt.Errorf("unknown plan setting in %v", m)
	}
	q, err := p.SetSettings(kv)
	if err != nil {
		return p, err
	}
	p.Settings = q.Settings // the record's own threshold and cycle stay as stored
	return p, nil
}
