package store

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

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
// bbolt from reusing the pages saves free (the file grows by every save's
// pages meanwhile) and, were the file to outgrow its mapping (see
// initialMmapSize), make every save wait for the client. Copies are taken
// one at a time, into a buffer kept for the next backup (see keepBackupBuf).
// The copy is then written paced (see writePaced).
func (s *Store) BackupTo(w io.Writer) error {
	buf := takeBackupBuf()
	defer keepBackupBuf(buf)
	backupMu.Lock()
	err := s.db.View(func(tx *bolt.Tx) error {
		buf.Reset()
		buf.Grow(int(tx.Size()))
		_, err := tx.WriteTo(buf)
		return err
	})
	backupMu.Unlock()
	if err == nil {
		err = writePaced(w, buf.Bytes())
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
	backupMu sync.Mutex // one copy into memory at a time

	keptMu   sync.Mutex
	kept     *bytes.Buffer // the last backup's buffer, for the next one
	keptDrop *time.Timer   // drops kept once no backup used it for backupBufIdle
)

// maxKeptBackup is the largest backup buffer kept for the next backup.
const maxKeptBackup = 1 << 30

// backupBufIdle is how long an unused backup buffer is kept. (A sync.Pool
// was used before: the collector empties it every second cycle, and a
// backup's own copy of tens of megabytes brings cycles on, so nearly every
// backup allocated and zeroed a fresh buffer of the file's size.)
const backupBufIdle = time.Minute

// takeBackupBuf returns the kept buffer, or a new one.
func takeBackupBuf() *bytes.Buffer {
	keptMu.Lock()
	defer keptMu.Unlock()
	buf := kept
	kept = nil
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	return buf
}

// keepBackupBuf keeps buf for the next backup for backupBufIdle.
func keepBackupBuf(buf *bytes.Buffer) {
	if buf.Cap() > maxKeptBackup {
		return
	}
	buf.Reset()
	keptMu.Lock()
	defer keptMu.Unlock()
	kept = buf
	if keptDrop == nil {
		keptDrop = time.AfterFunc(backupBufIdle, func() {
			keptMu.Lock()
			kept = nil
			keptMu.Unlock()
		})
	} else {
		keptDrop.Reset(backupBufIdle)
	}
}

// backupChunk is how much of a copy writePaced writes at a time, and
// maxBackupRest the longest it rests after a chunk.
const (
	backupChunk   = 256 << 10
	maxBackupRest = 5 * time.Millisecond
)

// writePaced writes p to w a chunk at a time, resting after each chunk as
// long as writing it took (at most maxBackupRest): a copy streamed over SSH
// is encrypted as fast as one core goes (and, on the same machine, the
// client decrypts it on the other), so unpaced the saving sessions found
// no core free and queued behind each other at bbolt's one writer. Resting
// half the time leaves a core to them; over a slow link a chunk's time is
// mostly waiting for the client, and the rest adds at most maxBackupRest
// to it.
//
// Measured with BenchmarkBackupWhileSaving in package cli (10,000 tasks,
// 50 sessions saving ~100 times a second, backups back to back over SSH in
// process, 2 cores under a load average of about 9 from other work), 3
// runs each side by side: written in one piece, worst save 288–549 ms (p99
// 219–349 ms); paced, 170–223 ms (p99 122–147 ms). Figures with the kept
// buffer are beside that benchmark.
func writePaced(w io.Writer, p []byte) error {
	for len(p) > 0 {
		n := min(len(p), backupChunk)
		start := time.Now()
		if _, err := w.Write(p[:n]); err != nil {
			return err
		}
		p = p[n:]
		if len(p) > 0 {
			time.Sleep(min(time.Since(start), maxBackupRest))
		}
	}
	return nil
}
