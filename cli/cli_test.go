package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"duban/seed"
)

// run runs duban with args against db and returns exit code, stdout, stderr.
func run(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	full := append([]string{"--db", db}, args...)
	code := Main(context.Background(), full, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// newDB creates a seeded database and returns its path.
func newDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "duban.db")
	if code, _, stderr := run(t, db, "init"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	return db
}

func TestListShowsWholePlanAligned(t *testing.T) {
	db := newDB(t)
	code, out, _ := run(t, db, "list", "--as-of", "2019-06-30")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	// header + 129 tasks + footer
	if len(lines) != 1+129+1 {
		t.Fatalf("got %d lines, want 126", len(lines))
	}
	if !strings.Contains(out, "新增停车位") || !strings.Contains(out, "5.3.05") {
		t.Fatal("list lacks 新增停车位")
	}
	// Every column starts at the same display offset on every row: check the
	// offset of the target column's right edge via the progress column text.
	col := func(line string) int { // display offset where the status column starts
		idx := strings.LastIndex(line, "  ")
		return displayWidth(line[:idx])
	}
	want := col(lines[1])
	for _, l := range lines[1:125] {
		if got := col(l); got != want {
			t.Fatalf("misaligned row (lead column at %d, want %d):\n%s\n%s", got, want, lines[1], l)
		}
	}
}

func TestUpdateThenShowParkingSpaces(t *testing.T) {
	db := newDB(t)
	code, out, stderr := run(t, db, "update", "5.3.05", "750", "--as-of", "2019-06-30", "--user", "张三")
	if code != 0 {
		t.Fatalf("update: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "50%") {
		t.Fatalf("update output lacks 50%%: %s", out)
	}
	code, out, _ = run(t, db, "show", "5.3.05", "--as-of", "2019-06-30")
	if code != 0 {
		t.Fatalf("show: exit %d", code)
	}
	for _, want := range []string{"50%", "49.6%", "正常", "125个/月", "张三", "1500个"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, db, "--lang", "en", "show", "5.3.05", "--as-of", "2019-06-30")
	if code != 0 || !strings.Contains(out, "On track") || !strings.Contains(out, "125个 a month") {
		t.Errorf("English show:\n%s", out)
	}
}

func TestExportJSONContract(t *testing.T) {
	db := newDB(t)
	run(t, db, "update", "5.3.05", "750", "--as-of", "2019-06-30")
	code, out, stderr := run(t, db, "export", "--format", "json", "--as-of", "2019-06-30")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	var doc struct {
		Plan  map[string]any   `json:"plan"`
		AsOf  string           `json:"as_of"`
		Tasks []map[string]any `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.AsOf != "2019-06-30" || doc.Plan["id"] != "zhuzhou-2019" || len(doc.Tasks) != 129 {
		t.Fatalf("plan %v as_of %s tasks %d", doc.Plan, doc.AsOf, len(doc.Tasks))
	}
	keys := []string{"id", "chapter", "section", "name", "kind", "target", "unit", "qualifier", "baseline",
		"lead", "partners", "due", "source", "actual", "progress", "time_progress", "status",
		"updated_at", "updated_by", "review"}
	for _, task := range doc.Tasks {
		for _, k := range keys {
			if _, ok := task[k]; !ok {
				t.Fatalf("task %v lacks %q", task["id"], k)
			}
		}
		if task["id"] == "5.3.05" {
			if task["actual"] != 750.0 || task["progress"] != 50.0 || task["status"] != "on_track" {
				t.Errorf("5.3.05: %v", task)
			}
		} else if task["actual"] != nil {
			t.Errorf("%v has an actual before any update", task["id"])
		}
	}
}

func TestUpdateBadInputChangesNothing(t *testing.T) {
	db := newDB(t)
	cases := []struct {
		name string
		args []string
	}{
		{"not a number", []string{"update", "5.3.05", "abc"}},
		{"empty", []string{"update", "5.3.05", ""}},
		{"NaN", []string{"update", "5.3.05", "NaN"}},
		{"Inf", []string{"update", "5.3.05", "Inf"}},
		{"1e999", []string{"update", "5.3.05", "1e999"}},
		{"negative count", []string{"update", "5.3.05", "-5"}},
		{"milestone over 100", []string{"update", firstMilestone(t, db), "101"}},
		{"milestone negative", []string{"update", firstMilestone(t, db), "-1"}},
		{"unknown id", []string{"update", "9.9.99", "1"}},
		{"malformed as-of", []string{"update", "5.3.05", "750", "--as-of", "2019-13-45"}},
		{"as-of outside the plan", []string{"update", "5.3.05", "750", "--as-of", "2020-01-15"}},
		{"behind without problems", []string{"update", "5.3.05", "10", "--as-of", "2019-06-30"}},
	}
	before := fileHash(t, db)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, stderr := run(t, db, c.args...)
			if code != 1 {
				t.Fatalf("exit %d, want 1 (stdout %q, stderr %q)", code, out, stderr)
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "错误：") {
				t.Fatalf("want one error sentence, got %q", stderr)
			}
			if fileHash(t, db) != before {
				t.Fatal("the database changed")
			}
		})
	}
}

func firstMilestone(t *testing.T, db string) string {
	t.Helper()
	code, out, _ := run(t, db, "export", "--format", "json")
	if code != 0 {
		t.Fatal("export failed")
	}
	var doc struct {
		Tasks []struct{ ID, Kind string } `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, task := range doc.Tasks {
		if task.Kind == "milestone" {
			return task.ID
		}
	}
	t.Fatal("no milestone")
	return ""
}

func TestMisuseExitsTwo(t *testing.T) {
	db := newDB(t)
	for _, args := range [][]string{
		{"frobnicate"},
		{"list", "--no-such-flag"},
		{"show"},
		{"update", "5.3.05"},
		{"list", "--status", "sleepy"},
		{"list", "--format", "yaml"},
		{"--lang", "fr", "list"},
	} {
		code, _, stderr := run(t, db, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr)
		}
		if strings.Count(strings.TrimSpace(stderr), "\n") != 0 || stderr == "" {
			t.Errorf("%v: want one line on stderr, got %q", args, stderr)
		}
		for _, english := range []string{"unknown", "accepts", "requires", "invalid", "arg(s)"} {
			if strings.Contains(stderr, english) {
				t.Errorf("%v: the Chinese error is partly English: %q", args, stderr)
			}
		}
	}
}

func TestScreensNeedATerminal(t *testing.T) {
	db := newDB(t)
	code, _, stderr := run(t, db)
	if code != 1 || !strings.Contains(stderr, "终端") {
		t.Fatalf("duban without a terminal: exit %d, %q", code, stderr)
	}
}

func TestCorruptDatabaseRefused(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string][]byte{
		"random.db": bytes.Repeat([]byte("not a database at all "), 3000),
		"empty.db":  {},
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o600); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := run(t, p, "list")
		if code != 1 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%s: exit %d, stderr %q", name, code, stderr)
		}
		got, _ := os.ReadFile(p)
		if !bytes.Equal(got, content) {
			t.Errorf("%s was modified", name)
		}
	}
}

func TestBackupAndCheck(t *testing.T) {
	db := newDB(t)
	run(t, db, "update", "5.3.05", "750", "--as-of", "2019-06-30")
	bak := filepath.Join(t.TempDir(), "备份.db")
	if code, _, stderr := run(t, db, "backup", bak); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	code, out, stderr := run(t, bak, "check")
	if code != 0 || !strings.Contains(out, "129") {
		t.Fatalf("check of the backup: exit %d %s %s", code, out, stderr)
	}
	code, out, _ = run(t, bak, "log", "5.3.05")
	if code != 0 || !strings.Contains(out, "750") {
		t.Fatalf("log of the backup lacks the update: %s", out)
	}
}

func TestDemoNeverTouchesRealDatabase(t *testing.T) {
	db := newDB(t)
	before := fileHash(t, db)
	code, _, _ := run(t, db, "demo", "--no-tui")
	if code != 1 || fileHash(t, db) != before {
		t.Fatalf("demo on a real database: exit %d, changed %v", code, fileHash(t, db) != before)
	}
	demo := filepath.Join(t.TempDir(), "demo.db")
	if code, _, stderr := run(t, demo, "demo", "--no-tui"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	_, out, _ := run(t, demo, "list", "--as-of", "2019-09-30")
	if !strings.Contains(out, "演示数据") {
		t.Fatal("demo list does not say 演示数据")
	}
	_, out, _ = run(t, demo, "export", "--format", "json", "--as-of", "2019-09-30")
	var doc struct {
		Plan  struct{ Demo bool }       `json:"plan"`
		Tasks []struct{ Status string } `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if !doc.Plan.Demo {
		t.Error("the demo export does not say demo")
	}
	counts := map[string]int{}
	for _, task := range doc.Tasks {
		counts[task.Status]++
	}
	for _, s := range []string{"done", "on_track", "behind", "at_risk", "no_report"} {
		if counts[s] == 0 {
			t.Errorf("demo has no %s task in September: %v", s, counts)
		}
	}
}

// The department round trip of the README: export a department's csv
// template, fill two rows, import it, and see the figures in list; a
// template with one bad row is refused whole, naming the row.
func TestTemplateRoundTrip(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "模板.csv")
	if code, _, stderr := run(t, db, "export", "--format", "csv", "--template", "--dept", "市交通运输局", "-o", tmpl); code != 0 {
		t.Fatalf("template export: %s", stderr)
	}
	raw, err := os.ReadFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	fill := func(values map[string]string) string { return fillTemplate(string(raw), values) }
	bad := filepath.Join(dir, "坏.csv")
	os.WriteFile(bad, []byte(fill(map[string]string{
		"5.3.10": "600|2019-06-30|完成600公里||",
		"5.3.11": "abc|2019-06-30|||",
	})), 0o600)
	before := fileHash(t, db)
	code, _, stderr := run(t, db, "import", bad)
	if code != 1 || !strings.Contains(stderr, "本期累计完成") || fileHash(t, db) != before {
		t.Fatalf("bad template: exit %d, stderr %q, changed %v", code, stderr, fileHash(t, db) != before)
	}
	good := filepath.Join(dir, "好.csv")
	os.WriteFile(good, []byte(fill(map[string]string{
		"5.3.10": "600|2019-06-30|完成600公里||",
		"5.3.11": "40|2019-06-30|完成40公里|雨季影响施工|抢抓晴好天气",
	})), 0o600)
	if code, out, stderr := run(t, db, "import", good, "--user", "张三"); code != 0 {
		t.Fatalf("import: exit %d %s %s", code, out, stderr)
	}
	_, out, _ := run(t, db, "list", "--dept", "市交通运输局", "--as-of", "2019-06-30")
	// 5.3.11 at 40% is on schedule: rural road works are paced by the dry
	// season, and 37.5% of the year's weight has passed by 06-30.
	for _, want := range []string{"54.5%", "正常", "40%     37.5%  正常"} {
		if !strings.Contains(out, want) {
			t.Errorf("list after import lacks %q:\n%s", want, out)
		}
	}
}

// seedTasks is how many tasks the embedded plan has: the rows of its CSV
// after the header.
var seedTasks = func() int {
	rows, err := csv.NewReader(bytes.NewReader(seed.PlanCSV)).ReadAll()
	if err != nil {
		panic(err)
	}
	return len(rows) - 1
}()

func TestExportBulletinFlags(t *testing.T) {
	db := newDB(t)
	if code, _, stderr := run(t, db, "update", "5.3.05", "1500", "--as-of", "2019-06-15"); code != 0 {
		t.Fatal(stderr)
	}
	out := t.TempDir() + "/通报.md"
	code, _, stderr := run(t, db, "export", "--format", "md", "--as-of", "2019-06-30", "--since", "2019-05-31",
		"--issuer", "某某督查室", "--date", "2019-07-05", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## 六、2019-05-31以来变化情况", "（三）新完成任务（1 项）\n\n- 5.3.05 ", "某某督查室", "2019年7月5日"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("bulletin lacks %q", want)
		}
	}
	for _, args := range [][]string{
		{"export", "--format", "csv", "--since", "2019-05-31"},
		{"export", "--format", "md", "--as-of", "2019-06-30", "--since", "2019-06-30"},
		{"export", "--format", "docx", "--date", "2019-07-32", "-o", t.TempDir() + "/x.docx"},
	} {
		if code, _, stderr := run(t, db, args...); code != 2 || !strings.HasPrefix(stderr, "错误：") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
}

// TestTemplateDefaultsToXLSX: `export --template` without --format writes
// the xlsx workbook (to stdout too, as over SSH), not a refusal that json
// cannot be a template; --format json is still refused.
func TestTemplateDefaultsToXLSX(t *testing.T) {
	db := newDB(t)
	code, out, stderr := run(t, db, "export", "--template", "--dept", "市交通运输局", "--as-of", "2019-07-31")
	if code != 0 || !strings.HasPrefix(out, "PK\x03\x04") {
		t.Fatalf("exit %d, %q…: %s", code, out[:min(len(out), 8)], stderr)
	}
	if code, _, _ := run(t, db, "export", "--template", "--format", "json"); code != 2 {
		t.Errorf("--template --format json: exit %d", code)
	}
}

// fillTemplate fills rows of a csv fill-in template as a person would:
// values maps a task id to its five input columns, "value|date|note|problems|next".
// Each row keeps id, name, target, unit, last value and last date.
func fillTemplate(raw string, values map[string]string) string {
	var b strings.Builder
	for _, line := range strings.Split(raw, "\n") {
		id, rest, _ := strings.Cut(line, ",")
		if v, ok := values[id]; ok {
			f := strings.Split(strings.TrimRight(rest, "\r"), ",")
			line = strings.Join(append([]string{id}, append(f[:5], strings.Split(v, "|")...)...), ",") + "\r"
		}
		b.WriteString(line + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
