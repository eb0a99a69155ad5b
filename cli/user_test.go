package cli

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"duban/i18n"
	"duban/model"
	"duban/store"
)

// runSub runs one of duban's commands, built on a fresh env, as user
// (empty: the OS user); it returns the output and the error.
func runSub(t *testing.T, db, user string, build func(*env) *cobra.Command, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{db: db, user: user, lang: i18n.Zh, stdin: strings.NewReader(""), stdout: &out, stderr: &errb, now: time.Now}
	c := build(e)
	c.SetArgs(args)
	c.SetOut(&out)
	c.SetErr(&errb)
	c.SilenceUsage, c.SilenceErrors = true, true
	err := c.Execute()
	return out.String(), errb.String(), err
}

// newKey makes an ed25519 key pair: the public key's authorized_keys line
// and the path of a .pub file holding it.
func newKey(t *testing.T, comment string) (string, string) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk))) + " " + comment
	path := filepath.Join(t.TempDir(), "id_ed25519.pub")
	if err := os.WriteFile(path, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return line, path
}

// users reads the users of db.
func users(t *testing.T, db string) []model.User {
	t.Helper()
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	us, err := s.Users()
	if err != nil {
		t.Fatal(err)
	}
	return us
}

func TestUserAddListRemove(t *testing.T) {
	db := newDB(t)
	keyA, fileA := newKey(t, "zhang@laptop")
	keyB, _ := newKey(t, "du@office")
	const dept = "市城市管理和综合执法局"

	// A key file and key text both work; the department is checked
	// against the plan.
	out, stderr, err := runSub(t, db, "", (*env).userCmd, "add", "张三", "--role", "staff", "--dept", dept, "--key", fileA)
	if err != nil {
		t.Fatalf("add staff: %v", err)
	}
	if !strings.Contains(out, "张三") || stderr != "" {
		t.Errorf("add staff said %q, %q", out, stderr)
	}
	if _, _, err := runSub(t, db, "", (*env).userCmd, "add", "duchashi", "--role", "supervisor", "--key", keyB); err != nil {
		t.Fatalf("add supervisor: %v", err)
	}
	// A department no task names (a typo of 市城市管理和综合执法局) is refused.
	if _, _, err := runSub(t, db, "", (*env).userCmd, "add", "lisi", "--role", "staff", "--dept", "市城管局", "--key", mustKey(t)); !errors.Is(err, i18n.E("err.user.dept.unknown")) || !strings.Contains(i18n.Message(i18n.Zh, err), "市城管局") {
		t.Errorf("a department no task names: %v", err)
	}
	if _, _, err := runSub(t, db, "", (*env).userCmd, "add", "lisi", "--role", "staff", "--dept", dept, "--key", mustKey(t)); err != nil {
		t.Fatal(err)
	}

	us := users(t, db)
	if len(us) != 3 || us[2].Name != "张三" || us[2].Role != model.RoleStaff || us[2].Depts[0] != dept || us[2].Keys[0] != keyA {
		t.Fatalf("stored users: %+v", us)
	}

	// The list is aligned by display width and shows fingerprints, not keys.
	out, _, err = runSub(t, db, "", (*env).userCmd, "list")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("list:\n%s", out)
	}
	col := -1
	for i, l := range lines {
		c := ansi.StringWidth(l[:strings.Index(l, roleCell(i, l))])
		if col >= 0 && c != col {
			t.Errorf("the role column is not aligned:\n%s", out)
		}
		col = c
	}
	for _, want := range []string{"填报员", "督查室", dept, "SHA256:", "zhang@laptop"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, strings.Fields(keyA)[1]) {
		t.Errorf("list shows key material:\n%s", out)
	}

	// Remove.
	if _, _, err := runSub(t, db, "", (*env).userCmd, "remove", "lisi"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runSub(t, db, "", (*env).userCmd, "remove", "lisi"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removing an unknown user: %v", err)
	}
	if n := len(users(t, db)); n != 2 {
		t.Errorf("%d users after removing one of 3", n)
	}
}

// roleCell is the role cell of line i of the user list: the header's label
// or a role name.
func roleCell(i int, l string) string {
	for _, r := range []string{"角色", "填报员", "督查室", "管理员"} {
		if strings.Contains(l, r) {
			return r
		}
	}
	return l
}

func mustKey(t *testing.T) string {
	k, _ := newKey(t, "")
	return k
}

func TestUserAddRefusals(t *testing.T) {
	db := newDB(t)
	key, _ := newKey(t, "")
	if _, _, err := runSub(t, db, "", (*env).userCmd, "add", "admin", "--role", "admin", "--key", key); err != nil {
		t.Fatal(err)
	}
	priv := filepath.Join(t.TempDir(), "id_ed25519")
	_, sk, _ := ed25519.GenerateKey(rand.Reader)
	block, err := gossh.MarshalPrivateKey(sk, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(priv, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(t.TempDir(), "notes.txt")
	_ = os.WriteFile(garbage, []byte("ssh-ed25519 AAAA\n"), 0o644)

	tests := []struct {
		name  string
		args  []string
		want  string // i18n key
		usage bool   // misuse: exit 2
	}{
		{"duplicate name", []string{"admin", "--role", "admin", "--key", mustKey(t)}, "err.user.exists", false},
		{"unknown role", []string{"bob", "--role", "boss", "--key", mustKey(t)}, "err.user.role", true},
		{"staff without department", []string{"bob", "--role", "staff", "--key", mustKey(t)}, "err.user.dept", true},
		{"no key", []string{"bob", "--role", "supervisor"}, "err.user.nokey", true},
		{"not a key", []string{"bob", "--role", "supervisor", "--key", "hunter2"}, "err.user.key", false},
		{"a private key", []string{"bob", "--role", "supervisor", "--key", priv}, "err.user.key.private", false},
		{"a bad key file", []string{"bob", "--role", "supervisor", "--key", garbage}, "err.user.key.file", false},
		{"a key taken", []string{"bob", "--role", "supervisor", "--key", key}, "err.user.key.taken", false},
		{"a name with a space", []string{"bob smith", "--role", "supervisor", "--key", mustKey(t)}, "err.store.user.name", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runSub(t, db, "", (*env).userCmd, append([]string{"add"}, tt.args...)...)
			if !errors.Is(err, i18n.E(tt.want)) {
				t.Fatalf("got %v, want %s", err, tt.want)
			}
			var ue usageError
			if errors.As(err, &ue) != tt.usage {
				t.Errorf("usage error: %v, want %v", !tt.usage, tt.usage)
			}
		})
	}
	if n := len(users(t, db)); n != 1 {
		t.Errorf("%d users after refusals", n)
	}
}

func TestUserKeys(t *testing.T) {
	db := newDB(t)
	k1, _ := newKey(t, "old")
	k2, f2 := newKey(t, "new")
	if _, _, err := runSub(t, db, "", (*env).userCmd, "add", "du", "--role", "supervisor", "--key", k1); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runSub(t, db, "", (*env).userCmd, "key", "add", "du", f2); err != nil || !strings.Contains(out, "SHA256:") {
		t.Fatalf("key add: %v %q", err, out)
	}
	if _, _, err := runSub(t, db, "", (*env).userCmd, "key", "add", "du", k2); !errors.Is(err, i18n.E("err.user.key.has")) {
		t.Errorf("adding a key twice: %v", err)
	}
	if _, _, err := runSub(t, db, "", (*env).userCmd, "key", "add", "nobody", mustKey(t)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("key add to an unknown user: %v", err)
	}
	// Remove by fingerprint, as the list shows it, and by key.
	pk, _, _, _, _ := gossh.ParseAuthorizedKey([]byte(k1))
	if _, _, err := runSub(t, db, "", (*env).userCmd, "key", "remove", "du", gossh.FingerprintSHA256(pk)); err != nil {
		t.Fatal(err)
	}
	if us := users(t, db); len(us[0].Keys) != 1 || us[0].Keys[0] != k2 {
		t.Fatalf("keys after removing the old one: %q", us[0].Keys)
	}
	if _, _, err := runSub(t, db, "", (*env).userCmd, "key", "remove", "du", k1); !errors.Is(err, i18n.E("err.user.key.missing")) {
		t.Errorf("removing a key twice: %v", err)
	}
	_, stderr, err := runSub(t, db, "", (*env).userCmd, "key", "remove", "du", f2)
	if err != nil || !strings.Contains(stderr, "du") {
		t.Errorf("removing the last key: %v, warning %q", err, stderr)
	}
}

// Only an administrator changes users: the person at the terminal is one;
// --user must name a user of the file, whose role then applies.
func TestUserNeedsAdmin(t *testing.T) {
	db := newDB(t)
	if _, _, err := runSub(t, db, "", (*env).userCmd, "add", "du", "--role", "supervisor", "--key", mustKey(t)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runSub(t, db, "du", (*env).userCmd, "add", "x", "--role", "supervisor", "--key", mustKey(t)); !errors.Is(err, i18n.E("err.access.admin")) {
		t.Errorf("a supervisor adding a user: %v", err)
	}
	if _, _, err := runSub(t, db, "du", (*env).userCmd, "list"); err != nil {
		t.Errorf("a supervisor listing users: %v", err)
	}
	// --user naming nobody of the file is refused, and changes nothing (it
	// used to act with an administrator's rights).
	if _, _, err := runSub(t, db, "mallory", (*env).userCmd, "remove", "du"); !errors.Is(err, i18n.E("err.actor.unknown")) {
		t.Errorf("--user naming nobody: %v", err)
	}
	if n := len(users(t, db)); n != 1 {
		t.Errorf("%d users after the refusal, want 1", n)
	}
	// The change is audited under the acting user.
	if _, _, err := runSub(t, db, "", (*env).userCmd, "add", "boss", "--role", "admin", "--key", mustKey(t)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runSub(t, db, "boss", (*env).userCmd, "remove", "du"); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	audit, _ := s.Audit("")
	if last := audit[len(audit)-1]; last.User != "boss" || last.Action != store.ActionUser {
		t.Errorf("last audit entry %+v", last)
	}
}

// While another process (duban serve) holds the file, user commands say
// so instead of waiting.
func TestUserWhileServing(t *testing.T) {
	db := newDB(t)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, _, err := runSub(t, db, "", (*env).userCmd, "add", "du", "--role", "supervisor", "--key", mustKey(t)); !errors.Is(err, i18n.E("err.user.running")) {
		t.Errorf("got %v, want err.user.running", err)
	}
}
