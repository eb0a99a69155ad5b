package store

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

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

// BackupTo writes a consistent copy of the database to w (duban backup >
// copy.db, over SSH or through a running server). The copy is taken into
// memory in one read transaction and only then written: a read
// transaction left open while a slow client receives the copy would keep
// bbolt from reusing the pages saves free, and (were the file to outgrow
// its mapping, see initialMmapSize) make every save wait for the client.
// Copies are taken one at a time, into a buffer reused from the last
// backup: a fresh buffer of the file's size each time cost the saving
// sessions more (page faults, zeroing, collections) than the copy itself.
func (s *Store) BackupTo(w io.Writer) error {
	buf, _ := backupBufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer func() {
		if buf.Cap() <= maxPooledBackup {
			buf.Reset()
			backupBufs.Put(buf)
		}
	}()
	backupMu.Lock()
	err := s.db.View(func(tx *bolt.Tx) error {
		buf.Reset()
		buf.Grow(int(tx.Size()))
		_, err := tx.WriteTo(buf)
		return err
	})
	backupMu.Unlock()
	if err == nil {
		_, err = w.Write(buf.Bytes())
	}
	if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
		return s.ioErr(err)
	}
	if err != nil {
		return newErr(nil, err, "err.store.backup", "-", cause(err))
	}
	return nil
}

var (
	backupMu   sync.Mutex // one copy into memory at a time
	backupBufs sync.Pool  // of *bytes.Buffer, dropped by the garbage collector when idle
)

// maxPooledBackup is the largest backup buffer kept for the next backup.
const maxPooledBackup = 1 << 30
