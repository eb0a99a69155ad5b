package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"duban/i18n"
	"duban/model"
)

// TestNotes: a note round-trips through Snapshot and Notes, oldest first,
// with its audit entry; it leaves the task's Rev alone and tells
// subscribers; unknown tasks, blank text and a missing author are refused.
func TestNotes(t *testing.T) {
	s := openTest(t)
	ch, cancel := s.Subscribe()
	defer cancel()

	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if snap.Notes != nil {
		t.Fatalf("a new file has notes: %v", snap.Notes)
	}
	before, _ := snap.Task("1.2.01")

	if err := s.AddNote(model.LocalActor("李四"), "1.2.01", "  公安局已完成路内停车位复核  "); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatal("subscribers were not told")
	}
	if err := s.AddNote(model.LocalActor("王五"), "1.2.01", "第二条"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddNote(model.LocalActor("李四"), "1.2.02", "公交线路调整中"); err != nil {
		t.Fatal(err)
	}

	snap, err = s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	ns := snap.Notes["1.2.01"]
	if len(ns) != 2 || len(snap.Notes["1.2.02"]) != 1 || len(snap.Notes) != 2 {
		t.Fatalf("notes = %+v", snap.Notes)
	}
	if n := ns[0]; n.Text != "公安局已完成路内停车位复核" || n.By != "李四" || n.TaskID != "1.2.01" || n.Seq == 0 || n.At.IsZero() {
		t.Errorf("first note = %+v", n)
	}
	if ns[1].Text != "第二条" || ns[1].Seq <= ns[0].Seq || ns[1].At.Before(ns[0].At) {
		t.Errorf("not oldest first: %+v", ns)
	}
	if after, _ := snap.Task("1.2.01"); after.Rev != before.Rev {
		t.Errorf("a note bumped the task's Rev %d → %d", before.Rev, after.Rev)
	}
	if got, err := s.Notes("1.2.01"); err != nil || len(got) != 2 || got[0] != ns[0] {
		t.Errorf("Notes = %+v, %v", got, err)
	}
	if got, err := s.Notes("1.2.02"); err != nil || len(got) != 1 {
		t.Errorf("Notes(1.2.02) = %+v, %v", got, err)
	}

	// Refusals write nothing.
	if err := s.AddNote(model.LocalActor("李四"), "9.9.99", "x"); !errors.Is(err, ErrNotFound) || !errors.Is(err, i18n.E("err.task.unknown")) {
		t.Errorf("unknown task: %v", err)
	}
	if err := s.AddNote(model.LocalActor("李四"), "1.2.01", " \n\t "); !errors.Is(err, i18n.E("err.store.note.empty")) {
		t.Errorf("blank note: %v", err)
	}
	if msg := i18n.Message(i18n.Zh, s.AddNote(model.LocalActor("李四"), "1.2.01", "")); msg == "" || msg == "err.store.note.empty" {
		t.Errorf("blank note's sentence: %q", msg)
	}
	if err := s.AddNote(model.LocalActor(" "), "1.2.01", "x"); !errors.Is(err, i18n.E("err.store.by")) {
		t.Errorf("no author: %v", err)
	}
	if _, err := s.Notes("9.9.99"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Notes of an unknown task: %v", err)
	}

	audit, err := s.Audit("1.2.01")
	if err != nil {
		t.Fatal(err)
	}
	var notes []model.AuditEntry
	for _, e := range audit {
		if e.Action == ActionNote {
			notes = append(notes, e)
		}
	}
	if len(notes) != 2 || notes[0].User != "李四" || notes[0].Detail != "公安局已完成路内停车位复核" {
		t.Errorf("audit = %+v", notes)
	}
	mustCheck(t, s)
	checkNotesClean(t, s)
}

// checkNotesClean runs the notes part of Check.
func checkNotesClean(t *testing.T, s *Store) {
	t.Helper()
	_ = s.db.View(func(tx *bolt.Tx) error {
		checkNotes(pt(tx), func(err error) { t.Errorf("check notes: %v", err) })
		return nil
	})
}

// TestNotesOldFile: a file written before notes existed has no notes
// bucket; it reads with no notes read-only and read-write, and the first
// note creates the bucket. A read-only store refuses a note.
func TestNotesOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", "750", "2019-06-30"), 0); err != nil {
		t.Fatal(err)
	}
	_ = s.db.View(func(tx *bolt.Tx) error {
		if pt(tx).Bucket(bucketNotes) != nil {
			t.Error("the notes bucket exists before the first note")
		}
		return nil
	})
	s.Close()

	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := ro.Snapshot()
	if err != nil || snap.Notes != nil || len(snap.History["1.2.01"]) != 1 {
		t.Fatalf("read-only snapshot without a notes bucket: %v, notes %v", err, snap)
	}
	if ns, err := ro.Notes("1.2.01"); err != nil || ns != nil {
		t.Errorf("Notes = %v, %v", ns, err)
	}
	if err := ro.AddNote(model.LocalActor("李四"), "1.2.01", "x"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("note on a read-only store: %v", err)
	}
	for _, err := range ro.Check() {
		t.Errorf("check: %v", err)
	}
	ro.Close()

	s, err = Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.AddNote(model.LocalActor("李四"), "1.2.01", "补充说明"); err != nil {
		t.Fatal(err)
	}
	if snap, err := s.Snapshot(); err != nil || len(snap.Notes["1.2.01"]) != 1 {
		t.Errorf("after the first note: %v %v", err, snap.Notes)
	}
	mustCheck(t, s)
	checkNotesClean(t, s)
}

// TestCheckNotesDamage: a note record that does not decode, or sits under
// another task's key, is reported.
func TestCheckNotesDamage(t *testing.T) {
	s := openTest(t)
	if err := s.AddNote(model.LocalActor("李四"), "1.2.01", "x"); err != nil {
		t.Fatal(err)
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := pt(tx).Bucket(bucketNotes)
		if err := b.Put(updateKey("1.2.02", 1), []byte(`{"seq":1,"task":"1.2.01","text":"x","by":"李四"}`)); err != nil {
			return err
		}
		return b.Put(updateKey("1.2.01", 2), []byte(`{not json`))
	})
	if err != nil {
		t.Fatal(err)
	}
	var problems []error
	_ = s.db.View(func(tx *bolt.Tx) error {
		checkNotes(pt(tx), func(err error) { problems = append(problems, err) })
		return nil
	})
	if len(problems) != 2 {
		t.Errorf("problems = %v", problems)
	}
	for _, p := range problems {
		if !errors.Is(p, ErrCorrupt) {
			t.Errorf("%v is not ErrCorrupt", p)
		}
	}
	if _, err := s.Snapshot(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("snapshot of a damaged note: %v", err)
	}
}
