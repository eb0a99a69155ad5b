package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanSettingsTravel: settings set on a plan travel in its plan file
// and its JSON export: imported as a new plan into another database, plan
// show lists the same values; re-imported over a plan with settings of its
// own, the file's replace them; a file with a bad setting is refused with
// its line and writes nothing.
func TestPlanSettingsTravel(t *testing.T) {
	db := newDB(t)
	mustRun(t, db, "plan", "set", "tolerance.rate", "0.3", "ahead", "8", "score.behind", "60", "cycle", "2")
	want := mustRun(t, db, "plan", "show")
	dir := t.TempDir()
	csv, js := filepath.Join(dir, "plan.csv"), filepath.Join(dir, "plan.json")
	mustRun(t, db, "plan", "export", "-o", csv)
	mustRun(t, db, "export", "--format", "json", "--as-of", "2019-06-30", "-o", js)
	data, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\nsetting,ahead,8\n") || strings.Contains(string(data), "setting,tolerance.amount") {
		t.Fatalf("plan file:\n%.400s", data)
	}

	// The plan file as a new plan (of another database, whose current
	// plan has the defaults); the JSON export names its plan, so it goes
	// back over the other database's zhuzhou-2019.
	for _, c := range []struct{ file, id string }{{csv, "copy"}, {js, "zhuzhou-2019"}} {
		other := newDB(t)
		mustRun(t, other, "plan", "import", c.file, "--id", c.id)
		got := mustRun(t, other, "--plan", c.id, "plan", "show")
		if strings.Replace(got, c.id, "zhuzhou-2019", 1) != want {
			t.Errorf("%s: plan show of the imported plan\n%s\nwant\n%s", filepath.Base(c.file), got, want)
		}
		// A re-import: the file's settings replace the plan's own.
		mustRun(t, other, "--plan", c.id, "plan", "set", "tolerance.amount", "5", "ahead", "3")
		mustRun(t, other, "plan", "import", c.file, "--id", c.id)
		if got := mustRun(t, other, "--plan", c.id, "plan", "show"); strings.Replace(got, c.id, "zhuzhou-2019", 1) != want {
			t.Errorf("%s: plan show after a re-import\n%s", filepath.Base(c.file), got)
		}
	}

	// The file travels into the current plan with duban import too.
	other := newDB(t)
	mustRun(t, other, "import", csv)
	if got := mustRun(t, other, "plan", "show"); got != want {
		t.Errorf("duban import:\n%s", got)
	}

	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte(strings.Replace(string(data), "setting,ahead,8", "setting,ahead,0", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, other)
	code, _, stderr := run(t, other, "import", bad)
	if code != 1 || !strings.Contains(stderr, "第 4 行") || !strings.Contains(stderr, "ahead") {
		t.Errorf("bad setting: exit %d: %s", code, stderr)
	}
	code, _, stderr = run(t, other, "--lang", "en", "plan", "import", bad, "--id", "copy2")
	if code != 1 || !strings.Contains(stderr, "Row 4") {
		t.Errorf("bad setting (en): exit %d: %s", code, stderr)
	}
	if fileHash(t, other) != before {
		t.Error("a refused import changed the file")
	}
}
