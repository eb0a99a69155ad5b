package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	gossh "golang.org/x/crypto/ssh"

	"duban/model"
	"duban/server"
	"duban/store"
)

// served is a database held by a running server on 127.0.0.1 and a
// random port, with an admin, a supervisor and a staff user of
// 市交通运输局, each with their own key.
type served struct {
	t    testing.TB
	db   string
	st   *store.Store
	srv  *server.Server
	keys map[string]gossh.Signer
}

const (
	admin = "陈主任"
	staff = "赵交通"
	super = "李督查"
)

func newServed(t *testing.T, o server.Options) *served {
	t.Helper()
	db := newDB(t)
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sv := &served{t: t, db: db, st: st, keys: map[string]gossh.Signer{}}
	for _, u := range []model.User{
		{Name: admin, Role: model.RoleAdmin},
		{Name: super, Role: model.RoleSupervisor},
		{Name: staff, Role: model.RoleStaff, Depts: []string{"市交通运输局"}},
	} {
		sg := newTestSigner(t)
		sv.keys[u.Name] = sg
		u.Keys = []string{strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sg.PublicKey())))}
		if err := st.PutUser(model.LocalActor("test"), u); err != nil {
			t.Fatal(err)
		}
	}
	o.Listen = "127.0.0.1:0"
	o.HostKeyPath = filepath.Join(filepath.Dir(db), "host_ed25519")
	o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	o.Exec = func(ctx context.Context, r server.Request) int { return Exec(ctx, st, r) }
	srv, err := server.New(st, o)
	if err != nil {
		t.Fatal(err)
	}
	sv.srv = srv
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
		st.Close()
	})
	return sv
}

// newTestSigner is a fresh ed25519 key.
func newTestSigner(tb testing.TB) gossh.Signer {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	sg, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		tb.Fatal(err)
	}
	return sg
}

func (sv *served) dial(name string) *gossh.Client {
	sv.t.Helper()
	c, err := gossh.Dial("tcp", sv.srv.Addr().String(), &gossh.ClientConfig{
		User: name, Auth: []gossh.AuthMethod{gossh.PublicKeys(sv.keys[name])},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
	})
	if err != nil {
		sv.t.Fatal(err)
	}
	return c
}

// ssh runs cmd over SSH as name with stdin and returns the exit status,
// stdout and stderr.
func (sv *served) ssh(name, cmd string, stdin []byte) (int, string, string) {
	sv.t.Helper()
	c := sv.dial(name)
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		sv.t.Fatal(err)
	}
	var out, errb bytes.Buffer
	sess.Stdin, sess.Stdout, sess.Stderr = bytes.NewReader(stdin), &out, &errb
	err = sess.Run(cmd)
	code := 0
	var ee *gossh.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitStatus()
	} else if err != nil {
		sv.t.Fatalf("%s: %v", cmd, err)
	}
	return code, out.String(), errb.String()
}

// auditLen is the number of audit entries: what a refused command must
// leave unchanged.
func (sv *served) auditLen() int {
	a, err := sv.st.Audit("")
	if err != nil {
		sv.t.Fatal(err)
	}
	return len(a)
}

// waitIdle waits for the server's commands to finish.
// cutOff runs cmd as name with part of its input on stdin, then drops the
// connection without ending the input, and waits for the server to idle.
func (sv *served) cutOff(name, cmd string, part []byte) {
	sv.t.Helper()
	c := sv.dial(name)
	sess, err := c.NewSession()
	if err != nil {
		sv.t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		sv.t.Fatal(err)
	}
	if err := sess.Start(cmd); err != nil {
		sv.t.Fatal(err)
	}
	if _, err := in.Write(part); err != nil {
		sv.t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the part has arrived
	c.Close()                          // the connection drops, no end of input sent
	time.Sleep(100 * time.Millisecond)
	sv.waitIdle()
}

func (sv *served) waitIdle() {
	deadline := time.Now().Add(5 * time.Second)
	for sv.srv.Commands() > 0 {
		if time.Now().After(deadline) {
			sv.t.Fatal("commands still running")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Each command over SSH gives the output and exit status of the same
// command run locally on a copy of the file, as the same user.
func TestSSHCommandsEqualLocal(t *testing.T) {
	sv := newServed(t, server.Options{})
	local := filepath.Join(t.TempDir(), "copy.db")
	if err := sv.st.Backup(local); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		cmd  string
		code int
	}{
		{"list --as-of 2019-06-30", 0},
		{"list --dept 市交通运输局 --as-of 2019-06-30 --format json", 0},
		{"show 5.3.05 --as-of 2019-06-30", 0},
		{"show 9.9.99", 1},
		{"update 5.3.05 abc", 1},
		{"update 5.3.05 750 --as-of 2019-06-30 --note 新建停车场两处", 0},
		{"show 5.3.05 --as-of 2019-06-30", 0},
		{"list --status bogus", 2},
		{"export --format md --as-of 2019-06-30", 0},
		{"export --format csv --as-of 2019-06-30", 0},
		{"export --format html --as-of 2019-06-30", 0},
		{"export --format json", 0},
		{"export --format xlsx --template --dept 市交通运输局 --as-of 2019-06-30", 0},
		{"export --format xlsx --as-of 2019-06-30 --dept 市交通运输局", 0},
		{"user list", 0},
		{"--lang en show 5.3.05 --as-of 2019-06-30", 0},
	} {
		code, out, errs := sv.ssh(admin, c.cmd, nil)
		args := append([]string{"--db", local, "--user", admin}, strings.Fields(c.cmd)...)
		var lout, lerr bytes.Buffer
		lcode := Main(context.Background(), args, strings.NewReader(""), &lout, &lerr)
		if code != c.code || lcode != c.code {
			t.Errorf("%s: exit %d over SSH, %d locally, want %d (%s)", c.cmd, code, lcode, c.code, errs)
		}
		if strings.HasPrefix(out, "PK") && !strings.Contains(c.cmd, "--template") {
			// The workbook of several sheets is zipped in no fixed order
			// (excelize): compare what it holds.
			out, lout = zipText(t, out), *bytes.NewBufferString(zipText(t, lout.String()))
		}
		if maskHead(out) != maskHead(lout.String()) || errs != lerr.String() { // the update above was made apart
			t.Errorf("%s: over SSH\n%.300q\n%q\nlocally\n%.300q\n%q", c.cmd, out, errs, lout.String(), lerr.String())
		}
	}
}

// zipText is a zip's entries, sorted by name, as text.
func zipText(t *testing.T, data string) string {
	z, err := zip.NewReader(strings.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		parts = append(parts, f.Name+"\n"+string(b))
	}
	slices.Sort(parts)
	return strings.Join(parts, "\n")
}

// Over SSH a command acts as its user only: no file on the server, no
// other database or user, no screens or server, admin commands for admins.
func TestSSHRefusals(t *testing.T) {
	sv := newServed(t, server.Options{})
	for _, c := range []struct {
		user, cmd, want string
		code            int
	}{
		{staff, "update 5.3.05 750 --as-of 2019-06-30", "市城市管理和综合执法局牵头", 1},
		{super, "update 2.2.03 50 --as-of 2019-06-30", "督查室", 1},
		{staff, "backup", "不是管理员，不能运行 backup", 1},
		{staff, "user list", "不是管理员", 1},
		{staff, "list --user " + admin, "自己", 2},
		{admin, "--db /tmp/other.db list", "--db", 2},
		{admin, "export --format md -o /tmp/x.md", "/tmp/x.md", 2},
		{admin, "import /etc/passwd", "/etc/passwd", 2},
		{admin, "backup /tmp/copy.db", "/tmp/copy.db", 2},
		{admin, "user key add " + staff + " /etc/ssh/ssh_host_ed25519_key.pub", "/etc/ssh", 2},
		{admin, "serve", "serve", 2},
		{admin, "demo", "demo", 2},
	} {
		before := sv.auditLen()
		code, _, errs := sv.ssh(c.user, c.cmd, nil)
		if code != c.code || !strings.Contains(errs, c.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%s %s: exit %d, stderr %q; want %d and one line with %q", c.user, c.cmd, code, errs, c.code, c.want)
		}
		if sv.auditLen() != before {
			t.Errorf("%s %s changed the file", c.user, c.cmd)
		}
	}
}

// template returns a department's csv template filled with values by id
// (value|date|note|problems|next).
func (sv *served) template(dept string, values map[string]string) []byte {
	sv.t.Helper()
	args := "export --format csv --template"
	if dept != "" {
		args += " --dept " + dept
	}
	code, raw, errs := sv.ssh(admin, args, nil)
	if code != 0 {
		sv.t.Fatal(errs)
	}
	return []byte(fillTemplate(raw, values))
}

// A staff member's import comes on stdin; one touching another
// department's task is refused whole and changes nothing; a supervisor
// imports no values; a good one is recorded under the staff member.
func TestSSHImportRights(t *testing.T) {
	sv := newServed(t, server.Options{})
	mixed := sv.template("", map[string]string{
		"5.3.10": "600|2019-06-30|完成600公里||",
		"5.3.05": "750|2019-06-30|新建停车场两处||",
	})
	before := sv.auditLen()
	code, _, errs := sv.ssh(staff, "import", mixed)
	if code != 1 || !strings.Contains(errs, "5.3.05") || sv.auditLen() != before {
		t.Fatalf("mixed import by staff: exit %d, stderr %q, audit %d → %d", code, errs, before, sv.auditLen())
	}
	own := sv.template("市交通运输局", map[string]string{"5.3.10": "600|2019-06-30|完成600公里||"})
	if code, _, errs := sv.ssh(super, "import", own); code != 1 || !strings.Contains(errs, "督查室") || sv.auditLen() != before {
		t.Fatalf("import by supervisor: exit %d, %q", code, errs)
	}
	if code, out, errs := sv.ssh(staff, "import --dry-run", own); code != 0 || !strings.Contains(out, "5.3.10") || sv.auditLen() != before {
		t.Fatalf("dry run: exit %d %q %q", code, out, errs)
	}
	if code, _, errs := sv.ssh(staff, "import", own); code != 0 {
		t.Fatalf("own import: exit %d %q", code, errs)
	}
	code, out, _ := sv.ssh(admin, "log 5.3.10", nil)
	if code != 0 || !strings.Contains(out, staff) {
		t.Fatalf("log after import lacks %s:\n%s", staff, out)
	}
}

// An import whose connection is cut half-way writes nothing, even when
// what arrived is a valid file by itself.
func TestSSHImportCutOff(t *testing.T) {
	sv := newServed(t, server.Options{})
	file := sv.template("市交通运输局", map[string]string{
		"5.3.10": "600|2019-06-30|完成600公里||",
		"5.3.11": "40|2019-06-30|完成40公里|雨季影响施工|抢抓晴好天气",
	})
	// The part up to the end of 5.3.10's row is itself an importable file.
	cut := bytes.Index(file, []byte("\n5.3.11")) + 1
	if cut <= 0 {
		t.Fatal("template lacks 5.3.11")
	}
	before := sv.auditLen()
	sv.cutOff(staff, "import", file[:cut])
	if sv.auditLen() != before {
		t.Fatal("an import cut off half-way wrote")
	}
	// The same half, sent whole, is imported: the refusal above was the cut.
	if code, _, errs := sv.ssh(staff, "import", file[:cut]); code != 0 || sv.auditLen() == before {
		t.Fatalf("the half as a whole file: exit %d %q", code, errs)
	}
}

// backup over SSH streams a copy that opens and passes check while 20
// sessions keep saving.
func TestSSHBackupWhileSaving(t *testing.T) {
	sv := newServed(t, server.Options{})
	snap, err := sv.st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var saves, failed int64
	var mu sync.Mutex
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task := snap.Tasks[i%len(snap.Tasks)]
			for v := int64(1); ; v++ {
				select {
				case <-stop:
					return
				default:
				}
				_, err := sv.st.ApplyUpdates(model.LocalActor("test"), []model.Update{{TaskID: task.ID, Value: decimal.NewFromInt(v), AsOf: time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC),
					Note: "进展", Problems: "问题", Next: "措施", By: fmt.Sprint("s", i)}})
				mu.Lock()
				if err != nil {
					failed++
				} else {
					saves++
				}
				mu.Unlock()
			}
		}()
	}
	dir := t.TempDir()
	for i := range 3 {
		code, out, errs := sv.ssh(admin, "backup", nil)
		if code != 0 {
			t.Fatalf("backup: exit %d %q", code, errs)
		}
		p := filepath.Join(dir, fmt.Sprint(i, ".db"))
		os.WriteFile(p, []byte(out), 0o600)
		if code, _, errs := run(t, p, "check"); code != 0 {
			t.Fatalf("backup %d fails check: %s", i, errs)
		}
	}
	close(stop)
	wg.Wait()
	if saves == 0 || failed > 0 {
		t.Fatalf("%d saves, %d failed", saves, failed)
	}
}

// The command line on the server's machine goes through the running
// server and gives what it gives without one; a process without the
// local key is refused.
func TestLocalCLIThroughServer(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.db")
	sv := newServed(t, server.Options{})
	if err := sv.st.Backup(plain); err != nil {
		t.Fatal(err)
	}
	tmpl := filepath.Join(dir, "t.csv")
	good := sv.template("市交通运输局", map[string]string{"5.3.10": "600|2019-06-30|完成600公里||"})
	os.WriteFile(tmpl, good, 0o600)
	for _, args := range [][]string{
		{"export", "--format", "md", "--as-of", "2019-06-30"},
		{"import", tmpl, "--user", staff},
		{"export", "--format", "json"},
		{"show", "5.3.10", "--as-of", "2019-06-30"},
		{"update", "5.3.10", "abc"},
		{"user", "list"},
	} {
		code, out, errs := run(t, sv.db, args...)
		lcode, lout, lerrs := run(t, plain, args...)
		if code != lcode || maskHead(out) != maskHead(lout) || errs != lerrs { // the import was made apart
			t.Errorf("%v: through the server exit %d\n%.300q %q\nwithout one exit %d\n%.300q %q", args, code, out, errs, lcode, lout, lerrs)
		}
	}
	if sv.auditLen() < 5 {
		t.Error("the import through the server did not reach its store")
	}
	copyDB := filepath.Join(dir, "backup.db")
	if code, _, errs := run(t, sv.db, "backup", copyDB); code != 0 {
		t.Fatalf("backup through the server: %s", errs)
	}
	if code, out, errs := run(t, copyDB, "check"); code != 0 || !strings.Contains(out, "检查通过") {
		t.Fatalf("the backup fails check: %s", errs)
	}
	if code, out, errs := run(t, sv.db, "check"); code != 0 || !strings.Contains(out, sv.db) {
		t.Fatalf("check through the server: exit %d %q %q", code, out, errs)
	}
	// The screens and a second server are refused with a sentence.
	if code, _, errs := run(t, sv.db, "serve", "--listen", "127.0.0.1:0"); code != 1 || !strings.Contains(errs, "duban serve") {
		t.Errorf("second serve: exit %d %q", code, errs)
	}

	// Without the key: refused, nothing written.
	keyPath := server.LocalKeyPath(sv.db)
	key, _ := os.ReadFile(keyPath)
	os.WriteFile(keyPath, []byte("0000\n"), 0o600)
	before := sv.auditLen()
	code, out, errs := run(t, sv.db, "update", "5.3.10", "700", "--as-of", "2019-06-30")
	os.WriteFile(keyPath, key, 0o600)
	if code != 1 || out != "" || !strings.Contains(errs, "本机凭据") || sv.auditLen() != before {
		t.Fatalf("without the key: exit %d %q %q", code, out, errs)
	}
	if fi, err := os.Stat(server.LocalSocketPath(sv.db)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("socket mode: %v %v", fi.Mode(), err)
	}
	if fi, err := os.Stat(keyPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key mode: %v %v", fi.Mode(), err)
	}
}

// --plan over SSH works on that plan for that command alone: the server's
// store, and every other session, stay on the served plan; an update with
// --plan goes into that plan only.
func TestSSHPlanFlagMovesNobodyElse(t *testing.T) {
	sv := newServed(t, server.Options{})
	p, err := sv.st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	next := p.Plan
	next.ID, next.Title = "zhuzhou-2020", "株洲市2020年政府工作报告重点工作"
	next.Start, next.End = next.Start.AddDate(1, 0, 0), next.End.AddDate(1, 0, 0)
	tasks := append([]model.Task(nil), p.Tasks...)
	for i := range tasks {
		tasks[i].Due = time.Time{}
	}
	if err := sv.st.ReplacePlan(model.LocalActor("test"), next, tasks); err != nil {
		t.Fatal(err)
	}
	served := sv.st.CurrentPlan()
	code, _, stderr := sv.ssh(admin, "update 5.3.05 800 --plan zhuzhou-2020 --as-of 2020-06-30 --note 新建停车场一处", nil)
	if code != 0 {
		t.Fatalf("update --plan over ssh: exit %d: %s", code, stderr)
	}
	if sv.st.CurrentPlan() != served {
		t.Fatalf("--plan over ssh moved the server to %s", sv.st.CurrentPlan())
	}
	if _, out, _ := sv.ssh(admin, "show 5.3.05 --plan zhuzhou-2020 --as-of 2020-06-30", nil); !strings.Contains(out, "800") {
		t.Errorf("2020's history lacks the update: %s", out)
	}
	if _, out, _ := sv.ssh(admin, "show 5.3.05 --as-of 2019-06-30", nil); strings.Contains(out, "新建停车场一处") {
		t.Errorf("the served plan got 2020's update: %s", out)
	}
	if code, _, stderr := sv.ssh(admin, "list --plan nope", nil); code != 1 || stderr == "" {
		t.Errorf("an unknown --plan over ssh: exit %d, %q", code, stderr)
	}
}
