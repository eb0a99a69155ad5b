package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"duban/i18n"
	"duban/model"
	"duban/report"
	"duban/safetext"
	"duban/store"
)

func (e *env) exportCmd() *cobra.Command {
	l := e.lang
	var f filterFlags
	var format, out string
	var template bool
	var issuer, number, date, since string
	cmd := &cobra.Command{
		Use:   "export",
		Short: l.T("cli.export.short"),
		Long:  l.T("cli.export.long"),
		Example: "  duban export --format xlsx -o 重点工作进度.xlsx --as-of 2019-06-30\n" +
			"  duban export --format md --status at_risk\n" +
			"  duban export --format xlsx --template --dept 市交通运输局 -o 填报模板.xlsx\n" +
			"  duban export --format docx --as-of 2019-06-30 --since 2019-05-31 -o 通报.docx\n" +
			"  duban export --format json > plan.json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if template && !cmd.Flags().Changed("format") {
				format = "xlsx" // a template is a spreadsheet unless csv is asked for
			}
			format = strings.ToLower(format)
			if !slices.Contains(report.Formats, format) {
				return usageError{i18n.E("cli.err.format", format, strings.Join(report.Formats, ", "))}
			}
			if template && format != "xlsx" && format != "csv" {
				return usageError{i18n.E("cli.err.template")}
			}
			if template {
				f.dept = strings.TrimSpace(f.dept)
			}
			bulletin := format == "md" || format == "html" || format == "docx"
			if !bulletin && (issuer != "" || number != "" || date != "" || since != "") {
				return usageError{i18n.E("cli.err.bulletinflags")}
			}
			var dateT, sinceT time.Time
			for _, d := range []struct {
				s string
				t *time.Time
			}{{date, &dateT}, {since, &sinceT}} {
				if d.s == "" {
					continue
				}
				t, err := model.ParseDate(d.s)
				if err != nil {
					return usageError{err}
				}
				*d.t = t
			}
			shown := out
			if out != "" && out != "-" {
				p, err := e.path(out)
				if err != nil {
					return err
				}
				out = p
			} else {
				out = ""
			}
			if (format == "xlsx" || format == "docx") && out == "" && isTerminal(e.stdout) {
				return usageError{i18n.E("cli.err.binary")}
			}
			if format == "json" && !template && f.none() {
				return e.exportJSON(out, shown)
			}
			snap, rows, err := e.rows(&f, sinceT)
			if err != nil {
				return err
			}
			if template && f.dept != "" && len(rows) == 0 {
				return i18n.E("cli.err.nodept", f.dept)
			}
			if format != "json" {
				// Shown to people: user text escaped. JSON is for programs
				// and escapes control characters itself, so it stays exact.
				snap, rows = safetext.Snapshot(snap), safetext.Rows(rows)
			}
			opts := report.Options{AsOf: rows0AsOf(snap, rows, e), Lang: e.lang, Template: template, Dept: f.dept,
				Issuer: strings.TrimSpace(issuer), Number: strings.TrimSpace(number), Date: dateT, Since: sinceT}
			if !sinceT.IsZero() && !sinceT.Before(opts.AsOf) {
				return usageError{i18n.E("cli.err.since", since, model.FormatDate(opts.AsOf))}
			}
			return e.export(out, shown, snap, len(rows), func(w io.Writer) error {
				return report.Export(w, format, snap, rows, opts)
			})
		},
	}
	f.register(cmd, l)
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "json", l.T("cli.flag.format"))
	fl.StringVarP(&out, "output", "o", "", l.T("cli.flag.output"))
	fl.BoolVar(&template, "template", false, l.T("cli.flag.template"))
	fl.StringVar(&issuer, "issuer", "", l.T("cli.flag.issuer"))
	fl.StringVar(&number, "number", "", l.T("cli.flag.number"))
	fl.StringVar(&date, "date", "", l.T("cli.flag.date"))
	fl.StringVar(&since, "since", "", l.T("cli.flag.since"))
	return cmd
}

// exportJSON is export --format json of every task (no filter): the rows
// evaluated a chunk at a time as they are written (report.ExportJSON).
func (e *env) exportJSON(out, shown string) error {
	snap, asOf, err := e.snapshot(time.Time{})
	if err != nil {
		return err
	}
	return e.export(out, shown, snap, len(snap.Tasks), func(w io.Writer) error {
		return report.ExportJSON(w, snap, asOf, report.Options{Lang: e.lang})
	})
}

// export writes the export of n tasks of snap (write) to out, a path, or
// the standard output when out is ""; shown is the path as the person gave
// it.
func (e *env) export(out, shown string, snap *model.Snapshot, n int, write func(io.Writer) error) error {
	if out == "" {
		return write(e.stdout)
	}
	// Write to memory first, so a failed export leaves no half-written file.
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	if err := e.writeOutput(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, e.lang.T("cli.export.done", n, shown))
	// The chain head the export was taken at (read with its data): quoted
	// with the file, it is what check --anchor verifies later.
	if snap.HeadSeq > 0 {
		fmt.Fprintln(e.stderr, e.lang.T("cli.check.head", snap.HeadSeq, snap.HeadHash))
	}
	return nil
}

// isTerminal reports whether w is a terminal (binary output would garble it).
func isTerminal(w any) bool {
	if sw, ok := w.(*stdoutWriter); ok {
		w = sw.w
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// writeOutput writes data to the file a user named with -o, by the rules
// of store.PrepareOutput: never the database itself, a device, a directory
// or another database; through a temporary file renamed into place.
func (e *env) writeOutput(out string, data []byte) error {
	db, err := e.dbPath()
	if err != nil {
		return err
	}
	target, err := store.PrepareOutput(out, false, db)
	if err != nil {
		return err
	}
	if err := store.WriteOutput(target, 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}); err != nil {
		return i18n.E("cli.err.write", out, i18n.Sys(err))
	}
	return nil
}
