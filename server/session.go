package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"

	"duban/i18n"
	"duban/model"
)

// userKey keys the session's duban user in its ssh.Context.
type userKey struct{}

// sessionMiddleware identifies the session's user and logs its start and
// end. The user is looked up from the key that actually authenticated
// (charm.land/ssh keeps it, not the last one offered), and looked up again
// in case it was removed between the handshake and the session.
func (s *Server) sessionMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		if t, ok := sess.Context().Value(idleKey{}).(*time.Timer); ok {
			t.Stop()
		}
		pty, _, hasPty := sess.Pty()
		log := s.log.With("login", sess.User(), "remote", addrText(sess.RemoteAddr()))
		key := sess.PublicKey()
		if key == nil {
			log.Warn("session refused: no public key")
			_ = sess.Exit(1)
			return
		}
		users, err := s.hub.fileUsers()
		if err != nil {
			log.Error("session refused: reading users", "err", err)
			_ = sess.Exit(1)
			return
		}
		u, ok := identify(users, key, sess.User())
		if !ok || u.Name != sess.User() {
			log.Warn("session refused: user removed since login")
			_ = sess.Exit(1)
			return
		}
		sess.Context().SetValue(userKey{}, u)
		changes, unsub := s.hub.subscribe()
		watchDone := make(chan struct{})
		go s.watchUser(sess, key, changes, watchDone)
		defer func() {
			close(watchDone)
			unsub()
		}()
		log = log.With("user", u.Name, "role", string(u.Role))
		log.Info("session start", "pty", hasPty, "term", pty.Term, "width", pty.Window.Width, "height", pty.Window.Height,
			"command", sess.RawCommand(), "client", sess.Context().ClientVersion())
		next(sess)
		log.Info("session end", "duration", time.Since(start).Round(time.Millisecond))
	}
}

// watchUser disconnects a session whose user is removed, or whose key is
// taken from them, while it is connected: it is told so in one line and
// the connection is closed, so it can neither read nor change anything
// more.
func (s *Server) watchUser(sess ssh.Session, key ssh.PublicKey, changes <-chan struct{}, done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case _, ok := <-changes:
			if !ok {
				return
			}
		}
		users, err := s.st.Users()
		if err != nil {
			continue
		}
		if u, ok := identify(users, key, sess.User()); ok && u.Name == sess.User() {
			continue
		}
		s.log.Info("disconnecting: user removed", "login", sess.User(), "remote", addrText(sess.RemoteAddr()))
		line := s.o.Lang.T("server.user.removed", sess.User())
		if _, _, pty := sess.Pty(); pty {
			_, _ = io.WriteString(sess, "\x1b[?1049l\r\n"+line+"\r\n")
		} else {
			_, _ = io.WriteString(sess.Stderr(), line+"\n")
		}
		_ = sess.Exit(1)
		if c, ok := sess.Context().Value(ssh.ContextKeyConn).(interface{ Close() error }); ok {
			_ = c.Close()
		}
		return
	}
}

// NoTerminalLine is what a session without a terminal is told.
func NoTerminalLine() string {
	return i18n.Zh.T("server.noterm") + " / " + i18n.En.T("server.noterm")
}

// programMiddleware runs the session's screen as its own Bubble Tea
// program. It does what wish's bubbletea.Middleware does (input and output
// on the session, its terminal type and colour profile through MakeOptions,
// window changes forwarded), plus what a multi-user server needs:
//   - the program runs under the server's context, so stopping the server
//     ends every program; the session is then told why;
//   - the program does not install its own SIGINT/SIGTERM handler, which
//     would make every session quit on a signal meant for the server;
//   - errors go to the server's structured log;
//   - the session's subscriptions end with it.
func (s *Server) programMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if !s.admit(&s.sessions) {
			s.farewell(sess, s.o.Lang)
			return
		}
		defer s.sessions.Done()
		u, _ := sess.Context().Value(userKey{}).(model.User)
		b := newSessionBackend(s.st.PlanView(), u.Name, changeGate{s}, s.hub)
		defer b.release()

		si := SessionInfo{User: u, Lang: s.o.Lang, AsOf: s.o.AsOf, ASCII: s.o.ASCII, Now: s.o.Now, SSH: s.sshPrefix(u.Name)}
		for _, kv := range sess.Environ() {
			if v, ok := strings.CutPrefix(kv, "DUBAN_LANG="); ok {
				if l, err := i18n.ParseLang(v); err == nil {
					si.Lang = l
				}
			}
		}
		m := s.o.NewModel(b, si)
		pty, winch, _ := sess.Pty()
		w, h := capWindow(pty.Window.Width, pty.Window.Height)
		opts := append(bubbletea.MakeOptions(sess), tea.WithContext(s.apps), tea.WithoutSignalHandler(), tea.WithWindowSize(w, h))
		p := tea.NewProgram(m, opts...)

		ctx, cancel := context.WithCancel(sess.Context())
		go forwardWindows(ctx, winch, p.Send, p.Quit)
		s.live.Add(1)
		final, err := p.Run()
		s.live.Add(-1)
		p.Kill() // restores the terminal if Run ended abnormally
		cancel()
		if c, ok := final.(interface{ Close() }); ok {
			c.Close()
		}
		switch {
		case s.apps.Err() != nil:
			s.farewell(sess, si.Lang)
		case err != nil && !errors.Is(err, tea.ErrProgramKilled):
			s.log.Error("session program", "user", u.Name, "err", err)
			_ = sess.Exit(1)
		}
		next(sess)
	}
}

// forwardWindows passes the client's window changes, capped, to the
// program (send) until ctx ends (the client hung up), then quits it.
// It takes each change at once and keeps only the latest while the program
// is busy: the SSH connection's reader hands a window change over and waits
// until it is taken, so waiting here on a program that is itself waiting to
// write a frame (for which the reader must deliver the client's window
// adjustments) would hang the connection for good.
func forwardWindows(ctx context.Context, winch <-chan ssh.Window, send func(tea.Msg), quit func()) {
	latest := make(chan tea.WindowSizeMsg, 1)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case m := <-latest:
				send(m)
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			quit()
			return
		case win, ok := <-winch:
			if !ok {
				winch = nil // closed with the session; wait for ctx
				continue
			}
			w, h := capWindow(win.Width, win.Height)
			select {
			case <-latest: // superseded before the program took it
			default:
			}
			latest <- tea.WindowSizeMsg{Width: w, Height: h} // only this loop sends: never blocks
		}
	}
}

// capWindow bounds a client's window to MaxWidth x MaxHeight: the screen
// is drawn at the cap, and nothing a client asks for sizes the server's
// buffers beyond it.
func capWindow(w, h int) (int, int) {
	return max(0, min(w, MaxWidth)), max(0, min(h, MaxHeight))
}

// farewell tells a session the server is stopping, on a line of its own.
func (s *Server) farewell(sess ssh.Session, l i18n.Lang) {
	_, _ = fmt.Fprint(sess, "\r\n"+l.T("server.stopping")+"\r\n")
	_ = sess.Exit(0)
}
