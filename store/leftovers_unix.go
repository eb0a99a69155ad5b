//go:build unix

package store

import (
	"os"
	"syscall"
)

// lockTemp takes an exclusive flock on a temporary file being written, so
// that another process's cleanup (removeLeftovers) knows it is in use.
func lockTemp(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) }

// unused reports whether no process holds a lock on the file at name: a
// temporary file of a killed run, not one being written now. bbolt locks
// the creation's temporary file; WriteOutput locks its own.
func unused(name string) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return false
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return true
}
