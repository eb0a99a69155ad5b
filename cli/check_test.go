package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// check prints the signing key and the record coverage; an update edited
// in place in a copy is reported, and the copy's next change re-signs
// nothing it cannot vouch for (issue 15 §4).
func TestCheckSignatureAndTamperedCopy(t *testing.T) {
	db := newDB(t)
	if code, _, stderr := run(t, db, "update", "5.3.05", "1300", "--as-of", "2019-06-30", "--user", "张三"); code != 0 {
		t.Fatal(stderr)
	}
	code, out, _ := run(t, db, "check")
	if code != 0 || !strings.Contains(out, "签名公钥：ssh-ed25519 AAAA") || !strings.Contains(out, "条记录与审计日志相符；0 条早于记录哈希") {
		t.Fatalf("check: %d %q", code, out)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(db), "duban_host_ed25519")); err != nil {
		t.Fatalf("no host key beside the database: %v", err)
	}
	// A copy elsewhere, edited behind duban's back.
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(cp, b, 0o600); err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(cp, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		ub := tx.Bucket([]byte("plans")).Bucket([]byte("zhuzhou-2019")).Bucket([]byte("updates"))
		return ub.ForEach(func(k, v []byte) error {
			return ub.Put(k, bytes.Replace(bytes.Clone(v), []byte(`"value":"1300"`), []byte(`"value":"1499"`), 1))
		})
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, cp, "check")
	if code != 1 || !strings.Contains(stderr, "updates 中的记录 5.3.05/1 与审计日志第 2 条写入时的不同，说明它被改动过。") {
		t.Fatalf("check of the edited copy: %d %q", code, stderr)
	}
}
