//go:build unix

package store

import (
	"os"
	"syscall"
)

// forceUnlock drops the flock bbolt took on f. Needed when bbolt.Open
// panics after mapping the file: the mapping keeps the open file
// description, and with it the lock, alive after f is closed.
func forceUnlock(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
