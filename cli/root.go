// Package cli is duban's command line: it parses commands and flags, opens
// the store and hands over to the TUI, the reports or a one-line answer.
// Exit status is 0 on success, 1 on error and 2 on misuse, and every error
// is one sentence on stderr, in the interface language.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"duban/i18n"
	"duban/model"
	"duban/safetext"
	"duban/server"
	"duban/store"
)

// Version is duban's version, set at build time with
// -ldflags "-X duban/cli.Version=v1.2.3".
var Version = "dev"

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// env is what a command runs with: the global flags, the streams and the
// clock. Tests build one directly.
type env struct {
	db     string    // --db, $DUBAN_DB, or the XDG data dir
	asOf   string    // --as-of as typed; "" means today clamped into the plan
	lang   i18n.Lang // --lang
	user   string    // --user; default the OS user
	ascii  bool      // --ascii
	plan   string    // --plan; "" means the file's current plan
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	now    func() time.Time

	// Inside duban serve (cli/served.go): the server's store, which
	// commands use instead of opening the file; over SSH the user the
	// command acts as (nil through the local endpoint); and the local
	// client's working directory, against which relative paths resolve.
	shared *store.Store
	remote *model.User
	dir    string

	// process is set when the command line is this process's own (Main),
	// not one run inside a server; command is the command it names.
	process bool
	command string
}

// usageError marks misuse of the command line (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// Main runs duban with args (without the program name) and returns the
// exit status.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	sw := &stdoutWriter{w: stdout}
	e := &env{stdin: stdin, stdout: sw, stderr: stderr, now: time.Now, process: true}
	e.lang = preLang(args)
	code, fwd := e.execute(ctx, args)
	if fwd != nil {
		// duban serve holds the file: run the command through it.
		dir, _ := os.Getwd()
		if code, ok := server.Forward(ctx, fwd.path, args, dir, e.lang, stdin, isTerminal(stdin), stdout, stderr); ok {
			return code
		}
		fmt.Fprintln(stderr, e.errorLine(fwd.err))
		return ExitError
	}
	return code
}

// execute runs the command line in e. A command that finds the file held
// by a running server returns a *forwardErr instead of running.
func (e *env) execute(ctx context.Context, args []string) (int, *forwardErr) {
	args = protectNegatives(args)
	root := e.rootFor(args)
	if e.process {
		batchGC(e.command)
	}
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.ExecuteContext(ctx)
	var fe *forwardErr
	if errors.As(err, &fe) {
		return ExitError, fe
	}
	if sw, ok := e.stdout.(*stdoutWriter); ok && sw.err != nil && (err == nil || errors.Is(err, sw.err)) {
		err = i18n.E("err.stdout", i18n.Sys(sw.err))
	}
	if err != nil {
		fmt.Fprintln(e.stderr, e.errorLine(err))
	}
	if err == nil {
		return ExitOK, nil
	}
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		return ExitUsage, nil
	}
	return ExitError, nil
}

// stdoutWriter remembers the first failed write to standard output
// (a full disk, a closed pipe, /dev/full), so that a command whose output
// was lost exits 1 instead of 0; after a failure it writes nothing more.
type stdoutWriter struct {
	w   io.Writer
	err error
}

func (s *stdoutWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err != nil {
		s.err = err
	}
	return n, err
}

// preLang finds --lang before the command tree is built, so that help
// text is in the chosen language too.
func preLang(args []string) i18n.Lang {
	lang := i18n.FromEnv()
	for i, a := range args {
		v, ok := strings.CutPrefix(a, "--lang=")
		if !ok && a == "--lang" && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if ok {
			if l, err := i18n.ParseLang(v); err == nil {
				lang = l
			}
		}
	}
	return lang
}

// isCobraUsage recognises cobra's own misuse errors (unknown command,
// wrong number of arguments), which it returns as plain errors.
func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "requires at most", "invalid argument", "flag needs an argument", "required flag"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// cobraErrors translates the flag and argument parser's own English
// messages, which carry no error type, into catalogue sentences.
// They are compiled on first use (an error), not at start-up.
var cobraErrors = sync.OnceValue(func() []cobraError {
	return []cobraError{
		{regexp.MustCompile(`^unknown command "([^"]*)"`), "cli.err.command"},
		{regexp.MustCompile(`^unknown flag: (\S+)`), "cli.err.flag"},
		{regexp.MustCompile(`^unknown shorthand flag: '(.)'`), "cli.err.flag"},
		{regexp.MustCompile(`^flag needs an argument: (\S+)`), "cli.err.flagvalue"},
		{regexp.MustCompile(`^invalid argument "([^"]*)" for "([^"]*)"`), "cli.err.flagbad"},
		{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)`), "cli.err.args"},
		{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)`), "cli.err.argsmax"},
	}
})

type cobraError struct {
	re  *regexp.Regexp
	key string
}

// errorLine renders an error as one sentence in the interface language.
func (e *env) errorLine(err error) string {
	for _, c := range cobraErrors() {
		if m := c.re.FindStringSubmatch(err.Error()); m != nil {
			args := make([]any, len(m)-1)
			for i, v := range m[1:] {
				args[i] = v
			}
			return e.lang.T("cli.error", e.lang.T(c.key, args...))
		}
	}
	msg := i18n.Message(e.lang, err)
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return e.lang.T("cli.error", safetext.Line(msg)) // it may quote user text
}

// rootCmd is the whole command tree.
func (e *env) rootCmd() *cobra.Command { return e.buildRoot(nil, true) }

// commands are duban's top-level commands by name, each built only when
// asked for.
func (e *env) commands() []namedCommand {
	return []namedCommand{{"list", e.listCmd}, {"show", e.showCmd}, {"update", e.updateCmd}, {"export", e.exportCmd},
		{"import", e.importCmd}, {"log", e.logCmd}, {"backup", e.backupCmd}, {"check", e.checkCmd}, {"init", e.initCmd},
		{"demo", e.demoCmd}, {"serve", e.serveCmd}, {"user", e.userCmd}, {"plan", e.newPlanCmd}}
}

type namedCommand struct {
	name  string
	build func() *cobra.Command
}

// rootFor is the command tree for running args: the root with only the
// top-level command args name, when they name one of duban's own, else
// with every command (help, completion, a mistyped name and its
// suggestions). Building the other dozen commands, their flags and their
// help texts is most of what start-up costs beyond package
// initialisation: go test ./cli -run '^$' -bench RootFor -benchmem, on
// this 2-core machine under load, the whole tree 0.37–0.53 ms and 1,241
// allocs, list's 0.11–0.17 ms and 319, --version's 0.014–0.025 ms and 56.
func (e *env) rootFor(args []string) *cobra.Command { return e.buildRoot(args, false) }

// buildRoot is rootFor(args), or the whole tree when whole is set.
func (e *env) buildRoot(args []string, whole bool) *cobra.Command {
	l := e.lang
	root := &cobra.Command{
		Use:   "duban",
		Short: l.T("cli.root.short"),
		Long:  l.T("cli.root.long"),
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return e.runTUI(cmd.Context()) },
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.SilenceUsage, root.SilenceErrors = true, true
	root.SetUsageTemplate(l.T("cli.usage.template"))
	root.SetVersionTemplate("duban {{.Version}}\n")
	pf := root.PersistentFlags()
	pf.StringVar(&e.db, "db", "", l.T("cli.flag.db"))
	pf.StringVar(&e.asOf, "as-of", "", l.T("cli.flag.asof"))
	var lang string
	pf.StringVar(&lang, "lang", string(e.lang), l.T("cli.flag.lang"))
	pf.StringVar(&e.user, "user", "", l.T("cli.flag.user"))
	pf.StringVar(&e.plan, "plan", "", l.T("cli.flag.plan"))
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if _, err := i18n.ParseLang(lang); err != nil {
			return usageError{err}
		}
		return e.servedGate(cmd)
	}
	root.Flags().BoolVar(&e.ascii, "ascii", false, l.T("cli.flag.ascii"))
	root.Version = Version
	root.InitDefaultHelpFlag()
	root.InitDefaultVersionFlag() // both before commandName, which reads them as flags without a value
	name := commandName(root, args)
	e.command = name
	if whole || name != "" || !rootAlone(root, args) {
		for _, c := range e.commands() {
			if c.name == name {
				root.AddCommand(c.build())
			}
		}
		if !root.HasSubCommands() { // no command, help, or not one of duban's: cobra's own or a mistake
			for _, c := range e.commands() {
				root.AddCommand(c.build())
			}
		}
	}
	var localize func(c *cobra.Command)
	localize = func(c *cobra.Command) {
		c.SetFlagErrorFunc(root.FlagErrorFunc())
		c.InitDefaultHelpFlag()
		if f := c.Flags().Lookup("help"); f != nil {
			f.Usage = l.T("cli.flag.help", c.Name())
		}
		for _, sub := range c.Commands() {
			localize(sub)
		}
	}
	// cobra's own help and completion commands and the version flag,
	// created now so that their texts can be translated too.
	if f := root.Flags().Lookup("version"); f != nil {
		f.Usage = l.T("cli.flag.version")
	}
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Short = l.T("cli.help.short")
		case "completion":
			c.Short = l.T("cli.completion.short")
			c.Long = c.Short
			for _, sh := range c.Commands() {
				sh.Short = l.T("cli.completion.shell", sh.Name())
				sh.Long = sh.Short
				if f := sh.Flags().Lookup("no-descriptions"); f != nil {
					f.Usage = l.T("cli.flag.nodesc")
				}
			}
		}
	}
	localize(root)
	return root
}

// commandName is the name of the command args run, found as cobra finds
// it (its stripFlags): the first argument that is neither a flag nor the
// value of a flag that takes one, a flag root does not know counting as
// one that does; "" when there is none or a "--" comes first.
func commandName(root *cobra.Command, args []string) string {
	lookup := func(name string) *pflag.Flag {
		if f := root.Flags().Lookup(name); f != nil {
			return f
		}
		return root.PersistentFlags().Lookup(name)
	}
	short := func(name string) *pflag.Flag {
		if f := root.Flags().ShorthandLookup(name[:1]); f != nil {
			return f
		}
		return root.PersistentFlags().ShorthandLookup(name[:1])
	}
	takesValue := func(f *pflag.Flag) bool { return f == nil || f.NoOptDefVal == "" }
	for len(args) > 0 {
		s := args[0]
		args = args[1:]
		switch {
		case s == "--":
			return ""
		case strings.HasPrefix(s, "--") && !strings.Contains(s, "=") && takesValue(lookup(s[2:])),
			strings.HasPrefix(s, "-") && !strings.Contains(s, "=") && len(s) == 2 && takesValue(short(s[1:])):
			if len(args) <= 1 {
				return ""
			}
			args = args[1:]
		case s != "" && !strings.HasPrefix(s, "-"):
			return s
		}
	}
	return ""
}

// rootAlone reports whether args, which name no command, run the root
// command with nothing but its own long flags (the screens, --version), so
// that it needs no subcommands; help, a short flag or a flag root does not
// know needs the whole tree for its text or error.
func rootAlone(root *cobra.Command, args []string) bool {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			continue // a flag's value
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		if !strings.HasPrefix(a, "--") || name == "help" ||
			root.Flags().Lookup(name) == nil && root.PersistentFlags().Lookup(name) == nil {
			return false
		}
	}
	return true
}

// dbPath resolves the database path: --db, $DUBAN_DB, or
// $XDG_DATA_HOME/duban/duban.db (~/.local/share/duban/duban.db).
func (e *env) dbPath() (string, error) {
	if e.db != "" {
		return e.db, nil
	}
	if p := os.Getenv("DUBAN_DB"); p != "" {
		return p, nil
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", i18n.E("cli.err.nohome")
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "duban", "duban.db"), nil
}

// open opens the store. Read-only opens are the commands that look or
// verify (list, show, export, log, backup, check, user list): they never
// create anything, and a missing database is an error. Opening for writing
// (the screens, update, import, user add, serve, init) creates and seeds a
// missing database.
// Inside the server it is the server's store; when a running server holds
// the file, it is a *forwardErr and the command runs through the server.
func (e *env) open(readOnly bool) (*store.Store, error) {
	if e.shared != nil {
		// A command in the server works on a plan view of its own, so
		// --plan (or a template's plan) never moves anyone else's.
		v := e.shared.PlanView()
		if _, err := v.Actor(e.actor()); err != nil {
			return nil, err
		}
		if e.plan != "" {
			if err := v.UsePlan(e.plan); err != nil {
				return nil, err
			}
		}
		return v, nil
	}
	p, err := e.dbPath()
	if err != nil {
		return nil, err
	}
	if fe := probeServer(p); fe != nil {
		return nil, fe
	}
	if readOnly {
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			return nil, i18n.E("err.db.missing", p)
		}
	}
	s, err := store.Open(p, store.Options{ReadOnly: readOnly, Now: e.now})
	if err != nil {
		return nil, err
	}
	// --user naming nobody of the file is refused before anything is
	// done; the store decides again at every change.
	if _, err := s.Actor(e.actor()); err != nil {
		s.Close()
		return nil, err
	}
	if e.plan == "" {
		return s, nil
	}
	if err := s.UsePlan(e.plan); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// release closes a store that open opened; the server's store stays open.
func (e *env) release(s *store.Store) error {
	if e.shared != nil {
		return nil // a plan view of the server's store
	}
	return s.Close()
}

// actor is who a command acts as (the store resolves and judges it at
// every change): over SSH the authenticated user; at the file's own
// terminal --user, which must name a user of the file where it has users;
// without --user the OS user, as the local administrator.
func (e *env) actor() model.Actor {
	switch {
	case e.remote != nil:
		return model.SessionActor(e.remote.Name)
	case e.user != "":
		return model.NamedActor(e.user)
	}
	return model.LocalActor(e.userName())
}

// backend is s acting as the command's actor: every change a command
// makes goes through it.
func (e *env) backend(s *store.Store) *server.Backend { return server.NewBackend(s, e.actor()) }

// userName is the SSH user, else --user, else the OS user.
func (e *env) userName() string {
	if e.remote != nil {
		return e.remote.Name
	}
	if e.user != "" {
		return e.user
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// resolveAsOf turns --as-of into a date inside the plan period; without it,
// today clamped into the period.
func (e *env) resolveAsOf(p model.Plan) (time.Time, error) {
	if e.asOf == "" {
		return p.Clamp(e.now()), nil
	}
	d, err := model.ParseDate(e.asOf)
	if err != nil {
		return time.Time{}, err
	}
	if err := p.CheckInPeriod(d); err != nil {
		return time.Time{}, err
	}
	return d, nil
}

// openSnapshot opens the store for writing and reads a snapshot of it.
// The caller closes the store.
// openChange opens the store for a change to what a file already holds
// (plan use, archive, set): as for the commands that look, a missing
// database is an error, never created and seeded.
func (e *env) openChange() (*store.Store, error) {
	if e.shared == nil {
		p, err := e.dbPath()
		if err != nil {
			return nil, err
		}
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			return nil, i18n.E("err.db.missing", p)
		}
	}
	return e.open(false)
}

func (e *env) openSnapshot() (*store.Store, *model.Snapshot, error) {
	s, err := e.open(false)
	if err != nil {
		return nil, nil, err
	}
	snap, err := s.Snapshot()
	if err != nil {
		e.release(s)
		return nil, nil, err
	}
	return s, snap, nil
}

// snapshot opens the store read-only and reads what evaluating the plan
// needs at the as-of date, and at since too where it is not zero
// (store.SnapshotAt), with that as-of date.
func (e *env) snapshot(since time.Time) (*model.Snapshot, time.Time, error) {
	s, err := e.open(true)
	if err != nil {
		return nil, time.Time{}, err
	}
	defer e.release(s)
	var asOf time.Time
	snap, err := s.SnapshotAt(func(p model.Plan) ([]time.Time, error) {
		var err error
		asOf, err = e.resolveAsOf(p)
		return []time.Time{asOf, since}, err
	})
	if err != nil {
		return nil, time.Time{}, err
	}
	return snap, asOf, nil
}
