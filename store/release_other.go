//go:build !linux

package store

// dropMapped does nothing on this platform (ReleaseMapped).
func dropMapped(uintptr, int64) error { return nil }
