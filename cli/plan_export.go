package cli

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"

	"duban/model"
)

// planExportCmd is duban plan export: the current plan (or --plan's) as
// the plan file that duban plan import reads back, with its period, title
// and the settings that differ from the defaults.
func (e *env) planExportCmd() *cobra.Command {
	l := e.lang
	var out string
	cmd := &cobra.Command{
		Use:   "export",
		Short: l.T("settings.cli.export.short"),
		Long:  l.T("settings.cli.export.long"),
		Example: "  duban plan export -o zhuzhou-2019.csv\n" +
			"  duban plan import zhuzhou-2019.csv --id zhuzhou-2020-draft --period 2019-01-01..2019-12-31",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
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
			// A BOM, so that Excel reads the Chinese as UTF-8; the
			// importers drop it.
			var buf bytes.Buffer
			buf.WriteString("\ufeff")
			if err := model.WritePlanFile(&buf, snap.Plan, snap.Tasks); err != nil {
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
	return cmd
}
