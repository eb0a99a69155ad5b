//go:build unix

package store

import (
	"errors"
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
