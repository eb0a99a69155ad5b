package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"duban/i18n"
	"duban/model"
	"duban/server"
	"duban/store"
	"duban/tui"
)

// shown is what one surface shows of a task: its target, actual, 完成率 and
// status, as text.
type shown struct{ target, actual, percent, status string }

// TestSurfacesAgree renders every task of the shipped plan, with the demo's
// updates, at a fixed as-of date through every surface — the TUI's task
// list, the CLI table, csv, md, html, xlsx and json — and checks that each
// shows the same target, actual, 完成率 and status as the one formatter of
// each fact (model.Task.TargetLabel, model.NullValueText,
// model.NullPercentText, i18n.Status). A surface that formats a fact its
// own way fails here, named.
func TestSurfacesAgree(t *testing.T) {
	const asOf = "2019-06-30"
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, _, stderr := run(t, db, "demo", "--no-tui"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot()
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	day, _ := time.Parse(time.DateOnly, asOf)
	rows := snap.Evaluate(day)
	if len(rows) < 100 {
		t.Fatalf("the shipped plan has %d tasks", len(rows))
	}
	for _, l := range []i18n.Lang{i18n.Zh, i18n.En} {
		t.Run(string(l), func(t *testing.T) {
			want := map[string]shown{}
			for _, r := range rows {
				want[r.Task.ID] = shown{r.Task.TargetLabel(l), model.NullValueText(r.Eval.Actual),
					model.NullPercentText(r.Eval.Progress), i18n.Status(l, r.Eval.Status)}
			}
			export := func(format string) []byte {
				out := filepath.Join(t.TempDir(), "x."+format)
				if code, _, stderr := run(t, db, "--lang", string(l), "export", "--as-of", asOf, "--format", format, "-o", out); code != 0 {
					t.Fatalf("export %s: exit %d: %s", format, code, stderr)
				}
				b, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			surfaces := map[string]map[string]shown{
				"tui":  tuiRows(t, db, l, day),
				"cli":  cliRows(t, db, l, asOf),
				"csv":  csvRows(t, export("csv"), rows, l),
				"html": htmlRows(t, export("html"), rows),
				"xlsx": xlsxRows(t, export("xlsx"), rows, l),
				"json": jsonRows(t, export("json"), rows, l),
			}
			for name, got := range surfaces {
				for id := range got {
					if _, ok := want[id]; !ok {
						delete(got, id) // a line of another table, the header or the footer
					}
				}
				if len(got) != len(rows) {
					t.Errorf("%s shows %d of the %d tasks", name, len(got), len(rows))
				}
				for id, g := range got {
					w := want[id]
					if name == "tui" && strings.HasSuffix(g.target, "…") && strings.HasPrefix(w.target, strings.TrimSuffix(g.target, "…")) {
						g.target = w.target // cut to the column's width, the display's rule
					}
					if g != w {
						t.Errorf("%s, task %s: shows %+v, the formatters say %+v", name, id, g, w)
					}
				}
			}
			checkMarkdown(t, string(export("md")), rows, l)
		})
	}
}

// tuiRows reads the task list of the TUI (tab 2) in a window tall enough to
// show every task: the cells under 目标, 实际, 完成率 and 状态.
func tuiRows(t *testing.T, db string, l i18n.Lang, asOf time.Time) map[string]shown {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	actor := model.User{Name: "测试员", Role: model.RoleAdmin}
	var m tea.Model = tui.New(server.NewBackend(s, model.LocalActor(actor.Name)), tui.Options{Lang: l, AsOf: asOf, User: actor.Name, Actor: actor,
		Now: func() time.Time { return asOf }})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 160, Height: 200})
	settle(t, &m, m.(tui.Model).Init())
	nm, cmd := m.Update(tea.KeyPressMsg{Code: '2', Text: "2"})
	m = nm
	settle(t, &m, cmd)
	screen := ansi.Strip(m.(tui.Model).View().Content)
	lines := strings.Split(screen, "\n")
	tcol, lcol := -1, -1
	out := map[string]shown{}
	for _, line := range lines {
		toks := tokens(line)
		if tcol < 0 {
			for _, k := range toks {
				switch k.text {
				case l.T("tui.col.target"):
					tcol = k.col
				case l.T("tui.col.lead"):
					lcol = k.col
				}
			}
			continue
		}
		// ID, name…, then from the 目标 column: target, actual, bar, 完成率, symbol, status.
		i := 0
		for i < len(toks) && toks[i].col < tcol {
			i++
		}
		if i < 2 || len(toks) < i+6 {
			continue
		}
		id := toks[0].text
		if id == "▸" || id == ">" {
			id = toks[1].text
		}
		var status []string // up to the 牵头单位 column: an English status has blanks
		for _, k := range toks[i+5:] {
			if lcol >= 0 && k.col >= lcol {
				break
			}
			status = append(status, k.text)
		}
		out[id] = shown{toks[i].text, toks[i+1].text, toks[i+3].text, strings.Join(status, " ")}
	}
	if tcol < 0 {
		t.Fatalf("no task list header on the screen:\n%s", screen)
	}
	return out
}

// settle runs a command and what follows from it, as Bubble Tea would,
// leaving out what waits for an outside event (the change feed).
func settle(t *testing.T, m *tea.Model, cmd tea.Cmd) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for n := 0; len(queue) > 0 && n < 100; n++ {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(2 * time.Second):
			continue // a wait for a change that never comes
		}
		if b, ok := msg.(tea.BatchMsg); ok {
			queue = append(queue, b...)
			continue
		}
		if msg == nil {
			continue
		}
		nm, next := (*m).Update(msg)
		*m = nm
		queue = append(queue, next)
	}
}

// token is a run of non-blank text on a screen line and the display column
// it starts at.
type token struct {
	text string
	col  int
}

func tokens(line string) []token {
	var out []token
	col, start, startCol := 0, -1, 0
	for i, r := range line {
		if r == ' ' {
			if start >= 0 {
				out = append(out, token{line[start:i], startCol})
				start = -1
			}
		} else if start < 0 {
			start, startCol = i, col
		}
		col += ansi.StringWidth(string(r))
	}
	if start >= 0 {
		out = append(out, token{line[start:], startCol})
	}
	return out
}

// cliRows reads duban list's table: columns are two or more blanks apart.
func cliRows(t *testing.T, db string, l i18n.Lang, asOf string) map[string]shown {
	t.Helper()
	code, stdout, stderr := run(t, db, "--lang", string(l), "list", "--as-of", asOf)
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, stderr)
	}
	gap := regexp.MustCompile(`\s{2,}`)
	out := map[string]shown{}
	for _, line := range strings.Split(stdout, "\n")[1:] {
		cells := gap.Split(strings.TrimSpace(line), -1)
		if len(cells) < 7 {
			continue
		}
		status, _, _ := strings.Cut(cells[6], "/") // the overdue flag follows
		out[cells[0]] = shown{cells[2], cells[3], cells[4], status}
	}
	return out
}

// csvRows reads the csv's 明细 columns. The target is a number and a unit
// there, the 完成率 a bare number (the header says %): each is checked
// against the formatter of that number and put in the common form.
func csvRows(t *testing.T, data []byte, rows []model.Row, l i18n.Lang) map[string]shown {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := columns(t, recs[0], l, true)
	out := map[string]shown{}
	for _, rec := range recs[1:] {
		r := rowOf(rows, rec[col["id"]])
		if r == nil {
			t.Errorf("csv: unknown task %q", rec[col["id"]])
			continue
		}
		out[r.Task.ID] = numericShown(t, "csv", *r, l, rec[col["target"]], rec[col["unit"]], rec[col["actual"]],
			rec[col["progress"]], "", rec[col["status"]])
	}
	return out
}

// xlsxRows reads the 明细 sheet: numbers as stored, 完成率 as Excel shows it.
func xlsxRows(t *testing.T, data []byte, rows []model.Row, l i18n.Lang) map[string]shown {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := l.T("report.sheet.detail")
	raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	disp, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	col := columns(t, raw[2], l, false)
	cell := func(rs [][]string, i int, k string) string {
		if c := col[k]; c < len(rs[i]) {
			return rs[i][c]
		}
		return ""
	}
	out := map[string]shown{}
	for i := 3; i < len(raw); i++ {
		r := rowOf(rows, cell(raw, i, "id"))
		if r == nil {
			continue
		}
		// Excel writes the 0.0% format's ".0" that the other surfaces leave out.
		pct := strings.Replace(cell(disp, i, "progress"), ".0%", "%", 1)
		out[r.Task.ID] = numericShown(t, "xlsx", *r, l, cell(raw, i, "target"), cell(raw, i, "unit"),
			cell(raw, i, "actual"), "", pct, cell(raw, i, "status"))
	}
	return out
}

// columns finds the 明细 columns by their headers.
func columns(t *testing.T, header []string, l i18n.Lang, pctSuffix bool) map[string]int {
	t.Helper()
	col := map[string]int{}
	for i, h := range header {
		for _, k := range []string{"id", "target", "unit", "actual", "progress", "status"} {
			label := l.T("report.col." + k)
			if k == "progress" && pctSuffix {
				label += l.T("report.col.pctsuffix")
			}
			if h == label {
				col[k] = i
			}
		}
	}
	if len(col) != 6 {
		t.Fatalf("columns %v: found only %v", header, col)
	}
	return col
}

func rowOf(rows []model.Row, id string) *model.Row {
	for i := range rows {
		if rows[i].Task.ID == id {
			return &rows[i]
		}
	}
	return nil
}

// numericShown is what a spreadsheet row shows, in the common form: the
// target and the actual are numbers whose text must be what FormatValue
// writes (the target's words then follow from the one formatter), the
// 完成率 either a bare number (pctNum) or Excel's text (pctText).
func numericShown(t *testing.T, surface string, r model.Row, l i18n.Lang, target, unit, actual, pctNum, pctText, status string) shown {
	t.Helper()
	task := r.Task
	got := shown{status: status, actual: actual, percent: pctText}
	tv, err := decimal.NewFromString(target)
	if err != nil || !tv.Equal(task.Target) || unit != task.Unit {
		t.Errorf("%s, task %s: target %q %q, want %s %s", surface, task.ID, target, unit, task.Target, task.Unit)
	}
	if surface == "csv" && target != model.FormatValue(task.Target) {
		t.Errorf("csv, task %s: target written %q, FormatValue says %q", task.ID, target, model.FormatValue(task.Target))
	}
	got.target = model.Task{Kind: task.Kind, Target: tv, Unit: unit, Qualifier: task.Qualifier}.TargetLabel(l)
	if actual == "" {
		got.actual = "-"
	} else if surface == "xlsx" {
		if v, err := decimal.NewFromString(actual); err == nil {
			got.actual = model.FormatValue(v)
		}
	}
	if surface == "csv" {
		got.percent = "-"
		if pctNum != "" {
			got.percent = pctNum + "%"
		}
	}
	if got.percent == "" {
		got.percent = "-"
	}
	return got
}

// htmlRows reads the html report's 明细 table.
func htmlRows(t *testing.T, data []byte, rows []model.Row) map[string]shown {
	t.Helper()
	re := regexp.MustCompile(`(?m)^<tr><td>([^<]*)</td><td>[^<]*</td><td>[^<]*</td><td class="n">([^<]*)</td><td class="n">([^<]*)</td><td class="n">(.*?)</td><td><span class="st st-[a-z_]+">([^<]*)</span>`)
	pctRe := regexp.MustCompile(`<span class="pct">([^<]*)</span>`)
	out := map[string]shown{}
	for _, m := range re.FindAllStringSubmatch(string(data), -1) {
		pct := "-"
		if p := pctRe.FindStringSubmatch(m[4]); p != nil {
			pct = html.UnescapeString(p[1])
		}
		id := html.UnescapeString(m[1])
		r := rowOf(rows, id)
		if r == nil {
			continue // a ranking row
		}
		// The html writes the actual with its unit: take the unit off to compare.
		actual, unit := html.UnescapeString(m[3]), r.Task.Unit
		if a, ok := strings.CutSuffix(actual, unit); ok && actual != "" {
			actual = a
		} else if actual == "" {
			actual = "-"
		} else {
			t.Errorf("html, task %s: actual %q lacks its unit %q", id, actual, unit)
		}
		out[id] = shown{html.UnescapeString(m[2]), actual, pct, html.UnescapeString(m[5])}
	}
	return out
}

// jsonRows reads the JSON contract: numbers and status names. The 完成率 is
// rounded to 2 places there; shown to 1 it must be within half a unit of
// the text the others show.
func jsonRows(t *testing.T, data []byte, rows []model.Row, l i18n.Lang) map[string]shown {
	t.Helper()
	var doc struct {
		Tasks []struct {
			ID, Unit, Qualifier string
			Kind                model.Kind
			Status              model.Status
			Target              json.Number
			Actual, Progress    *json.Number
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]shown{}
	for _, x := range doc.Tasks {
		r := rowOf(rows, x.ID)
		if r == nil {
			t.Errorf("json: unknown task %q", x.ID)
			continue
		}
		tv := decimal.RequireFromString(x.Target.String())
		g := shown{target: model.Task{Kind: x.Kind, Target: tv, Unit: x.Unit, Qualifier: x.Qualifier}.TargetLabel(l),
			actual: "-", percent: "-", status: i18n.Status(l, x.Status)}
		if x.Actual != nil {
			g.actual = x.Actual.String()
		}
		if x.Progress != nil {
			p := decimal.RequireFromString(x.Progress.String())
			g.percent = model.PercentText(p)
			if r.Eval.Progress.Valid && p.Sub(r.Eval.Progress.Decimal).Abs().LessThanOrEqual(decimal.New(5, -2)) {
				g.percent = model.NullPercentText(r.Eval.Progress)
			}
		}
		out[x.ID] = g
	}
	return out
}

// checkMarkdown checks the md bulletin's lagging tasks, the tasks it
// names one by one: each sentence states the task's status, 完成率 and
// target (or actual against target) as the formatters write them.
func checkMarkdown(t *testing.T, md string, rows []model.Row, l i18n.Lang) {
	t.Helper()
	item := regexp.MustCompile(`(?m)^\d+\. \*\*([^ *]+) [^\n]*$`)
	items := item.FindAllStringSubmatch(md, -1)
	if len(items) == 0 {
		t.Fatal("md: no lagging tasks listed")
	}
	unesc := strings.NewReplacer(`\%`, `%`, `\*`, `*`, `\_`, `_`, `\-`, `-`)
	for _, m := range items {
		r := rowOf(rows, m[1])
		if r == nil {
			t.Errorf("md: unknown task %q", m[1])
			continue
		}
		line := unesc.Replace(m[0])
		wants := []string{i18n.Status(l, r.Eval.Status), model.NullPercentText(r.Eval.Progress)}
		switch {
		case r.Task.Kind == model.KindMilestone:
		case r.Task.Kind.Paced():
			wants = append(wants, model.NullValueText(r.Eval.Actual), model.FormatValue(r.Task.Target))
		default:
			wants = append(wants, r.Task.TargetText())
		}
		for _, w := range wants {
			if !strings.Contains(line, w) {
				t.Errorf("md, task %s: %q does not say %q", r.Task.ID, line, w)
			}
		}
	}
}

// headHash is an audit chain head's hash as exports state it (审计链头
// SEQ:HASH, "hash": "HASH").
var headHash = regexp.MustCompile(`[0-9a-f]{64}`)

// maskHead hides the hashes of audit chain heads in an export, for
// comparing the exports of two copies of a file that took the same changes
// at different times (the sequence numbers still compare).
func maskHead(s string) string { return headHash.ReplaceAllString(s, "HASH") }
