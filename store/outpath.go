package store

import (
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Output paths. Every file duban writes outside its database (an export, a
// template, a backup) goes through PrepareOutput and WriteOutput, so that no
// path can destroy what is there:
//   - the database's own file is refused, however it is reached (through a
//     symbolic link, a hard link or a different spelling of the path);
//   - anything that exists and is not a regular file (a device such as
//     /dev/full, a directory, a pipe) is refused rather than replaced;
//   - a symbolic link is written through: its target is replaced, the link
//     stays;
//   - the file is written to a temporary file in the target's directory,
//     synced and renamed over the target, so it is whole or untouched.

// PrepareOutput checks that path may be written as an output file and
// returns the path to replace: path itself, or the final target when path
// is a symbolic link. protect lists database files the output must not be
// (compared by device and inode). With db false (an export), an existing
// bbolt database at path is refused too: exports never replace a database.
func PrepareOutput(path string, db bool, protect ...string) (string, error) {
	target := filepath.Clean(path)
	if resolved, err := filepath.EvalSymlinks(target); err == nil {
		target = resolved
	} else if fi, lerr := os.Lstat(target); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// A dangling symbolic link: write to where it points.
		dest, rerr := os.Readlink(target)
		if rerr != nil {
			return "", newErr(nil, rerr, "err.out.write", path, cause(rerr))
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(target), dest)
		}
		if _, err := os.Lstat(dest); err == nil {
			return "", newErr(nil, err, "err.out.write", path, cause(err)) // a loop or an unreadable link
		}
		target = filepath.Clean(dest)
	} else if !errors.Is(lerr, fs.ErrNotExist) {
		return "", newErr(nil, lerr, "err.out.write", path, cause(lerr))
	}
	fi, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// A new file: nothing to protect but the directory must exist.
		if dir, derr := os.Stat(filepath.Dir(target)); derr != nil || !dir.IsDir() {
			if derr == nil {
				derr = fs.ErrNotExist
			}
			return "", newErr(nil, derr, "err.out.nodir", path, filepath.Dir(path))
		}
		return target, nil
	case err != nil:
		return "", newErr(nil, err, "err.out.write", path, cause(err))
	}
	for _, p := range protect {
		if own, err := os.Stat(p); err == nil && os.SameFile(fi, own) {
			return "", newErr(nil, nil, "err.out.self", path)
		}
	}
	if !fi.Mode().IsRegular() {
		return "", newErr(nil, nil, "err.out.special", path)
	}
	if !db && isBolt(target) {
		return "", newErr(nil, nil, "err.out.database", path)
	}
	return target, nil
}

// isBolt reports whether the file at path starts like a bbolt database.
func isBolt(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, pageHeaderSize+4)
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return binary.NativeEndian.Uint32(head[pageHeaderSize:]) == boltMagic
}

// WriteOutput writes the file at target (a path PrepareOutput returned)
// with write: to a temporary file in target's directory, synced, renamed
// into place and the directory synced. On any error nothing is replaced.
// An existing file keeps its permission bits; a new one gets perm. The
// temporary files killed writes to target left beside it are removed first.
func WriteOutput(target string, perm fs.FileMode, write func(io.Writer) error) error {
	dir := filepath.Dir(target)
	removeLeftovers(target)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	lockTemp(tmp)               // in use: another process's cleanup keeps it
	if fi, err := os.Stat(target); err == nil {
		_ = tmp.Chmod(fi.Mode().Perm())
	} else {
		_ = tmp.Chmod(perm)
	}
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), target)
	}
	if err == nil {
		err = syncDir(dir)
	}
	return err
}
