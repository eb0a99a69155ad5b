package store

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// testdata/v1.db was written once by the schema 1 build (commit 5d975ad):
// its own binary seeded the 2019 plan, added the users 王芳 (staff),
// 李督查 (supervisor) and 陈主任 (admin) and the updates 5.3.05 750 and
// 900, 5.1.01 3.2万 and 1.2.01 2.5; a program against that build's store
// then approved the first 5.3.05 update, returned the second, urged
// 1.2.01 and added a note to 5.3.05: 12 audit entries. Never rewrite it.
const v1Fixture = "testdata/v1.db"

// copyFixture copies the schema 1 fixture to a temporary file.
func copyFixture(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(v1Fixture)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "duban.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestMigrateV1: the fixture migrates on first open, with its backup
// copy written beside it; every record and audit entry is intact, the
// chain verifies (Check rebuilds the histories the migration made), and
// the file then has the current schema.
func TestMigrateV1(t *testing.T) {
	path := copyFixture(t)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	// The backup is the schema 1 file, as it was.
	bk, err := bolt.Open(path+".pre-v"+strconv.Itoa(SchemaVersion), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	_ = bk.View(func(tx *bolt.Tx) error {
		if v := string(tx.Bucket(bucketMeta).Get(keySchema)); v != "1" {
			t.Errorf("backup has schema %q", v)
		}
		if n := tx.Bucket(bucketAudit).Stats().KeyN; n != 12 {
			t.Errorf("backup has %d audit entries", n)
		}
		return nil
	})
	bk.Close()

	for _, p := range s.Check() {
		t.Errorf("check: %v", p)
	}
	if s.CurrentPlan() != "zhuzhou-2019" {
		t.Errorf("current plan %q", s.CurrentPlan())
	}
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Tasks) != 124 || snap.Plan.ID != "zhuzhou-2019" {
		t.Fatalf("%d tasks of plan %q", len(snap.Tasks), snap.Plan.ID)
	}
	if len(snap.Users) != 3 {
		t.Errorf("%d users", len(snap.Users))
	}
	h := snap.History["5.3.05"]
	if len(h) != 2 || h[0].Value.String() != "750" || h[1].Value.String() != "900" ||
		h[0].Review != model.ReviewApproved || h[1].Review != model.ReviewReturned || h[1].ReviewComment != "请附照片" {
		t.Errorf("5.3.05 history %+v", h)
	}
	if h := snap.History["5.1.01"]; len(h) != 1 || h[0].Value.String() != "3.2" {
		t.Errorf("5.1.01 history %+v", h)
	}
	if n := snap.Notes["5.3.05"]; len(n) != 1 || n[0].Text != "城管局配合选址" || n[0].By != "王芳" {
		t.Errorf("5.3.05 notes %+v", n)
	}
	if task, _ := snap.Task("1.2.01"); task.Urged == nil || task.Urged.Comment != "请说明研发投入滞后原因" {
		t.Errorf("1.2.01 urge %+v", task.Urged)
	}
	audit, err := s.Audit("")
	if err != nil {
		t.Fatal(err)
	}
	if len(audit) != 12 || audit[0].Action != ActionSeed || audit[11].Action != ActionNote {
		t.Fatalf("audit after migration: %d entries", len(audit))
	}
	// The chain carries on: a new update is entry 13, chained to 12; a
	// new update is numbered after the old ones.
	u, err := s.AddUpdate(model.LocalActor("test"), update(t, "5.3.05", "1000", "2019-08-31"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if u.Seq != 5 {
		t.Errorf("new update numbered %d, want 5", u.Seq)
	}
	audit, _ = s.Audit("5.3.05")
	if last := audit[len(audit)-1]; last.Seq != 13 {
		t.Errorf("new audit entry %d, want 13", last.Seq)
	}
	for _, p := range s.Check() {
		t.Errorf("check after update: %v", p)
	}
	_ = s.db.View(func(tx *bolt.Tx) error {
		if v := string(tx.Bucket(bucketMeta).Get(keySchema)); v != strconv.Itoa(SchemaVersion) {
			t.Errorf("schema %q after migration", v)
		}
		for _, name := range movedToPlan {
			if !bytes.Equal(name, bucketAudit) && tx.Bucket(name) != nil {
				t.Errorf("top-level bucket %s left behind", name)
			}
		}
		return nil
	})
}

// TestMigrateReadOnly: a read-only command on an old file migrates it
// first (read-write, once), then reads it; with MigrateNever it is refused.
func TestMigrateReadOnly(t *testing.T) {
	path := copyFixture(t)
	if _, err := Open(path, Options{ReadOnly: true, MigrateNever: true}); err == nil {
		t.Fatal("read-only open of an old file without migrating succeeded")
	}
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if h, err := s.History("5.3.05"); err != nil || len(h) != 2 {
		t.Fatalf("history %v %v", h, err)
	}
	if _, err := os.Stat(path + ".pre-v" + strconv.Itoa(SchemaVersion)); err != nil {
		t.Error(err)
	}
}

// TestMigrateCrash kills the migrating process at random moments: the
// file is then either schema 1 as it was or the current schema whole
// (the migrations run in one transaction), never a mix,
// and the next open finishes the job with every record intact.
func TestMigrateCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test in -short mode")
	}
	var olds, news int
	for round := 0; round < 16; round++ {
		path := copyFixture(t)
		cmd := helper(t, "migrate", path)
		cmd.Stdout = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.IntN(60)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		_ = db.View(func(tx *bolt.Tx) error {
			switch v := string(tx.Bucket(bucketMeta).Get(keySchema)); v {
			case "1":
				olds++
				for _, name := range v1Buckets {
					if tx.Bucket(name) == nil {
						t.Errorf("round %d: schema 1 without %s", round, name)
					}
				}
				if tx.Bucket(bucketPlans) != nil || tx.Bucket(bucketMeta).Get(keyPlan) == nil {
					t.Errorf("round %d: schema 1 with v2 parts", round)
				}
			case strconv.Itoa(SchemaVersion):
				news++
				pb := planBucket(tx, string(tx.Bucket(bucketMeta).Get(keyCurrent)))
				if tx.Bucket(bucketTasks) != nil || tx.Bucket(bucketMeta).Get(keyPlan) != nil ||
					pb == nil || pb.Bucket(bucketDigests) == nil {
					t.Errorf("round %d: the current schema with v1 parts or without digests", round)
				}
			default:
				t.Errorf("round %d: schema %q", round, v)
			}
			return nil
		})
		db.Close()

		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		for _, p := range s.Check() {
			t.Errorf("round %d: check: %v", round, p)
		}
		if a, err := s.Audit(""); err != nil || len(a) != 12 {
			t.Errorf("round %d: %d audit entries, %v", round, len(a), err)
		}
		s.Close()
	}
	t.Logf("%d kills left schema 1, %d the current schema", olds, news)
}

// TestTwoPlans: a second plan imported beside the first keeps its own
// tasks and histories; the same task id in both has two histories; an
// archived plan refuses changes but is still read.
func TestTwoPlans(t *testing.T) {
	s := openTest(t)
	p1, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", "750", "2019-06-30"), 0); err != nil {
		t.Fatal(err)
	}
	p2 := p1.Plan
	p2.ID, p2.Title = "plan-2020", "2020"
	p2.Start, p2.End = day(t, "2020-01-01"), day(t, "2020-12-31")
	tasks := append([]model.Task(nil), p1.Tasks...)
	for i := range tasks {
		tasks[i].Due = time.Time{}
	}
	if err := s.ReplacePlan(model.LocalActor("管理员"), p2, tasks); err != nil {
		t.Fatal(err)
	}
	if s.CurrentPlan() != p1.Plan.ID {
		t.Errorf("importing a new plan made it current")
	}
	if err := s.UsePlan("plan-2020"); err != nil {
		t.Fatal(err)
	}
	snap, _ := s.Snapshot()
	if snap.Plan.ID != "plan-2020" || len(snap.History["1.2.01"]) != 0 {
		t.Fatalf("2020 plan %q carries 2019 history %v", snap.Plan.ID, snap.History["1.2.01"])
	}
	if _, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", "10", "2020-03-31"), 0); err != nil {
		t.Fatal(err)
	}
	if a, _ := s.Audit("1.2.01"); len(a) != 1 {
		t.Errorf("2020 log of 1.2.01 has %d entries", len(a))
	}
	if err := s.UsePlan(p1.Plan.ID); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.History("1.2.01"); len(h) != 1 || h[0].Value.String() != "750" {
		t.Errorf("2019 history %+v", h)
	}
	if err := s.ArchivePlan(model.LocalActor("管理员"), p1.Plan.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUpdate(model.LocalActor("test"), update(t, "1.2.01", "800", "2019-07-31"), 0); !errors.Is(err, ErrArchived) {
		t.Errorf("update of an archived plan: %v", err)
	}
	if _, err := s.Snapshot(); err != nil {
		t.Errorf("archived plan unreadable: %v", err)
	}
	plans, err := s.Plans()
	if err != nil || len(plans) != 2 || !plans[0].Archived || plans[0].Reports != 1 || plans[1].Reports != 1 || !plans[0].Current {
		t.Errorf("plans %+v %v", plans, err)
	}
	if err := s.UsePlan("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown plan: %v", err)
	}
	for _, p := range s.Check() {
		t.Errorf("check: %v", p)
	}
}
