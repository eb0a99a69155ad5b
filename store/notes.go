package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	"duban/model"
)

// Notes (备注) are remarks on a task without a value, kept in the notes
// bucket (see buckets.go). The bucket came after schema 1 without a schema
// change: it is created by the first AddNote, so a file that never had a
// note has none, and readers treat a missing bucket as no notes. A file
// opened read-only therefore reads the same with or without it.

// ActionNote is the audit action of AddNote.
const ActionNote = "note"

// noteRecord is a note as stored; notes are never rewritten or deleted.
type noteRecord struct {
	Seq    uint64 `json:"seq"`
	TaskID string `json:"task"`
	Text   string `json:"text"`
	By     string `json:"by"`
	At     string `json:"at"`
}

func encodeNote(n model.Note) ([]byte, error) {
	return json.Marshal(noteRecord{Seq: n.Seq, TaskID: n.TaskID, Text: n.Text, By: n.By, At: formatInstant(n.At)})
}

func decodeNote(b []byte) (model.Note, error) {
	var r noteRecord
	if err := strictJSON(b, &r); err != nil {
		return model.Note{}, err
	}
	at, err := parseInstant(r.At)
	return model.Note{Seq: r.Seq, TaskID: r.TaskID, Text: r.Text, By: r.By, At: at}, err
}

// AddNote records a note on a task by the actor as, in one transaction
// with its audit entry: the task must exist, the actor may note on it
// (model.CanNote) and the text must not be blank. It
// changes nothing else (the task's Rev stays, so nobody's open report is
// refused because of a note) and tells subscribers.
func (s *Store) AddNote(as model.Actor, taskID, text string) error {
	text = model.NoteText(text)
	if text == "" {
		return newErr(nil, nil, "err.store.note.empty")
	}
	return s.act(as, func(tx ptx, acct model.User) error {
		if err := model.CheckNote(text); err != nil {
			return err
		}
		t, err := getTask(tx, taskID)
		if err != nil {
			return err
		}
		if err := model.CanNote(acct, t); err != nil {
			return err
		}
		by := acct.Name
		b, err := tx.CreateBucketIfNotExists(bucketNotes)
		if err != nil {
			return err
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		now := s.clock()
		v, err := encodeNote(model.Note{Seq: seq, TaskID: taskID, Text: text, By: by, At: now})
		if err != nil {
			return err
		}
		if err := tx.put(bucketNotes, updateKey(taskID, seq), v); err != nil {
			return err
		}
		_, err = appendAudit(tx, model.AuditEntry{At: now, User: by, Action: ActionNote, TaskID: taskID, Detail: text})
		return err
	})
}

// allNotes reads the notes of the given tasks, oldest first per task, from
// one pass over the notes bucket; nil when the bucket is missing or empty.
// Notes of tasks no longer in the plan are left out, like their updates.
func allNotes(tx ptx, tasks []model.Task) (map[string][]model.Note, error) {
	b := tx.Bucket(bucketNotes)
	if b == nil {
		return nil, nil
	}
	ids := make(map[string]string, len(tasks))
	for _, t := range tasks {
		ids[t.ID] = t.ID
	}
	var out map[string][]model.Note
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		n := len(k) - 9
		if n < 1 || k[n] != 0 {
			return nil, recordErr(bucketNotes, fmt.Sprintf("%x", k), errBadKey)
		}
		id, ok := ids[string(k[:n])]
		if !ok {
			continue
		}
		note, err := decodeNote(v)
		if err != nil {
			return nil, recordErr(bucketNotes, fmt.Sprintf("%s/%d", id, keySeq(k[n+1:])), err)
		}
		if out == nil {
			out = map[string][]model.Note{}
		}
		out[id] = append(out[id], note) // keys ascend by seq within a task
	}
	return out, nil
}

// notesOf reads one task's notes, oldest first.
func notesOf(tx ptx, taskID string) ([]model.Note, error) {
	b := tx.Bucket(bucketNotes)
	if b == nil {
		return nil, nil
	}
	var out []model.Note
	prefix := updatePrefix(taskID)
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		note, err := decodeNote(v)
		if err != nil {
			return nil, recordErr(bucketNotes, fmt.Sprintf("%s/%d", taskID, keySeq(k[len(prefix):])), err)
		}
		out = append(out, note)
	}
	return out, nil
}

// Notes returns one task's notes, oldest first.
func (s *Store) Notes(taskID string) ([]model.Note, error) {
	var out []model.Note
	err := s.view(func(tx ptx) error {
		if _, err := getTask(tx, taskID); err != nil {
			return err
		}
		var err error
		out, err = notesOf(tx, taskID)
		return err
	})
	return out, err
}

// checkNotes is Check's part for the notes bucket, when there is one:
// every record decodes, sits under its own task id and seq, and is
// numbered within the bucket's sequence. (Check's caller in check.go runs
// it; a note of a task a plan import removed is kept, like its updates.)
func checkNotes(tx ptx, add func(error)) {
	b := tx.Bucket(bucketNotes)
	if b == nil {
		return
	}
	_ = b.ForEach(func(k, v []byte) error {
		id, seq, ok := splitUpdateKey(k)
		if !ok || v == nil {
			add(recordErr(bucketNotes, fmt.Sprintf("%x", k), errBadKey))
			return nil
		}
		key := fmt.Sprintf("%s/%d", id, seq)
		n, err := decodeNote(v)
		switch {
		case err != nil:
			add(recordErr(bucketNotes, key, err))
		case n.Seq != seq || n.TaskID != id:
			add(recordErr(bucketNotes, key, fmt.Errorf("holds note %d of task %q", n.Seq, n.TaskID)))
		case seq > b.Sequence():
			add(recordErr(bucketNotes, key, fmt.Errorf("is numbered beyond the last note %d", b.Sequence())))
		case model.NoteText(n.Text) == "" || n.By == "":
			add(recordErr(bucketNotes, key, fmt.Errorf("has no text or no author")))
		}
		return nil
	})
}
