package server

import (
	"errors"
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"duban/i18n"
	"duban/model"
	"duban/store"
)

// An unknown key is refused during the handshake, before any session, and
// the refusal is logged with the key's fingerprint, never the key itself.
func TestUnknownKeyRefused(t *testing.T) {
	e := newEnv(t, envOptions{})
	stranger := newSigner(t)
	for _, login := range []string{"stranger", "admin"} { // a known login name does not help
		c, err := e.dial(login, stranger)
		if err == nil {
			c.Close()
			t.Fatalf("login %q with an unknown key was accepted", login)
		}
		if !strings.Contains(err.Error(), "unable to authenticate") {
			t.Errorf("login %q: got %v, want an authentication failure", login, err)
		}
	}
	logs := e.logs.String()
	if !strings.Contains(logs, "refused: unknown key") || !strings.Contains(logs, gossh.FingerprintSHA256(stranger.PublicKey())) {
		t.Errorf("the refusal is not logged with the key's fingerprint:\n%s", logs)
	}
	if k := authorizedKey(stranger, ""); strings.Contains(logs, strings.Fields(k)[1]) {
		t.Errorf("the log contains key material:\n%s", logs)
	}
	if e.srv.Sessions() != 0 {
		t.Errorf("%d sessions run", e.srv.Sessions())
	}
}

// A key added to a user while the server runs works at the next login:
// users are read afresh at every login.
func TestKeysReadAtEveryLogin(t *testing.T) {
	e := newEnv(t, envOptions{})
	s := newSigner(t)
	if c, err := e.dial("late", s); err == nil {
		c.Close()
		t.Fatal("accepted before the user existed")
	}
	if err := e.st.PutUser(model.LocalActor("test"), model.User{Name: "late", Role: model.RoleSupervisor, Keys: []string{authorizedKey(s, "")}}); err != nil {
		t.Fatal(err)
	}
	e.keys["late"] = s
	term := e.open("late", 80, 24)
	term.waitFor(5*time.Second, "probe user=late role=supervisor")
}

// A session without a terminal gets one line, in Chinese and English, and
// exit status 1.
func TestNoTerminal(t *testing.T) {
	e := newEnv(t, envOptions{})
	c, err := e.dial("staffA", e.keys["staffA"])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, cmd := range []string{"", "list"} {
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		out, err := sess.CombinedOutput(cmd)
		var exit *gossh.ExitError
		if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
			t.Errorf("command %q: got %v, want exit status 1", cmd, err)
		}
		want := NoTerminalLine() + "\n"
		if string(out) != want {
			t.Errorf("command %q: got %q, want %q", cmd, out, want)
		}
		if !strings.Contains(want, "终端") || !strings.Contains(want, "terminal") {
			t.Errorf("the line is not in both languages: %q", want)
		}
	}
}

// A known key gets a session acting as its user, at its own size.
func TestSessionActsAsItsUser(t *testing.T) {
	e := newEnv(t, envOptions{})
	a := e.open("staffA", 100, 30)
	d := e.open("du", 60, 20)
	a.waitFor(5*time.Second, "probe user=staffA role=staff", "task="+e.taskA.ID)
	d.waitFor(5*time.Second, "probe user=du role=supervisor")
	if e.srv.Sessions() != 2 {
		t.Errorf("Sessions() = %d, want 2", e.srv.Sessions())
	}
	a.send("q")
	select {
	case <-a.end:
	case <-time.After(5 * time.Second):
		t.Fatal("the session did not end after q")
	}
	if !strings.Contains(e.logs.String(), "session end") {
		t.Errorf("the end of the session is not logged")
	}
}

// Staff of one department cannot update another department's task: the
// database is unchanged, and the session says why.
func TestStaffCannotUpdateOtherDepartment(t *testing.T) {
	e := newEnv(t, envOptions{})
	before, err := e.st.Audit("")
	if err != nil {
		t.Fatal(err)
	}

	// Directly through the session backend.
	b := e.backend("staffA")
	_, err = b.AddUpdate(update(e.taskB.ID, 5), 0)
	if !errors.Is(err, i18n.E("err.access.update.dept")) {
		t.Fatalf("staffA updating %s (led by %s): got %v, want err.access.update.dept", e.taskB.ID, e.deptB, err)
	}
	if msg := i18n.Message(i18n.Zh, err); !strings.Contains(msg, e.taskB.ID) || !strings.Contains(msg, e.deptB) {
		t.Errorf("the refusal does not say why: %q", msg)
	}
	if _, err := b.ApplyUpdates([]model.Update{update(e.taskA.ID, 1), update(e.taskB.ID, 1)}); !errors.Is(err, i18n.E("err.access.update.dept")) {
		t.Errorf("a batch with another department's task: got %v", err)
	}

	// Over SSH: staffA's screen asks for an update on taskB.
	term := e.open("staffB", 120, 24) // staffB's probe works on taskB …
	term.waitFor(5*time.Second, "probe user=staffB")
	if err := e.st.PutUser(model.LocalActor("test"), model.User{Name: "staffB", Role: model.RoleStaff, Depts: []string{e.deptA},
		Keys: []string{authorizedKey(e.keys["staffB"], "")}}); err != nil { // … but now reports for deptA
		t.Fatal(err)
	}
	term.send("u")
	term.waitFor(5*time.Second, "msg=staffB 不能填报任务 "+e.taskB.ID)

	after, err := e.st.Audit("")
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 { // the PutUser above only
		t.Errorf("audit grew from %d to %d entries", len(before), len(after))
	}
	snap, err := e.st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(snap.History[e.taskB.ID]); n != 0 {
		t.Errorf("task %s has %d updates", e.taskB.ID, n)
	}

	// Their own department's task is fine, and recorded under their name
	// whatever the caller claims.
	u := update(e.taskA.ID, 7)
	u.By = "admin"
	got, err := b.AddUpdate(u, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got.By != "staffA" {
		t.Errorf("recorded by %q, want staffA", got.By)
	}
}

// The rights of each role, enforced by the session backend.
func TestBackendRights(t *testing.T) {
	e := newEnv(t, envOptions{})
	seq := func() uint64 {
		u, err := e.backend("staffA").AddUpdate(update(e.taskA.ID, 3), 0)
		if err != nil {
			t.Fatal(err)
		}
		return u.Seq
	}()
	replyBy := time.Date(2019, 7, 15, 0, 0, 0, 0, time.UTC)
	newUser := model.User{Name: "x", Role: model.RoleSupervisor}
	noters := []string{"admin", "staffA"} // and staffB where deptB partners taskA
	if slices.Contains(e.taskA.Partners, e.deptB) {
		noters = append(noters, "staffB")
	}
	ops := []struct {
		name string
		do   func(b *Backend) error
		ok   []string // users allowed
	}{
		{"update", func(b *Backend) error { _, err := b.AddUpdate(update(e.taskA.ID, 4), 0); return err }, []string{"admin", "staffA"}},
		{"review", func(b *Backend) error { return b.Review(seq, model.ReviewApproved, "") }, []string{"admin", "du"}},
		{"urge", func(b *Backend) error { return b.Urge(e.taskA.ID, "请加快", replyBy) }, []string{"admin", "du"}},
		{"note", func(b *Backend) error { return b.AddNote(e.taskA.ID, "已协调") }, noters},
		{"depts", func(b *Backend) error { return b.SetDepts(e.taskA.ID, e.deptA, nil) }, []string{"admin"}},
		{"put user", func(b *Backend) error { return b.PutUser(newUser) }, []string{"admin"}},
		{"delete user", func(b *Backend) error { return b.DeleteUser("x") }, []string{"admin"}},
	}
	for _, op := range ops {
		for _, name := range []string{"staffB", "staffA", "du", "admin"} { // refusals first: "x" must exist to be deleted
			err := op.do(e.backend(name))
			allowed := false
			for _, ok := range op.ok {
				allowed = allowed || ok == name
			}
			if allowed && err != nil {
				t.Errorf("%s as %s: %v", op.name, name, err)
			}
			var ie *i18n.Error
			if !allowed && (!errors.As(err, &ie) || !strings.HasPrefix(ie.Key, "err.access.")) {
				t.Errorf("%s as %s: got %v, want an access refusal", op.name, name, err)
			}
		}
	}
	// Every change is recorded under the acting user.
	audit, err := e.st.Audit(e.taskA.ID)
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]string{}
	for _, a := range audit {
		users[a.Action] += a.User + " "
	}
	for action, want := range map[string]string{store.ActionReview: "du", store.ActionUrge: "du", store.ActionDepts: "admin"} {
		if !strings.Contains(users[action], want) {
			t.Errorf("%s recorded by %q, want %s among them", action, users[action], want)
		}
	}
	// A user removed while connected can change nothing more.
	if err := e.st.DeleteUser(model.LocalActor("test"), "staffA"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.backend("staffA").AddUpdate(update(e.taskA.ID, 9), 0); !errors.Is(err, i18n.E("server.err.user.gone")) {
		t.Errorf("a removed user's update: got %v", err)
	}
}

// No silent overwrite: an update prepared against an older state of the
// task is refused with what changed and by whom; after a fresh look the
// retry succeeds.
func TestNoSilentOverwrite(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.addUser("staffA2", model.RoleStaff, e.deptA)
	snap, err := e.st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	task, _ := snap.Task(e.taskA.ID)
	first, second := e.backend("staffA"), e.backend("staffA2") // both of deptA

	if _, err := first.AddUpdate(update(task.ID, 10), task.Rev); err != nil {
		t.Fatal(err)
	}
	_, err = second.AddUpdate(update(task.ID, 20), task.Rev) // prepared before the first save
	var ce *store.ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, store.ErrConflict) {
		t.Fatalf("got %v, want a *store.ConflictError", err)
	}
	msg := i18n.Message(i18n.Zh, err)
	for _, want := range []string{task.ID, "staffA", "10"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal %q does not show %q", msg, want)
		}
	}
	h, _ := e.st.History(task.ID)
	if len(h) != 1 || !h[0].Value.Equal(update("", 10).Value) {
		t.Fatalf("history after the refused update: %+v", h)
	}
	// Look again and retry.
	snap, _ = e.st.Snapshot()
	task, _ = snap.Task(task.ID)
	if _, err := second.AddUpdate(update(task.ID, 20), task.Rev); err != nil {
		t.Fatalf("the retry: %v", err)
	}
}

// A supervisor's approval and return reach the staff's open session live,
// with no key pressed there.
func TestReviewReachesStaffLive(t *testing.T) {
	e := newEnv(t, envOptions{})
	staff := e.open("staffA", 120, 24)
	staff.waitFor(5*time.Second, "probe user=staffA")
	staff.send("u")
	staff.waitFor(5*time.Second, "msg=saved", "review=pending")

	h, err := e.st.History(e.taskA.ID)
	if err != nil || len(h) != 1 {
		t.Fatalf("history: %v %v", h, err)
	}
	du := e.backend("du")
	if err := du.Review(h[0].Seq, model.ReviewApproved, ""); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	staff.waitFor(time.Second, "review=approved")
	t.Logf("approval shown after %v", time.Since(start))

	if err := du.Review(h[0].Seq, model.ReviewReturned, "数据口径有误"); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	staff.waitFor(time.Second, "review=returned", "comment=数据口径有误")
	t.Logf("return shown after %v", time.Since(start))
}

// The host key is created beside the database on first start, private,
// and kept across restarts.
func TestHostKeyKept(t *testing.T) {
	e := newEnv(t, envOptions{})
	fp := e.srv.HostKeyFingerprint()
	if !strings.HasPrefix(fp, "SHA256:") {
		t.Fatalf("fingerprint %q", fp)
	}
	fi, err := os.Stat(e.srv.HostKeyPath())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("host key mode %v, want private", fi.Mode().Perm())
	}
	// The client sees that key.
	var seen string
	c, err := gossh.Dial("tcp", e.addr, &gossh.ClientConfig{
		User: "admin", Auth: []gossh.AuthMethod{gossh.PublicKeys(e.keys["admin"])},
		HostKeyCallback: func(_ string, _ net.Addr, k gossh.PublicKey) error {
			seen = gossh.FingerprintSHA256(k)
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if seen != fp {
		t.Errorf("client saw %s, server says %s", seen, fp)
	}
	if _, err := e.stop(); err != nil {
		t.Fatal(err)
	}
	srv, err := New(e.st, Options{Listen: "127.0.0.1:0", HostKeyPath: e.srv.HostKeyPath()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if srv.HostKeyFingerprint() != fp {
		t.Errorf("after a restart the host key is %s, was %s", srv.HostKeyFingerprint(), fp)
	}
	if HostKeyPath("/var/lib/duban/duban.db") != "/var/lib/duban/duban_host_ed25519" {
		t.Errorf("HostKeyPath = %s", HostKeyPath("/var/lib/duban/duban.db"))
	}
}

// A busy port is reported by New, in a sentence.
func TestListenBusy(t *testing.T) {
	e := newEnv(t, envOptions{})
	_, err := New(e.st, Options{Listen: e.addr, HostKeyPath: e.srv.HostKeyPath()})
	if !errors.Is(err, i18n.E("server.err.listen")) {
		t.Fatalf("got %v, want server.err.listen", err)
	}
}
