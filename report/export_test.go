package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"sort"
	"strings"
	"testing"

	"duban/i18n"
	"duban/model"
)

func TestExportJSONContract(t *testing.T) {
	s := snapWith(t)
	rows := rowsOf(s)
	out := exportBytes(t, "json", s, rows, zhOpts())

	// Field names and their order, as DESIGN.md lists them.
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	var doc struct {
		Plan  json.RawMessage   `json:"plan"`
		AsOf  string            `json:"as_of"`
		Tasks []json.RawMessage `json:"tasks"`
	}
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if got := keysOf(t, out); strings.Join(got, ",") != "plan,as_of,tasks" {
		t.Errorf("top-level keys %v", got)
	}
	if got := keysOf(t, doc.Plan); strings.Join(got, ",") != "id,title,start,end" {
		t.Errorf("plan keys %v (no demo key unless the plan is a demo)", got)
	}
	wantTask := "id,plan,chapter,section,name,kind,target,unit,qualifier,baseline,lead,partners,due,source,pacing,release," +
		"actual,progress,time_progress,status,updated_at,updated_by,review"
	for _, raw := range doc.Tasks {
		if got := strings.Join(keysOf(t, raw), ","); got != wantTask {
			t.Fatalf("task keys\n got %s\nwant %s", got, wantTask)
		}
	}
	if doc.AsOf != "2019-06-30" || len(doc.Tasks) != len(rows) {
		t.Fatalf("as_of %q, %d tasks", doc.AsOf, len(doc.Tasks))
	}
	if !bytes.HasPrefix(out, []byte("{\n  \"plan\": {\n    \"id\": \"zhuzhou-2019\"")) {
		t.Errorf("not indented with two spaces:\n%.80s", out)
	}

	type task struct {
		ID           string       `json:"id"`
		Target       json.Number  `json:"target"`
		Baseline     *json.Number `json:"baseline"`
		Partners     []string     `json:"partners"`
		Due          string       `json:"due"`
		Actual       *json.Number `json:"actual"`
		Progress     *json.Number `json:"progress"`
		TimeProgress json.Number  `json:"time_progress"`
		Status       string       `json:"status"`
		UpdatedAt    *string      `json:"updated_at"`
		UpdatedBy    *string      `json:"updated_by"`
		Review       *string      `json:"review"`
	}
	byID := map[string]task{}
	for _, raw := range doc.Tasks {
		var tk task
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(&tk); err != nil {
			t.Fatal(err)
		}
		byID[tk.ID] = tk
		if tk.Partners == nil {
			t.Errorf("%s: partners is null, want an array", tk.ID)
		}
		if !model.Status(tk.Status).Valid() {
			t.Errorf("%s: status %q", tk.ID, tk.Status)
		}
		// Each task's own 序时进度, to two places: 49.59 (181/365) for a linear
		// task on 06-30; a seasonal, stepped or one-off task has its own (a
		// cache keyed by dates alone once gave every task the linear figure).
		if want := evalOf(rows, tk.ID).TimeProgress.Round(2).String(); string(tk.TimeProgress) != want {
			t.Errorf("%s: time_progress %s, want %s", tk.ID, tk.TimeProgress, want)
		}
		if evalPacing(s, tk.ID) == model.PacingLinear && tk.TimeProgress != "49.59" {
			t.Errorf("%s: linear time_progress %s, want 49.59 (181/365, two places)", tk.ID, tk.TimeProgress)
		}
		if tk.Progress != nil && strings.Contains(tk.Progress.String(), ".") &&
			len(strings.SplitN(tk.Progress.String(), ".", 2)[1]) > 2 {
			t.Errorf("%s: progress %s has more than two places", tk.ID, *tk.Progress)
		}
	}
	for _, r := range rows {
		tk := byID[r.Task.ID]
		if r.Eval.Latest == nil {
			if tk.Actual != nil || tk.Progress != nil || tk.UpdatedAt != nil || tk.UpdatedBy != nil || tk.Review != nil {
				t.Errorf("%s: unreported task has non-null progress fields: %+v", r.Task.ID, tk)
			}
			if tk.Status != "no_report" {
				t.Errorf("%s: status %s", r.Task.ID, tk.Status)
			}
			continue
		}
		if tk.Actual == nil || tk.Actual.String() != r.Eval.Actual.Decimal.String() {
			t.Errorf("%s: actual %v, want %s", r.Task.ID, tk.Actual, r.Eval.Actual.Decimal)
		}
		if tk.UpdatedAt == nil || *tk.UpdatedAt != "2019-06-30" || *tk.UpdatedBy != "张三" {
			t.Errorf("%s: updated %v by %v", r.Task.ID, tk.UpdatedAt, tk.UpdatedBy)
		}
		if tk.Review == nil || *tk.Review != "pending" {
			t.Errorf("%s: review %v, want pending", r.Task.ID, tk.Review)
		}
	}
	// Exact numbers: 1.2 万人 stays 1.2, 12.7 stays 12.7, never float noise.
	for id, want := range map[string]string{"5.1.02": "1.2", "4.2.07": "12.7", "0.1.02": "7.5", "1.2.01": "2.7"} {
		if got := byID[id].Target.String(); got != want {
			t.Errorf("%s target %s, want %s", id, got, want)
		}
	}
	if got := byID["5.1.02"]; got.Actual != nil && strings.Contains(got.Actual.String(), "0000") {
		t.Errorf("float noise in actual %s", *got.Actual)
	}
	if !bytes.Contains(out, []byte(`"target": 1.2,`)) {
		t.Error("target 1.2 not written as the JSON number 1.2")
	}
	if bytes.Contains(out, []byte(`\u003c`)) {
		t.Error("HTML escaping in JSON output")
	}
}

// keysOf lists an object's keys in the order they are written.
func keysOf(t *testing.T, raw []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %v %v", tok, err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestExportJSONDemo(t *testing.T) {
	s := snapWith(t)
	s.Plan.Demo = true
	out := exportBytes(t, "json", s, rowsOf(s), zhOpts())
	var doc struct {
		Plan map[string]any `json:"plan"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Plan["demo"] != true {
		t.Errorf("plan.demo = %v, want true", doc.Plan["demo"])
	}
}

func TestExportCSV(t *testing.T) {
	s := snapWith(t)
	rows := rowsOf(s)
	out := exportBytes(t, "csv", s, rows, zhOpts())
	if !bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) {
		t.Fatal("no UTF-8 BOM")
	}
	if !bytes.Contains(out, []byte("\r\n")) {
		t.Error("lines do not end in CRLF (RFC 4180)")
	}
	recs, err := csv.NewReader(bytes.NewReader(out[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := recs[0]
	want := []string{"编号", "篇章", "工作事项", "任务名称", "目标", "单位", "累计完成", "完成率（%）", "序时进度（%）",
		"状态", "牵头单位", "配合单位", "需月均完成", "最近填报日期", "填报人", "进展情况", "存在问题", "下一步措施"}
	if strings.Join(header, ",") != strings.Join(want, ",") {
		t.Fatalf("header\n got %v\nwant %v", header, want)
	}
	if len(recs) != len(rows)+1 {
		t.Fatalf("%d records for %d rows", len(recs)-1, len(rows))
	}
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	for i, r := range rows {
		rec := recs[i+1]
		if rec[0] != r.Task.ID || rec[col("任务名称")] != r.Task.Name {
			t.Fatalf("row %d is %v, want task %s", i+2, rec[:4], r.Task.ID)
		}
		if got, want := rec[col("状态")], i18n.Status(i18n.Zh, r.Eval.Status); got != want {
			t.Errorf("%s status %q, want %q", r.Task.ID, got, want)
		}
		if rec[col("目标")] != r.Task.Target.String() {
			t.Errorf("%s target %q", r.Task.ID, rec[col("目标")])
		}
		if rec[col("序时进度（%）")] != model.FormatPercent(r.Eval.TimeProgress) { // 49.6 on 06-30, linear; pacing profiles differ
			t.Errorf("%s time progress %q", r.Task.ID, rec[col("序时进度（%）")])
		}
		if r.Eval.Latest == nil {
			if rec[col("累计完成")] != "" || rec[col("完成率（%）")] != "" || rec[col("最近填报日期")] != "" {
				t.Errorf("%s: unreported task shows values %v", r.Task.ID, rec)
			}
			continue
		}
		if rec[col("累计完成")] != r.Eval.Actual.Decimal.String() || rec[col("最近填报日期")] != "2019-06-30" ||
			rec[col("填报人")] != "张三" {
			t.Errorf("%s: %v", r.Task.ID, rec)
		}
		if r.Eval.Latest.Next != "" && rec[col("下一步措施")] != "'"+r.Eval.Latest.Next {
			t.Errorf("%s: next steps %q not guarded against formula injection", r.Task.ID, rec[col("下一步措施")])
		}
		if r.Eval.Latest.Problems != "" && rec[col("存在问题")] != r.Eval.Latest.Problems {
			t.Errorf("%s: problems %q, want the text with its newline", r.Task.ID, rec[col("存在问题")])
		}
	}
}

func TestExportErrors(t *testing.T) {
	s := snapWith(t)
	rows := rowsOf(s)
	for _, tc := range []struct {
		name   string
		format string
		o      Options
		key    string
	}{
		{"unknown format", "pdf", zhOpts(), "report.err.format"},
		{"template as md", "md", Options{Template: true}, "report.err.template"},
		{"template of a department with no tasks", "xlsx", Options{Template: true, Dept: "不存在的局"}, "report.err.notasks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Export(io.Discard, tc.format, s, rows, tc.o)
			if !errors.Is(err, i18n.E(tc.key)) {
				t.Fatalf("err = %v, want %s", err, tc.key)
			}
			if msg := i18n.Message(i18n.Zh, err); strings.HasPrefix(msg, "report.") {
				t.Errorf("untranslated message %q", msg)
			}
		})
	}
	if err := Export(io.Discard, "json", nil, nil, Options{}); err == nil {
		t.Error("nil snapshot exported")
	}
}

// Every label the package uses exists in both languages.
func TestLabels(t *testing.T) {
	for _, k := range i18n.Keys() {
		if !strings.HasPrefix(k, "report.") {
			continue
		}
		zh, en := i18n.Zh.T(k), i18n.En.T(k)
		if zh == "" || en == "" {
			t.Errorf("%s is empty in one language", k)
		}
		if a, b := verbs(zh), verbs(en); a != b {
			t.Errorf("%s: the languages take different arguments: %s / %s", k, a, b)
		}
	}
	for _, s := range model.Statuses {
		if !i18n.Has("status." + string(s)) {
			t.Errorf("no label for status %s", s)
		}
	}
	for _, l := range []i18n.Lang{i18n.Zh, i18n.En} {
		for _, k := range []string{"report.sheet.summary", "report.sheet.detail", "report.sheet.lagging", "report.sheet.template"} {
			if n := len([]rune(l.T(k))); n > 31 {
				t.Errorf("sheet name %s too long for Excel", l.T(k))
			}
		}
	}
}

// The task-by-task JSON writer writes what one json.Encoder call would.
func TestExportJSONMatchesEncoder(t *testing.T) {
	s := snapWith(t)
	s.Plan.Demo = true
	// Strings encoding/json escapes: quotes, control characters, the
	// JavaScript line separators, invalid UTF-8, HTML.
	s.Tasks[3].Name = "引号\"反斜杠\\\t制表\b\f\x01\x1f\u2028\u2029坏\xff字<&>"
	s.Tasks[4].Partners = nil
	s.HeadSeq, s.HeadHash = 42, strings.Repeat("ab", 32)
	for _, rows := range [][]model.Row{rowsOf(s), nil} {
		got := exportBytes(t, "json", s, rows, zhOpts())
		want := referenceJSON(t, s, rows, asOf)
		if !bytes.Equal(got, want) {
			t.Errorf("%d rows: output differs from json.Encoder's\n%s", len(rows), firstDiff(want, got))
		}
	}
}

var verbRE = regexp.MustCompile(`%(\[\d+\])?[a-zA-Z]`)

// verbs lists the formatting verbs of a label, sorted, so that both
// languages of a label can be checked to take the same arguments.
func verbs(s string) string {
	vs := verbRE.FindAllString(strings.ReplaceAll(s, "%%", ""), -1)
	sort.Strings(vs)
	return strings.Join(vs, " ")
}

// evalOf is the evaluation of task id among rows.
func evalOf(rows []model.Row, id string) model.Eval {
	for _, r := range rows {
		if r.Task.ID == id {
			return r.Eval
		}
	}
	return model.Eval{}
}

// evalPacing is the name of task id's pacing profile.
func evalPacing(s *model.Snapshot, id string) string {
	t, _ := s.Task(id)
	return s.Plan.PacingOf(t).Kind
}
