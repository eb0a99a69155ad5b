package report

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"duban/i18n"
	"duban/model"
	"duban/store"
)

// The department template against a real database: export it from a
// snapshot, fill in two rows with excelize, import, apply with
// store.ApplyUpdates and find the updates (and their audit entries) after
// reopening. A file with one bad row is refused and changes nothing.
func TestTemplateRoundTripStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "duban.db")
	clock := func() time.Time { return now }
	st, snap := openSnap(t, path, store.Options{Now: clock})
	const dept = "市交通运输局"
	rows := snap.Evaluate(asOf)
	data := exportBytes(t, "xlsx", snap, rows, Options{AsOf: asOf, Template: true, Dept: dept})

	f := openXLSX(t, data)
	const sheet = "进度填报"
	all, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	// Two count tasks, reported on track with their texts.
	var filled []string
	for i := templateHeaderRow; i < len(all) && len(filled) < 2; i++ {
		task, ok := snap.Task(all[i][0])
		if !ok || task.Kind != model.KindCount {
			continue
		}
		n := i + 1
		v := task.Target.Mul(decimal.RequireFromString("0.6"))
		must(t, f.SetCellValue(sheet, cellName(tcValue+1, n), v.InexactFloat64()))
		must(t, f.SetCellValue(sheet, cellName(tcDate+1, n), "2019-06-30"))
		must(t, f.SetCellValue(sheet, cellName(tcNote+1, n), "进展顺利"))
		filled = append(filled, task.ID)
	}
	if len(filled) != 2 {
		t.Fatalf("filled %v", filled)
	}
	good, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	goodBytes := append([]byte(nil), good.Bytes()...)

	// The same file with a third row that is bad: nothing may be applied.
	must(t, f.SetCellValue(sheet, cellName(tcValue+1, templateHeaderRow+1), "-3"))
	im := readBack(t, f, snap, "王五")
	if len(im.Problems) != 1 || im.Problems[0].Row != templateHeaderRow+1 || im.Problems[0].Column != "本期累计完成" {
		t.Fatalf("problems %v", im.Err())
	}

	im, err = ReadImport(bytes.NewReader(goodBytes), "xlsx", snap, "王五", now)
	if err != nil {
		t.Fatal(err)
	}
	if im.Err() != nil || len(im.Updates) != 2 {
		t.Fatalf("%d updates: %v", len(im.Updates), i18n.Message(i18n.Zh, im.Err()))
	}
	if _, err := st.ApplyUpdates(model.LocalActor("test"), im.Updates); err != nil {
		t.Fatal(err)
	}
	must(t, st.Close())

	st, after := openSnap(t, path, store.Options{Now: clock})
	defer st.Close()
	for _, id := range filled {
		h := after.History[id]
		if len(h) != 1 || h[0].By != "王五" || h[0].Note != "进展顺利" || model.FormatDate(h[0].AsOf) != "2019-06-30" {
			t.Errorf("%s history %+v", id, h)
		}
		if e := model.Evaluate(after.Plan, mustTask(t, after, id), h, asOf); e.Status != model.StatusOnTrack {
			t.Errorf("%s is %s", id, e.Status)
		}
		audit, err := st.Audit(id)
		if err != nil {
			t.Fatal(err)
		}
		if len(audit) == 0 || audit[len(audit)-1].User != "王五" {
			t.Errorf("%s audit %+v", id, audit)
		}
	}
	total := 0
	for _, h := range after.History {
		total += len(h)
	}
	if total != 2 {
		t.Errorf("%d updates in the database, want the 2 imported", total)
	}
}

// A plan in the plan columns replaces the plan through store.ReplacePlan.
func TestPlanImportStore(t *testing.T) {
	st, snap := openSnap(t, filepath.Join(t.TempDir(), "duban.db"), store.Options{})
	defer st.Close()
	csv := strings.Join(model.PlanColumns, ",") + "\n" +
		"1.1.01,篇,段,新增停车位,count,1500,个,,,市城管局,市公安局、市交通运输局,,原文\n" +
		"1.1.02,篇,段,博物馆开馆,milestone,100,%,,,市文旅局,,2019-09-30,原文\n"
	im, err := ReadImport(strings.NewReader(csv), "csv", snap, "admin", now)
	if err != nil || im.Err() != nil || im.Kind != KindPlan {
		t.Fatalf("%v %v", err, im.Err())
	}
	must(t, st.ReplacePlan(model.LocalActor("admin"), im.Plan, im.Tasks))
	after, err := st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Tasks) != 2 || after.Tasks[0].Name != "新增停车位" || len(after.Tasks[0].Partners) != 2 {
		t.Errorf("tasks after import: %+v", after.Tasks)
	}
}

func mustTask(t *testing.T, s *model.Snapshot, id string) model.Task {
	t.Helper()
	task, ok := s.Task(id)
	if !ok {
		t.Fatalf("no task %s", id)
	}
	return task
}

// openSnap opens the database at path and reads its snapshot; the caller
// closes the store.
func openSnap(t *testing.T, path string, o store.Options) (*store.Store, *model.Snapshot) {
	t.Helper()
	st, err := store.Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := st.Snapshot()
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	return st, snap
}
