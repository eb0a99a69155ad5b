package server

import (
	"context"
	"errors"
	"io"
	"strings"

	"charm.land/ssh"

	"duban/i18n"
	"duban/model"
)

// Commands over SSH. `ssh -p PORT NAME@host list --dept …` runs duban's
// command line inside the server (the soft-serve convention), as the user
// the key belongs to: stdin, stdout, stderr and the exit status are the
// session's, with no terminal translation, so `export --format xlsx >
// x.xlsx` and `backup > copy.db` are byte-exact.

// Request is one command run inside the server, over SSH or through the
// local endpoint.
type Request struct {
	Args   []string  // the command line, without the program name
	Stdin  io.Reader // ends with an error, never io.EOF, if the client was cut off
	Stdout io.Writer
	Stderr io.Writer
	// User is the SSH user the command acts as, with exactly their rights;
	// nil for the local endpoint, where the command acts as on the
	// machine itself (the local administrator, or --user).
	User *model.User
	Dir  string    // the local client's working directory, for relative paths; "" over SSH
	Lang i18n.Lang // the client's language: its DUBAN_LANG or LANG
}

// ExecFunc runs a command inside the server and returns its exit status.
type ExecFunc func(ctx context.Context, r Request) int

// execMiddleware runs a session's command when it has one; a session with
// neither a command nor a terminal gets one line and exit status 1.
func (s *Server) execMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		args := sess.Command()
		if len(args) == 0 || s.o.Exec == nil {
			if _, _, ok := sess.Pty(); ok && len(args) == 0 {
				next(sess)
				return
			}
			s.log.Info("session without a terminal", "login", sess.User(), "remote", addrText(sess.RemoteAddr()))
			_, _ = io.WriteString(sess, NoTerminalLine()+"\n")
			_ = sess.Exit(1)
			return
		}
		if !s.admit(&s.sessions) {
			_, _ = io.WriteString(sess.Stderr(), s.o.Lang.T("server.stopping")+"\n")
			_ = sess.Exit(1)
			return
		}
		defer s.sessions.Done()
		s.execs.Add(1)
		defer s.execs.Add(-1)
		u, _ := sess.Context().Value(userKey{}).(model.User)
		code := s.o.Exec(sess.Context(), Request{
			Args:   args,
			Stdin:  &channelReader{sess: sess},
			Stdout: sess,
			Stderr: sess.Stderr(),
			User:   &u,
			Lang:   sessionLang(sess.Environ(), s.o.Lang),
		})
		s.log.Info("command", "user", u.Name, "command", args[0], "exit", code)
		_ = sess.Exit(code)
	}
}

// sessionLang is the client's DUBAN_LANG when it sent a valid one.
func sessionLang(environ []string, def i18n.Lang) i18n.Lang {
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, "DUBAN_LANG="); ok {
			if l, err := i18n.ParseLang(v); err == nil {
				return l
			}
		}
	}
	return def
}

// errCutOff is what a command reads when its client was cut off before
// the end of its input: an import then fails and writes nothing.
var errCutOff = errors.New("connection lost before the end of the input")

// channelReader is a session's stdin. The SSH channel reports end of input
// the same way whether the client sent it (ssh … import < file.xlsx, at
// the end of the file) or the connection dropped half-way; so at the end
// it asks the client for a reply, which only a live connection gives.
type channelReader struct {
	sess ssh.Session
	err  error
}

func (r *channelReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.sess.Read(p)
	if errors.Is(err, io.EOF) {
		// Any reply, even "unknown request", proves the client is there.
		if _, perr := r.sess.SendRequest("keepalive@openssh.com", true, nil); perr != nil {
			err = errCutOff
		}
	}
	r.err = err
	return n, err
}
