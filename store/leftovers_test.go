//go:build unix

package store

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Temporary files of killed runs are removed on the next open; nothing
// else is, nor one still being written (issue 15 §7).
func TestOpenRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	write := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("half a file"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	gone := []string{write(".x.db.new-123456"), write(".x.db.tmp-42")}
	kept := []string{write(".x.db.tmp-abc"), write("x.db.tmp-1"), write(".y.db.new-1"), write(".x.db.new-1.bak")}
	busy := write(".x.db.tmp-777")
	f, err := os.Open(busy)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	kept = append(kept, busy)

	if s, err := Open(path, Options{ReadOnly: true}); err != nil {
		t.Fatal(err)
	} else {
		s.Close()
		for _, p := range gone {
			if _, err := os.Stat(p); err != nil {
				t.Fatalf("a read-only open removed %s", p)
			}
		}
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, p := range gone {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s was not removed", p)
		}
	}
	for _, p := range kept {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", p)
		}
	}
}

// A backup or export killed while writing leaves its temporary file beside
// the target, not beside the database: the next write to that target
// removes it (1,300 SIGKILLed runs left 65 .bk.db.tmp-N beside a backup
// path, none ever removed). One still being written is kept.
func TestWriteOutputRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "bk.db")
	write := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("half a backup"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	gone := write(".bk.db.tmp-1426589270")
	other := write(".other.db.tmp-1")
	busy := write(".bk.db.tmp-777")
	f, err := os.Open(busy)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	if err := WriteOutput(target, 0o600, func(w io.Writer) error { _, err := io.WriteString(w, "backup"); return err }); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(gone); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the killed run's %s is still there", gone)
	}
	for _, p := range []string{other, busy, target} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
