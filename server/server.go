// Package server serves duban's terminal interface over SSH (Wish) to many
// users at once, from the one process that owns the database file.
//
// Users are known by their public keys, stored with the users in the
// database and read again at every login, so a key added or removed applies
// to the next connection. There is no password or keyboard-interactive
// login, and an unknown key is refused during the SSH handshake, before any
// screen is shown. Each session runs its own Bubble Tea program with its own
// terminal size and colour profile, acting as its user through a Backend
// that checks the user's rights on the server before every change. All
// sessions share one *store.Store (one *bolt.DB: bbolt locks the file per
// open, even within a process) and see every save live through its
// Subscribe feed.
//
// Serve stops when its context is cancelled: it stops accepting, tells
// every session the server is stopping and ends it, lets changes in flight
// finish, and returns; the caller then closes the store.
package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	"duban/i18n"
	"duban/model"
	"duban/store"
)

// DefaultListen is where Serve listens unless told otherwise: this machine
// only. Listening more widely is a decision for the person running it.
const DefaultListen = "127.0.0.1:23234"

// DefaultShutdownTimeout bounds how long a stop waits for sessions to end
// and changes in flight to finish before closing connections regardless.
const DefaultShutdownTimeout = 5 * time.Second

// handshakeTimeout drops connections that never finish the SSH handshake.
const handshakeTimeout = 30 * time.Second

// DefaultIdleTimeout is how long an authenticated connection may stay
// without a session (ssh -N) before it is closed.
const DefaultIdleTimeout = 60 * time.Second

// MaxWidth and MaxHeight cap the terminal size a client may ask for: a
// larger window is drawn at the cap, so no client can make the server
// allocate screens of any size.
const (
	MaxWidth  = 500
	MaxHeight = 300
)

// Options configure a Server.
type Options struct {
	Listen          string           // host:port; default DefaultListen; port 0 picks a free one
	HostKeyPath     string           // default: HostKeyPath(database path); created on first start
	Lang            i18n.Lang        // interface language of sessions; a client may send DUBAN_LANG
	AsOf            time.Time        // as-of date the screens open at; zero: today
	ASCII           bool             // ASCII bars and borders in every session
	Logger          *slog.Logger     // connections, refusals, errors; default: text to stderr
	Now             func() time.Time // clock of the screens; default time.Now
	ShutdownTimeout time.Duration    // default DefaultShutdownTimeout

	// Exec runs a command of the command line inside the server: an SSH
	// session's command, or a local request through the endpoint beside
	// the database. Nil: commands are refused and no endpoint is opened.
	Exec ExecFunc

	// Scheduled backups: every BackupEvery (from the start) a checked copy
	// in BackupDir, keeping the BackupKeep newest. Empty BackupDir: none.
	BackupDir   string
	BackupEvery time.Duration
	BackupKeep  int

	// IdleTimeout closes a connection that has authenticated but opened no
	// session for this long; default DefaultIdleTimeout.
	IdleTimeout time.Duration

	// NewModel builds a session's screen. Nil means duban's TUI; tests and
	// embedders may substitute their own.
	NewModel func(b *Backend, s SessionInfo) tea.Model
}

// SessionInfo is what a session's screen is built from.
type SessionInfo struct {
	User  model.User       // the authenticated user, as stored at login
	Lang  i18n.Lang        // Options.Lang, or the client's DUBAN_LANG
	AsOf  time.Time        //
	ASCII bool             //
	Now   func() time.Time //
	SSH   string           // how the user reaches the server: ssh -p PORT NAME@HOST
}

// Server serves one store over SSH. Build it with New, run it with Serve.
type Server struct {
	// Fixed by New.
	st       *store.Store
	o        Options
	log      *slog.Logger
	ssh      *ssh.Server
	ln       net.Listener
	hostKey  string             // fingerprint of the host key, for logs
	apps     context.Context    // every session's program runs under it
	stopApps context.CancelFunc // cancels apps: every program ends
	hub      *hub               // change feed and shared snapshot of all sessions

	// Stopping, guarded by mu: once set, no session starts and no change
	// begins, so the wait groups only count down.
	mu       sync.Mutex
	stopping bool
	sessions sync.WaitGroup // session handlers running
	changes  sync.WaitGroup // changes in flight through a Backend
	live     atomic.Int64   // sessions with a running program
	execs    atomic.Int64   // commands running (SSH exec or local)

	local    net.Listener // the local endpoint; nil without Options.Exec
	localKey string       // what a local request must present
	backups  *backups     // scheduled backups; nil without Options.BackupDir
}

// HostKeyPath is where the host key of the database at dbPath is kept:
// beside it, named after it (duban.db → duban_host_ed25519).
// The store signs its audit log with the same key (store.HostKeyPath).
func HostKeyPath(dbPath string) string { return store.HostKeyPath(dbPath) }

// New prepares a server for st: it creates the host key if it is missing
// and starts listening, so that a busy port or an unreadable key is
// reported before Serve. The store stays the caller's to close, after
// Serve returns.
func New(st *store.Store, o Options) (*Server, error) {
	if o.Listen == "" {
		o.Listen = DefaultListen
	}
	if o.HostKeyPath == "" {
		o.HostKeyPath = HostKeyPath(st.Path())
	}
	if o.Lang == "" {
		o.Lang = i18n.Zh
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = DefaultShutdownTimeout
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = DefaultIdleTimeout
	}
	if o.NewModel == nil {
		o.NewModel = tuiModel
	}
	s := &Server{st: st, o: o, log: o.Logger, hub: newHub(st, DefaultFanoutGap)}
	s.apps, s.stopApps = context.WithCancel(context.Background())

	if err := os.MkdirAll(filepath.Dir(o.HostKeyPath), 0o700); err != nil {
		return nil, i18n.E("server.err.hostkey", o.HostKeyPath, err.Error())
	}
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(o.HostKeyPath),
		wish.WithPublicKeyAuth(s.auth),
		// The last middleware runs first: log, then require a terminal,
		// then run the program.
		wish.WithMiddleware(s.programMiddleware, s.execMiddleware, s.sessionMiddleware),
		func(srv *ssh.Server) error {
			srv.HandshakeTimeout = handshakeTimeout
			srv.ConnCallback = s.idleConn
			srv.ConnectionFailedCallback = s.connectionFailed
			return nil
		},
	)
	if err != nil {
		return nil, i18n.E("server.err.hostkey", o.HostKeyPath, err.Error())
	}
	if len(srv.HostSigners) > 0 {
		s.hostKey = gossh.FingerprintSHA256(srv.HostSigners[0].PublicKey())
	}
	s.ssh = srv
	ln, err := net.Listen("tcp", o.Listen)
	if err != nil {
		return nil, i18n.E("server.err.listen", o.Listen, errText(err))
	}
	s.ln = quickAckListener{ln}
	if o.Exec != nil {
		if err := s.listenLocal(); err != nil {
			ln.Close()
			return nil, i18n.E("server.err.local", LocalSocketPath(st.Path()), err.Error())
		}
	}
	if o.BackupDir != "" {
		b, err := newBackups(s, o.BackupDir, o.BackupEvery, o.BackupKeep)
		if err != nil {
			s.closeLocal()
			ln.Close()
			return nil, err
		}
		s.backups = b
	}
	return s, nil
}

// Close releases the listener of a server that will not Serve. (Serve
// closes it itself when it returns.)
func (s *Server) Close() error {
	s.stopApps()
	s.closeLocal()
	return s.ln.Close()
}

// Addr is the address the server listens on (with the port chosen when
// Options.Listen asked for port 0).
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// HostKeyPath is the host key file in use.
func (s *Server) HostKeyPath() string { return s.o.HostKeyPath }

// HostKeyFingerprint is the SHA256 fingerprint of the host key, which users
// can compare with what their ssh client shows on first connection.
func (s *Server) HostKeyFingerprint() string { return s.hostKey }

// Sessions is the number of sessions whose screen is running.
func (s *Server) Sessions() int { return int(s.live.Load()) }

// Serve accepts connections until ctx is cancelled, then stops gracefully
// (see the package comment) and returns nil; or it returns the error that
// stopped the listener.
func (s *Server) Serve(ctx context.Context) error {
	hubDone := make(chan struct{})
	go func() {
		defer close(hubDone)
		s.hub.run(s.apps.Done())
	}()
	defer func() { <-hubDone }()
	if s.local != nil {
		go s.serveLocal()
	}
	var backupsDone chan struct{}
	if s.backups != nil {
		backupsDone = make(chan struct{})
		go func() {
			defer close(backupsDone)
			s.backups.run(s.apps)
		}()
	}
	defer func() {
		if backupsDone != nil {
			<-backupsDone
		}
	}()
	errc := make(chan error, 1)
	go func() { errc <- s.ssh.Serve(s.ln) }()
	users, err := s.st.Users()
	if err != nil {
		s.log.Error("reading users", "err", err)
	} else if len(users) == 0 {
		s.log.Warn(i18n.En.T("server.err.nousers"))
	}
	s.log.Info("listening", "addr", s.Addr().String(), "host_key", s.hostKey, "db", s.st.Path(), "users", len(users))
	select {
	case err := <-errc:
		s.stop()
		s.closeLocal()
		s.stopApps()
		return err
	case <-ctx.Done():
	}
	return s.shutdown(errc)
}

// shutdown follows the order that ends cleanly with live sessions
// (STACK-NOTES §5): refuse new sessions and changes, end every program (each
// session is told why), close the listener and wait for sessions and
// changes, then close connections that idle clients keep open.
func (s *Server) shutdown(errc <-chan error) error {
	start := time.Now()
	n := s.Sessions()
	s.stop()
	s.log.Info("stopping", "sessions", n)
	s.closeLocal()
	s.stopApps()

	// Close the listener first and let the ssh server's Serve return, and
	// only then shut it down: stopped at once after starting, Serve may not
	// yet track its listener, so Shutdown would leave it accepting forever
	// (and race with Serve's own bookkeeping). Sessions already open go on.
	_ = s.ln.Close()
	if err := <-errc; err != nil && !errors.Is(err, ssh.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
		s.log.Error("listener", "err", err)
	}

	deadline, cancel := context.WithTimeout(context.Background(), s.o.ShutdownTimeout)
	defer cancel()
	shut := make(chan error, 1)
	go func() { shut <- s.ssh.Shutdown(deadline) }()
	ok := wait(deadline, &s.sessions) && wait(deadline, &s.changes)
	if !ok {
		s.log.Warn("sessions still running at the deadline", "timeout", s.o.ShutdownTimeout)
	}
	// Every session has ended; a connection still open belongs to a client
	// that has not hung up yet. Give it a moment, then close it.
	select {
	case <-shut:
	case <-time.After(100 * time.Millisecond):
		_ = s.ssh.Close()
		<-shut
	}
	s.log.Info("stopped", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// stop marks the server as stopping.
func (s *Server) stop() {
	s.mu.Lock()
	s.stopping = true
	s.mu.Unlock()
}

// admit counts one more session or change unless the server is stopping.
func (s *Server) admit(wg *sync.WaitGroup) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return false
	}
	wg.Add(1)
	return true
}

// changeGate admits Backend changes while the server runs.
type changeGate struct{ s *Server }

func (g changeGate) enter() bool { return g.s.admit(&g.s.changes) }
func (g changeGate) leave()      { g.s.changes.Done() }

// wait waits for wg until ctx ends; it reports whether wg finished.
func wait(ctx context.Context, wg *sync.WaitGroup) bool {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}

// auth is the public-key handler: the key must belong to a user of the
// database, read afresh at every attempt.
func (s *Server) auth(ctx ssh.Context, key ssh.PublicKey) bool {
	log := s.log.With("login", ctx.User(), "remote", addrText(ctx.RemoteAddr()), "key", gossh.FingerprintSHA256(key))
	s.mu.Lock()
	stopping := s.stopping
	s.mu.Unlock()
	if stopping {
		log.Info("refused: stopping")
		return false
	}
	users, err := s.st.Users()
	if err != nil {
		log.Error("refused: reading users", "err", err)
		return false
	}
	u, ok := identify(users, key, ctx.User())
	if !ok {
		log.Warn("refused: unknown key")
		return false
	}
	if u.Name != ctx.User() {
		// Logging in under one name with another user's key would act as
		// the key's owner behind a name that is not theirs.
		log.Warn("refused: key belongs to another user", "user", u.Name)
		return false
	}
	log.Debug("key accepted", "user", u.Name)
	return true
}

// idleKey keys a connection's idle timer in its ssh.Context.
type idleKey struct{}

// idleConn closes a connection that opens no session within the idle
// timeout; the first session stops the timer.
func (s *Server) idleConn(ctx ssh.Context, conn net.Conn) net.Conn {
	t := time.AfterFunc(s.o.IdleTimeout, func() {
		s.log.Info("closing idle connection", "remote", addrText(conn.RemoteAddr()))
		conn.Close()
	})
	ctx.SetValue(idleKey{}, t)
	return conn
}

// connectionFailed logs a connection that never got past the handshake,
// such as one whose every key was refused.
func (s *Server) connectionFailed(conn net.Conn, err error) {
	if errors.Is(err, io.EOF) {
		err = errors.New("client hung up")
	}
	s.log.Info("connection refused", "remote", addrText(conn.RemoteAddr()), "err", err)
}

// tuiModel is the default screen: duban's TUI acting through b.
func tuiModel(b *Backend, si SessionInfo) tea.Model {
	return newTUI(b, si)
}

// addrText renders an address for the log.
func addrText(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}

// errText is the part of a low-level error worth a sentence.
func errText(err error) string {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		err = oe.Err
	}
	return strings.TrimSuffix(err.Error(), ".")
}

// Commands is the number of commands running inside the server (over SSH
// or through the local endpoint).
func (s *Server) Commands() int { return int(s.execs.Load()) }
