package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"duban/model"
	"duban/store"
)

// usersDB is a seeded database with users: an administrator, a
// supervisor, and 张三, staff of 市交通运输局.
func usersDB(t *testing.T) string {
	t.Helper()
	db := newDB(t)
	for _, args := range [][]string{
		{"add", "boss", "--role", "admin", "--key", mustKey(t)},
		{"add", "du", "--role", "supervisor", "--key", mustKey(t)},
		{"add", "张三", "--role", "staff", "--dept", "市交通运输局", "--key", mustKey(t)},
	} {
		if _, _, err := runSub(t, db, "", (*env).userCmd, args...); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// On a file with users, --user must name one of them; the named user's
// rights then apply, and the store records the change under that name.
// Without --user the OS user is the local administrator.
func TestUserFlagOnAFileWithUsers(t *testing.T) {
	db := usersDB(t)
	update := []string{"update", "5.3.10", "600", "--as-of", "2019-06-30"}
	for _, c := range []struct {
		user string
		want string // in the one-line refusal; "" = allowed
	}{
		{"mallory", "mallory"}, // not a user: refused (it used to act as an administrator)
		{"du", "督查室"},          // a supervisor changes no value
		{"boss", ""},           // an administrator may
		{"张三", ""},             // staff of the lead department may
		{"nobody-else", "nobody-else"},
	} {
		before := fileHash(t, db)
		code, _, stderr := run(t, db, append(update, "--user", c.user)...)
		if c.want == "" {
			if code != 0 {
				t.Errorf("--user %s: exit %d, %s", c.user, code, stderr)
			}
			continue
		}
		if code != 1 || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || fileHash(t, db) != before {
			t.Errorf("--user %s: exit %d, stderr %q, changed %v; want a one-line refusal naming %q",
				c.user, code, stderr, fileHash(t, db) != before, c.want)
		}
	}
	// 张三 may not report on another department's task.
	if code, _, stderr := run(t, db, "update", "1.1.01", "1", "--as-of", "2019-06-30", "--user", "张三"); code != 1 || !strings.Contains(stderr, "牵头") {
		t.Errorf("staff on a foreign task: exit %d, %q", code, stderr)
	}
	// --user unknown is refused for reading too, before anything is done.
	if code, _, stderr := run(t, db, "list", "--user", "mallory"); code != 1 || !strings.Contains(stderr, "mallory") {
		t.Errorf("list --user mallory: exit %d, %q", code, stderr)
	}
	// Without --user: the local administrator, under the OS user's name.
	if code, _, stderr := run(t, db, "update", "1.1.01", "1", "--as-of", "2019-06-30", "--note", "x", "--problems", "p", "--next", "n"); code != 0 {
		t.Fatalf("the local administrator: exit %d, %s", code, stderr)
	}
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h, err := s.History("5.3.10")
	if err != nil || len(h) != 2 || h[0].By != "boss" || h[1].By != "张三" {
		t.Errorf("5.3.10 history %+v, %v; want boss's then 张三's", h, err)
	}
	h, _ = s.History("1.1.01")
	if os := (&env{}).userName(); len(h) != 1 || h[0].By != os {
		t.Errorf("1.1.01 history %+v; want one update by the OS user %s", h, os)
	}
}

// A staff member's import touching other departments' tasks is refused
// whole, naming every foreign task; nothing is written.
func TestStaffImportOfForeignTasksNamesEvery(t *testing.T) {
	db := usersDB(t)
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "模板.csv")
	if code, _, stderr := run(t, db, "export", "--format", "csv", "--template", "-o", tmpl); code != 0 {
		t.Fatalf("template export: %s", stderr)
	}
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot()
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]string{}
	var foreign []string
	for _, task := range snap.Tasks {
		if task.Kind != model.KindCount || len(values) == 6 {
			continue
		}
		values[task.ID] = model.FormatValue(task.Target) + "|2019-06-30|完成||"
		if task.Lead != "市交通运输局" {
			foreign = append(foreign, task.ID)
		}
	}
	raw, err := os.ReadFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	filled := filepath.Join(dir, "填好.csv")
	if err := os.WriteFile(filled, []byte(fillTemplate(string(raw), values)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dry := range []bool{true, false} {
		args := []string{"import", filled, "--user", "张三"}
		if dry {
			args = append(args, "--dry-run")
		}
		before := fileHash(t, db)
		code, _, stderr := run(t, db, args...)
		if code != 1 || fileHash(t, db) != before {
			t.Fatalf("%v: exit %d, changed %v, stderr %q", args, code, fileHash(t, db) != before, stderr)
		}
		for _, id := range foreign {
			if !strings.Contains(stderr, id) {
				t.Errorf("%v: the refusal does not name %s:\n%s", args, id, stderr)
			}
		}
		if n := strings.Count(stderr, "\n"); n != len(foreign)+1 {
			t.Errorf("%v: %d lines, want one per foreign task and the summary:\n%s", args, n, stderr)
		}
	}
	if len(foreign) < 2 {
		t.Fatalf("the test needs several foreign tasks, has %v", foreign)
	}
}
