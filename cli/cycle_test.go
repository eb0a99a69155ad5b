package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"duban/model"
	"duban/store"
)

// TestUpdateConfirm: 5万 on a 100公里 task is refused with the warning and
// nothing written; --confirm saves it.
func TestUpdateConfirm(t *testing.T) {
	db := newDB(t)
	before := fileHash(t, db)
	code, _, stderr := run(t, db, "update", "5.3.11", "5万", "--as-of", "2019-06-30")
	if code != 1 || !strings.Contains(stderr, "50000公里 是目标的 500 倍，是否把 5 误写成 5万？") ||
		!strings.Contains(stderr, "--confirm") || fileHash(t, db) != before {
		t.Fatalf("unconfirmed: exit %d, %q, changed %v", code, stderr, fileHash(t, db) != before)
	}
	if code, _, stderr := run(t, db, "--lang", "en", "update", "5.3.11", "5万", "--as-of", "2019-06-30"); code != 1 ||
		!strings.Contains(stderr, "is 500 times the target: was 5 mistyped as 5万?") {
		t.Errorf("en: %d %q", code, stderr)
	}
	if code, _, stderr := run(t, db, "update", "5.3.11", "5万", "--as-of", "2019-06-30", "--confirm"); code != 0 {
		t.Fatalf("confirmed: %d %s", code, stderr)
	}
	// A fall needs a note saying why, then a confirmation.
	args := []string{"update", "5.3.11", "60", "--as-of", "2019-07-31"}
	if code, _, stderr := run(t, db, append(args, "--confirm")...); code != 1 || !strings.Contains(stderr, "须在进展情况中说明原因") {
		t.Errorf("fall without a note: %d %q", code, stderr)
	}
	args = append(args, "--note", "更正：6月误写为5万")
	if code, _, stderr := run(t, db, args...); code != 1 || !strings.Contains(stderr, "累计值 60公里 低于 2019-06-30 填报的 50000公里") {
		t.Errorf("fall unconfirmed: %d %q", code, stderr)
	}
	if code, _, stderr := run(t, db, append(args, "--confirm")...); code != 0 {
		t.Errorf("fall confirmed: %d %q", code, stderr)
	}
}

// csvTemplate exports the department's CSV template at asOf and returns a
// function filling rows: id → "value|date|note|problems|next".
func csvTemplate(t *testing.T, db, dept, asOf string) func(map[string]string) string {
	t.Helper()
	tmpl := filepath.Join(t.TempDir(), "模板.csv")
	if code, _, stderr := run(t, db, "export", "--format", "csv", "--template", "--dept", dept, "--as-of", asOf, "-o", tmpl); code != 0 {
		t.Fatalf("template export: %s", stderr)
	}
	raw, err := os.ReadFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "截至日期,"+asOf) {
		t.Fatalf("template lacks its as-of date:\n%s", raw)
	}
	return func(values map[string]string) string {
		p := filepath.Join(t.TempDir(), "填好.csv")
		if err := os.WriteFile(p, []byte(fillTemplate(string(raw), values)), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

// TestImportTwiceChangesNothing: blank dates take the template's as-of
// date; the same file imported again says 没有新的填报 and writes nothing;
// only a changed row becomes an update.
func TestImportTwiceChangesNothing(t *testing.T) {
	db := newDB(t)
	fill := csvTemplate(t, db, "市交通运输局", "2019-07-31")
	rows := map[string]string{
		"5.3.10": "600||完成600公里||",
		"5.3.11": "60||完成60公里||",
	}
	file := fill(rows)
	code, out, stderr := run(t, db, "import", file, "--user", "张三")
	if code != 0 || !strings.Contains(out, "已导入 2 条填报") || !strings.Contains(out, "(2019-07-31)") {
		t.Fatalf("first import: %d %q %q", code, out, stderr)
	}
	before := fileHash(t, db)
	_, log1, _ := run(t, db, "log")
	code, out, stderr = run(t, db, "import", file, "--user", "张三")
	if code != 0 || !strings.Contains(out, "没有新的填报（2 行与最近一次填报相同") || fileHash(t, db) != before {
		t.Fatalf("second import: %d %q %q changed %v", code, out, stderr, fileHash(t, db) != before)
	}
	if _, log2, _ := run(t, db, "log"); log2 != log1 {
		t.Error("the log grew")
	}
	rows["5.3.11"] = "65||完成65公里||"
	code, out, _ = run(t, db, "import", fill(rows), "--user", "张三")
	if code != 0 || !strings.Contains(out, "1 行与最近一次填报相同") || !strings.Contains(out, "已导入 1 条填报") {
		t.Fatalf("changed row: %d %q", code, out)
	}
	// --as-of on import overrides the template's date.
	rows["5.3.10"], rows["5.3.11"] = "900||完成900公里||", "80||完成80公里||"
	code, out, stderr = run(t, db, "import", fill(rows), "--user", "张三", "--as-of", "2019-08-31")
	if code != 0 || !strings.Contains(out, "已导入 2 条填报") || !strings.Contains(out, "(2019-08-31)") {
		t.Fatalf("--as-of: %d %q %q", code, out, stderr)
	}
}

// TestImportWarnings: --dry-run lists a row's plausibility warning; import
// refuses the file without --accept-warnings, writing nothing.
func TestImportWarnings(t *testing.T) {
	db := newDB(t)
	fill := csvTemplate(t, db, "市交通运输局", "2019-06-30")
	file := fill(map[string]string{"5.3.10": "600||完成600公里||", "5.3.11": "5万||完成||"})
	before := fileHash(t, db)
	code, out, _ := run(t, db, "import", file, "--dry-run")
	if code != 0 || !strings.Contains(out, "是否把 5 误写成 5万？") || !strings.Contains(out, "1 行有合理性提示") {
		t.Fatalf("dry run: %d %q", code, out)
	}
	code, _, stderr := run(t, db, "import", file)
	if code != 1 || !strings.Contains(stderr, "是否把 5 误写成 5万？") || !strings.Contains(stderr, "--accept-warnings") || fileHash(t, db) != before {
		t.Fatalf("without --accept-warnings: %d %q, changed %v", code, stderr, fileHash(t, db) != before)
	}
	code, out, stderr = run(t, db, "import", file, "--accept-warnings")
	if code != 0 || !strings.Contains(out, "已导入 2 条填报") {
		t.Fatalf("--accept-warnings: %d %q %q", code, out, stderr)
	}
	if _, log, _ := run(t, db, "log", "5.3.11"); !strings.Contains(log, "confirmed") {
		t.Errorf("log lacks the confirmation: %s", log)
	}
}

// TestReturnedAndFutureMarked: a returned report's status carries 已退回 in
// list and show; show --as-of marks reports dated after the viewed date;
// a superseded report is marked in the history.
func TestReturnedAndFutureMarked(t *testing.T) {
	db := newDB(t)
	for _, args := range [][]string{
		{"update", "5.3.05", "750", "--as-of", "2019-06-30"},
		{"update", "5.3.05", "900", "--as-of", "2019-07-31"},
	} {
		if code, _, stderr := run(t, db, args...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
	}
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := s.History("5.3.05")
	if len(h) != 2 || h[0].Review != model.ReviewSuperseded {
		t.Fatalf("history %+v", h)
	}
	if err := s.Review(model.LocalActor("督查员"), h[1].Seq, model.ReviewReturned, "请核实"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, out, _ := run(t, db, "list", "--as-of", "2019-07-31")
	if !strings.Contains(out, "正常（已退回）") {
		t.Errorf("list lacks the mark:\n%s", out)
	}
	_, out, _ = run(t, db, "show", "5.3.05", "--as-of", "2019-06-30")
	for _, want := range []string{"[已退回 督查员：请核实]  (晚于查看日期 2019-06-30)", "[已被后续填报替代 root", "其中 1 条填报晚于查看日期 2019-06-30"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = run(t, db, "show", "5.3.05", "--as-of", "2019-07-31")
	if !strings.Contains(out, "正常（已退回）") || strings.Contains(out, "晚于查看日期") {
		t.Errorf("show at 07-31:\n%s", out)
	}
	_, out, _ = run(t, db, "export", "--format", "csv", "--as-of", "2019-07-31")
	if !strings.Contains(out, "正常（已退回）") {
		t.Error("csv lacks the mark")
	}
	_, out, _ = run(t, db, "export", "--format", "md", "--as-of", "2019-07-31")
	if !strings.Contains(out, "已被退回、待更正：5.3.05 新增停车位") {
		t.Errorf("md lacks the returned sentence:\n%s", out)
	}
}
