package cli

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"duban/i18n"
	"duban/model"
	"duban/server"
	"duban/store"
)

// Commands inside duban serve. The server owns the database file, so every
// command runs in the server's process on its store (env.shared): over SSH
// as the connecting user (env.remote), with files on stdin and stdout; and
// from the command line of the server's machine, which finds the file held
// and forwards itself through the local endpoint (server.Forward), acting
// as the local administrator exactly as it would on the file.

// forwardErr says a running server holds the database at path: the
// command line runs through it instead (Main).
type forwardErr struct {
	path string
	err  error // what to say if the server cannot be reached after all
}

func (f *forwardErr) Error() string { return f.err.Error() }

// probeServer reports a running server's local endpoint for the database
// at path.
func probeServer(path string) *forwardErr {
	sock := server.LocalSocketPath(path)
	if fi, err := os.Stat(sock); err != nil || fi.Mode()&os.ModeSocket == 0 {
		return nil
	}
	c, err := net.Dial("unix", sock)
	if errors.Is(err, os.ErrPermission) {
		// A server runs, but for another OS user.
		return &forwardErr{path: path, err: i18n.E("server.err.local.key", server.LocalKeyPath(path))}
	}
	if err != nil {
		return nil // a socket left by a killed server
	}
	c.Close()
	return &forwardErr{path: path, err: i18n.E("err.user.running")}
}

// Exec runs a command line inside the server on st (server.ExecFunc).
func Exec(ctx context.Context, st *store.Store, r server.Request) int {
	e := &env{stdin: r.Stdin, stdout: r.Stdout, stderr: r.Stderr, now: time.Now,
		lang: r.Lang, shared: st, remote: r.User, dir: r.Dir}
	if l := preLang(r.Args); hasLangFlag(r.Args) {
		e.lang = l
	}
	code, fwd := e.execute(ctx, r.Args)
	if fwd != nil { // cannot happen: open returns the shared store
		return ExitError
	}
	return code
}

func hasLangFlag(args []string) bool {
	for _, a := range args {
		if a == "--lang" || strings.HasPrefix(a, "--lang=") {
			return true
		}
	}
	return false
}

// remoteCommands are the commands an SSH user may run, and whether they
// need an administrator. The screens, serve and demo are not commands.
var remoteCommands = map[string]bool{
	"list": false, "show": false, "update": false, "export": false, "import": false,
	"log": false, "check": false, "backup": true, "user": true, "help": false,
	// plan list, show and draft are anyone's; the store refuses the
	// others (use, archive, set, import) to all but administrators.
	"plan": false,
}

// servedGate refuses, inside the server, what cannot run there: over SSH
// the commands outside remoteCommands, the admin ones for others, --db and
// another --user; through the local endpoint the screens, serve and demo.
func (e *env) servedGate(cmd *cobra.Command) error {
	if e.shared == nil {
		return nil
	}
	top := cmd
	for top.HasParent() && top.Parent().HasParent() {
		top = top.Parent()
	}
	name := top.Name()
	if !top.HasParent() {
		name = "duban"
	}
	if e.remote == nil {
		switch name {
		case "duban", "serve", "demo":
			return i18n.E("cli.err.served.cmd", cmd.CommandPath())
		}
		return nil
	}
	admin, ok := remoteCommands[name]
	if !ok {
		return usageError{i18n.E("cli.err.remote.cmd", cmd.CommandPath())}
	}
	if f := cmd.Flags().Lookup("db"); f != nil && f.Changed {
		return usageError{i18n.E("cli.err.remote.flag", "--db")}
	}
	if f := cmd.Flags().Lookup("output"); f != nil && f.Changed {
		return usageError{i18n.E("cli.err.remote.path", f.Value.String())}
	}
	if e.user != "" && e.user != e.remote.Name {
		return usageError{i18n.E("cli.err.remote.user", e.remote.Name)}
	}
	if admin && model.CanAdmin(*e.remote) != nil {
		return i18n.E("cli.err.remote.admin", e.remote.Name, name)
	}
	return nil
}

// path resolves a file the user named: against the local client's
// directory inside the server; over SSH no file may be named ("-" and no
// name mean stdin or stdout, which callers handle first).
func (e *env) path(p string) (string, error) {
	if e.remote != nil {
		return "", usageError{i18n.E("cli.err.remote.path", p)}
	}
	if e.dir != "" && !filepath.IsAbs(p) && !strings.HasPrefix(p, "~/") {
		return filepath.Join(e.dir, p), nil
	}
	return p, nil
}

// parseKeys reads public keys given as text or, except over SSH, as a file.
func (e *env) parseKeys(arg string) ([]string, error) {
	if !looksLikeKey(arg) {
		p, err := e.path(strings.TrimSpace(arg))
		if err != nil {
			return nil, err
		}
		arg = p
	}
	return server.ParseKeys(arg)
}

// looksLikeKey is whether arg is a key's text rather than a file name.
func looksLikeKey(arg string) bool {
	arg = strings.TrimSpace(arg)
	for _, p := range []string{"ssh-", "ecdsa-", "sk-"} {
		if strings.HasPrefix(arg, p) {
			return true
		}
	}
	return false
}

// sniffFormat tells an import's format from its content, for a file that
// comes on stdin without a name: xlsx is a zip, json starts with { or [,
// anything else is read as csv.
func sniffFormat(data []byte) string {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return "xlsx"
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return "json"
	}
	return "csv"
}
