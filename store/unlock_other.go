//go:build !unix

package store

import "os"

// forceUnlock is a no-op where bbolt does not use flock.
func forceUnlock(*os.File) {}
