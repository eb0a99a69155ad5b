package cli

import (
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// show, update and log ID read the one task they name (issue 14), so a
// damaged record of another task does not stop them, while list, which
// reads the whole plan (its tasks' digests), reports it. Before the point reads, all three
// read a full snapshot and failed here.
func TestOneTaskCommandsReadOneTask(t *testing.T) {
	db := newDB(t)
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		cur := tx.Bucket([]byte("meta")).Get([]byte("current"))
		return tx.Bucket([]byte("plans")).Bucket(cur).Bucket([]byte("digests")).Put([]byte("5.3.06"), []byte("\x01damaged"))
	})
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	if code, _, _ := run(t, db, "list", "--as-of", "2019-06-30"); code == 0 {
		t.Fatal("list read past a damaged digest")
	}
	code, out, stderr := run(t, db, "update", "5.3.05", "750", "--as-of", "2019-06-30", "--user", "张三")
	if code != 0 || !strings.Contains(out, "50%") {
		t.Fatalf("update: exit %d: %s%s", code, out, stderr)
	}
	code, out, stderr = run(t, db, "show", "5.3.05", "--as-of", "2019-06-30")
	if code != 0 || !strings.Contains(out, "张三") || !strings.Contains(out, "750") {
		t.Fatalf("show: exit %d: %s%s", code, out, stderr)
	}
	code, out, stderr = run(t, db, "log", "5.3.05")
	if code != 0 || !strings.Contains(out, "750") {
		t.Fatalf("log: exit %d: %s%s", code, out, stderr)
	}
	if code, _, stderr := run(t, db, "show", "9.9.99"); code == 0 || !strings.Contains(stderr, "9.9.99") {
		t.Errorf("show of an unknown task: exit %d: %s", code, stderr)
	}
}
