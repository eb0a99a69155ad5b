package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"duban/i18n"
	"duban/model"
	"duban/report"
)

// planExportCmd is duban plan export: the current plan (or --plan's) as
// the plan file that duban plan import reads back, with its period, title
// and the settings that differ from the defaults.
func (e *env) planExportCmd() *cobra.Command {
	l := e.lang
	var out, format string
	cmd := &cobra.Command{
		Use:   "export",
		Short: l.T("settings.cli.export.short"),
		Long:  l.T("settings.cli.export.long"),
		Example: "  duban plan export -o zhuzhou-2019.csv\n" +
			"  duban plan export --format xlsx -o zhuzhou-2019.xlsx\n" +
			"  duban plan import zhuzhou-2019.csv --id zhuzhou-2019-copy",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format == "" {
				format = "csv"
				if strings.EqualFold(filepath.Ext(out), ".xlsx") {
					format = "xlsx"
				}
			}
			format = strings.ToLower(format)
			if format != "csv" && format != "xlsx" {
				return usageError{i18n.E("cli.err.format", format, "csv, xlsx")}
			}
			if format == "xlsx" && (out == "" || out == "-") && isTerminal(e.stdout) {
				return usageError{i18n.E("cli.err.binary")}
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
			s, err := e.open(true)
			if err != nil {
				return err
			}
			snap, err := s.Snapshot()
			e.release(s)
			if err != nil {
				return err
			}
			// Written to memory first, so a failed export leaves no
			// half-written file.
			var buf bytes.Buffer
			if format == "xlsx" {
				err = report.WritePlanXLSX(&buf, snap.Plan, snap.Tasks)
			} else {
				// A BOM, so that Excel reads the Chinese as UTF-8; the
				// importers drop it.
				buf.WriteString("\ufeff")
				err = model.WritePlanFile(&buf, snap.Plan, snap.Tasks)
			}
			if err != nil {
				return err
			}
			if out == "" {
				_, err := e.stdout.Write(buf.Bytes())
				return err
			}
			if err := e.writeOutput(out, buf.Bytes()); err != nil {
				return err
			}
			_, err = fmt.Fprintln(e.stderr, l.T("settings.cli.export.done", snap.Plan.ID, len(snap.Tasks),
				len(snap.Plan.StatedSettings()), shown))
			return err
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", l.T("cli.flag.output"))
	cmd.Flags().StringVar(&format, "format", "", l.T("settings.cli.export.format"))
	return cmd
}
