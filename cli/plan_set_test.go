package cli

import (
	"strings"
	"testing"
)

// TestPlanSet: an administrator's plan set changes how every command
// judges (here a 左右 band a status); plan show lists the value; a bad
// value is refused with one sentence and writes nothing; an archived plan
// refuses changes.
func TestPlanSet(t *testing.T) {
	db := newDB(t)
	mustRun(t, db, "update", "0.1.01", "7.6", "--as-of", "2019-07-25", "--note", "上半年")
	status := func() string {
		out := mustRun(t, db, "show", "0.1.01", "--as-of", "2019-07-25")
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "状态") {
				return strings.TrimSpace(strings.TrimPrefix(l, "状态"))
			}
		}
		t.Fatalf("no status in\n%s", out)
		return ""
	}
	if s := status(); s != "正常" {
		t.Fatalf("7.6 against 8%%左右 (±0.5): %s", s)
	}
	if out := mustRun(t, db, "plan", "set", "tolerance.rate", "0.3"); !strings.Contains(out, "tolerance.rate 由 0.5 改为 0.3") {
		t.Fatalf("plan set: %s", out)
	}
	if s := status(); s != "滞后" {
		t.Fatalf("7.6 against 8%%左右 (±0.3): %s", s)
	}
	if out := mustRun(t, db, "plan", "show"); settingShown(out, "tolerance.rate") != "0.3" {
		t.Fatalf("plan show:\n%s", out)
	}
	if out := mustRun(t, db, "log"); !strings.Contains(out, "tolerance.rate 0.5 -> 0.3") {
		t.Fatalf("log:\n%s", out)
	}

	before := mustRun(t, db, "plan", "show")
	for _, args := range [][]string{
		{"plan", "set", "tolerance.rate", "abc"},
		{"plan", "set", "score.done", "80"}, // below 正常's 90
		{"plan", "set", "nosuch", "1"},
		{"plan", "set", "score.behind", "60", "ahead", "-1"}, // nothing of it applies
	} {
		code, _, stderr := run(t, db, args...)
		if code != 1 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.HasSuffix(strings.TrimSpace(stderr), "。") {
			t.Errorf("%v: exit %d: %q", args, code, stderr)
		}
	}
	if code, _, _ := run(t, db, "plan", "set", "ahead"); code != 2 {
		t.Errorf("odd arguments: exit %d", code)
	}
	if after := mustRun(t, db, "plan", "show"); after != before {
		t.Errorf("a refused plan set changed the plan:\n%s", after)
	}

	// A new plan starts with the current plan's settings; a re-import keeps a plan's own.
	mustRun(t, db, "plan", "import", plan2020(t), "--id", "zhuzhou-2020", "--title", "2020")
	mustRun(t, db, "--plan", "zhuzhou-2020", "plan", "set", "ahead", "6")
	mustRun(t, db, "plan", "import", plan2020(t), "--id", "zhuzhou-2020")
	if out := mustRun(t, db, "--plan", "zhuzhou-2020", "plan", "show"); settingShown(out, "tolerance.rate") != "0.3" || settingShown(out, "ahead") != "6" {
		t.Errorf("2020 after import, set and re-import:\n%s", out)
	}
	if out := mustRun(t, db, "plan", "show"); settingShown(out, "ahead") != "10" {
		t.Errorf("plan set --plan 2020 moved 2019:\n%s", out)
	}

	mustRun(t, db, "plan", "archive", "zhuzhou-2019")
	if code, _, stderr := run(t, db, "plan", "set", "ahead", "5"); code != 1 || !strings.Contains(stderr, "已归档") {
		t.Fatalf("plan set on an archived plan: exit %d: %s", code, stderr)
	}
}

// settingShown is the value plan show gives for key.
func settingShown(out, key string) string {
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 1 && f[0] == key {
			return f[1]
		}
	}
	return ""
}
