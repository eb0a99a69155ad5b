package store

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"duban/model"
)

// Point reads: what a one-task command needs, read with a few B-tree
// seeks in one transaction, so their cost does not grow with the plan
// (nor with the other plans of the file). A Snapshot reads everything.

// TaskView is one task of the current plan with what its screens and
// commands show: the plan's settings, the task, its history and its notes.
type TaskView struct {
	Plan    model.Plan
	Task    model.Task
	History []model.Update // sorted by model.SortUpdates, reviews applied
	Notes   []model.Note   // oldest first
	User    *model.User    // the user asked for, nil when not a user of the file
}

// TaskView reads one task with its history and notes, and the user named
// user (ignored when ""), in one read transaction. An unknown task is an
// ErrNotFound error.
func (s *Store) TaskView(id, user string) (TaskView, error) {
	var v TaskView
	err := s.view(func(tx ptx) error {
		var err error
		if v.Plan, err = getPlan(tx); err != nil {
			return err
		}
		if v.Task, err = getTask(tx, id); err != nil {
			return err
		}
		if v.History, err = readHistory(tx, id, true); err != nil {
			return err
		}
		if v.Notes, err = notesOf(tx, id); err != nil {
			return err
		}
		if user != "" {
			if raw := tx.Bucket(bucketUsers).Get([]byte(user)); raw != nil {
				u, err := decodeUser(raw)
				if err != nil {
					return recordErr(bucketUsers, user, err)
				}
				v.User = &u
			}
		}
		return nil
	})
	return v, err
}

// PlanRecord reads the current plan's record (its settings) alone.
func (s *Store) PlanRecord() (model.Plan, error) {
	var p model.Plan
	err := s.view(func(tx ptx) error {
		var err error
		p, err = getPlan(tx)
		return err
	})
	return p, err
}

// HasTask reports whether the current plan has the task id.
func (s *Store) HasTask(id string) (bool, error) {
	var ok bool
	err := s.view(func(tx ptx) error {
		ok = tx.Bucket(bucketTasks).Get([]byte(id)) != nil
		return nil
	})
	return ok, err
}

// LastReport is the task's latest report by reporting date (the last of
// its history in model.SortUpdates order), with its review; ok is false
// when it has none. For a check inside a write transaction that needs the
// previous report, see lastReportTx.
func (s *Store) LastReport(id string) (u model.Update, ok bool, err error) {
	err = s.view(func(tx ptx) error {
		if _, err := getTask(tx, id); err != nil {
			return err
		}
		u, ok, err = lastReportTx(tx, id)
		return err
	})
	return u, ok, err
}

// lastReportTx is LastReport inside tx: one prefix scan of the task's own
// updates (its history is read without reviews, then the last one's
// review applied).
func lastReportTx(tx ptx, id string) (model.Update, bool, error) {
	h, err := readHistory(tx, id, false)
	if err != nil || len(h) == 0 {
		return model.Update{}, false, err
	}
	u := h[len(h)-1]
	r, ok, err := latestReview(tx, u.Seq)
	if err != nil {
		return u, false, err
	}
	if ok {
		mergeReview(&u, r)
	}
	return u, true, nil
}

// The per-task index of the audit log.
//
// A plan's optional bucket audit_task holds, for every entry of its audit
// log that names a task, the key task id ‖ 0x00 ‖ be64 entry seq (empty
// value "1"), so that `duban log ID` reads that task's entries alone. It is
// created, and filled from the log as it stands, by the first change
// written after an upgrade (appendAudit); from then on every entry is
// indexed in the transaction that writes it. A plan without the bucket
// (a file no change has been written to since) is read by scanning.
var bucketAuditTask = []byte("audit_task")

// indexAudit records entry e of the plan's log in the per-task index,
// creating and back-filling the index when the plan has none yet.
func indexAudit(tx ptx, e model.AuditEntry) error {
	ib := tx.Bucket(bucketAuditTask)
	if ib != nil && e.TaskID == "" {
		return nil
	}
	if ib == nil {
		var err error
		if ib, err = tx.CreateBucketIfNotExists(bucketAuditTask); err != nil {
			return err
		}
		// Back-fill from the log, this entry included (it is written),
		// in key order: bbolt fills its pages in order instead of
		// splitting them at random (minutes rather than a second for
		// 300,000 entries).
		var keys [][]byte
		err = tx.Bucket(bucketAudit).ForEach(func(k, v []byte) error {
			id, err := auditTaskID(v)
			if err != nil {
				return recordErr(bucketAudit, fmt.Sprintf("%d", keySeq(k)), err)
			}
			if id != "" {
				keys = append(keys, auditIndexKey(id, keySeq(k)))
			}
			return nil
		})
		if err != nil {
			return err
		}
		slices.SortFunc(keys, bytes.Compare)
		ib.FillPercent = 1 // appended in order: full pages
		for _, k := range keys {
			if err := ib.Put(k, indexed); err != nil {
				return err
			}
		}
		return nil
	}
	return ib.Put(auditIndexKey(e.TaskID, e.Seq), indexed)
}

// auditTaskID reads the task id of an encoded audit entry.
func auditTaskID(v []byte) (string, error) {
	e, err := decodeAudit(v)
	return e.TaskID, err
}

// indexed is the value of an index key (bbolt reads an empty value as none).
var indexed = []byte{1}

func auditIndexKey(id string, seq uint64) []byte {
	return append(updatePrefix(id), be64(seq)...)
}

// taskAudit reads the entries of the plan's log that name the task, oldest
// first, through the index when the plan has one; ok is false when it has
// none (the caller scans).
func taskAudit(tx ptx, taskID string, out *[]model.AuditEntry) (ok bool, err error) {
	ib := tx.Bucket(bucketAuditTask)
	if ib == nil {
		return false, nil
	}
	log := tx.Bucket(bucketAudit)
	prefix := updatePrefix(taskID)
	c := ib.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		seq := keySeq(k[len(prefix):])
		v := log.Get(be64(seq))
		if v == nil {
			return true, recordErr(bucketAuditTask, fmt.Sprintf("%s/%d", taskID, seq), errIndexDangling)
		}
		e, err := decodeAudit(v)
		if err != nil {
			return true, recordErr(bucketAudit, fmt.Sprintf("%d", seq), err)
		}
		*out = append(*out, e)
	}
	return true, nil
}

var errIndexDangling = fmt.Errorf("indexes an entry the log does not have")

// checkAuditIndex checks a plan's per-task audit index against its log:
// each entry naming a task is indexed under that task, and nothing else is.
func checkAuditIndex(tx ptx, add func(error)) {
	ib := tx.Bucket(bucketAuditTask)
	if ib == nil {
		return
	}
	want := 0
	_ = tx.Bucket(bucketAudit).ForEach(func(k, v []byte) error {
		id, err := auditTaskID(v)
		if err != nil || id == "" {
			return nil // a bad entry is checkAudit's to report
		}
		want++
		if ib.Get(auditIndexKey(id, keySeq(k))) == nil {
			add(newErr(ErrCorrupt, nil, "err.store.check.auditindex.missing", keySeq(k), id))
		}
		return nil
	})
	if n := ib.Stats().KeyN; n != want {
		add(newErr(ErrCorrupt, nil, "err.store.check.auditindex.count", n, want))
	}
}

// Users is the view's user as a list (empty when none), for
// model.LocalUser and the like.
func (v TaskView) Users() []model.User {
	if v.User == nil {
		return nil
	}
	return []model.User{*v.User}
}

// maxPatch is how many audit entries SnapshotSince applies one task at a
// time; a longer tail (a template of many reports) is read whole.
const maxPatch = 256

// SnapshotSince is Snapshot for a caller holding prev, an earlier snapshot
// of the current plan: it reads the plan's audit log after prev's head and
// re-reads only the tasks those entries name (with their histories and
// notes) and the users, then patches prev (model.Snapshot.Patch; prev is
// not changed). It reads a full snapshot when prev is nil or of another
// plan, when the log was not appended to in the plain way since (its
// entry at prev's head differs), or when an entry changed the plan rather
// than tasks (an import) or the tail is long. With nothing new it returns
// prev itself.
func (s *Store) SnapshotSince(prev *model.Snapshot) (*model.Snapshot, error) {
	if prev == nil {
		return s.Snapshot()
	}
	var (
		out  *model.Snapshot
		full bool
	)
	err := s.view(func(tx ptx) error {
		p, err := getPlan(tx)
		if err != nil {
			return err
		}
		head, hash, err := chainHead(tx)
		if err != nil {
			return err
		}
		log := tx.Bucket(bucketAudit)
		switch {
		case !reflect.DeepEqual(p, prev.Plan):
			full = true
			return nil
		case head == prev.HeadSeq && hash == prev.HeadHash:
			c := model.Change{Users: nil, HeadSeq: head, HeadHash: hash}
			if c.Users, err = allUsers(tx); err != nil {
				return err
			}
			if reflect.DeepEqual(c.Users, prev.Users) {
				out = prev
				return nil
			}
			out, _ = prev.Patch(c) // a user changed (the file's own log)
			return nil
		case head < prev.HeadSeq || head-prev.HeadSeq > maxPatch:
			full = true
			return nil
		}
		if prev.HeadSeq > 0 {
			e, err := decodeAudit(log.Get(be64(prev.HeadSeq)))
			if err != nil || e.Hash != prev.HeadHash {
				full = true
				return nil
			}
		}
		ids := map[string]bool{}
		c := log.Cursor()
		for k, v := c.Seek(be64(prev.HeadSeq + 1)); k != nil; k, v = c.Next() {
			e, err := decodeAudit(v)
			if err != nil {
				return recordErr(bucketAudit, fmt.Sprintf("%d", keySeq(k)), err)
			}
			if e.TaskID == "" {
				full = true // an import, an archive: the plan changed
				return nil
			}
			ids[e.TaskID] = true
		}
		ch := model.Change{HeadSeq: head, HeadHash: hash, History: map[string][]model.Update{}, Notes: map[string][]model.Note{}}
		for id := range ids {
			t, err := getTask(tx, id)
			if errors.Is(err, ErrNotFound) {
				continue // reviewed after it left the plan: not in the snapshot
			} else if err != nil {
				return err
			}
			ch.Tasks = append(ch.Tasks, t)
			if ch.History[id], err = readHistory(tx, id, true); err != nil {
				return err
			}
			if ch.Notes[id], err = notesOf(tx, id); err != nil {
				return err
			}
		}
		if ch.Users, err = allUsers(tx); err != nil {
			return err
		}
		var ok bool
		out, ok = prev.Patch(ch)
		full = !ok
		return nil
	})
	if err != nil {
		return nil, err
	}
	if full {
		return s.Snapshot()
	}
	return out, nil
}
