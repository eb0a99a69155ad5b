package model

import (
	"errors"
	"strings"
	"testing"

	"duban/i18n"
)

// A drafted plan carries pacing, confidence and why after the plan
// columns; the importer reads the plan columns and leaves the notes.
func TestReadPlanCSVNoteColumns(t *testing.T) {
	head := strings.TrimSuffix(planHeader, "\n")
	row := "1.1.01,章,节,新增停车位,count,1500,个,,,甲局,,,新增停车位1500个"
	ts, err := ReadPlanCSV(strings.NewReader(head+",pacing,confidence,why\n"+row+",linear,高,定量\n"), plan2019)
	if err != nil || len(ts) != 1 || ts[0].Target.String() != "1500" || ts[0].Source != "新增停车位1500个" {
		t.Fatalf("tasks = %+v, err = %v", ts, err)
	}
	for _, extra := range []string{",remarks", ",why,why"} {
		_, err := ReadPlanCSV(strings.NewReader(head+extra+"\n"+row+",x\n"), plan2019)
		var e *i18n.Error
		if !errors.As(err, &e) || e.Key != "err.plan.header" {
			t.Errorf("header %q: err = %v, want err.plan.header", extra, err)
		}
	}
}
