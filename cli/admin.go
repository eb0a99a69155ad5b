package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"duban/i18n"
)

func (e *env) logCmd() *cobra.Command {
	l := e.lang
	return &cobra.Command{
		Use:     "log [ID]",
		Short:   l.T("cli.log.short"),
		Example: "  duban log\n  duban log 5.3.05",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := e.open(true)
			if err != nil {
				return err
			}
			defer e.release(s)
			id := ""
			if len(args) == 1 {
				id = args[0]
				if ok, err := s.HasTask(id); err != nil {
					return err
				} else if !ok {
					return i18n.E("err.task.unknown", id)
				}
			}
			entries, err := s.Audit(id)
			if err != nil {
				return err
			}
			t := &table{header: []string{"#", l.T("cli.log.time"), l.T("cli.log.user"), l.T("cli.log.action"), l.T("field.id"), l.T("cli.log.detail")}, right: map[int]bool{0: true}}
			for _, a := range entries {
				t.add(fmt.Sprint(a.Seq), a.At.Local().Format("2006-01-02 15:04:05"), a.User, a.Action, a.TaskID, a.Detail)
			}
			return t.write(e.stdout)
		},
	}
}

func (e *env) backupCmd() *cobra.Command {
	l := e.lang
	return &cobra.Command{
		Use:     "backup [FILE]",
		Short:   l.T("cli.backup.short"),
		Example: "  duban backup /mnt/backup/duban-2019-06-30.db\n  ssh -p 23234 陈主任@host backup > duban-copy.db",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			toStdout := len(args) == 0 || args[0] == "-"
			path := "-"
			if !toStdout {
				p, err := e.path(args[0])
				if err != nil {
					return err
				}
				path = p
			} else if isTerminal(e.stdout) {
				return usageError{i18n.E("cli.err.backup.tty")}
			}
			s, err := e.open(true)
			if err != nil {
				return err
			}
			defer e.release(s)
			if toStdout {
				// Streamed from one read transaction: saves go on meanwhile.
				return s.BackupTo(e.stdout)
			}
			if err := s.Backup(path); err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, l.T("cli.backup.done", args[0]))
			return nil
		},
	}
}

func (e *env) checkCmd() *cobra.Command {
	l := e.lang
	var anchor string
	var resign bool
	cmd := &cobra.Command{
		Use:     "check",
		Short:   l.T("cli.check.short"),
		Example: "  duban check\n  duban check --anchor 12:3fa4…\n  duban check --resign",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var aSeq uint64
			var aHash string
			if anchor != "" {
				seqText, hash, ok := strings.Cut(strings.TrimSpace(anchor), ":")
				n, err := strconv.ParseUint(seqText, 10, 64)
				if !ok || err != nil || len(hash) != 64 || strings.Trim(strings.ToLower(hash), "0123456789abcdef") != "" {
					return usageError{i18n.E("err.anchor.syntax", anchor)}
				}
				aSeq, aHash = n, strings.ToLower(hash)
			}
			s, err := e.open(!resign)
			if err != nil {
				return err
			}
			defer e.release(s)
			if resign {
				oldKey, newKey, problems := s.Resign()
				for _, p := range problems {
					fmt.Fprintln(e.stderr, i18n.Message(l, p))
				}
				if len(problems) > 0 {
					return i18n.E("cli.err.check", len(problems))
				}
				fmt.Fprintln(e.stdout, l.T("cli.check.resigned", newKey, oldKey))
			}
			rep, problems := s.CheckReport()
			for _, p := range problems {
				fmt.Fprintln(e.stderr, i18n.Message(l, p))
			}
			if len(problems) > 0 {
				return i18n.E("cli.err.check", len(problems))
			}
			plans, err := s.Plans()
			if err != nil {
				return err
			}
			audit, err := s.FileAudit()
			if err != nil {
				return err
			}
			if anchor != "" {
				if err := s.CheckAnchor(aSeq, aHash); err != nil {
					return err
				}
			}
			var tasks, updates int
			for _, p := range plans {
				tasks, updates, audit = tasks+p.Tasks, updates+p.Reports, audit+p.Audit
			}
			fmt.Fprintln(e.stdout, l.T("cli.check.ok", s.Path(), len(plans), tasks, updates, audit))
			if anchor != "" {
				fmt.Fprintln(e.stdout, l.T("cli.check.anchor", aSeq, aHash))
			}
			if seq, hash, err := s.Head(); err == nil && seq > 0 {
				fmt.Fprintln(e.stdout, l.T("cli.check.head", seq, hash))
			}
			fmt.Fprintln(e.stdout, l.T("cli.check.covered", rep.Covered, rep.Legacy))
			if rep.Signature.Key == "" {
				fmt.Fprintln(e.stdout, l.T("cli.check.unsigned"))
			} else {
				fmt.Fprintln(e.stdout, l.T("cli.check.key", rep.Signature.Key, rep.Signature.Fingerprint))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&anchor, "anchor", "", l.T("cli.flag.anchor"))
	cmd.Flags().BoolVar(&resign, "resign", false, l.T("cli.flag.resign"))
	return cmd
}
