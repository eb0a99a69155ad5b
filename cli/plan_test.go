package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"duban/seed"
)

// plan2020 writes the 2019 plan moved to 2020, with its period in the
// first line, and returns its path.
func plan2020(t *testing.T) string {
	t.Helper()
	csv := "period,2020-01-01..2020-12-31\n" + strings.ReplaceAll(string(seed.PlanCSV), "2019-", "2020-")
	path := filepath.Join(t.TempDir(), "plan-2020.csv")
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// mustRun runs duban and fails the test unless it exits 0.
func mustRun(t *testing.T, db string, args ...string) string {
	t.Helper()
	code, out, stderr := run(t, db, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	return out
}

// TestPlanBeside: a 2020 plan imported from a CSV stating its period sits
// beside 2019; the same task id keeps a history in each plan; list, show,
// log and export read the plan --plan names; check passes.
func TestPlanBeside(t *testing.T) {
	db := newDB(t)
	csv := plan2020(t)
	mustRun(t, db, "update", "5.3.05", "750", "--as-of", "2019-06-30", "--user", "张三")

	// The old route into the current plan is refused, and writes nothing.
	before := fileHash(t, db)
	code, _, stderr := run(t, db, "import", csv)
	if code != 1 || !strings.Contains(stderr, "duban plan import --id") {
		t.Fatalf("import of a 2020 plan into 2019: exit %d: %s", code, stderr)
	}
	if fileHash(t, db) != before {
		t.Fatal("a refused import changed the file")
	}

	out := mustRun(t, db, "plan", "import", csv, "--id", "zhuzhou-2020", "--title", "株洲市2020年政府工作报告重点工作")
	if !strings.Contains(out, fmt.Sprintf("zhuzhou-2020（2020-01-01..2020-12-31），共 %d 项任务", seedTasks)) {
		t.Fatalf("plan import: %s", out)
	}
	out = mustRun(t, db, "plan", "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "zhuzhou-2019") || !strings.Contains(lines[1], "当前") ||
		!strings.Contains(lines[2], "zhuzhou-2020") || !strings.Contains(lines[2], "2020-01-01..2020-12-31") ||
		!strings.Contains(lines[2], fmt.Sprint(seedTasks)) || strings.Contains(lines[2], "当前") {
		t.Fatalf("plan list:\n%s", out)
	}

	// The 2019 plan is still current and untouched.
	out = mustRun(t, db, "show", "5.3.05", "--as-of", "2019-06-30")
	if !strings.Contains(out, "750个") {
		t.Fatalf("2019 show lost its history:\n%s", out)
	}
	out = mustRun(t, db, "--plan", "zhuzhou-2020", "show", "5.3.05", "--as-of", "2020-06-30")
	if strings.Contains(out, "750") || !strings.Contains(out, "尚无填报记录") {
		t.Fatalf("2020 show carries 2019's history:\n%s", out)
	}
	// --as-of is of the plan's period.
	if code, _, stderr := run(t, db, "--plan", "zhuzhou-2020", "list", "--as-of", "2019-06-30"); code == 0 || !strings.Contains(stderr, "2020-01-01") {
		t.Fatalf("2019 date in the 2020 plan: exit %d: %s", code, stderr)
	}

	// The same id gets its own history in 2020.
	mustRun(t, db, "--plan", "zhuzhou-2020", "update", "5.3.05", "400", "--as-of", "2020-03-31", "--user", "张三")
	out = mustRun(t, db, "--plan", "zhuzhou-2020", "show", "5.3.05", "--as-of", "2020-06-30")
	if !strings.Contains(out, "400个") || strings.Contains(out, "750个") || !strings.Contains(out, "填报记录（1 条") {
		t.Fatalf("2020 history:\n%s", out)
	}
	out = mustRun(t, db, "--plan", "zhuzhou-2019", "show", "5.3.05", "--as-of", "2019-06-30")
	if !strings.Contains(out, "750个") || strings.Contains(out, "400个") || !strings.Contains(out, "填报记录（1 条") {
		t.Fatalf("2019 history:\n%s", out)
	}
	out = mustRun(t, db, "--plan", "zhuzhou-2020", "log", "5.3.05")
	if strings.Count(strings.TrimSpace(out), "\n") != 1 || !strings.Contains(out, "400") || strings.Contains(out, "750") {
		t.Fatalf("2020 log of 5.3.05:\n%s", out)
	}
	out = mustRun(t, db, "--plan", "zhuzhou-2019", "log", "5.3.05")
	if !strings.Contains(out, "750") || strings.Contains(out, "400") {
		t.Fatalf("2019 log of 5.3.05:\n%s", out)
	}

	// Reports on each plan name it.
	for _, c := range []struct{ plan, asOf, actual string }{{"zhuzhou-2019", "2019-06-30", "750"}, {"zhuzhou-2020", "2020-06-30", "400"}} {
		out = mustRun(t, db, "--plan", c.plan, "list", "--as-of", c.asOf, "--format", "json", "--search", "5.3.05")
		var doc struct {
			Plan  struct{ ID string }
			Tasks []struct {
				Plan   string `json:"plan"`
				Actual json.Number
			}
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Plan.ID != c.plan || len(doc.Tasks) != 1 || doc.Tasks[0].Plan != c.plan || doc.Tasks[0].Actual.String() != c.actual {
			t.Errorf("json of %s: %s", c.plan, out)
		}
		md := mustRun(t, db, "--plan", c.plan, "export", "--format", "md", "--as-of", c.asOf)
		if !strings.Contains(md, c.plan) {
			t.Errorf("md of %s does not name the plan:\n%.300s", c.plan, md)
		}
	}
	if out := mustRun(t, db, "check"); !strings.Contains(out, "检查通过") {
		t.Fatal(out)
	}

	// A re-import of 2020 with a contradicting period is refused.
	if code, _, stderr := run(t, db, "plan", "import", csv, "--id", "zhuzhou-2020", "--period", "2021-01-01..2021-12-31"); code != 1 || !strings.Contains(stderr, "不符") {
		t.Fatalf("contradicting period: exit %d: %s", code, stderr)
	}
}

// TestPlanUseArchive: plan use changes the plan every command starts
// with; an archived plan is still read and exported but refuses changes.
func TestPlanUseArchive(t *testing.T) {
	db := newDB(t)
	mustRun(t, db, "plan", "import", plan2020(t), "--id", "zhuzhou-2020", "--title", "2020")
	mustRun(t, db, "plan", "use", "zhuzhou-2020")
	if out := mustRun(t, db, "list", "--as-of", "2020-06-30", "--format", "json"); !strings.Contains(out, `"id":"zhuzhou-2020"`) && !strings.Contains(out, `"id": "zhuzhou-2020"`) {
		t.Fatalf("after plan use, list is not of 2020:\n%.200s", out)
	}
	mustRun(t, db, "plan", "archive", "zhuzhou-2019")
	code, _, stderr := run(t, db, "--plan", "zhuzhou-2019", "update", "5.3.05", "750", "--as-of", "2019-06-30", "--user", "张三")
	if code != 1 || !strings.Contains(stderr, "已归档") {
		t.Fatalf("update of an archived plan: exit %d: %s", code, stderr)
	}
	mustRun(t, db, "--plan", "zhuzhou-2019", "export", "--format", "md", "--as-of", "2019-06-30")
	if out := mustRun(t, db, "plan", "list"); !strings.Contains(out, "已归档") {
		t.Fatalf("plan list:\n%s", out)
	}
	if code, _, stderr := run(t, db, "--plan", "zhuzhou-2030", "list"); code != 1 || !strings.Contains(stderr, "zhuzhou-2030") {
		t.Fatalf("unknown plan: exit %d: %s", code, stderr)
	}
	if code, _, stderr := run(t, db, "plan", "import", plan2020(t), "--id", "x", "--period", "2020-13-01..2020-12-31"); code != 2 || !strings.Contains(stderr, "计划期") {
		t.Fatalf("bad period: exit %d: %s", code, stderr)
	}
}

// TestTemplateKeepsItsPlan: a 2019 template imported while 2020 is
// current goes into 2019, never 2020; with --plan naming 2020 it is
// refused with the reason. The xlsx template carries its plan too.
func TestTemplateKeepsItsPlan(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "城管填报.csv")
	mustRun(t, db, "export", "--format", "csv", "--template", "--dept", "市城市管理和综合执法局", "-o", tmpl, "--as-of", "2019-06-30")
	xlsx := filepath.Join(dir, "城管填报.xlsx")
	mustRun(t, db, "export", "--format", "xlsx", "--template", "--dept", "市城市管理和综合执法局", "-o", xlsx, "--as-of", "2019-06-30")
	mustRun(t, db, "plan", "import", plan2020(t), "--id", "zhuzhou-2020", "--title", "2020")
	mustRun(t, db, "plan", "use", "zhuzhou-2020")

	// Fill 5.3.05 in the csv template.
	b, err := os.ReadFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	filled := false
	for i, l := range lines {
		if f := strings.Split(l, ","); len(f) == 11 && f[0] == "5.3.05" {
			f[6], f[7] = "750", "2019-06-30"
			lines[i], filled = strings.Join(f, ","), true
		}
	}
	if !filled {
		t.Fatalf("no 5.3.05 row in the template:\n%s", b)
	}
	if err := os.WriteFile(tmpl, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}

	before := fileHash(t, db)
	code, _, stderr := run(t, db, "--plan", "zhuzhou-2020", "import", tmpl, "--user", "张三")
	if code != 1 || !strings.Contains(stderr, "zhuzhou-2019") || !strings.Contains(stderr, "zhuzhou-2020") {
		t.Fatalf("2019 template with --plan zhuzhou-2020: exit %d: %s", code, stderr)
	}
	if fileHash(t, db) != before {
		t.Fatal("a refused import changed the file")
	}
	out := mustRun(t, db, "import", tmpl, "--user", "张三")
	if !strings.Contains(out, "zhuzhou-2019") {
		t.Fatalf("import output does not say where it went: %s", out)
	}
	if out := mustRun(t, db, "--plan", "zhuzhou-2019", "show", "5.3.05", "--as-of", "2019-06-30"); !strings.Contains(out, "750个") {
		t.Fatalf("the 2019 template did not go to 2019:\n%s", out)
	}
	if out := mustRun(t, db, "show", "5.3.05", "--as-of", "2020-06-30"); !strings.Contains(out, "尚无填报记录") {
		t.Fatalf("the 2019 template went into 2020:\n%s", out)
	}

	// The xlsx template (unfilled) is refused under --plan 2020 too.
	code, _, stderr = run(t, db, "--plan", "zhuzhou-2020", "import", xlsx, "--user", "张三", "--dry-run")
	if code != 1 || !strings.Contains(stderr, "zhuzhou-2019") {
		t.Fatalf("2019 xlsx template with --plan zhuzhou-2020: exit %d: %s", code, stderr)
	}
}
