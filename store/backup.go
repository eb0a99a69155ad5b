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
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fail(err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	err = s.db.View(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(tmp)
		return err
	})
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
			return s.ioErr(err)
		}
		return fail(err)
	}
	return nil
}

// BackupTo writes a consistent copy of the database to w from one read
// transaction, so saves go on meanwhile. It is how a backup is streamed
// (duban backup > copy.db, over SSH or through a running server).
func (s *Store) BackupTo(w io.Writer) error {
	err := s.db.View(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(w)
		return err
	})
	if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
		return s.ioErr(err)
	}
	if err != nil {
		return newErr(nil, err, "err.store.backup", "-", cause(err))
	}
	return nil
}
