package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
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

// FuzzReadImportXLSX fuzzes the cells of a small workbook (a template or
// a plan sheet) and a fragment of raw sheet XML, built into a workbook at
// each execution (a few kilobytes, stored uncompressed: cheap). Fuzzing the
// workbook's bytes instead stalled: the fuzzer minimises every new
// interesting input by removing each span of bytes in turn, for up to a
// minute per input, and with 50 KB exports as seeds it ran 8 executions
// in 150 s. Small strings minimise in moments.
func FuzzReadImportXLSX(f *testing.F) {
	s := snapWith(f)
	f.Add(false, "1.1.02", "#60", "#43646", "进展", "")
	f.Add(false, "9.9.99", "abc", "2019-02-30", "", `<c r="B2" t="s"><v>7</v></c>`)
	f.Add(false, "1.1.01", "#0.8", "2019-06-30", "=SUM(A1)", `<c r="XFD1048576"><v>1</v></c>`)
	f.Add(true, "1.1.01", "count", "#10", "市财政局", "")
	f.Add(true, "1.1.01", "milestone", "#1E+300", "", `<row r="1048576"><c r="A1048576"><f>1+1</f></c></row>`)
	f.Fuzz(func(t *testing.T, plan bool, id, value, date, text, raw string) {
		if len(id)+len(value)+len(date)+len(text)+len(raw) > 4<<10 {
			return
		}
		rows := [][]string{
			{"编号", "任务名称", "目标", "单位", "上次填报值", "上次填报日期", "本期累计完成", "报告日期", "进展情况", "存在问题", "下一步措施"},
			{id, "", "", "", "", "", value, date, text, text, ""},
		}
		if plan {
			rows = [][]string{model.PlanColumns, {id, "篇", "段", "甲", value, date, "个", "", "", text, "", "2019-12-31", "原文"}}
		}
		im, err := ReadImport(bytes.NewReader(tinyXLSX(t, rows, raw)), "xlsx", s, "fuzz", now)
		checkImport(t, s, im, err)
	})
}

// tinyXLSX is a minimal workbook of one sheet, its parts stored without
// compression: cells are inline strings, or numbers when they start with
// #; raw is added to the sheet's XML as it is, after the rows.
func tinyXLSX(f testing.TB, rows [][]string, raw string) []byte {
	var sheet strings.Builder
	sheet.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r, row := range rows {
		fmt.Fprintf(&sheet, `<row r="%d">`, r+1)
		for c, v := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if n, ok := strings.CutPrefix(v, "#"); ok {
				fmt.Fprintf(&sheet, `<c r="%s"><v>%s</v></c>`, ref, html.EscapeString(n))
			} else if v != "" {
				fmt.Fprintf(&sheet, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, html.EscapeString(v))
			}
		}
		sheet.WriteString(`</row>`)
	}
	sheet.WriteString(raw + `</sheetData></worksheet>`)
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	parts := [][2]string{
		{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + rel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="` + rel + `"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + rel + `/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", sheet.String()},
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, p := range parts {
		w, err := z.CreateHeader(&zip.FileHeader{Name: p[0], Method: zip.Store})
		if err == nil {
			_, err = w.Write([]byte(p[1]))
		}
		if err != nil {
			f.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		f.Fatal(err)
	}
	return b.Bytes()
}

// The tiny seeds are real workbooks: one reads as a template with its
// updates and problems, the other as a plan.
func TestTinyXLSXSeeds(t *testing.T) {
	s := snapWith(t)
	im, err := ReadImport(bytes.NewReader(tinyXLSX(t, [][]string{
		{"编号", "任务名称", "目标", "单位", "上次填报值", "上次填报日期", "本期累计完成", "报告日期", "进展情况", "存在问题", "下一步措施"},
		{"1.1.02", "", "", "", "", "", "#60", "#43646", "进展"},
	}, "")), "xlsx", s, "fuzz", now)
	if err != nil || im.Kind != KindProgress {
		t.Fatalf("template: %+v, %v", im, err)
	}
	im, err = ReadImport(bytes.NewReader(tinyXLSX(t, [][]string{model.PlanColumns,
		{"1.1.01", "篇", "段", "甲", "count", "#10", "个", "", "", "市财政局", "", "2019-12-31", "原文"}}, "")), "xlsx", s, "fuzz", now)
	if err != nil || im.Kind != KindPlan || len(im.Tasks) != 1 {
		t.Fatalf("plan: %+v, %v", im, err)
	}
}
