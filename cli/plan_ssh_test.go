package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"duban/seed"
	"duban/server"
)

// csv2020 is the 2019 plan moved to 2020, its period in the first line.
func csv2020() []byte {
	return []byte("period,2020-01-01..2020-12-31\n" + strings.ReplaceAll(string(seed.PlanCSV), "2019-", "2020-"))
}

// Each plan command over SSH gives the output and exit status of the same
// command run locally, as the same user and with the same stdin, on a copy
// of the file; the changes are made on both, so that they stay alike.
func TestSSHPlanCommandsEqualLocal(t *testing.T) {
	sv := newServed(t, server.Options{})
	local := filepath.Join(t.TempDir(), "copy.db")
	if err := sv.st.Backup(local); err != nil {
		t.Fatal(err)
	}
	plan, report := csv2020(), []byte(seed.Report)
	for _, c := range []struct {
		user, cmd string
		stdin     []byte
		code      int
	}{
		{admin, "plan list", nil, 0},
		{staff, "plan list", nil, 0},
		{staff, "plan show", nil, 0},
		{super, "--lang en plan show", nil, 0},
		{admin, "plan import --id zhuzhou-2020 --title 株洲市2020年政府工作报告重点工作 --dry-run", plan, 0},
		{admin, "plan list", nil, 0},
		{admin, "plan import --id zhuzhou-2020 --title 株洲市2020年政府工作报告重点工作", plan, 0},
		{admin, "plan import - --id zhuzhou-2020 --period 2021-01-01..2021-12-31", plan, 1},
		{admin, "plan import --id zhuzhou-2020", []byte("id,name\n"), 1},
		{staff, "plan import --id zhuzhou-2021", plan, 1},
		{staff, "plan archive zhuzhou-2019", nil, 1},
		{super, "plan use zhuzhou-2020", nil, 1},
		{staff, "plan set tolerance.rate 0.3", nil, 1},
		{admin, "plan set tolerance.rate 0.3 --plan zhuzhou-2020", nil, 0},
		{admin, "plan set tolerance.rate abc", nil, 1},
		{admin, "plan set tolerance.rate", nil, 2},
		{admin, "plan show --plan zhuzhou-2020", nil, 0},
		{admin, "plan use nope", nil, 1},
		{admin, "plan use zhuzhou-2020", nil, 0},
		{staff, "plan list", nil, 0},
		{staff, "list --dept 市交通运输局 --as-of 2020-06-30", nil, 0}, // the new current plan
		{admin, "plan archive zhuzhou-2019", nil, 0},
		{admin, "update 5.3.05 1 --plan zhuzhou-2019 --as-of 2019-06-30", nil, 1},
		{admin, "plan list", nil, 0},
		{staff, "plan draft -", report, 0},
		{staff, "plan draft - --format md", report, 0},
		{staff, "plan draft - --explain 75", report, 0},
		{staff, "plan draft - --format pdf", report, 2},
		{staff, "plan draft -", []byte("没有任何任务的一段话。\n"), 1},
	} {
		code, out, errs := sv.ssh(c.user, c.cmd, c.stdin)
		args := append([]string{"--db", local, "--user", c.user}, strings.Fields(c.cmd)...)
		var lout, lerr bytes.Buffer
		lcode := Main(context.Background(), args, bytes.NewReader(c.stdin), &lout, &lerr)
		if code != c.code || lcode != c.code {
			t.Errorf("%s %s: exit %d over SSH, %d locally, want %d (%s|%s)", c.user, c.cmd, code, lcode, c.code, errs, lerr.String())
		}
		if maskHead(out) != maskHead(lout.String()) || errs != lerr.String() {
			t.Errorf("%s %s: over SSH\n%.300q\n%q\nlocally\n%.300q\n%q", c.user, c.cmd, out, errs, lout.String(), lerr.String())
		}
		if c.code != 0 && (errs == "" || strings.Count(strings.TrimSpace(errs), "\n") != 0) && !strings.Contains(c.cmd, "--id zhuzhou-2020") {
			t.Errorf("%s %s: a refusal of one line wanted, got %q", c.user, c.cmd, errs)
		}
	}
	// plan use over SSH moved the server's current plan: what starts now
	// opens on it.
	if got := sv.st.CurrentPlan(); got != "zhuzhou-2020" {
		t.Errorf("after plan use over SSH the server is on %q", got)
	}
}

// A staff member's plan archive is refused by the store with its one
// sentence and exit 1, and the file is left as it was.
func TestSSHPlanArchiveRefused(t *testing.T) {
	sv := newServed(t, server.Options{})
	before, audit := fileHash(t, sv.db), sv.auditLen()
	code, out, errs := sv.ssh(staff, "plan archive zhuzhou-2019", nil)
	if code != 1 || out != "" || strings.TrimSpace(errs) != "错误："+staff+" 不是管理员，不能管理用户、部门和计划。" {
		t.Fatalf("staff plan archive: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	sv.waitIdle()
	plans, err := sv.st.Plans()
	if err != nil {
		t.Fatal(err)
	}
	if plans[0].Archived || sv.auditLen() != audit || fileHash(t, sv.db) != before {
		t.Fatal("a refused plan archive changed the file")
	}
}

// plan import over SSH takes the plan on stdin, its format told by its
// content, and the plan's commands then see it; draft's output imports.
func TestSSHPlanImportStdin(t *testing.T) {
	sv := newServed(t, server.Options{})
	code, out, errs := sv.ssh(admin, "plan import --id zhuzhou-2020 --title 株洲市2020年政府工作报告重点工作", csv2020())
	if code != 0 || !strings.Contains(out, "zhuzhou-2020（2020-01-01..2020-12-31）") {
		t.Fatalf("plan import over SSH: exit %d %q %q", code, out, errs)
	}
	plans, err := sv.st.Plans()
	if err != nil || len(plans) != 2 || plans[1].Plan.ID != "zhuzhou-2020" || plans[1].Tasks != seedTasks || plans[1].Current {
		t.Fatalf("plans after import: %+v %v", plans, err)
	}
	// A draft made over SSH from the report on stdin imports over SSH.
	code, draftCSV, errs := sv.ssh(admin, "plan draft -", []byte(seed.Report))
	if code != 0 || !strings.HasPrefix(draftCSV, "\ufeffid,") {
		t.Fatalf("plan draft over SSH: exit %d %q", code, errs)
	}
	code, out, errs = sv.ssh(admin, "plan import --id zhuzhou-2021 --period 2021-01-01..2021-12-31", []byte(draftCSV))
	if code != 0 || !strings.Contains(out, "zhuzhou-2021（2021-01-01..2021-12-31）") {
		t.Fatalf("import of the draft: exit %d %q %q", code, out, errs)
	}
	// A plan named as a file on the server is refused.
	if code, _, errs := sv.ssh(admin, "plan import /etc/passwd", nil); code != 2 || !strings.Contains(errs, "/etc/passwd") {
		t.Fatalf("plan import of a server file: exit %d %q", code, errs)
	}
	if code, _, errs := sv.ssh(admin, "plan draft /etc/passwd", nil); code != 2 || !strings.Contains(errs, "/etc/passwd") {
		t.Fatalf("plan draft of a server file: exit %d %q", code, errs)
	}
}

// A plan import whose connection is cut half-way writes nothing, even
// when what arrived is a valid plan by itself.
func TestSSHPlanImportCutOff(t *testing.T) {
	sv := newServed(t, server.Options{})
	file := csv2020()
	cut := bytes.Index(file, []byte("\n5.3.05")) + 1 // what comes before is a plan file too
	if cut <= 0 {
		t.Fatal("the plan lacks 5.3.05")
	}
	before := sv.auditLen()
	sv.cutOff(admin, "plan import --id zhuzhou-2020", file[:cut])
	if plans, _ := sv.st.Plans(); len(plans) != 1 || sv.auditLen() != before {
		t.Fatalf("a plan import cut off half-way wrote: %d plans", len(plans))
	}
	// The same half, sent whole, is imported: the refusal above was the cut.
	if code, _, errs := sv.ssh(admin, "plan import --id zhuzhou-2020", file[:cut]); code != 0 {
		t.Fatalf("the half as a whole file: exit %d %q", code, errs)
	}
	if plans, _ := sv.st.Plans(); len(plans) != 2 {
		t.Fatalf("the half as a whole file: %d plans", len(plans))
	}
}
