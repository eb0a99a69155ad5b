package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"duban/i18n"
	"duban/server"
)

// serveCmd is duban serve: one process owns the database file and serves
// the TUI over SSH until SIGINT or SIGTERM.
func (e *env) serveCmd() *cobra.Command {
	l := e.lang
	var listen, hostKey string
	var ascii bool
	var b backupFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: l.T("cli.serve.short"),
		Long:  l.T("cli.serve.long"),
		Example: "  duban serve\n" +
			"  duban serve --listen 0.0.0.0:23234 --host-key /etc/duban/host_ed25519\n" +
			"  ssh -p 23234 127.0.0.1",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.serve(cmd.Context(), listen, hostKey, ascii, b)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&listen, "listen", server.DefaultListen, l.T("cli.flag.serve.listen"))
	fl.StringVar(&hostKey, "host-key", "", l.T("cli.flag.serve.hostkey"))
	fl.BoolVar(&ascii, "ascii", false, l.T("cli.flag.ascii"))
	fl.StringVar(&b.dir, "backup-dir", "", l.T("cli.flag.serve.backupdir"))
	fl.DurationVar(&b.every, "backup-every", server.DefaultBackupEvery, l.T("cli.flag.serve.backupevery"))
	fl.IntVar(&b.keep, "backup-keep", server.DefaultBackupKeep, l.T("cli.flag.serve.backupkeep"))
	return cmd
}

// serve runs the server until a signal arrives. The order of the stop is
// the one that ends cleanly with live sessions: cancel the context (the
// server ends every session's program and waits for saves in flight),
// then close the store, flushing and unlocking the file.
// backupFlags are serve's scheduled backups.
type backupFlags struct {
	dir   string
	every time.Duration
	keep  int
}

func (e *env) serve(ctx context.Context, listen, hostKey string, ascii bool, b backupFlags) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl+C kills at once
	}()

	if p, err := e.dbPath(); err == nil && probeServer(p) != nil {
		return i18n.E("cli.err.served.running", p)
	}
	st, err := e.open(false)
	if err != nil {
		return err
	}
	o := server.Options{
		Listen:      listen,
		HostKeyPath: hostKey,
		Lang:        e.lang,
		ASCII:       ascii,
		Logger:      slog.New(slog.NewTextHandler(e.stderr, nil)),
		Now:         e.now,
		Exec:        func(ctx context.Context, r server.Request) int { return Exec(ctx, st, r) },
		BackupDir:   b.dir,
		BackupEvery: b.every,
		BackupKeep:  b.keep,
	}
	if e.asOf != "" {
		snap, err := st.Snapshot()
		if err == nil {
			o.AsOf, err = e.resolveAsOf(snap.Plan)
		}
		if err != nil {
			st.Close()
			return err
		}
	}
	srv, err := server.New(st, o)
	if err != nil {
		st.Close()
		return err
	}
	fmt.Fprintln(e.stdout, e.lang.T("server.listening", srv.Addr(), srv.HostKeyPath(), srv.HostKeyFingerprint()))
	serveErr := srv.Serve(ctx)
	if err := st.Close(); err != nil {
		return err
	}
	if serveErr != nil {
		return serveErr
	}
	fmt.Fprintln(e.stdout, e.lang.T("server.stopped"))
	return nil
}
