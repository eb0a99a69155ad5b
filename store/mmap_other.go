//go:build !linux

package store

// mmapFlags adds nothing where MAP_POPULATE does not exist.
const mmapFlags = 0
