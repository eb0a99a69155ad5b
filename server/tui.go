package server

import (
	"net"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"

	"duban/tui"
)

// The session Backend drives the TUI in place of the store.
var _ tui.Backend = (*Backend)(nil)

// newTUI builds duban's TUI for one session. Export stays nil: a file
// written by x would land on the server, not with the person, so x shows
// the person's own `ssh … export …` command for what the screen shows.
func newTUI(b *Backend, si SessionInfo) tea.Model {
	o := tui.Options{Lang: si.Lang, AsOf: si.AsOf, ASCII: si.ASCII, User: si.User.Name, Actor: si.User, Now: si.Now}
	if si.SSH != "" {
		o.ExportCommand = func(flags []string) string { return ExportCommand(si.SSH, flags) }
	}
	return tui.New(b, o)
}

// ExportCommand is the shell command that runs duban export with flags
// over ssh (the prefix: ssh -p PORT NAME@HOST) into a file of the same
// name the TUI would have written.
func ExportCommand(ssh string, flags []string) string {
	var b strings.Builder
	b.WriteString(ssh + " export")
	for _, f := range flags {
		b.WriteString(" " + shellQuote(f))
	}
	b.WriteString(" > 重点工作进度.xlsx")
	return b.String()
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 0x7f || strings.ContainsRune("-_./:=@%+,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// sshPrefix is how the person of a session reaches this server: ssh with
// the server's port, their login name and the host they connected to (the
// listening address, or this machine's name when it listens everywhere).
func (s *Server) sshPrefix(login string) string {
	host, port, err := net.SplitHostPort(s.Addr().String())
	if err != nil {
		return ""
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		if h, err := os.Hostname(); err == nil {
			host = h
		}
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return "ssh -p " + port + " " + shellQuote(login) + "@" + host
}
