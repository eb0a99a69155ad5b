package server

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/shopspring/decimal"
	gossh "golang.org/x/crypto/ssh"

	"duban/i18n"
	"duban/model"
	"duban/store"
)

// testEnv is a running server on 127.0.0.1 and a random port, over a
// store seeded with the embedded 2019 plan, with four users:
//
//	admin  — admin
//	du     — supervisor (督查室)
//	staffA — staff of deptA, which leads taskA
//	staffB — staff of deptB, which leads taskB
type testEnv struct {
	t      testing.TB
	st     *store.Store
	srv    *Server
	addr   string
	path   string
	cancel context.CancelFunc
	done   chan error // Serve's result
	logs   *syncBuffer

	keys         map[string]gossh.Signer
	deptA, deptB string
	taskA, taskB model.Task
	tui          bool              // sessions run duban's TUI, not the probe
	leads        []model.Task      // one task of each lead department
	tasks        map[string]string // user → the task their probe reports on
}

// envOptions adjust a testEnv.
type envOptions struct {
	tui   bool                                  // run duban's TUI in sessions instead of the probe
	extra int                                   // additional staff users staff0, staff1, …, of the lead departments in turn
	model func(*Backend, SessionInfo) tea.Model // the screen, overriding tui
	idle  time.Duration                         // Options.IdleTimeout
	db    string                                // a duban file to work on a copy of, instead of a new one
}

func newEnv(t testing.TB, eo envOptions) *testEnv {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "duban.db")
	if eo.db != "" {
		copyFile(t, eo.db, path)
	}
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := &testEnv{t: t, st: st, path: path, keys: map[string]gossh.Signer{}, logs: &syncBuffer{}, tasks: map[string]string{}, tui: eo.tui}
	e.pickDepts()
	e.addUser("admin", model.RoleAdmin)
	e.addUser("du", model.RoleSupervisor)
	e.addUser("staffA", model.RoleStaff, e.deptA)
	e.addUser("staffB", model.RoleStaff, e.deptB)
	e.tasks["staffB"] = e.taskB.ID
	for i := range eo.extra {
		task := e.leads[i%len(e.leads)]
		name := fmt.Sprintf("staff%d", i)
		e.addUser(name, model.RoleStaff, task.Lead)
		e.tasks[name] = task.ID
	}
	o := Options{
		Listen:          "127.0.0.1:0",
		HostKeyPath:     filepath.Join(dir, "host_ed25519"),
		Logger:          slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		ShutdownTimeout: 3 * time.Second,
		IdleTimeout:     eo.idle,
	}
	switch {
	case eo.model != nil:
		o.NewModel = eo.model
	case !eo.tui:
		o.NewModel = func(b *Backend, si SessionInfo) tea.Model { return newProbe(b, si, e.taskFor(si.User)) }
	}
	e.start(o)
	t.Cleanup(func() {
		e.stop()
		_ = e.st.Close()
	})
	return e
}

// start runs a server with o over the env's store.
func (e *testEnv) start(o Options) {
	e.t.Helper()
	srv, err := New(e.st, o)
	if err != nil {
		e.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.srv, e.addr, e.cancel, e.done = srv, srv.Addr().String(), cancel, make(chan error, 1)
	go func() { e.done <- srv.Serve(ctx) }()
}

// stop stops the server (once) and returns how long Serve took to return.
func (e *testEnv) stop() (time.Duration, error) {
	if e.cancel == nil {
		return 0, nil
	}
	start := time.Now()
	e.cancel()
	e.cancel = nil
	select {
	case err := <-e.done:
		return time.Since(start), err
	case <-time.After(15 * time.Second):
		e.t.Errorf("Serve did not return within 15s of its context being cancelled")
		return time.Since(start), nil
	}
}

// pickDepts picks two departments that lead tasks of the plan, and one
// count task of each, and one task of every lead department.
func (e *testEnv) pickDepts() {
	snap, err := e.st.Snapshot()
	if err != nil {
		e.t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, task := range snap.Tasks {
		if task.Lead != "" && !seen[task.Lead] {
			seen[task.Lead] = true
			e.leads = append(e.leads, task)
		}
		if task.Kind != model.KindCount || task.Lead == "" {
			continue
		}
		switch {
		case e.deptA == "":
			e.deptA, e.taskA = task.Lead, task
		case e.deptB == "" && task.Lead != e.deptA:
			e.deptB, e.taskB = task.Lead, task
		}
	}
	if e.deptB == "" {
		e.t.Fatal("the plan has no two count tasks of different lead departments")
	}
}

// taskFor is the task a user's probe reports on: one their department
// leads, or taskA.
func (e *testEnv) taskFor(u model.User) string {
	if id, ok := e.tasks[u.Name]; ok {
		return id
	}
	return e.taskA.ID
}

// addUser registers a user with a fresh key.
func (e *testEnv) addUser(name string, role model.Role, depts ...string) {
	e.t.Helper()
	s := newSigner(e.t)
	e.keys[name] = s
	u := model.User{Name: name, Role: role, Depts: depts, Keys: []string{authorizedKey(s, name+"@test")}}
	if err := e.st.PutUser(model.LocalActor("test"), u); err != nil {
		e.t.Fatal(err)
	}
}

// ready is what every screen shows once loaded with n tasks unreported:
// the TUI's count of them, or the probe's header.
func (e *testEnv) ready(n int) string {
	if e.tui {
		return noReport(n)
	}
	return "probe user="
}

// backend acts as a stored user, as a session of the running server does.
func (e *testEnv) backend(name string) *Backend {
	return newSessionBackend(e.st, name, changeGate{e.srv}, e.srv.hub)
}

func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func authorizedKey(s gossh.Signer, comment string) string {
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey()))) + " " + comment
}

// dial connects as login with signer.
func (e *testEnv) dial(login string, s gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", e.addr, &gossh.ClientConfig{
		User:            login,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(s)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	})
}

// terminal is an interactive session seen through a terminal emulator, so
// tests read the screen as a person would, whatever cursor moves and
// partial redraws the renderer chose.
type terminal struct {
	t      testing.TB
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.WriteCloser

	mu  sync.Mutex
	em  *vt.Emulator
	raw bytes.Buffer  // everything received, for Text after the end
	out chan struct{} // signalled after each write to the screen
	end chan error    // the session's exit
}

// open logs in as name and opens a PTY session of w×h cells.
func (e *testEnv) open(name string, w, h int) *terminal {
	e.t.Helper()
	return e.openTerm(name, w, h, "xterm-256color", nil)
}

// openTerm opens a PTY session with the given $TERM and environment.
func (e *testEnv) openTerm(name string, w, h int, termType string, env map[string]string) *terminal {
	e.t.Helper()
	c, err := e.dial(name, e.keys[name])
	if err != nil {
		e.t.Fatalf("dial as %s: %v", name, err)
	}
	term := &terminal{t: e.t, client: c, em: vt.NewEmulator(w, h), out: make(chan struct{}, 1), end: make(chan error, 1)}
	term.sess, err = c.NewSession()
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range env {
		if err := term.sess.Setenv(k, v); err != nil {
			e.t.Fatal(err)
		}
	}
	if err := term.sess.RequestPty(termType, h, w, gossh.TerminalModes{}); err != nil {
		e.t.Fatal(err)
	}
	term.stdin, _ = term.sess.StdinPipe()
	term.sess.Stdout = term
	if err := term.sess.Shell(); err != nil {
		e.t.Fatal(err)
	}
	// The emulator answers the program's terminal queries, as a real
	// terminal would.
	go func() { _, _ = io.Copy(term.stdin, term.em) }()
	go func() { term.end <- term.sess.Wait() }()
	e.t.Cleanup(term.close)
	return term
}

// Write receives the session's output.
func (term *terminal) Write(p []byte) (int, error) {
	term.mu.Lock()
	term.raw.Write(p)
	// The emulator may wait for its answers to a query to be read; the
	// goroutine copying them to stdin does not take the lock.
	n, err := term.em.Write(p)
	term.mu.Unlock()
	select {
	case term.out <- struct{}{}:
	default:
	}
	return n, err
}

// Screen is the text on the emulated screen.
func (term *terminal) Screen() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.em.String()
}

// waitFor waits until the screen shows all of subs.
func (term *terminal) waitFor(timeout time.Duration, subs ...string) {
	term.t.Helper()
	deadline := time.After(timeout)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		scr := term.Screen()
		ok := true
		for _, s := range subs {
			ok = ok && strings.Contains(scr, s)
		}
		if ok {
			return
		}
		select {
		case <-deadline:
			term.t.Fatalf("the screen did not show %q within %v; it shows:\n%s", subs, timeout, scr)
		case <-tick.C:
		case <-term.out:
		}
	}
}

// Raw is every byte received so far, escape sequences stripped: what
// was printed after the screen was given back.
func (term *terminal) Raw() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return ansi.Strip(term.raw.String())
}

// resize resizes the emulated screen (after asking the server to).
func (term *terminal) resize(w, h int) {
	term.mu.Lock()
	defer term.mu.Unlock()
	term.em.Resize(w, h)
}

// bytes is every byte received so far, escape sequences included.
func (term *terminal) bytes() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.raw.String()
}

// send types keys.
func (term *terminal) send(s string) {
	term.t.Helper()
	if _, err := io.WriteString(term.stdin, s); err != nil {
		term.t.Fatal(err)
	}
}

func (term *terminal) close() {
	_ = term.sess.Close()
	_ = term.client.Close()
	// End the answer copier. Emulator.Close would race with its Read.
	if pw, ok := term.em.InputPipe().(*io.PipeWriter); ok {
		_ = pw.Close()
	}
}

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// update is a valid update of task to value, as of mid-2019, explained so
// that it is accepted whether or not it leaves the task behind.
func update(task string, value int64) model.Update {
	return model.Update{
		TaskID: task, Value: decimal.NewFromInt(value), AsOf: time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC),
		Note: fmt.Sprintf("测试进展 %d", value), Problems: "测试问题", Next: "测试措施",
		Confirmed: true, // any figure: the plausibility rules are model's and store's tests
	}
}

// ── the probe ───────────────────────────────────────────────────────────

// probe is a minimal screen for transport tests: it shows its user, the
// latest update of one task with its review, and a line of feedback; it
// reloads on every change signal, as the TUI does; u records an update on
// its task through the session's Backend.
type probe struct {
	b      *Backend
	si     SessionInfo
	task   string
	feed   <-chan struct{}
	unsub  func()
	latest model.Update
	gen    int    // reloads so far
	msg    string // the last save's outcome
	next   int64  // value of the next update
}

type (
	probeFeed struct {
		ch    <-chan struct{}
		unsub func()
	}
	probeChanged struct{}
	probeLoaded  struct{ latest model.Update }
	probeSaved   struct{ err error }
)

func newProbe(b *Backend, si SessionInfo, task string) *probe {
	return &probe{b: b, si: si, task: task, next: 1}
}

func (m *probe) Init() tea.Cmd {
	return tea.Batch(func() tea.Msg {
		ch, unsub := m.b.Subscribe()
		return probeFeed{ch, unsub}
	}, m.load)
}

func (m *probe) load() tea.Msg {
	snap, err := m.b.Snapshot()
	if err != nil {
		return probeSaved{err}
	}
	var latest model.Update
	if h := snap.History[m.task]; len(h) > 0 {
		latest = h[len(h)-1]
	}
	return probeLoaded{latest}
}

func (m *probe) wait() tea.Msg {
	if _, ok := <-m.feed; !ok {
		return nil
	}
	return probeChanged{}
}

func (m *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case probeFeed:
		m.feed, m.unsub = msg.ch, msg.unsub
		return m, m.wait
	case probeChanged:
		return m, tea.Batch(m.load, m.wait)
	case probeLoaded:
		m.latest = msg.latest
		m.gen++
	case probeSaved:
		m.msg = "saved"
		if msg.err != nil {
			m.msg = i18n.Message(m.si.Lang, msg.err)
		}
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q":
			return m, tea.Quit
		case "u":
			u := update(m.task, m.next)
			m.next++
			return m, func() tea.Msg {
				_, err := m.b.AddUpdate(u, 0)
				return probeSaved{err}
			}
		}
	}
	return m, nil
}

func (m *probe) View() tea.View {
	l := m.latest
	s := fmt.Sprintf("probe user=%s role=%s\ntask=%s value=%s by=%s review=%s comment=%s\ngen=%d\nmsg=%s",
		m.si.User.Name, m.si.User.Role, m.task, l.Value, l.By, l.Review, l.ReviewComment, m.gen, m.msg)
	v := tea.NewView(s)
	v.AltScreen = true
	return v
}

// Close ends the subscription, as tui.Model.Close does.
func (m *probe) Close() {
	if m.unsub != nil {
		m.unsub()
	}
}

// copyFile copies the file src to dst.
func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
