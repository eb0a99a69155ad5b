package store

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Backup writes a consistent copy of the database to path while it stays
// in use: to a temporary file beside it, synced, then renamed into place
// and the directory synced. The copy is a complete duban database (open it
// with Open, or check it); an existing file at path is replaced only once
// the copy is whole.
func (s *Store) Backup(path string) error {
	path = filepath.Clean(path)
	fail := func(err error) error { return newErr(nil, err, "err.store.backup", path, cause(err)) }
	if fi, err := os.Stat(path); err == nil {
		if own, err2 := os.Stat(s.path); err2 == nil && os.SameFile(fi, own) {
			return newErr(nil, nil, "err.store.backup.self", path)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fail(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fail(err)
	}
	target, err := PrepareOutput(path, true, s.path)
	if err != nil {
		return err
	}
	err = WriteOutput(target, 0o600, func(w io.Writer) error {
		return s.db.View(func(tx *bolt.Tx) error {
			_, err := tx.WriteTo(w)
			return err
		})
	})
	if err != nil {
		if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
			return s.ioErr(err)
		}
		return fail(err)
	}
	return nil
}
