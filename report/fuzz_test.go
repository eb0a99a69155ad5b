package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"duban/i18n"
	"duban/model"
	"duban/seed"
)

// checkImport holds what any import must satisfy, whatever the file: a
// clear error or a result, every problem a sentence, every update valid.
func checkImport(t *testing.T, s *model.Snapshot, im *Imported, err error) {
	t.Helper()
	if err != nil {
		if im != nil {
			t.Fatal("both a result and an error")
		}
		for _, l := range []i18n.Lang{i18n.Zh, i18n.En} {
			if msg := i18n.Message(l, err); msg == "" || strings.HasPrefix(msg, "report.") {
				t.Fatalf("unclear error %q", msg)
			}
		}
		return
	}
	if im == nil || (im.Kind != KindPlan && im.Kind != KindProgress) {
		t.Fatalf("result %+v", im)
	}
	for _, p := range im.Problems {
		if p.Err == nil || p.Row < 0 {
			t.Fatalf("problem %+v", p)
		}
		if txt := p.Text(i18n.Zh); txt == "" || strings.Contains(txt, "%!") || strings.HasPrefix(txt, "report.") {
			t.Fatalf("problem text %q", txt)
		}
	}
	for _, u := range im.Updates {
		task, ok := s.Task(u.TaskID)
		if !ok {
			t.Fatalf("update of unknown task %q", u.TaskID)
		}
		if err := model.CheckUpdate(s.Plan, task, s.History[u.TaskID], u); err != nil {
			t.Fatalf("invalid update %+v: %v", u, err)
		}
	}
	for _, task := range im.Tasks {
		if err := model.ValidateTask(task); err != nil {
			t.Fatalf("invalid task %+v: %v", task, err)
		}
	}
	if im.Skipped < 0 {
		t.Fatal("negative skipped")
	}
}

func FuzzReadImportCSV(f *testing.F) {
	s := snapWith(f)
	rows := rowsOf(s)
	var tmpl bytes.Buffer
	if err := Export(&tmpl, "csv", s, rows, Options{AsOf: asOf, Template: true}); err != nil {
		f.Fatal(err)
	}
	f.Add(tmpl.Bytes())
	f.Add(seed.PlanCSV)
	f.Add([]byte(templateHeader + "1.1.02,,,,,,60,2019-06-30,完成六成,,\n9.9.99,,,,,,x,,,,\n1.1.01,,,,,,120,2019-13-01,,,\n"))
	f.Add([]byte(templateHeader + "1.1.07,,,,,,3,2019-06-30,,,\n,,,,,,5\n\"unterminated"))
	f.Add([]byte("\xff\xfe" + "a\x00,\x00b\x00"))
	f.Add([]byte("编号\t本期累计完成\n1.1.02\t1,100\n1.1.03\t3.2万\n"))
	f.Add([]byte(strings.Join(model.PlanColumns, ",") + "\n1.1.01,篇,段,甲,count,10,个,,,局,,,原文\n1.1.01,,,,bad\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		before := len(s.History)
		im, err := ReadImport(bytes.NewReader(data), "csv", s, "fuzz", now)
		checkImport(t, s, im, err)
		if len(s.History) != before {
			t.Fatal("import changed the snapshot")
		}
	})
}

func FuzzReadImportXLSX(f *testing.F) {
	s := snapWith(f)
	rows := rowsOf(s)
	for _, o := range []Options{{AsOf: asOf, Template: true, Dept: "市财政局"}, {AsOf: asOf}} {
		var b bytes.Buffer
		if err := Export(&b, "xlsx", s, rows, o); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	// A filled-in template with good and bad rows.
	x := excelize.NewFile()
	for i, r := range [][]any{
		{"进度填报模板"},
		{"编号", "任务名称", "目标", "单位", "上次填报值", "上次填报日期", "本期累计完成", "报告日期", "进展情况", "存在问题", "下一步措施"},
		{"1.1.02", "", "", "", "", "", 60, 43646, "进展"},
		{"1.1.01", "", "", "", "", "", 0.8},
		{"9.9.99", "", "", "", "", "", "abc", "2019-02-30"},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			f.Fatal(err)
		}
	}
	b, err := x.WriteToBuffer()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	x.Close()
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("not a zip at all"))
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := ReadImport(bytes.NewReader(data), "xlsx", s, "fuzz", now)
		checkImport(t, s, im, err)
	})
}
