package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"duban/seed"
)

// The shipped report, as GBK text, drafts a CSV that imports as a plan.
func TestPlanDraftImports(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "报告.txt")
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(seed.Report)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, []byte(gbk), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "draft.csv")
	db := newDB(t)
	code, _, stderr := run(t, db, "plan", "draft", in, "-o", out)
	if code != 0 || !strings.Contains(stderr, "已起草") {
		t.Fatalf("draft: exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(out)
	if !strings.HasPrefix(string(b), "\ufeffid,chapter,section,name,kind,target,unit,qualifier,baseline,lead,partners,due,source,pacing,confidence,why\r\n0.1.01,主要预期目标,") {
		t.Errorf("csv starts %q", string(b[:200]))
	}
	code, stdout, stderr := run(t, db, "import", out)
	if code != 0 || !strings.Contains(stdout+stderr, "已导入计划") {
		t.Fatalf("import: exit %d: %s%s", code, stdout, stderr)
	}
	code, stdout, _ = run(t, db, "show", "5.3.05", "--as-of", "2019-12-31")
	if code != 0 || !strings.Contains(stdout, "停车位") {
		t.Errorf("show after import: exit %d: %s", code, stdout)
	}

	code, md, _ := run(t, db, "plan", "draft", in, "--format", "md")
	if code != 0 || !strings.Contains(md, "| 0.1.01 | 主要预期目标 | 地区生产总值增长 | growth | 8%左右 |") {
		t.Errorf("md: exit %d: %.300s", code, md)
	}
	code, ex, _ := run(t, db, "plan", "draft", in, "--explain", "75")
	if code != 0 || !strings.Contains(ex, "略去 \"15 个\"：范围而非产出") {
		t.Errorf("explain: exit %d: %.500s", code, ex)
	}
}

func TestPlanDraftBadInput(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "x.txt")
	os.WriteFile(bin, []byte{0x81, 0x30, 0xff, 0x00}, 0o644)
	none := filepath.Join(dir, "none.txt")
	os.WriteFile(none, []byte("一、工作回顾\n\n新增企业 9 家。\n"), 0o644)
	out := filepath.Join(dir, "out.csv")
	db := filepath.Join(dir, "d.db")
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"plan", "draft", bin, "-o", out}, 1, "无法读取报告"},
		{[]string{"plan", "draft", none, "-o", out}, 1, "没有找到计划部分"},
		{[]string{"plan", "draft", filepath.Join(dir, "missing.txt"), "-o", out}, 1, "无法打开文件 " + filepath.Join(dir, "missing.txt") + "：文件或目录不存在。"},
		{[]string{"plan", "draft", none, "--format", "xlsx"}, 2, "不支持的格式"},
		{[]string{"plan", "draft", none, "--explain", "1"}, 2, "不在报告的计划部分"},
	} {
		code, _, stderr := run(t, db, c.args...)
		if code != c.code || !strings.Contains(stderr, c.msg) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%v: exit %d, %q", c.args, code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v wrote %s", c.args, out)
		}
	}
}
