package draft

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"duban/seed"
)

// shipped is one task of the shipped 2019 plan.
type shipped struct{ id, kind, target, unit, qual, source string }

func shippedPlan(t *testing.T) []shipped {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(seed.PlanCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []shipped
	for _, r := range recs[1:] {
		out = append(out, shipped{r[0], r[4], r[5], r[6], r[7], r[12]})
	}
	return out
}

func squash(s string) string { return strings.ReplaceAll(normalize(s), " ", "") }

// matches reports whether a draft row reproduces a shipped task: same
// kind, and for a target the same figure, unit and qualifier, drawn from
// the same clause (one source contains the other).
func matches(r Row, s shipped) bool {
	a, b := squash(r.Source), squash(s.source)
	if !strings.Contains(a, b) && !strings.Contains(b, a) {
		return false
	}
	if r.Kind != s.kind {
		return false
	}
	if s.kind == "milestone" {
		return true
	}
	return r.Target == s.target && r.Unit == s.unit && r.Qualifier == s.qual
}

// quality measures the draft of the shipped report against the shipped
// plan: recall of quantitative tasks and of milestones, and precision.
func quality(t *testing.T) (quant, miles, prec float64, rows []Row, missed []shipped) {
	rows = Draft(seed.Report, DefaultLeads)
	plan := shippedPlan(t)
	var nq, nm, hq, hm int
	for _, s := range plan {
		hit := false
		for _, r := range rows {
			if matches(r, s) {
				hit = true
				break
			}
		}
		if !hit {
			missed = append(missed, s)
		}
		if s.kind == "milestone" {
			nm++
			if hit {
				hm++
			}
		} else {
			nq++
			if hit {
				hq++
			}
		}
	}
	good := 0
	for _, r := range rows {
		for _, s := range plan {
			if matches(r, s) {
				good++
				break
			}
		}
	}
	return float64(hq) / float64(nq), float64(hm) / float64(nm), float64(good) / float64(len(rows)), rows, missed
}

// TestQuality2019 pins the measured quality on the shipped report so it
// can only rise. Raise the floors when the rules improve.
func TestQuality2019(t *testing.T) {
	quant, miles, prec, rows, missed := quality(t)
	t.Logf("quantitative %.1f%%, milestones %.1f%%, precision %.1f%% (%d rows)", 100*quant, 100*miles, 100*prec, len(rows))
	for _, s := range missed {
		t.Logf("missed %s %s %s%s%s %s", s.id, s.kind, s.qual, s.target, s.unit, s.source)
	}
	if testing.Verbose() {
		plan := shippedPlan(t)
		for _, r := range rows {
			ok := false
			for _, s := range plan {
				ok = ok || matches(r, s)
			}
			if !ok {
				t.Logf("extra %s %s %s%s%s %s", r.ID, r.Kind, r.Qualifier, r.Target, r.Unit, r.Source)
			}
		}
	}
	// Measured against the 129-task plan (five milestones added by the
	// judgement issue, four of which the draft does not yet reproduce):
	// 100%, 48/52 = 92.3%, 119/122 = 97.5%.
	const floorQuant, floorMiles, floorPrec = 0.999, 0.923, 0.975
	if quant < floorQuant || miles < floorMiles || prec < floorPrec {
		t.Errorf("quality fell below its floor")
	}
}

func seedReport() string { return seed.Report }
