package store

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/ssh"
)

// Signed chain heads.
//
// Anyone who can write the file can edit an audit entry and recompute the
// whole chain; the hashes alone do not show it. So every change also signs
// the head of each chain it extended (the file's own and each plan's) with
// the server's host key, the ed25519 key kept beside the database
// (HostKeyPath, duban.db → duban_host_ed25519, the key `duban serve`
// presents to SSH clients). Check verifies the signatures with the public
// key the file names (meta "sign_key") and prints that key: a rewritten
// chain must be signed again, which needs the private key, and signing it
// with another key changes the printed one. If the host key file is beside
// the database, Check also requires it to be the key the file names.
//
// A file that has no key yet gets one when first needed: the first change
// (or the creation of the file, or a read-write open of a file written by an
// older duban) generates the host key file if it is missing, in OpenSSH
// format with a .pub beside it, exactly as `duban serve` would, and signs
// every chain's head. A host key replaced since is adopted at the next
// change: every head is signed again with it, and Check prints the new key.
//
// Layout (a compatible extension of schema 2, no migration needed):
//
//	meta "sign_key"            the public key, authorized_keys form
//	meta "head"                headRecord of the file's own log
//	plans/<id>/meta "head"     headRecord of the plan's log
var (
	keySignKey = []byte("sign_key")
	keyHead    = []byte("head")
)

// headRecord is a signed chain head.
type headRecord struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
	Sig  string `json:"sig"` // base64 ed25519 signature of headMessage
}

// headMessage is what a head's signature covers: a domain string, the
// chain's name ("file" or "plan/<id>"), the entry's seq and hash.
func headMessage(chain string, seq uint64, hash string) []byte {
	return []byte("duban head v1\n" + chain + "\n" + strconv.FormatUint(seq, 10) + "\n" + hash)
}

// HostKeyPath is where the host key of the database at dbPath is kept:
// beside it, named after it (duban.db → duban_host_ed25519).
func HostKeyPath(dbPath string) string {
	base := strings.TrimSuffix(filepath.Base(dbPath), filepath.Ext(dbPath))
	return filepath.Join(filepath.Dir(dbPath), base+"_host_ed25519")
}

// signers caches each key file's key for the process, and whether the
// process created it.
var signers struct {
	sync.Mutex
	m map[string]loadedKey
}

type loadedKey struct {
	key     ed25519.PrivateKey
	created bool
}

// signer loads the host key at path, creating it if there is none;
// created says this process created it.
func signer(path string) (key ed25519.PrivateKey, created bool, err error) {
	signers.Lock()
	defer signers.Unlock()
	if k, ok := signers.m[path]; ok {
		return k.key, k.created, nil
	}
	k, err := readHostKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		k, err = createHostKey(path)
		created = err == nil
		if errors.Is(err, fs.ErrExist) { // made by another process meanwhile
			k, err = readHostKey(path)
		}
	}
	if err != nil {
		return nil, false, newErr(nil, err, "err.store.sign.key", path, cause(err))
	}
	if signers.m == nil {
		signers.m = map[string]loadedKey{}
	}
	signers.m[path] = loadedKey{k, created}
	return k, created, nil
}

var errNotEd25519 = errors.New("not an ed25519 key")

func readHostKey(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	raw, err := ssh.ParseRawPrivateKey(b)
	if err != nil {
		return nil, err
	}
	switch k := raw.(type) {
	case *ed25519.PrivateKey:
		return *k, nil
	case ed25519.PrivateKey:
		return k, nil
	}
	return nil, errNotEd25519
}

// createHostKey writes a new ed25519 key as keygen (wish) does: the
// private key in OpenSSH PEM, mode 0600, and path.pub. The key is written
// whole to a temporary file beside path, synced, and only then linked to
// path, so a process killed while writing it leaves no half key at path
// (which would stop every later start: TestHostKeyKilled); the link fails
// with fs.ErrExist if another process created path meanwhile.
func createHostKey(path string) (ed25519.PrivateKey, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		return nil, err
	}
	sp, err := ssh.NewPublicKey(pub)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	removeLeftovers(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*") // mode 0600
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	lockTemp(tmp) // in use: another process's cleanup keeps it
	_, err = tmp.Write(pem.EncodeToMemory(block))
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil && hostKeyWritten != nil {
		hostKeyWritten()
	}
	if err == nil {
		err = publish(tmp.Name(), path)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		return nil, err
	}
	// The public half is a convenience copy (ssh-keyscan gives the same);
	// written whole too, and its failure does not undo the key.
	_ = WriteOutput(path+".pub", 0o644, func(w io.Writer) error {
		_, err := w.Write(ssh.MarshalAuthorizedKey(sp))
		return err
	})
	return priv, nil
}

// hostKeyWritten, when set (by a test), runs once a new host key is
// written and synced to its temporary file, before it is linked to its path.
var hostKeyWritten func()

// publish makes the complete file tmp appear at path unless path exists
// (fs.ErrExist then): a hard link, which never replaces; on a file system
// without hard links, a rename once path is seen not to exist.
func publish(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	if _, serr := os.Lstat(path); serr == nil {
		return fs.ErrExist
	}
	return os.Rename(tmp, path)
}

// authorizedKey is a public key in authorized_keys form, without newline.
func authorizedKey(pub ed25519.PublicKey) string {
	sp, err := ssh.NewPublicKey(pub)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sp)))
}

// parseSignKey reads meta "sign_key".
func parseSignKey(b []byte) (ed25519.PublicKey, string, error) {
	pk, _, _, rest, err := ssh.ParseAuthorizedKey(b)
	if err != nil {
		return nil, "", err
	}
	if len(rest) != 0 {
		return nil, "", errors.New("trailing data after the key")
	}
	cp, ok := pk.(ssh.CryptoPublicKey)
	if !ok {
		return nil, "", errNotEd25519
	}
	pub, ok := cp.CryptoPublicKey().(ed25519.PublicKey)
	if !ok {
		return nil, "", errNotEd25519
	}
	return pub, ssh.FingerprintSHA256(pk), nil
}

// chain is one audit log and the meta bucket holding its signed head.
type chain struct {
	name  string // "file" or "plan/<id>"
	audit *bolt.Bucket
	meta  *bolt.Bucket
}

// chains lists the file's logs: its own, then each plan's.
func chains(tx *bolt.Tx) []chain {
	out := []chain{{"file", tx.Bucket(bucketAudit), tx.Bucket(bucketMeta)}}
	if plans := tx.Bucket(bucketPlans); plans != nil {
		_ = plans.ForEachBucket(func(k []byte) error {
			pb := plans.Bucket(k)
			out = append(out, chain{"plan/" + string(k), pb.Bucket(bucketAudit), pb.Bucket(bucketMeta)})
			return nil
		})
	}
	return out
}

// lastEntry is a chain's last entry's seq and hash; zero when it is empty.
func lastEntry(b *bolt.Bucket) (uint64, string, error) {
	k, v := b.Cursor().Last()
	if k == nil {
		return 0, "", nil
	}
	e, err := decodeAudit(v)
	if err != nil {
		return 0, "", recordErr(bucketAudit, strconv.FormatUint(keySeq(k), 10), err)
	}
	return e.Seq, e.Hash, nil
}

// seal signs the head of every chain this transaction extended, with the
// host key beside the database at dbPath. It runs at the end of every
// write transaction. It signs only what it can vouch for: the entries
// after the chain's signed head (which must still verify, and still name
// an entry of the chain unchanged) must all have been appended by this
// transaction, so a chain edited behind duban's back is never signed again
// (the change is refused, and Check says why). A file that names no key
// yet (written by an older duban) adopts the host key: its logs, of
// entries without record hashes up to then, are signed as they are.
func seal(tx *bolt.Tx, dbPath string, w *written) error {
	meta := tx.Bucket(bucketMeta)
	if meta == nil || tx.Bucket(bucketAudit) == nil {
		return nil // a file being created or migrated: sealed once it is whole
	}
	key, created, err := signer(HostKeyPath(dbPath))
	if err != nil {
		return err
	}
	pub := key.Public().(ed25519.PublicKey)
	own := []byte(authorizedKey(pub))
	cur := meta.Get(keySignKey)
	adopt := cur == nil
	if !adopt && !bytes.Equal(cur, own) {
		// A copy of a file (a restored backup) in a directory without its
		// key: the key was made now, and signs it once the old key's
		// signatures verify. A key that was there and differs is kept
		// from signing until `duban check --resign`.
		if !created {
			return newErr(ErrCorrupt, nil, "err.store.sign.otherkey", dbPath, HostKeyPath(dbPath))
		}
		return resign(tx, dbPath, key, w)
	}
	for _, c := range chains(tx) {
		if c.audit == nil || c.meta == nil {
			continue
		}
		first := w.first(c.audit) // the first entry this transaction appended
		if c.audit.Sequence() == 0 || !adopt && first == 0 {
			continue // not extended: its head stays as it was signed
		}
		var h headRecord
		raw := c.meta.Get(keyHead)
		if raw != nil && strictJSON(raw, &h) != nil {
			return refuse(c, dbPath)
		}
		switch {
		case raw != nil:
			sig, err := base64.StdEncoding.DecodeString(h.Sig)
			if adopt || err != nil || !ed25519.Verify(pub, headMessage(c.name, h.Seq, h.Hash), sig) ||
				first != h.Seq+1 {
				return refuse(c, dbPath)
			}
			e, err := decodeAudit(c.audit.Get(be64(h.Seq)))
			if err != nil || e.Hash != h.Hash {
				return refuse(c, dbPath)
			}
		case adopt:
			// Entries from before this transaction must predate record
			// hashes: a file that had them was signed, and lost its key.
			bad := false
			_ = c.audit.ForEach(func(k, v []byte) error {
				if first != 0 && keySeq(k) >= first {
					return errStop
				}
				if e, err := decodeAudit(v); err != nil || e.Records != "" {
					bad = true
					return errStop
				}
				return nil
			})
			if bad {
				return refuse(c, dbPath)
			}
		case first != 1: // a signed file's new chain is new in this transaction
			return refuse(c, dbPath)
		}
		seq, hash, err := lastEntry(c.audit)
		if err != nil {
			return err
		}
		if err := putHead(c, key, seq, hash); err != nil {
			return err
		}
	}
	if adopt {
		return meta.Put(keySignKey, own)
	}
	return nil
}

// resign signs every chain's head with key, in place of the key the file
// names, once each head verifies with that key and names the entry its
// chain ended with before this transaction (w) appended to it.
func resign(tx *bolt.Tx, dbPath string, key ed25519.PrivateKey, w *written) error {
	meta := tx.Bucket(bucketMeta)
	old, _, err := parseSignKey(meta.Get(keySignKey))
	if err != nil {
		return newErr(ErrCorrupt, err, "err.store.sign.refuse", dbPath, "file")
	}
	for _, c := range chains(tx) {
		if c.audit == nil || c.meta == nil || c.audit.Sequence() == 0 {
			continue
		}
		first := w.first(c.audit)
		if raw := c.meta.Get(keyHead); raw != nil || first != 1 {
			var h headRecord
			want := c.audit.Sequence()
			if first != 0 {
				want = first - 1
			}
			if strictJSON(raw, &h) != nil || h.Seq != want {
				return refuse(c, dbPath)
			}
			sig, err := base64.StdEncoding.DecodeString(h.Sig)
			if err != nil || !ed25519.Verify(old, headMessage(c.name, h.Seq, h.Hash), sig) {
				return refuse(c, dbPath)
			}
			if e, err := decodeAudit(c.audit.Get(be64(h.Seq))); err != nil || e.Hash != h.Hash {
				return refuse(c, dbPath)
			}
		}
		seq, hash, err := lastEntry(c.audit)
		if err != nil {
			return err
		}
		if err := putHead(c, key, seq, hash); err != nil {
			return err
		}
	}
	return meta.Put(keySignKey, []byte(authorizedKey(key.Public().(ed25519.PublicKey))))
}

// putHead signs a chain's head.
func putHead(c chain, key ed25519.PrivateKey, seq uint64, hash string) error {
	sig := ed25519.Sign(key, headMessage(c.name, seq, hash))
	v, err := json.Marshal(headRecord{Seq: seq, Hash: hash, Sig: base64.StdEncoding.EncodeToString(sig)})
	if err != nil {
		return err
	}
	return c.meta.Put(keyHead, v)
}

// Resign signs the file with the host key beside it, in place of the key
// it names (`duban check --resign`, after the host key was replaced): only
// when Check finds no problem, with the file's own key verifying its
// signatures. It returns the old and the new key's fingerprints.
func (s *Store) Resign() (oldKey, newKey string, problems []error) {
	if s.readOnly {
		return "", "", []error{newErr(ErrReadOnly, nil, "err.store.readonly")}
	}
	key, _, err := signer(HostKeyPath(s.path))
	if err != nil {
		return "", "", []error{err}
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		rep := checkTx(tx, "", func(err error) { problems = append(problems, err) })
		if len(problems) > 0 {
			return errRollback
		}
		oldKey = rep.Signature.Fingerprint
		sp, _ := ssh.NewPublicKey(key.Public())
		newKey = ssh.FingerprintSHA256(sp)
		if oldKey == "" { // unsigned: seal adopts the key
			return seal(tx, s.path, nil)
		}
		return resign(tx, s.path, key, nil)
	})
	if err != nil && !errors.Is(err, errRollback) {
		problems = append(problems, err)
	}
	return oldKey, newKey, problems
}

// refuse is seal's error for a log that does not match its signed head.
func refuse(c chain, dbPath string) error {
	return newErr(ErrCorrupt, nil, "err.store.sign.refuse", dbPath, c.name)
}

// Signature is what Check found of the file's signing.
type Signature struct {
	Key         string // the public key the file names, authorized_keys form; "" when unsigned
	Fingerprint string // its SHA256 fingerprint
	Chains      int    // logs whose head is signed and verified
}

// checkSignatures verifies every chain's signed head (see the top of the
// file); hostKey is the key file beside the database, if any.
func checkSignatures(tx *bolt.Tx, hostKey string, add func(error)) Signature {
	var sig Signature
	raw := tx.Bucket(bucketMeta).Get(keySignKey)
	if raw == nil {
		// Unsigned: only a file no duban with signing has written since.
		for _, c := range chains(tx) {
			if c.audit != nil && hasV2(c.audit) {
				add(newErr(ErrCorrupt, nil, "err.store.check.sign.none"))
				break
			}
		}
		return sig
	}
	pub, fp, err := parseSignKey(raw)
	if err != nil {
		add(recordErr(bucketMeta, string(keySignKey), err))
		return sig
	}
	sig.Key, sig.Fingerprint = string(raw), fp
	if k, err := readHostKey(hostKey); hostKey != "" && err == nil && authorizedKey(k.Public().(ed25519.PublicKey)) != string(raw) {
		add(newErr(ErrCorrupt, nil, "err.store.check.sign.other", hostKey))
	}
	for _, c := range chains(tx) {
		if c.audit == nil || c.meta == nil {
			continue
		}
		seq, hash, err := lastEntry(c.audit)
		if err != nil || seq == 0 {
			continue // reported by checkAudit
		}
		var h headRecord
		hraw := c.meta.Get(keyHead)
		if hraw == nil || strictJSON(hraw, &h) != nil {
			add(newErr(ErrCorrupt, nil, "err.store.check.sign.head", c.name))
			continue
		}
		s, err := base64.StdEncoding.DecodeString(h.Sig)
		switch {
		case err != nil || !ed25519.Verify(pub, headMessage(c.name, h.Seq, h.Hash), s) || h.Seq == seq && h.Hash != hash:
			add(newErr(ErrCorrupt, nil, "err.store.check.sign.bad", c.name))
		case h.Seq != seq:
			add(newErr(ErrCorrupt, nil, "err.store.check.sign.stale", c.name, h.Seq, seq))
		default:
			sig.Chains++
		}
	}
	return sig
}

// hasV2 reports whether a log has an entry with record hashes.
func hasV2(b *bolt.Bucket) bool {
	found := false
	_ = b.ForEach(func(_, v []byte) error {
		if e, err := decodeAudit(v); err == nil && e.Records != "" {
			found = true
			return errStop
		}
		return nil
	})
	return found
}

var errStop = fmt.Errorf("stop")

// sealIfUnsigned signs the logs of a file opened read-write that names
// no key yet (written by an older duban); a file already signed is not
// written to.
func (s *Store) sealIfUnsigned() error {
	unsigned := false
	err := safely(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			unsigned = tx.Bucket(bucketMeta).Get(keySignKey) == nil
			return nil
		})
	})
	if err != nil || !unsigned {
		return err
	}
	err = safely(func() error {
		return s.db.Update(func(tx *bolt.Tx) error { return seal(tx, s.path, nil) })
	})
	if err != nil {
		var se *Error
		if errors.As(err, &se) {
			return err
		}
		return newErr(nil, err, "err.store.open", s.path, cause(err))
	}
	return nil
}
