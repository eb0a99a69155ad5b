package report

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"duban/model"
)

// The reference the JSON writer (appendRow) is held to: a jsonTask built
// with decimal.String, model.FormatDate and Pacing.String, which the tests
// encode with encoding/json. This is how the writer worked before it
// appended straight from the row, except that it kept time progress by
// due date, as-of date and pacing, which missed the kind (a growth task's
// time progress is linear whatever its pacing): the writer and this
// reference now write each task's own.
//
// jsonTaskOf is row r of plan p as the contract's task object.
func jsonTaskOf(p model.Plan, r model.Row) jsonTask {
	t, e := r.Task, r.Eval
	partners := t.Partners
	if partners == nil {
		partners = []string{}
	}
	jt := jsonTask{
		ID: t.ID, Plan: p.ID, Chapter: t.Chapter, Section: t.Section, Name: t.Name, Kind: t.Kind,
		Target: num(t.Target), Unit: t.Unit, Qualifier: t.Qualifier,
		Baseline: nullNum(t.Baseline, -1),
		Lead:     t.Lead, Partners: partners, Due: model.FormatDate(t.DueOr(p)), Source: t.Source,
		Pacing: model.Plan.PacingOf(p, t).String(), Release: t.Release,
		Actual:   nullNum(e.Actual, -1),
		Progress: nullNum(e.Progress, 2),
		Status:   e.Status,
	}
	jt.TimeProgress = num(e.TimeProgress.Round(2))
	if u := e.Latest; u != nil {
		at, by, review := model.FormatDate(u.AsOf), u.By, string(u.Review)
		if review == "" {
			review = string(model.ReviewPending) // an update counts as soon as it is saved, pending review
		}
		jt.UpdatedAt, jt.UpdatedBy, jt.Review = &at, &by, &review
	}
	return jt
}

// referenceJSON is the whole export of rows at asOf as one json.Encoder
// call writes it: what the JSON writer's output must equal byte for byte.
func referenceJSON(t *testing.T, s *model.Snapshot, rows []model.Row, asOf time.Time) []byte {
	t.Helper()
	p := s.Plan
	doc := jsonExport{Plan: jsonPlan{ID: p.ID, Title: p.Title, Start: model.FormatDate(p.Start),
		End: model.FormatDate(p.End), Demo: p.Demo, Settings: settingsOf(p)}, AsOf: model.FormatDate(asOf), Head: headOf(s), Tasks: []jsonTask{}}
	for _, r := range rows {
		doc.Tasks = append(doc.Tasks, jsonTaskOf(p, r))
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return want.Bytes()
}

// num writes a decimal as a JSON number with exactly its digits.
func num(d decimal.Decimal) json.Number { return json.Number(d.String()) }

// nullNum is num for an optional value, rounded to places when places ≥ 0.
func nullNum(d decimal.NullDecimal, places int32) *json.Number {
	if !d.Valid {
		return nil
	}
	v := d.Decimal
	if places >= 0 {
		v = v.Round(places)
	}
	n := num(v)
	return &n
}
