package server

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"duban/i18n"
	"duban/store"
)

// Scheduled backups (duban serve --backup-dir DIR --backup-every 24h
// --backup-keep 14). Each copy is taken from one read transaction, so
// saves go on meanwhile; it is written to a temporary file, synced and
// renamed into place (store.Backup), then opened again and checked. Only
// a copy that passed lets the oldest beyond keep be removed, so a run of
// failures never eats the good copies.

// DefaultBackupEvery and DefaultBackupKeep apply when a backup directory
// is given without them.
const (
	DefaultBackupEvery = 24 * time.Hour
	DefaultBackupKeep  = 14
)

// backupLayout names copies by time, so that names sort by age.
const backupLayout = "20060102-150405"

type backups struct {
	s     *Server
	dir   string
	every time.Duration
	keep  int
	base  string // the database's name without extension: duban
}

func newBackups(s *Server, dir string, every time.Duration, keep int) (*backups, error) {
	if every <= 0 {
		every = DefaultBackupEvery
	}
	if keep <= 0 {
		keep = DefaultBackupKeep
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, i18n.E("server.err.backupdir", dir, err.Error())
	}
	p := s.st.Path()
	return &backups{s: s, dir: dir, every: every, keep: keep,
		base: strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))}, nil
}

// run takes a copy at once and then every interval until ctx ends.
func (b *backups) run(ctx context.Context) {
	t := time.NewTicker(b.every)
	defer t.Stop()
	for {
		b.once(b.s.o.Now())
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// once takes, checks and rotates one copy, and logs the outcome.
func (b *backups) once(now time.Time) (string, error) {
	start := time.Now()
	path := filepath.Join(b.dir, b.base+"-"+now.Format(backupLayout)+".db")
	err := b.s.st.Backup(path)
	if err == nil {
		err = verify(path)
		if err != nil {
			os.Remove(path) // a copy that fails check is no backup
		}
	}
	if err != nil {
		b.s.log.Error("scheduled backup failed", "file", path, "err", i18n.Message(i18n.En, err))
		return path, err
	}
	removed := b.rotate()
	b.s.log.Info("scheduled backup", "file", path, "took", time.Since(start).Round(time.Millisecond), "removed", len(removed))
	return path, nil
}

// verify opens a copy read-only and runs check on it.
func verify(path string) error {
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	if problems := st.Check(); len(problems) > 0 {
		return errors.Join(problems...)
	}
	return nil
}

// rotate removes the oldest copies beyond keep and returns their paths.
func (b *backups) rotate() []string {
	entries, err := os.ReadDir(b.dir)
	if err != nil {
		return nil
	}
	var copies []string
	for _, e := range entries {
		n := e.Name()
		stamp, ok := strings.CutPrefix(n, b.base+"-")
		if !ok || !e.Type().IsRegular() || !strings.HasSuffix(stamp, ".db") {
			continue
		}
		if _, err := time.Parse(backupLayout, strings.TrimSuffix(stamp, ".db")); err != nil {
			continue // not one of ours
		}
		copies = append(copies, n)
	}
	slices.Sort(copies)
	var removed []string
	for len(copies) > b.keep {
		p := filepath.Join(b.dir, copies[0])
		if os.Remove(p) == nil {
			removed = append(removed, p)
		}
		copies = copies[1:]
	}
	return removed
}
