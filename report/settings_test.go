package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"duban/i18n"
	"duban/model"
	"duban/seed"
)

// withSettings is s with a threshold and three settings moved off their
// defaults.
func withSettings(t *testing.T, s *model.Snapshot) *model.Snapshot {
	t.Helper()
	p, err := s.Plan.SetSettings([][2]string{{"threshold", "15"}, {"ahead", "8"}, {"tolerance.rate", "0.3"}, {"score.behind", "60"}})
	if err != nil {
		t.Fatal(err)
	}
	s.Plan = p
	return s
}

// settingsOfPlan is every setting of p as plan show lists it.
func settingsOfPlan(p model.Plan) string {
	var b strings.Builder
	for _, k := range model.SettingKeys {
		v, _ := p.Setting(k)
		b.WriteString(k + "=" + v + ";")
	}
	return b.String()
}

// TestSettingsTravelInJSON: the JSON export states the settings that
// differ from the defaults, and a plan read from it has them all, even
// when read into a plan with settings of its own; a plan with none
// writes no settings object.
func TestSettingsTravelInJSON(t *testing.T) {
	s := withSettings(t, snapWith(t))
	out := exportBytes(t, "json", s, rowsOf(s), zhOpts())
	if !bytes.Contains(out, []byte(`"settings": {`)) || !bytes.Contains(out, []byte(`"tolerance.rate": "0.3"`)) ||
		bytes.Contains(out, []byte(`"tolerance.amount"`)) {
		t.Fatalf("settings in the export:\n%.600s", out)
	}
	other := plainSnap(t)
	op, _ := other.Plan.SetSettings([][2]string{{"tolerance.amount", "5"}, {"cycle", "3"}})
	other.Plan = op
	im, err := ReadImport(bytes.NewReader(out), "json", other, "admin", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Problems) > 0 {
		t.Fatal(im.Err())
	}
	if got, want := settingsOfPlan(im.Plan), settingsOfPlan(s.Plan); got != want {
		t.Errorf("settings read back\n got %s\nwant %s", got, want)
	}

	plain := snapWith(t)
	if out := exportBytes(t, "json", plain, rowsOf(plain), zhOpts()); bytes.Contains(out, []byte(`"settings"`)) {
		t.Error("a plan with default settings wrote a settings object")
	}
	// A file that states none keeps the settings of the plan read into.
	im, err = ReadImport(bytes.NewReader(exportBytes(t, "json", plain, rowsOf(plain), zhOpts())), "json", other, "admin", now)
	if err != nil || len(im.Problems) > 0 {
		t.Fatal(err, im.Err())
	}
	if got, want := settingsOfPlan(im.Plan), settingsOfPlan(other.Plan); got != want {
		t.Errorf("no settings in the file\n got %s\nwant %s", got, want)
	}

	// Bad settings are problems; numbers may be JSON numbers.
	for _, c := range []struct{ settings, col, key string }{
		{`{"ahead": 0}`, "plan.settings.ahead", "err.plan.setting.value"},
		{`{"nosuch": "1"}`, "plan.settings.nosuch", "err.plan.setting.key"},
		{`{"score.done": 50}`, "plan.settings.score.done", "err.plan.setting.scores"},
	} {
		doc := `{"plan": {"id": "p", "start": "2019-01-01", "end": "2019-12-31", "settings": ` + c.settings +
			`}, "tasks": [{"id":"1.1.01","name":"甲","kind":"count","target":"10","unit":"个"}]}`
		im, err := ReadImport(strings.NewReader(doc), "json", other, "admin", now)
		if err != nil {
			t.Fatal(err)
		}
		if len(im.Problems) != 1 || im.Problems[0].Column != c.col || !errors.Is(im.Problems[0].Err, i18n.E(c.key)) {
			t.Errorf("%s: %v", c.settings, im.Problems)
		}
	}
	doc := `{"plan": {"id": "p", "start": "2019-01-01", "end": "2019-12-31", "settings": {"ahead": 12, "score.no_report": "5"}},
	 "tasks": [{"id":"1.1.01","name":"甲","kind":"count","target":"10","unit":"个"}]}`
	im, err = ReadImport(strings.NewReader(doc), "json", other, "admin", now)
	if err != nil || len(im.Problems) > 0 {
		t.Fatal(err, im.Err())
	}
	if a, _ := im.Plan.Setting("ahead"); a != "12" {
		t.Errorf("ahead %s", a)
	}
	if c, _ := im.Plan.Setting("cycle"); c != "1" {
		t.Errorf("cycle %s: a file stating settings sets all of them", c)
	}
}

// TestSettingsTravelInPlanCSV: model.WritePlanFile writes setting lines
// that the importer reads back (CSV and the xlsx grid read alike); a bad
// setting is a problem of its line, and no task is kept then.
func TestSettingsTravelInPlanCSV(t *testing.T) {
	s := withSettings(t, snapWith(t))
	var buf bytes.Buffer
	if err := model.WritePlanFile(&buf, s.Plan, s.Tasks); err != nil {
		t.Fatal(err)
	}
	head := strings.SplitN(buf.String(), "\n", 7)
	if head[2] != "setting,threshold,15" || head[3] != "setting,ahead,8" || head[4] != "setting,tolerance.rate,0.3" ||
		head[5] != "setting,score.behind,60" || !strings.HasPrefix(head[6], "id,") {
		t.Fatalf("plan file:\n%s", strings.Join(head[:6], "\n"))
	}
	im, err := ReadImport(bytes.NewReader(buf.Bytes()), "csv", plainSnap(t), "admin", now)
	if err != nil || len(im.Problems) > 0 {
		t.Fatal(err, im.Err())
	}
	if got, want := settingsOfPlan(im.Plan), settingsOfPlan(s.Plan); got != want {
		t.Errorf("settings read back\n got %s\nwant %s", got, want)
	}
	if len(im.Tasks) != len(s.Tasks) {
		t.Errorf("%d tasks", len(im.Tasks))
	}

	header := strings.Join(model.PlanColumns, ",") + "\n"
	row := "1.1.01,篇,段,甲,count,10,个,,,局,,,原文,,\n"
	for _, c := range []struct {
		lines string
		row   int
		key   string
	}{
		{"setting,ahead,0\n", 2, "err.plan.setting.value"},
		{"设置,tolerance.rate,abc\n", 2, "err.plan.setting.value"},
		{"setting,nosuch,1\n", 2, "err.plan.setting.key"},
		{"setting,ahead,5\nsetting,ahead,6\n", 3, "settings.err.twice"},
		{"setting,score.behind,60\nsetting,score.done,80\nsetting,ahead,5\n", 3, "err.plan.setting.scores"},
		{"setting,score.done,50\nsetting,score.behind,60\n", 2, "err.plan.setting.scores"},
		{"setting,score.at_risk,95\nsetting,ahead,5\n", 2, "err.plan.setting.scores"},
	} {
		file := "period,2019-01-01..2019-12-31\n" + c.lines + header + row
		im, err := ReadImport(strings.NewReader(file), "csv", plainSnap(t), "admin", now)
		if err != nil {
			t.Fatal(err)
		}
		if len(im.Problems) != 1 || im.Problems[0].Row != c.row || im.Problems[0].Column != "setting" ||
			!errors.Is(im.Problems[0].Err, i18n.E(c.key)) || len(im.Tasks) != 0 {
			t.Errorf("%q: tasks %d, %v", c.lines, len(im.Tasks), im.Problems)
		}
	}

	// The shipped plan (no setting line) keeps the plan's settings.
	base := withSettings(t, plainSnap(t))
	im, err = ReadImport(bytes.NewReader(seed.PlanCSV), "csv", base, "admin", now)
	if err != nil || len(im.Problems) > 0 {
		t.Fatal(err, im.Err())
	}
	if got, want := settingsOfPlan(im.Plan), settingsOfPlan(base.Plan); got != want {
		t.Errorf("no setting line\n got %s\nwant %s", got, want)
	}
}

// TestSettingsInPlanXLSX: setting lines above the header of an xlsx plan,
// a value as a number cell.
func TestSettingsInPlanXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"设置", "tolerance.rate", 0.3}))
	must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"setting", "Ahead", 12}))
	must(t, f.SetSheetRow("Sheet1", "A3", toAny(model.PlanColumns)))
	must(t, f.SetSheetRow("Sheet1", "A4", &[]any{"9.1.02", "篇", "段", "博物馆开馆", "milestone", 100, "%", "", "", "市文旅局", "", "", "原文"}))
	im := readBack(t, f, plainSnap(t), "admin")
	if im.Kind != KindPlan || len(im.Problems) > 0 || len(im.Tasks) != 1 {
		t.Fatalf("kind %s, tasks %d, %v", im.Kind, len(im.Tasks), im.Err())
	}
	if r, _ := im.Plan.Setting("tolerance.rate"); r != "0.3" {
		t.Errorf("tolerance.rate %s", r)
	}
	if a, _ := im.Plan.Setting("ahead"); a != "12" {
		t.Errorf("ahead %s", a)
	}
}

// TestPlanXLSXRoundTrip: WritePlanXLSX reads back as the same plan: its
// settings, and every task as it was.
func TestPlanXLSXRoundTrip(t *testing.T) {
	s := withSettings(t, snapWith(t))
	var buf bytes.Buffer
	if err := WritePlanXLSX(&buf, s.Plan, s.Tasks); err != nil {
		t.Fatal(err)
	}
	im, err := ReadImport(bytes.NewReader(buf.Bytes()), "xlsx", plainSnap(t), "admin", now)
	if err != nil || len(im.Problems) > 0 {
		t.Fatal(err, im.Err())
	}
	if got, want := settingsOfPlan(im.Plan), settingsOfPlan(s.Plan); got != want {
		t.Errorf("settings read back\n got %s\nwant %s", got, want)
	}
	if len(im.Tasks) != len(s.Tasks) {
		t.Fatalf("%d tasks", len(im.Tasks))
	}
	for i, got := range im.Tasks {
		if g, w := strings.Join(got.Record(), "|"), strings.Join(model.PlanFileTask(s.Plan, s.Tasks[i]), "|"); g != w {
			t.Errorf("task %d\n got %s\nwant %s", i, g, w)
		}
	}
}
