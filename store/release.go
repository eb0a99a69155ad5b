package store

import (
	bolt "go.etcd.io/bbolt"
)

// ReleaseMapped drops the file's pages from this process's memory map of
// it, once a large read (a snapshot) is over: they count in the process's
// resident memory as long as they stay mapped, and a snapshot of a
// 100,000-task file (genplan, 493 MB) leaves about 235 MB of them there,
// which nothing reads again until the next snapshot. They stay in the
// kernel's page cache: the next read through the mapping faults them back
// in from there, not from the disk.
//
// It is safe at any time, also while other goroutines read: bbolt maps the
// file read-only and shared (PROT_READ, MAP_SHARED) and writes through the
// file descriptor, so the mapping holds nothing that is not in the file,
// and a page dropped under a reader is faulted in again on its next access.
// Nothing in bbolt relies on pages staying resident (only Options.Mlock,
// which the store never sets). What must not happen is dropping pages at
// an address bbolt has unmapped or remapped meanwhile (the address could
// by then hold the Go heap): the mapping's address is therefore read, and
// the pages dropped, inside a read transaction, which holds bbolt's mmap
// lock and so keeps a growing write from remapping the file until it ends.
//
// On systems other than Linux it does nothing.
func (s *Store) ReleaseMapped() error {
	err := safely(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			// tx.Size() is the file as this transaction sees it (its
			// high-water mark): what readers read, and never more than
			// bbolt mapped.
			return dropMapped(s.db.Info().Data, tx.Size())
		})
	})
	if err != nil {
		return s.ioErr(err)
	}
	return nil
}

// DropPagesAsRead makes every later whole-plan read (Snapshot, SnapshotAt)
// drop the file's pages from the memory map as it goes, every dropEvery
// records, rather than hold all it read until ReleaseMapped: the peak of
// resident memory while the local TUI loads a 100,000-task file, where
// they were 133 MB of it beside the snapshot being built. It costs a
// system call per dropEvery records and a fault for each page read again
// (by the next pass, or another goroutine). Safe as ReleaseMapped is: the
// pages are dropped inside the read transaction.
func (s *Store) DropPagesAsRead() { s.dropRead.Store(true) }
