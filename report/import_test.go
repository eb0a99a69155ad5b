package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"duban/i18n"
	"duban/model"
	"duban/seed"
)

// plainSnap is the seed plan with no history at all.
func plainSnap(t testing.TB) *model.Snapshot {
	p, tasks := seedPlan(t)
	return &model.Snapshot{Plan: p, Tasks: tasks, History: map[string][]model.Update{}}
}

// apply records updates in a snapshot as the store does: sequence numbers,
// histories sorted by reporting date. It refuses an import with problems,
// as the caller must.
func apply(t *testing.T, s *model.Snapshot, im *Imported) {
	t.Helper()
	if len(im.Problems) > 0 {
		t.Fatalf("applying an import with problems: %v", im.Err())
	}
	seq := uint64(1000)
	for _, u := range im.Updates {
		seq++
		u.Seq = seq
		h := append(s.History[u.TaskID], u)
		model.SortUpdates(h)
		s.History[u.TaskID] = h
	}
}

const templateHeader = "编号,任务名称,目标,单位,上次填报值,上次填报日期,本期累计完成,报告日期,进展情况,存在问题,下一步措施\n"

func TestImportTemplateProblems(t *testing.T) {
	s := plainSnap(t)
	file := templateHeader +
		"1.1.02,,,,,,60,2019-06-30,完成六成,,\n" + // 2 ok
		"9.9.99,,,,,,1,,,,\n" + // 3 unknown id
		"1.1.03,,,,,,abc,,,,\n" + // 4 not a number
		"1.1.04,,,,,,-5,,,,\n" + // 5 negative
		"1.1.01,,,,,,120,,,,\n" + // 6 milestone over 100
		"1.1.05,,,,,,100,2020-01-15,,,\n" + // 7 date outside the plan
		"1.1.06,,,,,,,,,,\n" + // 8 not reported
		"1.1.02,,,,,,70,,,,\n" + // 9 duplicate
		"1.1.07,,,,,,3,2019-06-30,,,\n" + // 10 behind without problems
		",,,,,,5,,,,\n" + // 11 no id
		"2.2.12,,,,,,１２０,2019/6/30,,,\n" + // 12 ok: full-width digits
		"2.2.13,,,,,,150,2019年6月30日,进展,,\n" + // 13 ok
		"2.2.14,,,,,,,,有进展,,\n" + // 14 text without a value
		"5.1.02,,,,,,6000人,2019-06-30,,,\n" + // 15 ok: 0.6 万人
		"5.5.02,,,,,,5万,,,,\n" + // 16 ok: empty date is the import day
		",,,,,,,,,,\n" + // blank line
		"2.3.01,,,,,,1,2019-02-30,,,\n" + // 18 no such date
		"0.1.01,,,,,,-1.5,2019-06-30,,需求不足,扩大投资\n" // 19 ok: growth may be negative
	im, err := ReadImport(strings.NewReader(file), "csv", s, "王五", now)
	if err != nil {
		t.Fatal(err)
	}
	if im.Kind != KindProgress {
		t.Fatalf("kind %q", im.Kind)
	}
	type want struct {
		row int
		col string
		key string
	}
	wants := []want{
		{3, "编号", "err.task.unknown"},
		{4, "本期累计完成", "err.value.nan"},
		{5, "本期累计完成", "err.value.negative"},
		{6, "本期累计完成", "err.value.percent"},
		{7, "报告日期", "err.date.period"},
		{9, "编号", "report.err.dupid"},
		{10, "存在问题", "err.update.explain"},
		{11, "编号", "report.err.noid"},
		{14, "本期累计完成", "report.err.novalue"},
		{18, "报告日期", "err.date"},
	}
	if len(im.Problems) != len(wants) {
		for _, p := range im.Problems {
			t.Log(p.Text(i18n.Zh))
		}
		t.Fatalf("%d problems, want %d", len(im.Problems), len(wants))
	}
	for i, w := range wants {
		p := im.Problems[i]
		if p.Row != w.row || p.Column != w.col || !errors.Is(p.Err, i18n.E(w.key)) {
			t.Errorf("problem %d: row %d column %q %v; want row %d column %q %s", i, p.Row, p.Column, p.Err, w.row, w.col, w.key)
		}
		if txt := p.Text(i18n.Zh); !strings.HasPrefix(txt, "第 ") || strings.Contains(txt, "report.") || strings.Contains(txt, "err.") {
			t.Errorf("problem text %q", txt)
		}
	}
	if im.Skipped != 1 {
		t.Errorf("skipped %d, want 1", im.Skipped)
	}
	got := map[string]model.Update{}
	for _, u := range im.Updates {
		got[u.TaskID] = u
		if u.By != "王五" || !u.At.Equal(now) || u.Review != model.ReviewPending {
			t.Errorf("%s: by %q at %v review %q", u.TaskID, u.By, u.At, u.Review)
		}
	}
	for id, w := range map[string]struct{ value, asOf string }{
		"1.1.02": {"60", "2019-06-30"}, "2.2.12": {"120", "2019-06-30"}, "2.2.13": {"150", "2019-06-30"},
		"5.1.02": {"0.6", "2019-06-30"}, "5.5.02": {"5", "2019-07-05"}, "0.1.01": {"-1.5", "2019-06-30"},
	} {
		u, ok := got[id]
		if !ok {
			t.Errorf("no update for %s", id)
			continue
		}
		if u.Value.String() != w.value || model.FormatDate(u.AsOf) != w.asOf {
			t.Errorf("%s: %s as of %s, want %s as of %s", id, u.Value, model.FormatDate(u.AsOf), w.value, w.asOf)
		}
	}
	if len(im.Updates) != 6 {
		t.Errorf("%d updates, want 6", len(im.Updates))
	}
	if got["1.1.02"].Note != "完成六成" || got["0.1.01"].Problems != "需求不足" || got["0.1.01"].Next != "扩大投资" {
		t.Errorf("texts not carried: %+v %+v", got["1.1.02"], got["0.1.01"])
	}
	if err := im.Err(); err == nil || !strings.Contains(i18n.Message(i18n.Zh, err), "第 18 行「报告日期」") {
		t.Errorf("Err() = %v", err)
	}
	if len(s.History) != 0 {
		t.Error("ReadImport changed the snapshot")
	}
}

// Rows of the same file count as history for the rows after them, and the
// file's date clamps into the plan.
func TestImportTemplateDates(t *testing.T) {
	s := plainSnap(t)
	late := time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC)
	im, err := ReadImport(strings.NewReader(templateHeader+"1.1.02,,,,,,100,,,,\n"), ".CSV", s, "王五", late)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Updates) != 1 || model.FormatDate(im.Updates[0].AsOf) != "2019-12-31" {
		t.Fatalf("updates %+v problems %v", im.Updates, im.Problems)
	}
}

func TestImportTemplateEnglishHeaderAndGBK(t *testing.T) {
	s := plainSnap(t)
	en := "Some title line\n" +
		"ID,Task,Target,Unit,Last value,Last reported on,Cumulative actual,Report date,Progress made,Problems,Next steps\n" +
		"1.1.02,x,100,家,,,80,2019-06-30,八成,,\n"
	im, err := ReadImport(strings.NewReader(en), "csv", s, "u", now)
	if err != nil || len(im.Problems) > 0 || len(im.Updates) != 1 || im.Updates[0].Value.String() != "80" {
		t.Fatalf("english header: %+v %v", im, err)
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(templateHeader + "1.1.02,停车位,100,家,,,80,2019-06-30,进展顺利,,\n")
	if err != nil {
		t.Fatal(err)
	}
	im, err = ReadImport(strings.NewReader(gbk), "csv", s, "u", now)
	if err != nil || len(im.Problems) > 0 || len(im.Updates) != 1 || im.Updates[0].Note != "进展顺利" {
		t.Fatalf("GBK file: %+v %v", im, err)
	}
}

func TestImportErrors(t *testing.T) {
	s := plainSnap(t)
	for _, tc := range []struct {
		name, ext, data, key string
	}{
		{"unknown extension", "pdf", "x", "report.err.ext"},
		{"no header", "csv", "a,b,c\n1,2,3\n", "report.err.header"},
		{"empty csv", "csv", "", "report.err.emptyfile"},
		{"broken csv", "csv", "编号,本期累计完成\n\"1.1.02,5\n", "report.err.csv"},
		{"not an xlsx", "xlsx", "PK\x03\x04 not really a zip", "report.err.xlsx"},
		{"bad json", "json", "{\"plan\": ", "report.err.jsonat"},
		{"wrong json shape", "json", "{\"tasks\": 5}", "report.err.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadImport(strings.NewReader(tc.data), tc.ext, s, "u", now)
			if !errors.Is(err, i18n.E(tc.key)) {
				t.Fatalf("err = %v, want %s", err, tc.key)
			}
			if msg := i18n.Message(i18n.Zh, err); strings.HasPrefix(msg, "report.") {
				t.Errorf("untranslated %q", msg)
			}
		})
	}
	if _, err := Import(filepath.Join(t.TempDir(), "missing.csv"), s, "u", now); !errors.Is(err, i18n.E("report.err.open")) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := ReadImport(strings.NewReader(templateHeader+"1.1.02,,,,,,1,,,,\n"), "csv", nil, "u", now); !errors.Is(err, i18n.E("report.err.noplan")) {
		t.Errorf("no plan: %v", err)
	}
}

func TestProblemText(t *testing.T) {
	p := Problem{Row: 7, Column: "本期累计完成", Err: i18n.E("err.value.nan", "abc")}
	if got := p.Text(i18n.Zh); got != "第 7 行「本期累计完成」：\"abc\" 不是数字。" {
		t.Errorf("zh %q", got)
	}
	if got := p.Text(i18n.En); got != "Row 7, column “本期累计完成”: \"abc\" is not a number." {
		t.Errorf("en %q", got)
	}
	if got := (Problem{Row: 3, Err: errors.New("x")}).Text(i18n.Zh); got != "第 3 行：x" {
		t.Errorf("no column %q", got)
	}
	if got := (Problem{Err: i18n.E("err.plan.empty")}).Text(i18n.Zh); got != "计划文件中没有任务。" {
		t.Errorf("file-level %q", got)
	}
}

// The department template: export for one department, fill in two rows
// with excelize as a department would, import, and find the updates in the
// snapshot.
func TestTemplateRoundTripXLSX(t *testing.T) {
	s := snapWith(t)
	const dept = "市发展和改革委员会"
	rows := rowsOf(s)
	data := exportBytes(t, "xlsx", s, rows, Options{AsOf: asOf, Template: true, Dept: dept})
	f := openXLSX(t, data)
	const sheet = "进度填报"
	if got := f.GetSheetList(); len(got) != 1 || got[0] != sheet {
		t.Fatalf("sheets %v", got)
	}
	all, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(all[0][0], s.Plan.Title) || !strings.Contains(all[1][0], dept) {
		t.Errorf("heading %q / %q", all[0][0], all[1][0])
	}
	want := "编号,任务名称,目标,单位,上次填报值,上次填报日期,本期累计完成,报告日期,进展情况,存在问题,下一步措施"
	if got := strings.Join(all[3], ","); got != want {
		t.Fatalf("header %s", got)
	}
	var mine []model.Row // the tasks the department leads, which it reports on
	for _, r := range rows {
		if r.Task.Lead == dept {
			mine = append(mine, r)
		}
	}
	if len(all)-4 != len(mine) {
		t.Fatalf("%d task rows, want %d", len(all)-4, len(mine))
	}
	for i, r := range mine {
		line := all[4+i]
		if line[0] != r.Task.ID || line[1] != r.Task.Name {
			t.Fatalf("row %d: %v, want %s", 5+i, line, r.Task.ID)
		}
		if u := r.Eval.Latest; u != nil && (len(line) < 6 || line[5] != "2019-06-30") {
			t.Errorf("%s: last report %v", r.Task.ID, line)
		}
	}
	// Locked id column, unlocked yellow input columns, a protected sheet.
	if st := cellStyle(t, f, sheet, "A5"); st.Protection != nil && !st.Protection.Locked {
		t.Error("id column is not locked")
	}
	if st := cellStyle(t, f, sheet, "G5"); st.Protection == nil || st.Protection.Locked || len(st.Fill.Color) == 0 {
		t.Errorf("input column style %+v", st.Protection)
	}
	if prot, err := f.GetSheetProtection(sheet); err != nil || !prot.SelectUnlockedCells {
		t.Errorf("sheet protection %+v %v", prot, err)
	}
	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]bool{}
	for _, dv := range dvs {
		types[dv.Type] = true
		if dv.Type == "date" && (dv.Formula1 != "43466" || dv.Formula2 != "43830") {
			t.Errorf("date validation %s..%s, want the plan period 43466..43830", dv.Formula1, dv.Formula2)
		}
	}
	if !types["decimal"] || !types["date"] {
		t.Errorf("validations %v", types)
	}

	// Fill two rows: a count task as a number with a real date, and a
	// milestone typed as 80% in a percent-formatted cell.
	var countRow, mileRow int
	var countTask, mileTask model.Task
	for i, r := range mine {
		switch {
		case r.Task.Kind == model.KindCount && countRow == 0:
			countRow, countTask = 5+i, r.Task
		case r.Task.Kind == model.KindMilestone && mileRow == 0:
			mileRow, mileTask = 5+i, r.Task
		}
	}
	if countRow == 0 || mileRow == 0 {
		t.Fatal("the department has no count or milestone task")
	}
	full := countTask.Target.Add(decimal.NewFromInt(1)) // 1.1.04 is 超过1000亿元: strictly above is done
	must(t, f.SetCellValue(sheet, cellName(7, countRow), full.InexactFloat64()))
	must(t, f.SetCellValue(sheet, cellName(8, countRow), time.Date(2019, 7, 31, 0, 0, 0, 0, time.UTC)))
	must(t, f.SetCellValue(sheet, cellName(9, countRow), "全面完成"))
	pctStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 9})
	must(t, f.SetCellValue(sheet, cellName(7, mileRow), 0.8))
	must(t, f.SetCellStyle(sheet, cellName(7, mileRow), cellName(7, mileRow), pctStyle))
	must(t, f.SetCellValue(sheet, cellName(8, mileRow), "2019-07-31"))
	filled, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}

	im, err := ReadImport(bytes.NewReader(filled.Bytes()), ".xlsx", s, "王五", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Problems) > 0 {
		t.Fatal(im.Err())
	}
	if im.Kind != KindProgress || len(im.Updates) != 2 || im.Skipped != len(mine)-2 {
		t.Fatalf("kind %s, %d updates, %d skipped", im.Kind, len(im.Updates), im.Skipped)
	}
	apply(t, s, im)
	at := day("2019-07-31")
	for _, c := range []struct {
		task  model.Task
		value string
	}{{countTask, full.String()}, {mileTask, "80"}} {
		e := model.Evaluate(s.Plan, c.task, s.History[c.task.ID], at)
		if e.Latest == nil || e.Latest.Value.String() != c.value || e.Latest.By != "王五" || !e.Latest.AsOf.Equal(at) {
			t.Errorf("%s after import: %+v", c.task.ID, e.Latest)
		}
	}
	if e := model.Evaluate(s.Plan, countTask, s.History[countTask.ID], at); e.Status != model.StatusDone || e.Latest.Note != "全面完成" {
		t.Errorf("%s: %s %q", countTask.ID, e.Status, e.Latest.Note)
	}
}

// One bad row: every problem is reported with its row and column, and the
// import is refused as a whole.
func TestTemplateBadRowChangesNothing(t *testing.T) {
	s := snapWith(t)
	rows := rowsOf(s)
	data := exportBytes(t, "xlsx", s, rows, Options{AsOf: asOf, Template: true})
	f := openXLSX(t, data)
	const sheet = "进度填报"
	must(t, f.SetCellValue(sheet, "G5", 1))      // fine or not, depending on the task
	must(t, f.SetCellValue(sheet, "G6", "一百二十")) // not a number
	must(t, f.SetCellValue(sheet, "H7", "2019-13-01"))
	must(t, f.SetCellValue(sheet, "G7", 5))
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	before := len(s.History[s.Tasks[0].ID]) + len(s.History[s.Tasks[1].ID]) + len(s.History[s.Tasks[2].ID])
	im, err := ReadImport(bytes.NewReader(buf.Bytes()), "xlsx", s, "王五", now)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range im.Problems {
		got = append(got, p.Text(i18n.Zh))
	}
	joined := strings.Join(got, "\n")
	if !strings.Contains(joined, "第 6 行「本期累计完成」：\"一百二十\" 不是数字。") ||
		!strings.Contains(joined, "第 7 行「报告日期」") {
		t.Errorf("problems:\n%s", joined)
	}
	if im.Err() == nil {
		t.Fatal("an import with a bad row has no error")
	}
	after := len(s.History[s.Tasks[0].ID]) + len(s.History[s.Tasks[1].ID]) + len(s.History[s.Tasks[2].ID])
	if before != after {
		t.Error("reading the import changed the snapshot")
	}
}

func TestTemplateRoundTripCSV(t *testing.T) {
	s := plainSnap(t)
	rows := rowsOf(s)
	data := exportBytes(t, "csv", s, rows, Options{AsOf: asOf, Template: true, Dept: "市财政局"})
	if !bytes.HasPrefix(data, []byte(bom)) {
		t.Fatal("template csv has no BOM")
	}
	cr := csv.NewReader(bytes.NewReader(data[3:]))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The first line names the plan, so the template goes back into it.
	if strings.Join(recs[0], ",") != "计划,"+s.Plan.ID {
		t.Fatalf("first line %v", recs[0])
	}
	// The second its as-of date, which a blank 报告日期 stands for.
	if strings.Join(recs[1], ",") != "截至日期,"+model.FormatDate(asOf) {
		t.Fatalf("second line %v", recs[1])
	}
	if strings.Join(recs[2], ",")+"\n" != templateHeader {
		t.Fatalf("header %v", recs[2])
	}
	// Fill every row with the target, as a department reporting all done.
	for _, rec := range recs[3:] {
		rec[6], rec[7] = rec[2], "2019-06-30"
	}
	var out bytes.Buffer
	out.WriteString(bom)
	w := csv.NewWriter(&out)
	must(t, w.WriteAll(recs))
	im, err := ReadImport(&out, "csv", s, "赵六", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Problems) > 0 || len(im.Updates) != len(recs)-3 || im.PlanID != s.Plan.ID {
		t.Fatalf("%d updates of %d rows, plan %q, problems %v", len(im.Updates), len(recs)-3, im.PlanID, im.Err())
	}

	// Read against another plan, it is refused as a whole.
	other := plainSnap(t)
	other.Plan.ID = "zhuzhou-2020"
	out.Reset()
	out.WriteString(bom)
	w = csv.NewWriter(&out)
	must(t, w.WriteAll(recs))
	im, err = ReadImport(&out, "csv", other, "赵六", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Updates) != 0 || len(im.Problems) != 1 || !strings.Contains(im.Problems[0].Text(i18n.Zh), "zhuzhou-2020") {
		t.Fatalf("a template of %s read into zhuzhou-2020: %d updates, %v", s.Plan.ID, len(im.Updates), im.Err())
	}
}

func TestImportPlanCSV(t *testing.T) {
	s := plainSnap(t)
	im, err := ReadImport(bytes.NewReader(seed.PlanCSV), "csv", s, "admin", now)
	if err != nil {
		t.Fatal(err)
	}
	if im.Kind != KindPlan || len(im.Problems) > 0 || len(im.Tasks) != len(s.Tasks) || im.Plan.ID != s.Plan.ID {
		t.Fatalf("kind %s, %d tasks, problems %v", im.Kind, len(im.Tasks), im.Err())
	}
	// Every bad row is reported, not only the first.
	bad := strings.Join(model.PlanColumns, ",") + "\n" +
		"1.1.01,篇,段,甲,count,10,个,,,局,,,原文\n" +
		"1.1.02,篇,段,乙,speed,10,个,,,局,,,原文\n" +
		"1.1.01,篇,段,丙,count,10,个,,,局,,,原文\n" +
		"1.1.03,篇,段,丁,count,abc,个,,,局,,,原文\n" +
		",,,,,,,,,,,,\n" +
		"1.1.04,篇,段,戊,count,10,个\n"
	im, err = ReadImport(strings.NewReader(bad), "csv", s, "admin", now)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		row      int
		col, key string
	}{{3, "kind", "err.task.kind"}, {4, "id", "report.err.dupplan"}, {5, "target", "err.task.target"}, {7, "", "err.plan.fields"}}
	if len(im.Problems) != len(want) {
		t.Fatalf("problems: %v", im.Err())
	}
	for i, w := range want {
		p := im.Problems[i]
		if p.Row != w.row || p.Column != w.col || !errors.Is(p.Err, i18n.E(w.key)) {
			t.Errorf("problem %d: %+v, want %+v", i, p, w)
		}
	}
}

func TestImportPlanXLSX(t *testing.T) {
	s := plainSnap(t)
	f := excelize.NewFile()
	defer f.Close()
	must(t, f.SetCellValue("Sheet1", "A1", "2020 年计划"))
	must(t, f.SetSheetRow("Sheet1", "A3", toAny(model.PlanColumns)))
	must(t, f.SetSheetRow("Sheet1", "A4", &[]any{"9.1.01", "篇", "段", "新增停车位", "count", 0.3, "万个", "", "", "市城管局", "市公安局、市交通局", time.Date(2019, 10, 31, 0, 0, 0, 0, time.UTC), "原文"}))
	must(t, f.SetSheetRow("Sheet1", "A5", &[]any{"9.1.02", "篇", "段", "博物馆开馆", "milestone", 100, "%", "", "", "市文旅局", "", "", "原文"}))
	im := readBack(t, f, s, "admin")
	if im.Kind != KindPlan || len(im.Problems) > 0 || len(im.Tasks) != 2 {
		t.Fatalf("kind %s, tasks %d, %v", im.Kind, len(im.Tasks), im.Err())
	}
	t0 := im.Tasks[0]
	if t0.Target.String() != "0.3" || model.FormatDate(t0.Due) != "2019-10-31" || len(t0.Partners) != 2 {
		t.Errorf("task %+v", t0)
	}
}

func toAny(xs []string) *[]any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return &out
}

func TestImportJSONRoundTrip(t *testing.T) {
	s := snapWith(t)
	s.Plan.Demo = true
	out := exportBytes(t, "json", s, rowsOf(s), zhOpts())
	other := plainSnap(t)
	other.Plan.ID, other.Plan.Title = "old", "旧计划"
	im, err := ReadImport(bytes.NewReader(out), "json", other, "admin", now)
	if err != nil {
		t.Fatal(err)
	}
	if im.Kind != KindPlan || len(im.Problems) > 0 {
		t.Fatalf("%s %v", im.Kind, im.Err())
	}
	if im.Plan.ID != s.Plan.ID || im.Plan.Title != s.Plan.Title || !im.Plan.Demo || !im.Plan.Start.Equal(s.Plan.Start) {
		t.Errorf("plan %+v", im.Plan)
	}
	if len(im.Tasks) != len(s.Tasks) {
		t.Fatalf("%d tasks", len(im.Tasks))
	}
	for i, got := range im.Tasks {
		want := s.Tasks[i]
		if got.ID != want.ID || !got.Target.Equal(want.Target) || got.Target.String() != want.Target.String() ||
			got.Name != want.Name || got.Kind != want.Kind || model.JoinList(got.Partners) != model.JoinList(want.Partners) ||
			!got.Due.Equal(want.DueOr(s.Plan)) || got.Source != want.Source || got.Baseline != want.Baseline {
			t.Errorf("task %d\n got %+v\nwant %+v", i, got, want)
		}
	}
	// A bare array of tasks, with a bad one.
	arr := `[{"id":"1.1.01","name":"甲","kind":"count","target":"10","unit":"个"},{"id":"1.1.02","name":"乙","kind":"nope","target":1}]`
	im, err = ReadImport(strings.NewReader(arr), "json", other, "admin", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Tasks) != 1 || len(im.Problems) != 1 || im.Problems[0].Row != 2 || im.Problems[0].Column != "kind" {
		t.Errorf("tasks %d problems %v", len(im.Tasks), im.Problems)
	}
}

func TestImportFile(t *testing.T) {
	s := plainSnap(t)
	path := filepath.Join(t.TempDir(), "填报.CSV")
	must(t, os.WriteFile(path, []byte(bom+templateHeader+"1.1.02,,,,,,80,2019-06-30,,,\n"), 0o644))
	im, err := Import(path, s, "u", now)
	if err != nil || len(im.Updates) != 1 || !im.Updates[0].Value.Equal(decimal.NewFromInt(80)) {
		t.Fatalf("%+v %v", im, err)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// The 明细 export read back is not a template: its figures must never
// become new updates.
func TestImportReportIsNotATemplate(t *testing.T) {
	s := snapWith(t)
	rows := rowsOf(s)
	for _, format := range []string{"csv", "xlsx"} {
		data := exportBytes(t, format, s, rows, zhOpts())
		_, err := ReadImport(bytes.NewReader(data), format, s, "u", now)
		if !errors.Is(err, i18n.E("report.err.header")) {
			t.Errorf("%s report imported: %v", format, err)
		}
	}
}
