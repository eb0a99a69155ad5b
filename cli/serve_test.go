package cli

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"duban/i18n"
	"duban/server"
	"duban/store"
)

// lockedBuffer is a bytes.Buffer written by the server while the test
// reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor polls f until it returns true or the test times out.
func waitFor(t *testing.T, what string, d time.Duration, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// duban serve, stopped by SIGTERM with a session open: the session is told,
// the command returns cleanly, and the file reopens and checks.
func TestServeStopsOnSIGTERM(t *testing.T) {
	db := newDB(t)
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	key := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey())))
	if _, _, err := runSub(t, db, "", (*env).userCmd, "add", "du", "--role", "supervisor", "--key", key); err != nil {
		t.Fatal(err)
	}

	var out, logs lockedBuffer
	e := &env{db: db, lang: i18n.Zh, stdin: strings.NewReader(""), stdout: &out, stderr: &logs, now: time.Now}
	done := make(chan error, 1)
	go func() { done <- e.serve(context.Background(), "127.0.0.1:0", "", false, backupFlags{}) }()

	addr := regexp.MustCompile(`127\.0\.0\.1:\d+`)
	waitFor(t, "the listening line", 10*time.Second, func() bool { return addr.MatchString(out.String()) })
	if _, err := os.Stat(server.HostKeyPath(db)); err != nil {
		t.Errorf("no host key beside the database: %v", err)
	}

	c, err := gossh.Dial("tcp", addr.FindString(out.String()), &gossh.ClientConfig{
		User: "du", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	var screen lockedBuffer
	sess.Stdout = &screen
	stdin, _ := sess.StdinPipe()
	defer stdin.Close()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the first screen", 10*time.Second, func() bool { return strings.Contains(screen.String(), "株洲") })

	start := time.Now()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return within 10s of SIGTERM")
	}
	t.Logf("stopped %v after SIGTERM", time.Since(start))
	_ = sess.Wait()
	if !strings.Contains(screen.String(), i18n.Zh.T("server.stopping")) {
		t.Errorf("the session was not told the server is stopping")
	}
	if !strings.Contains(out.String(), i18n.Zh.T("server.stopped")) {
		t.Errorf("no stopped line: %q", out.String())
	}
	for _, want := range []string{"msg=listening", "msg=\"session start\"", "user=du", "msg=stopping", "msg=stopped"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log lacks %s:\n%s", want, logs.String())
		}
	}
	if strings.Contains(logs.String(), strings.Fields(key)[1]) {
		t.Errorf("the log holds key material")
	}

	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	defer s.Close()
	if problems := s.Check(); len(problems) > 0 {
		t.Fatalf("check: %v", problems)
	}
}

// A busy port is one sentence, and the file is closed again.
func TestServeBusyPort(t *testing.T) {
	db := newDB(t)
	s, err := store.Open(filepath.Join(t.TempDir(), "other.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(s, server.Options{Listen: "127.0.0.1:0", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx) }()
	defer func() {
		cancel()
		<-served
		s.Close()
	}()

	e := &env{db: db, lang: i18n.Zh, stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, now: time.Now}
	err = e.serve(context.Background(), srv.Addr().String(), "", false, backupFlags{})
	if !strings.Contains(i18n.Message(i18n.Zh, err), "无法在") {
		t.Fatalf("got %v", err)
	}
	s2, err := store.Open(db, store.Options{}) // not left locked
	if err != nil {
		t.Fatalf("the database stayed locked: %v", err)
	}
	s2.Close()
}
