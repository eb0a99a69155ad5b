package store

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"duban/model"
)

// flipDB makes a small database with something in every bucket: a plan's
// tasks, two updates (one reviewed), a 督办, a note and a user.
func flipDB(t *testing.T) string {
	t.Helper()
	s := openTest(t)
	u, err := s.AddUpdate(testActor, update(t, "1.2.01", "300", "2019-06-30"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUpdate(testActor, update(t, "1.2.02", "40", "2019-06-30"), 0); err != nil {
		t.Fatal(err)
	}
	if err := s.Review(model.LocalActor("李督查"), u.Seq, model.ReviewReturned, "请核实"); err != nil {
		t.Fatal(err)
	}
	if err := s.Urge(model.LocalActor("李督查"), "2.1.01", "请加快", time.Date(2019, 7, 15, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if err := s.AddNote(model.LocalActor("张三"), "1.2.01", "已协调"); err != nil {
		t.Fatal(err)
	}
	if err := s.PutUser(model.LocalActor("admin"), model.User{Name: "张三", Role: model.RoleStaff, Depts: []string{"市交通运输局"}}); err != nil {
		t.Fatal(err)
	}
	if p := s.Check(); len(p) != 0 {
		t.Fatal(p)
	}
	path := s.Path()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// shown is everything a command can show of the file, as JSON.
func shown(s *Store) (string, error) {
	snap, err := s.Snapshot()
	if err != nil {
		return "", err
	}
	audit, err := s.Audit("")
	if err != nil {
		return "", err
	}
	users, err := s.Users()
	if err != nil {
		return "", err
	}
	plans, err := s.Plans()
	if err != nil {
		return "", err
	}
	var notes []model.Note
	for _, id := range []string{"1.2.01", "1.2.02", "2.1.01"} {
		n, err := s.Notes(id)
		if err != nil {
			return "", err
		}
		notes = append(notes, n...)
	}
	b, err := json.Marshal([]any{snap, audit, users, plans, notes, s.CurrentPlan()})
	return string(b), err
}

// Every byte of a small database, flipped (issue 15 §4), is refused at
// open, reported by Check, or harmless: every command then shows exactly
// what it showed before (the byte lies in free space, page padding, a
// stale meta page or a bbolt field that does not change what is read).
// None silently changes what a command shows. By default every 11th byte
// is flipped (about 6,000 flips), with -short every 97th, and every byte
// with DUBAN_FLIPS=all (65,536 flips, about a minute).
func TestFlipEveryByte(t *testing.T) {
	path := flipDB(t)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	base, err := func() (string, error) {
		s, err := Open(path, Options{ReadOnly: true, MigrateNever: true})
		if err != nil {
			return "", err
		}
		defer s.Close()
		return shown(s)
	}()
	if err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(t.TempDir(), "flip.db")
	if err := os.WriteFile(work, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(work, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	step := 11
	switch {
	case os.Getenv("DUBAN_FLIPS") == "all":
		step = 1
	case testing.Short():
		step = 97
	}
	rng := rand.New(rand.NewPCG(15, 4))
	var refused, reported, harmless int
	for off := 0; off < len(orig); off += step {
		mask := byte(1 << rng.IntN(8)) // one bit, as a damaged sector or a stray write
		if _, err := f.WriteAt([]byte{orig[off] ^ mask}, int64(off)); err != nil {
			t.Fatal(err)
		}
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		s, err := Open(work, Options{ReadOnly: true, MigrateNever: true, Timeout: time.Second})
		switch {
		case err != nil:
			refused++
		case len(s.Check()) > 0:
			reported++
		default:
			got, err := shown(s)
			if err != nil || got != base {
				t.Errorf("byte %d (page %d) ^%#x: check passes but what commands show changed (err %v)", off, off/4096, mask, err)
			}
			harmless++
		}
		if s != nil {
			s.Close()
		}
		// A damaged length is never believed: no flip makes duban
		// allocate more than a few times the file (one took 24 GB).
		if runtime.ReadMemStats(&m1); m1.TotalAlloc-m0.TotalAlloc > 32<<20 {
			t.Errorf("byte %d ^%#x: open and check allocated %d MB", off, mask, (m1.TotalAlloc-m0.TotalAlloc)>>20)
		}
		if _, err := f.WriteAt(orig[off:off+1], int64(off)); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d bytes (%d pages), %d flipped: %d refused at open, %d reported by check, %d harmless",
		len(orig), len(orig)/4096, refused+reported+harmless, refused, reported, harmless)
}
