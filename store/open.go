package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"duban/model"
)

// Opening a file safely.
//
// bbolt trusts the file it opens: a 0-byte file is silently initialised,
// a truncated one makes Open panic (leaking the descriptor and its lock)
// or later fault on memory mapped past the end of the file, and a damaged
// one may do either. Open therefore never lets bbolt open a file for
// writing before it has been vetted:
//
//  1. A missing file is created whole in a temporary file beside it
//     (buckets, plan, tasks, the "seed" audit entry), synced, and then
//     linked into place, so the path never names a half-made database.
//  2. An existing file that is a directory, not a regular file, or empty is
//     refused before anything opens it.
//  3. The file is opened read-only (shared lock, O_RDONLY: nothing can be
//     written). If another process holds it, that is ErrLocked after the
//     timeout. Under the lock the meta pages are read with plain reads, not
//     through the memory map: the high-water mark must lie within the file
//     (else it was truncated) and the freelist page must be a freelist
//     (else bbolt's read-write Open would panic). Then, in a read
//     transaction, tx.Size() is compared with the file size once more and
//     the meta bucket and schema version are read.
//  4. Only then is the file opened for writing, and the schema migrated if
//     it is older than ours.
//
// Every bbolt call of these steps runs with debug.SetPanicOnFault and a
// recover, so a fault on the mapping becomes ErrCorrupt rather than a
// crash; when bbolt.Open itself panics, the descriptor it opened is
// unlocked and closed by hand. bbolt's own O_CREATE is removed from its
// open flags, so a file that vanishes between the steps is never recreated
// empty. Each refusal leaves the file byte-for-byte as it was.

// Open opens or creates the database at path. See the package tests for
// every refusal: in use, not duban, corrupted, newer schema.
func Open(path string, opts Options) (*Store, error) {
	path = filepath.Clean(path)
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}

	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		if opts.ReadOnly {
			return nil, newErr(ErrNotFound, err, "err.store.missing", path)
		}
		if err := create(path, opts, now, timeout); err != nil {
			return nil, err
		}
		fi, err = os.Stat(path)
	}
	if err != nil {
		return nil, newErr(nil, err, "err.store.open", path, cause(err))
	}
	switch {
	case fi.IsDir():
		return nil, newErr(ErrNotDuban, nil, "err.store.dir", path)
	case !fi.Mode().IsRegular():
		return nil, newErr(ErrNotDuban, nil, "err.store.notduban", path)
	case fi.Size() == 0:
		return nil, newErr(ErrNotDuban, nil, "err.store.empty", path)
	}

	reg, err := register(path, fi, opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	if !opts.ReadOnly { // a read-only open is its own preflight
		if err := preflight(path, fi, timeout); err != nil {
			reg.release()
			return nil, err
		}
	}
	db, f, err := openBolt(path, fi, opts.ReadOnly, timeout)
	if err != nil {
		reg.release()
		return nil, err
	}
	s := &Store{db: db, path: path, readOnly: opts.ReadOnly, now: now, reg: reg, subscribers: &subscribers{}}
	if err := s.finishOpen(f); err != nil {
		_ = db.Close()
		reg.release()
		if errors.Is(err, errOlder) && !opts.MigrateNever {
			// An older file read by a read-only command: migrate it
			// once, read-write, then open it as asked.
			rw := opts
			rw.ReadOnly = false
			ws, werr := Open(path, rw)
			if werr != nil {
				return nil, werr
			}
			if werr := ws.Close(); werr != nil {
				return nil, werr
			}
			opts.MigrateNever = true
			return Open(path, opts)
		}
		return nil, err
	}
	if !opts.ReadOnly {
		removeLeftovers(path)
	}
	return s, nil
}

// errOlder marks a read-only open refused for an older schema.
var errOlder = errors.New("older schema")

// preflight vets an existing file through a read-only open (step 3).
func preflight(path string, fi os.FileInfo, timeout time.Duration) error {
	db, f, err := openBolt(path, fi, true, timeout)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = vet(path, db, f)
	return err
}

// finishOpen vets the file again through the handle the store keeps (it
// could have been replaced since preflight closed it) and migrates an older
// schema.
func (s *Store) finishOpen(f *os.File) error {
	version, err := vet(s.path, s.db, f)
	if err != nil {
		return err
	}
	if version == SchemaVersion {
		if !s.readOnly {
			if err := s.sealIfUnsigned(); err != nil {
				return err
			}
		}
		return s.loadCurrent()
	}
	if s.readOnly {
		return newErr(ErrNotDuban, errOlder, "err.store.older", s.path, version, SchemaVersion)
	}
	// The file as it was, beside it, before it is changed for good: an
	// older duban refuses the migrated file, and this copy is what it can
	// still open.
	backup := s.path + ".pre-v" + strconv.Itoa(SchemaVersion)
	if err := s.Backup(backup); err != nil {
		return err
	}
	err = safely(func() error {
		return s.db.Update(func(tx *bolt.Tx) error { return migrate(tx, version) })
	})
	if err != nil {
		return newErr(nil, err, "err.store.open", s.path, cause(err))
	}
	if err := s.sealIfUnsigned(); err != nil {
		return err
	}
	return s.loadCurrent()
}

// vet checks an open file: its raw meta pages, then its size and schema
// in a read transaction. It returns the schema version.
func vet(path string, db *bolt.DB, f *os.File) (version uint64, err error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, newErr(nil, err, "err.store.open", path, cause(err))
	}
	if err := probeMeta(path, f, fi.Size()); err != nil {
		return 0, err
	}
	if err := walkTop(f); err != nil {
		return 0, newErr(ErrCorrupt, err, "err.store.corrupt", path, detail(err.Error()))
	}
	err = safely(func() error {
		return db.View(func(tx *bolt.Tx) error {
			if tx.Size() > fi.Size() {
				return newErr(ErrCorrupt, nil, "err.store.truncated", path, fi.Size(), tx.Size())
			}
			v, ok, err := schemaOf(tx)
			switch {
			case err != nil:
				return err
			case !ok:
				return newErr(ErrNotDuban, nil, "err.store.foreign", path)
			case v > SchemaVersion:
				return newErr(ErrNewerSchema, nil, "err.store.newer", path, v, SchemaVersion)
			}
			version = v
			names, meta := v1Buckets, tx.Bucket(bucketMeta)
			if v >= 2 {
				names = fileBuckets
			}
			for _, name := range names {
				if tx.Bucket(name) == nil {
					return newErr(ErrCorrupt, nil, "err.store.corrupt", path, detail("no "+string(name)+" bucket"))
				}
			}
			if v >= 2 {
				raw := meta.Get(keyCurrent)
				if len(raw) > 256 { // a plan id; a damaged length must not be copied
					return newErr(ErrCorrupt, nil, "err.store.corrupt", path, detail("no current plan"))
				}
				cur := string(raw)
				pb := planBucket(tx, cur)
				if pb == nil || pb.Bucket(bucketMeta) == nil {
					return newErr(ErrCorrupt, nil, "err.store.corrupt", path, detail("no current plan "+cur))
				}
				meta = pb.Bucket(bucketMeta)
			}
			if _, err := decodePlan(meta.Get(keyPlan)); err != nil {
				return newErr(ErrCorrupt, err, "err.store.corrupt", path, detail("plan record: "+cause(err).Error()))
			}
			return nil
		})
	})
	var se *Error
	if err != nil && !errors.As(err, &se) {
		err = newErr(ErrCorrupt, err, "err.store.corrupt", path, detailOf(err))
	}
	return version, err
}

// initialMmapSize is how much of the file's address space bbolt maps at
// Open: for a writable file on a 64-bit system other than Windows, at least
// 1 GiB and twice the file. bbolt maps the file in steps and, when a write
// outgrows the mapping, remaps it, which waits for every open read
// transaction: a save waited for a whole hot backup (or a slow snapshot)
// then. Reserved address space costs no memory and does not grow the file
// (on Windows it would: the file is resized to the mapping). Read-only
// opens never remap.
func initialMmapSize(fi os.FileInfo, readOnly bool) int {
	if readOnly || strconv.IntSize < 64 || runtime.GOOS == "windows" {
		return 0
	}
	size := int64(1) << 30
	if fi != nil {
		size = max(size, 2*fi.Size())
	}
	return int(size)
}

// openBolt opens the file with bbolt, read-only or read-write, mapping
// its failures to the package's errors. It also returns the *os.File
// bbolt opened, for plain reads. (MAP_POPULATE, which etcd uses, was
// measured here and made open+snapshot slower: it maps the whole file, and
// a snapshot reads a third of it.)
func openBolt(path string, fi os.FileInfo, readOnly bool, timeout time.Duration) (*bolt.DB, *os.File, error) {
	var f *os.File
	o := &bolt.Options{
		ReadOnly:        readOnly,
		Timeout:         timeout,
		InitialMmapSize: initialMmapSize(fi, readOnly),
		OpenFile: func(name string, flag int, mode os.FileMode) (*os.File, error) {
			file, err := os.OpenFile(name, flag&^os.O_CREATE, mode)
			f = file
			return file, err
		},
	}
	var db *bolt.DB
	err := safely(func() error {
		var err error
		db, err = bolt.Open(path, 0o600, o)
		return err
	})
	var pe *panicked
	switch {
	case err == nil:
		return db, f, nil
	case errors.As(err, &pe):
		// bbolt panicked half way through Open: give back its lock and
		// descriptor, which it cannot (the mapping stays until exit).
		if f != nil {
			forceUnlock(f)
			_ = f.Close()
		}
		return nil, nil, newErr(ErrCorrupt, err, "err.store.corrupt", path, detailOf(pe.err))
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, nil, lockedErr(path, fi, err)
	case errors.As(err, new(*fs.PathError)), errors.As(err, new(syscall.Errno)):
		// The system refused: no such file, no permission, no locks on
		// this file system, …
		return nil, nil, newErr(nil, err, "err.store.open", path, cause(err))
	}
	// bbolt refused the file's contents (ErrInvalid, ErrVersionMismatch,
	// ErrChecksum, too small to hold two pages, …): damaged if it was a
	// bbolt file at all, else not ours.
	if !looksLikeBolt(path) {
		return nil, nil, newErr(ErrNotDuban, err, "err.store.notduban", path)
	}
	return nil, nil, newErr(ErrCorrupt, err, "err.store.corrupt", path, detailOf(err))
}

// lockedErr says who holds the file, when that can be found out.
func lockedErr(path string, fi os.FileInfo, err error) error {
	switch pid := lockHolder(fi); {
	case pid == os.Getpid():
		return newErr(ErrLocked, err, "err.store.locked.self", path)
	case pid > 0:
		return newErr(ErrLocked, err, "err.store.locked.pid", path, pid)
	}
	return newErr(ErrLocked, err, "err.store.locked", path)
}

// panicked is a panic recovered from bbolt.
type panicked struct{ err error }

func (p *panicked) Error() string { return p.err.Error() }
func (p *panicked) Unwrap() error { return p.err }

// safely runs fn, turning a panic, or a memory fault on the calling
// goroutine (a read of a mapping past the end of the file), into an error.
func safely(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &panicked{panicError(r)}
		}
	}()
	return fn()
}

// create makes a new database at path, seeded with the plan (step 1).
func create(path string, opts Options, now func() time.Time, timeout time.Duration) error {
	plan, tasks, err := seedPlan(opts)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	fail := func(err error) error { return newErr(nil, err, "err.store.create", path, cause(err)) }
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fail(err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".new-*")
	if err != nil {
		return fail(err)
	}
	name := tmp.Name()
	defer os.Remove(name)
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	db, err := bolt.Open(name, 0o600, &bolt.Options{Timeout: timeout})
	if err != nil {
		return fail(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := migrate(tx, 0); err != nil {
			return err
		}
		ptx, err := createPlanTx(tx, plan.ID)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketMeta).Put(keyCurrent, []byte(plan.ID)); err != nil {
			return err
		}
		if err := seedTx(ptx, plan, tasks, instant(now())); err != nil {
			return err
		}
		return seal(tx, path, ptx.w)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(err)
	}
	// Link, unlike rename, never replaces a file another duban created
	// at the same moment; that one is then opened instead.
	if err := os.Link(name, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil
		}
		// A file system without hard links: rename, after a last look.
		if _, serr := os.Lstat(path); serr == nil {
			return nil
		}
		if err := os.Rename(name, path); err != nil {
			return fail(err)
		}
	}
	if err := syncDir(dir); err != nil {
		return fail(err)
	}
	return nil
}

// syncDir makes a directory's entries (a new or renamed file) durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return err // some platforms cannot sync a directory; that is not a failure
	}
	return nil
}

// registration is this process's claim on an open file. flock locks
// belong to open file descriptions, so a second open of the same file in
// this process would wait for the timeout and then fail; the registry
// refuses it at once instead, with a sentence that says why.
type registration struct {
	fi       os.FileInfo
	readOnly bool
}

var registry struct {
	sync.Mutex
	regs map[*registration]struct{}
}

func register(path string, fi os.FileInfo, readOnly bool) (*registration, error) {
	registry.Lock()
	defer registry.Unlock()
	for r := range registry.regs {
		if os.SameFile(r.fi, fi) && !(readOnly && r.readOnly) {
			return nil, newErr(ErrLocked, nil, "err.store.locked.self", path)
		}
	}
	if registry.regs == nil {
		registry.regs = map[*registration]struct{}{}
	}
	r := &registration{fi: fi, readOnly: readOnly}
	registry.regs[r] = struct{}{}
	return r, nil
}

func (r *registration) release() {
	registry.Lock()
	defer registry.Unlock()
	delete(registry.regs, r)
}

// seedPlan gets the plan of a new file (Options.Seed, or the embedded
// 2019 plan) and readies it: defaults filled in, validated, every task at
// Rev 1 with its lead department marked as a default.
func seedPlan(opts Options) (model.Plan, []model.Task, error) {
	var (
		p     model.Plan
		tasks []model.Task
		err   error
	)
	if opts.Seed != nil {
		p, tasks, err = opts.Seed()
	} else {
		p, tasks, err = embeddedPlan()
	}
	if err == nil {
		p, tasks, err = preparePlan(p, tasks)
	}
	if err != nil {
		return p, nil, newErr(nil, err, "err.store.seed", err)
	}
	for i := range tasks {
		tasks[i].Rev = 1
		tasks[i].LeadDefault = true
		tasks[i].Urged = nil
	}
	return p, tasks, nil
}
