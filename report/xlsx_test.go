package report

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"duban/i18n"
	"duban/model"
)

func openXLSX(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cellValue(t testing.TB, f *excelize.File, sheet, cell string, raw bool) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: raw})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func cellStyle(t testing.TB, f *excelize.File, sheet, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func TestExportXLSX(t *testing.T) {
	s := snapWith(t)
	rows := rowsOf(s)
	f := openXLSX(t, exportBytes(t, "xlsx", s, rows, zhOpts()))

	if got := strings.Join(f.GetSheetList(), ","); got != "汇总,明细,滞后任务" {
		t.Fatalf("sheets %s", got)
	}
	for _, sheet := range f.GetSheetList() {
		if got := cellValue(t, f, sheet, "A1", false); got != s.Plan.Title {
			t.Errorf("%s!A1 = %q, want the plan title", sheet, got)
		}
		if got := cellValue(t, f, sheet, "A2", false); !strings.Contains(got, "2019-06-30") {
			t.Errorf("%s!A2 = %q, want the as-of date", sheet, got)
		}
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if *pl.Size != 9 || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 ||
			pl.FitToHeight == nil || *pl.FitToHeight != 0 {
			t.Errorf("%s page layout: size %d %s fit %v×%v", sheet, *pl.Size, *pl.Orientation, pl.FitToWidth, pl.FitToHeight)
		}
		props, err := f.GetSheetProps(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: fit to page not enabled, FitToWidth is ignored without it", sheet)
		}
		if hf, err := f.GetHeaderFooter(sheet); err != nil || hf.OddFooter != "&C第 &P 页 共 &N 页" {
			t.Errorf("%s footer %+v (%v), want 第 N 页 共 M 页", sheet, hf, err)
		}
	}

	const detail = "明细"
	hdr, err := f.GetRows(detail)
	if err != nil {
		t.Fatal(err)
	}
	// The columns a printed page needs first (the print area A:J), then the rest of the record.
	wantHdr := []string{"编号", "任务名称", "牵头单位", "目标", "单位", "累计完成", "完成率", "序时进度", "状态", "存在问题",
		"篇章", "工作事项", "配合单位", "需月均完成", "最近填报日期", "填报人", "进展情况", "下一步措施"}
	if strings.Join(hdr[2], ",") != strings.Join(wantHdr, ",") {
		t.Fatalf("detail header %v", hdr[2])
	}
	if len(hdr) != 3+len(rows) {
		t.Fatalf("detail has %d rows, want %d", len(hdr)-3, len(rows))
	}
	if st := cellStyle(t, f, detail, "A3"); !st.Font.Bold || len(st.Fill.Color) == 0 {
		t.Error("header row not styled")
	}
	panes, err := f.GetPanes(detail)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("panes %+v, want the header row frozen", panes)
	}
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		names[dn.Name+"@"+dn.Scope] = dn.RefersTo
	}
	if got := names["_xlnm.Print_Area@明细"]; got != "'明细'!$A$1:$J$"+strconv.Itoa(3+len(rows)) {
		t.Errorf("print area %q, want the reader's columns A:J", got)
	}
	if got := names["_xlnm.Print_Titles@明细"]; got != "'明细'!$3:$3" {
		t.Errorf("print titles %q; defined names %v", got, names)
	}
	if got := names["_xlnm._FilterDatabase@明细"]; got != "'明细'!$A$3:$R$"+strconv.Itoa(3+len(rows)) && got != "'明细'!A3:R"+strconv.Itoa(3+len(rows)) {
		t.Errorf("autofilter %q", got)
	}
	// CJK-aware widths: the task name column is wider than the id column,
	// and wide enough for a few Chinese characters.
	idW, _ := f.GetColWidth(detail, "A")
	nameW, _ := f.GetColWidth(detail, "B")
	if !(nameW > idW && nameW >= 16) {
		t.Errorf("widths id %.1f name %.1f", idW, nameW)
	}

	for i, r := range rows {
		n := 4 + i
		if got := cellValue(t, f, detail, cellName(1, n), false); got != r.Task.ID {
			t.Fatalf("row %d id %q, want %s", n, got, r.Task.ID)
		}
		if got := cellValue(t, f, detail, cellName(4, n), true); got != r.Task.Target.String() {
			t.Errorf("%s target %q, want %s", r.Task.ID, got, r.Task.Target)
		}
		stat := cellName(9, n)
		if got := cellValue(t, f, detail, stat, false); got != i18n.Status(i18n.Zh, r.Eval.Status) {
			t.Errorf("%s status %q", r.Task.ID, got)
		}
		st := cellStyle(t, f, detail, stat)
		if len(st.Fill.Color) == 0 || !strings.EqualFold(st.Fill.Color[0], statusColours[r.Eval.Status][0]) {
			t.Errorf("%s status fill %v, want %s", r.Task.ID, st.Fill.Color, statusColours[r.Eval.Status][0])
		}
		prog := cellName(7, n)
		if st := cellStyle(t, f, detail, prog); st.CustomNumFmt == nil || *st.CustomNumFmt != "0.0%" {
			t.Errorf("%s progress format %v", r.Task.ID, st.CustomNumFmt)
		}
		if st := cellStyle(t, f, detail, cellName(8, n)); st.CustomNumFmt == nil || *st.CustomNumFmt != "0.0%" {
			t.Errorf("%s time progress not a percent", r.Task.ID)
		}
		want, _ := r.Eval.TimeProgress.Div(decimal.NewFromInt(100)).Float64() // 0.49589 on 06-30 when linear
		if got, _ := strconv.ParseFloat(cellValue(t, f, detail, cellName(8, n), true), 64); math.Abs(got-want) > 1e-5 {
			t.Errorf("%s time progress %v, want the fraction %v", r.Task.ID, got, want)
		}
		if r.Eval.Progress.Valid {
			got, _ := strconv.ParseFloat(cellValue(t, f, detail, prog, true), 64)
			want := r.Eval.Progress.Decimal.InexactFloat64() / 100
			if d := got - want; d > 1e-6 || d < -1e-6 {
				t.Errorf("%s progress fraction %v, want %v", r.Task.ID, got, want)
			}
			if got := cellValue(t, f, detail, cellName(15, n), false); got != "2019-06-30" {
				t.Errorf("%s last update %q", r.Task.ID, got)
			}
			if got := cellValue(t, f, detail, cellName(16, n), false); got != "张三" {
				t.Errorf("%s by %q", r.Task.ID, got)
			}
			if got := cellValue(t, f, detail, cellName(18, n), false); got != r.Eval.Latest.Next {
				t.Errorf("%s next steps %q", r.Task.ID, got)
			}
		} else if got := cellValue(t, f, detail, prog, true); got != "" {
			t.Errorf("%s: unreported task has progress %q", r.Task.ID, got)
		}
	}
	cfs, err := f.GetConditionalFormats(detail)
	if err != nil {
		t.Fatal(err)
	}
	bars := cfs["G4:G"+strconv.Itoa(3+len(rows))]
	if len(bars) != 1 || bars[0].Type != "data_bar" || bars[0].MinValue != "0" || bars[0].MaxValue != "1" {
		t.Errorf("progress data bar: %+v (all: %v)", bars, cfs)
	}

	// 汇总: the chapter table and the totals agree with model.Summarize.
	sum := s.Summarize(rows, asOf)
	srows, err := f.GetRows("汇总", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := srows[5]; strings.Join(got, ",") != "篇章,任务数,已完成,正常,滞后,严重滞后,未填报,数据未发布,平均完成率,得分" {
		t.Fatalf("summary header %v", got)
	}
	for i, g := range sum.Chapters {
		r := srows[6+i]
		if r[0] != g.Name || r[1] != strconv.Itoa(g.Tasks) || r[2] != strconv.Itoa(g.Counts[model.StatusDone]) ||
			r[5] != strconv.Itoa(g.Counts[model.StatusAtRisk]) || r[6] != strconv.Itoa(g.Counts[model.StatusNoReport]) {
			t.Errorf("chapter row %v, want %+v", r, g)
		}
	}
	total := srows[6+len(sum.Chapters)]
	if total[0] != "合计" || total[1] != strconv.Itoa(len(rows)) {
		t.Errorf("total row %v", total)
	}
	deptHeader := 6 + len(sum.Chapters) + 3
	if srows[deptHeader][0] != "牵头单位" {
		t.Fatalf("dept header at row %d: %v", deptHeader+1, srows[deptHeader])
	}
	if got := len(srows) - deptHeader - 1; got != len(sum.Depts) {
		t.Errorf("%d department rows, want %d", got, len(sum.Depts))
	}
	if !strings.Contains(cellValue(t, f, "汇总", "A3", false), "已完成") {
		t.Errorf("no headline: %q", cellValue(t, f, "汇总", "A3", false))
	}
	if cfs, _ := f.GetConditionalFormats("汇总"); len(cfs) != 2 {
		t.Errorf("summary data bars: %v", cfs)
	}

	// 滞后任务: behind and at risk only, worst first, with problems and next steps.
	lag := model.MostLagging(rows, -1)
	lrows, err := f.GetRows("滞后任务")
	if err != nil {
		t.Fatal(err)
	}
	if len(lrows)-3 != len(lag) || len(lag) == 0 {
		t.Fatalf("%d lagging rows, want %d", len(lrows)-3, len(lag))
	}
	seenBehind := false
	for i, r := range lag {
		lr := lrows[3+i]
		if lr[0] != r.Task.ID {
			t.Fatalf("lagging row %d is %s, want %s", i+4, lr[0], r.Task.ID)
		}
		status := lr[9]
		if status == "滞后" {
			seenBehind = true
		} else if status != "严重滞后" || seenBehind {
			t.Errorf("row %d status %q out of order", i+4, status)
		}
		if lr[10] != r.Eval.Latest.Problems || lr[11] != r.Eval.Latest.Next {
			t.Errorf("row %d problems/next %q %q", i+4, lr[10], lr[11])
		}
	}
}

func TestExportXLSXEnglishAndDemo(t *testing.T) {
	s := snapWith(t)
	s.Plan.Demo = true
	rows := rowsOf(s)
	f := openXLSX(t, exportBytes(t, "xlsx", s, rows, Options{AsOf: asOf, Lang: i18n.En, Dept: "市发展和改革委员会"}))
	if got := strings.Join(f.GetSheetList(), ","); got != "Summary,Details,Behind schedule" {
		t.Fatalf("sheets %s", got)
	}
	for _, sheet := range f.GetSheetList() {
		if got := cellValue(t, f, sheet, "A1", false); !strings.Contains(got, "(demo data)") {
			t.Errorf("%s heading %q does not say demo data", sheet, got)
		}
		if got := cellValue(t, f, sheet, "A2", false); !strings.Contains(got, "市发展和改革委员会") {
			t.Errorf("%s subtitle %q does not name the department", sheet, got)
		}
	}
	if got := cellValue(t, f, "Details", "I3", false); got != "Status" {
		t.Errorf("English header %q", got)
	}
}

func TestExportXLSXEmpty(t *testing.T) {
	s := snapWith(t)
	f := openXLSX(t, exportBytes(t, "xlsx", s, nil, zhOpts()))
	if got := cellValue(t, f, "滞后任务", "A4", false); got != "没有滞后任务。" {
		t.Errorf("empty lagging sheet says %q", got)
	}
}

// The stream writer writes <col> elements in the order they were set;
// Excel wants them ascending (and repairs the file otherwise).
func TestXLSXColumnsAscending(t *testing.T) {
	s := snapWith(t)
	rows := rowsOf(s)
	for _, o := range []Options{zhOpts(), {AsOf: asOf, Template: true}} {
		data := exportBytes(t, "xlsx", s, rows, o)
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		sheets := 0
		for _, zf := range zr.File {
			if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
				continue
			}
			sheets++
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			xml, _ := io.ReadAll(rc)
			rc.Close()
			last := 0
			for _, m := range colMin.FindAllSubmatch(xml, -1) {
				n, _ := strconv.Atoi(string(m[1]))
				if n <= last {
					t.Fatalf("%s: <col min=%d> after %d", zf.Name, n, last)
				}
				last = n
			}
			if last == 0 {
				t.Errorf("%s has no column widths", zf.Name)
			}
		}
		if sheets == 0 {
			t.Fatal("no worksheets")
		}
	}
}

var colMin = regexp.MustCompile(`<col min="(\d+)"`)
