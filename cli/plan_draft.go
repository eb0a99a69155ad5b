package cli

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"duban/draft"
	"duban/i18n"
)

// draftFormats are the outputs of plan draft.
var draftFormats = []string{"csv", "md"}

// newPlanDraftCmd is `duban plan draft FILE`: a draft plan from a work
// report, for the office to review and import.
func (e *env) newPlanDraftCmd() *cobra.Command {
	l := e.lang
	var format, out string
	var explain int
	cmd := &cobra.Command{
		Use:   "draft FILE|-",
		Short: l.T("cli.draft.short"),
		Long:  l.T("cli.draft.long"),
		Example: "  duban plan draft 2020年政府工作报告.docx -o 2020-draft.csv\n" +
			"  duban plan draft 2020年政府工作报告.txt --format md\n" +
			"  duban plan draft 2020年政府工作报告.txt --explain 75\n" +
			"  ssh -p 23234 陈主任@host plan draft - < 2020年政府工作报告.txt > 2020-draft.csv",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			format = strings.ToLower(format)
			if !slices.Contains(draftFormats, format) {
				return usageError{i18n.E("cli.err.format", format, strings.Join(draftFormats, ", "))}
			}
			raw, err := e.readDraftInput(args[0])
			if err != nil {
				return err
			}
			text, err := draft.Decode(raw)
			if err != nil {
				return i18n.E("cli.draft.err.unreadable", args[0])
			}
			if cmd.Flags().Changed("explain") {
				trace, ok := draft.Explain(text, explain, draft.DefaultLeads, e.lang)
				if !ok {
					return usageError{i18n.E("cli.draft.err.line", explain)}
				}
				for _, t := range trace {
					fmt.Fprintln(e.stdout, t)
				}
				return nil
			}
			rows := draft.Draft(text, draft.DefaultLeads)
			if len(rows) == 0 {
				return i18n.E("cli.draft.err.empty", args[0])
			}
			var buf bytes.Buffer
			if format == "md" {
				writeDraftMD(&buf, rows)
			} else if err := writeDraftCSV(&buf, rows); err != nil {
				return err
			}
			if out == "" {
				_, err := e.stdout.Write(buf.Bytes())
				return err
			}
			target, err := e.path(out)
			if err != nil {
				return err
			}
			if err := e.writeOutput(target, buf.Bytes()); err != nil {
				return err
			}
			miles := 0
			for _, r := range rows {
				if r.Kind == "milestone" {
					miles++
				}
			}
			fmt.Fprintln(e.stderr, l.T("cli.draft.done", len(rows), len(rows)-miles, miles, out))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "csv", l.T("cli.draft.flag.format"))
	fl.StringVarP(&out, "output", "o", "", l.T("cli.draft.flag.out"))
	fl.IntVar(&explain, "explain", 0, l.T("cli.draft.flag.explain"))
	return cmd
}

// readDraftInput reads plan draft's report: the file named, or stdin for
// "-" (over SSH only stdin: e.path refuses a name).
func (e *env) readDraftInput(name string) ([]byte, error) {
	if name != "-" {
		p, err := e.path(name)
		if err != nil {
			return nil, err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return nil, i18n.E("report.err.open", name, i18n.Sys(err))
		}
		return raw, nil
	}
	if isTerminal(e.stdin) {
		return nil, usageError{i18n.E("cli.draft.err.tty")}
	}
	raw, err := io.ReadAll(io.LimitReader(e.stdin, maxPlanInput+1))
	if err != nil {
		return nil, i18n.E("report.err.read", i18n.Sys(err))
	}
	if len(raw) > maxPlanInput {
		return nil, i18n.E("cli.draft.err.toolarge", maxPlanInput>>20)
	}
	return raw, nil
}

// writeDraftCSV writes the draft in draft.Columns, with a UTF-8 byte order
// mark so that Excel and WPS open the Chinese text correctly.
func writeDraftCSV(w io.Writer, rows []draft.Row) error {
	io.WriteString(w, "\ufeff")
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(draft.Columns); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(r.Record()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeDraftMD writes the draft as a Markdown table, one per chapter.
func writeDraftMD(w io.Writer, rows []draft.Row) {
	cell := strings.NewReplacer("|", "\\|", "\n", " ")
	chapter := ""
	for _, r := range rows {
		if r.Chapter != chapter {
			chapter = r.Chapter
			fmt.Fprintf(w, "\n## %s\n\n| id | 段落 | 任务 | 类型 | 目标 | 牵头单位 | 可信度 | 依据 | 原文 |\n|---|---|---|---|---|---|---|---|---|\n", cell.Replace(chapter))
		}
		target := r.Target + r.Unit + r.Qualifier
		if r.Qualifier == "力争" || r.Qualifier == "超过" || r.Qualifier == "不低于" || r.Qualifier == "不少于" {
			target = r.Qualifier + r.Target + r.Unit
		}
		if r.Kind == "milestone" {
			target = r.Qualifier
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.ID, cell.Replace(r.Section), cell.Replace(r.Name),
			r.Kind, cell.Replace(target), r.Lead, r.Confidence, cell.Replace(r.Why), cell.Replace(r.Source))
	}
}
