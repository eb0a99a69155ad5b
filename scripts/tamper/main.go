// Command tamper edits a duban file behind duban's back, as someone who can
// write the file but holds no key would, for scripts/adversarial.sh: `duban
// check` must then report the file.
//
//	go run ./scripts/tamper -kind value|target|digest|drop|chain|head FILE
//
// value edits a stored update's value in place; target edits a task's
// target; digest edits the target in a task's digest (what the screens
// and exports show), leaving the audited records alone; drop deletes the last audit entry and steps its counter back;
// chain edits an entry's detail and recomputes every hash after it; head
// does that and also rewrites the signed chain head to the new last hash.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"time"

	bolt "go.etcd.io/bbolt"

	"duban/model"
	"duban/store"
)

func main() {
	kind := flag.String("kind", "", "value, target, digest, drop, chain or head")
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	db, err := bolt.Open(flag.Arg(0), 0o600, &bolt.Options{Timeout: time.Second})
	if err == nil {
		err = db.Update(func(tx *bolt.Tx) error { return tamper(tx, *kind) })
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tamper:", err)
		os.Exit(1)
	}
}

// plan is the current plan's bucket.
func plan(tx *bolt.Tx) (*bolt.Bucket, error) {
	meta := tx.Bucket([]byte("meta"))
	plans := tx.Bucket([]byte("plans"))
	if meta == nil || plans == nil {
		return nil, errors.New("not a duban schema 2 file")
	}
	p := plans.Bucket(meta.Get([]byte("current")))
	if p == nil {
		return nil, errors.New("no current plan")
	}
	return p, nil
}

var numberField = func(name string) *regexp.Regexp {
	return regexp.MustCompile(`"` + name + `":"[0-9.]+"`)
}

// editFirst replaces the first field name's value in a record of b by val.
func editFirst(b *bolt.Bucket, name, val string) error {
	re := numberField(name)
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil || !re.Match(v) {
			continue
		}
		nv := re.ReplaceAll(bytes.Clone(v), []byte(`"`+name+`":"`+val+`"`))
		if bytes.Equal(nv, v) {
			continue
		}
		fmt.Printf("edited %q: %s -> %s\n", k, re.Find(v), re.Find(nv))
		return b.Put(bytes.Clone(k), nv)
	}
	return fmt.Errorf("no record with a %s", name)
}

// auditRecord is how duban stores an audit entry (store/encode.go).
type auditRecord struct {
	Seq     uint64 `json:"seq"`
	At      string `json:"at"`
	User    string `json:"user"`
	Action  string `json:"action"`
	TaskID  string `json:"task,omitempty"`
	Detail  string `json:"detail"`
	Records string `json:"records,omitempty"`
	Prev    string `json:"prev"`
	Hash    string `json:"hash"`
}

func hashOf(r auditRecord) (string, error) {
	at, err := time.Parse(time.RFC3339Nano, r.At)
	if err != nil {
		return "", err
	}
	return store.AuditHash(model.AuditEntry{Seq: r.Seq, At: at, User: r.User, Action: r.Action,
		TaskID: r.TaskID, Detail: r.Detail, Records: r.Records, Prev: r.Prev}), nil
}

// rewriteChain edits the detail of the second-to-last entry (or the only
// one) and recomputes the hashes after it; it returns the new last hash.
func rewriteChain(audit *bolt.Bucket) (last auditRecord, err error) {
	n := audit.Stats().KeyN
	target, i := max(n-1, 1), 0
	prev := ""
	err = audit.ForEach(func(k, v []byte) error {
		i++
		var r auditRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return err
		}
		h, err := hashOf(r)
		if err != nil {
			return err
		}
		if h != r.Hash && i < target {
			return fmt.Errorf("entry %d: recomputed hash %s differs from stored %s", r.Seq, h, r.Hash)
		}
		if i == target {
			fmt.Printf("edited entry %d detail %q -> %q\n", r.Seq, r.Detail, r.Detail+"0")
			r.Detail += "0"
		}
		r.Prev = prev
		if r.Hash, err = hashOf(r); err != nil {
			return err
		}
		prev, last = r.Hash, r
		nv, err := json.Marshal(r)
		if err != nil {
			return err
		}
		return audit.Put(bytes.Clone(k), nv)
	})
	return last, err
}

func tamper(tx *bolt.Tx, kind string) error {
	p, err := plan(tx)
	if err != nil {
		return err
	}
	audit := p.Bucket([]byte("audit"))
	switch kind {
	case "value":
		return editFirst(p.Bucket([]byte("updates")), "value", "1499")
	case "target":
		return editFirst(p.Bucket([]byte("tasks")), "target", "7")
	case "digest":
		return editDigest(p)
	case "drop":
		n := audit.Sequence()
		k := audit.Cursor()
		lk, _ := k.Last()
		if lk == nil {
			return errors.New("empty audit log")
		}
		fmt.Printf("dropped the last entry (sequence %d -> %d)\n", n, n-1)
		if err := audit.Delete(bytes.Clone(lk)); err != nil {
			return err
		}
		return audit.SetSequence(n - 1)
	case "chain", "head":
		last, err := rewriteChain(audit)
		if err != nil || kind == "chain" {
			return err
		}
		meta := p.Bucket([]byte("meta"))
		var head map[string]any
		if err := json.Unmarshal(meta.Get([]byte("head")), &head); err != nil {
			return fmt.Errorf("chain head: %w", err)
		}
		head["hash"] = last.Hash
		nv, err := json.Marshal(head)
		if err != nil {
			return err
		}
		fmt.Println("rewrote the signed chain head's hash")
		return meta.Put([]byte("head"), nv)
	}
	return fmt.Errorf("unknown kind %q", kind)
}

// editDigest changes the first task's target in its digest to another
// number of as many digits, so that the digest still reads well.
func editDigest(p *bolt.Bucket) error {
	k, v := p.Bucket([]byte("tasks")).Cursor().First()
	if k == nil {
		return errors.New("no tasks")
	}
	var t struct{ Target string }
	if err := json.Unmarshal(v, &t); err != nil {
		return err
	}
	db := p.Bucket([]byte("digests"))
	d := db.Get(k)
	old := append([]byte{byte(len(t.Target))}, t.Target...)
	if d == nil || t.Target == "" || len(t.Target) > 127 || !bytes.Contains(d, old) {
		return fmt.Errorf("no digest of %s holding its target %s", k, t.Target)
	}
	nt := []byte(t.Target)
	if c := &nt[len(nt)-1]; *c == '9' {
		*c = '8'
	} else {
		*c++
	}
	fmt.Printf("target of %s in its digest: %s -> %s\n", k, t.Target, nt)
	return db.Put(bytes.Clone(k), bytes.Replace(bytes.Clone(d), old, append([]byte{byte(len(nt))}, nt...), 1))
}
