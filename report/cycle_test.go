package report

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"duban/model"
)

// TestTemplateAsOfAndIdempotence: an xlsx template keeps its as-of date,
// which blank 报告日期 cells take (ImportOptions.AsOf overrides it); the
// same file imported again records nothing; a 万 slip is a warning on its
// row, and Confirm marks exactly that update.
func TestTemplateAsOfAndIdempotence(t *testing.T) {
	s := plainSnap(t)
	const dept = "市交通运输局"
	tmplAsOf := day("2019-07-31")
	data := exportBytes(t, "xlsx", s, s.Evaluate(tmplAsOf), Options{AsOf: tmplAsOf, Template: true, Dept: dept})
	f := openXLSX(t, data)
	const sheet = "进度填报"
	all, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	row := map[string]string{} // task id → row number
	for i, r := range all {
		if len(r) > 0 {
			row[r[0]] = strconv.Itoa(i + 1)
		}
	}
	must(t, f.SetCellValue(sheet, "G"+row["5.3.10"], 600))
	must(t, f.SetCellValue(sheet, "I"+row["5.3.10"], "完成600公里"))
	must(t, f.SetCellValue(sheet, "J"+row["5.3.10"], "雨季"))
	must(t, f.SetCellValue(sheet, "K"+row["5.3.10"], "抢工期"))
	must(t, f.SetCellValue(sheet, "G"+row["5.3.11"], "5万"))
	must(t, f.SetCellValue(sheet, "I"+row["5.3.11"], "完成"))
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	file := buf.Bytes()

	im, err := ReadImport(bytes.NewReader(file), "xlsx", s, "张三", now)
	if err != nil || len(im.Problems) > 0 {
		t.Fatalf("%v %v", err, im.Err())
	}
	if len(im.Updates) != 2 || !im.AsOf.Equal(tmplAsOf) {
		t.Fatalf("%d updates, as of %s", len(im.Updates), model.FormatDate(im.AsOf))
	}
	for _, u := range im.Updates {
		if !u.AsOf.Equal(tmplAsOf) {
			t.Errorf("%s dated %s, want the template's 2019-07-31 (not today %s)", u.TaskID, model.FormatDate(u.AsOf), model.FormatDate(now))
		}
	}
	if len(im.Warnings) != 1 || im.Warnings[0].TaskID != "5.3.11" || im.Warnings[0].Row == 0 ||
		im.Warnings[0].Warnings[0].Kind != model.WarnOverTarget {
		t.Fatalf("warnings %+v", im.Warnings)
	}
	im.Confirm()
	for _, u := range im.Updates {
		if u.Confirmed != (u.TaskID == "5.3.11") {
			t.Errorf("%s confirmed %v", u.TaskID, u.Confirmed)
		}
	}
	apply(t, s, im)

	again, err := ReadImport(bytes.NewReader(file), "xlsx", s, "张三", now)
	if err != nil || len(again.Problems) > 0 {
		t.Fatalf("%v %v", err, again.Err())
	}
	if len(again.Updates) != 0 || again.Same != 2 {
		t.Errorf("second import: %d updates, %d same; want 0 and 2", len(again.Updates), again.Same)
	}
	// Another date is a new report, not a repeat.
	other, err := ReadImportFrom(bytes.NewReader(file), "xlsx", s, ImportOptions{User: "张三", Now: now, AsOf: day("2019-08-31")})
	if err != nil || len(other.Problems) > 0 {
		t.Fatalf("%v %v", err, other.Err())
	}
	if len(other.Updates) != 2 || !other.Updates[0].AsOf.Equal(day("2019-08-31")) {
		t.Errorf("--as-of: %+v", other.Updates)
	}
}

// TestImportDecrease: a cumulative count below the last report is a
// problem on the 进展情况 column without a note saying why, and a warning
// with one.
func TestImportDecrease(t *testing.T) {
	s := plainSnap(t)
	s.History["5.3.10"] = []model.Update{{Seq: 1, TaskID: "5.3.10", Value: decimalOf(t, "600"), AsOf: day("2019-06-30"),
		Note: "完成600公里", Review: model.ReviewApproved}}
	csvFile := func(note string) string {
		return bom + "计划," + s.Plan.ID + "\n截至日期,2019-07-31\n" + templateHeader +
			"5.3.10,,,,,,550,," + note + ",雨季,抢工\n"
	}
	im, err := ReadImport(strings.NewReader(csvFile("")), "csv", s, "张三", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Problems) != 1 || im.Problems[0].Column != "进展情况" || im.Problems[0].Row != 4 {
		t.Fatalf("problems %v", im.Err())
	}
	im, err = ReadImport(strings.NewReader(csvFile("更正：6月多报50公里")), "csv", s, "张三", now)
	if err != nil || len(im.Problems) > 0 {
		t.Fatalf("%v %v", err, im.Err())
	}
	if len(im.Warnings) != 1 || im.Warnings[0].Warnings[0].Kind != model.WarnDecrease || im.Warnings[0].Row != 4 {
		t.Errorf("warnings %+v", im.Warnings)
	}
	if !im.Updates[0].AsOf.Equal(day("2019-07-31")) {
		t.Errorf("a blank date is %s, want the csv template's 2019-07-31", model.FormatDate(im.Updates[0].AsOf))
	}
}

func decimalOf(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
