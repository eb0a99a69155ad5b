// The JSON export is written by hand (appendTask, appendJSONString) rather
// than by a library encoder, because on the 10,000-task export the
// libraries are 2 to 3 times slower. Measured on this 2-core machine,
// Go 1.26, CPU time per export (go test ./report -run '^$' -bench
// JSONWriter, GOEXPERIMENT=jsonv2 for v2; json_bench_test.go):
//
//	hand-written (this file)           26–30 ms   2.1 MB alloc
//	encoding/json v1, one indented     85–96 ms    46–58 MB   (3.2×)
//	encoding/json v1, compact          65–68 ms    22 MB      (2.5×)
//	encoding/json/v2, indented         54–66 ms    5.4 MB     (2.0–2.4×)
//	encoding/json/v2, compact          54–58 ms    5.4 MB     (2.0×)
//
// encoding/json/v2 is the code of github.com/go-json-experiment/json; it
// would also need GOEXPERIMENT=jsonv2 for every build and `omitzero` for
// "demo". Neither is within 1.5×, so the writer stays; its bytes are the
// same as encoding/json's (TestExportJSONMatchesEncoder), so switching
// back costs nothing but time.

package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"duban/model"
)

// The JSON contract of DESIGN.md. Field order is the contract's order;
// numbers are json.Number built from decimal strings, so 0.3 is written
// as 0.3 and never as 0.30000000000000004.
type jsonExport struct {
	Plan  jsonPlan   `json:"plan"`
	AsOf  string     `json:"as_of"`
	Head  *jsonHead  `json:"audit_head,omitempty"` // the audit chain head the data was read at; absent without one
	Tasks []jsonTask `json:"tasks"`
}

// jsonHead is the audit chain head of an export: duban check --anchor
// SEQ:HASH verifies the database against it.
type jsonHead struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

// headOf is the snapshot's chain head, or nil when it has none.
func headOf(snap *model.Snapshot) *jsonHead {
	if snap.HeadSeq == 0 {
		return nil
	}
	return &jsonHead{Seq: snap.HeadSeq, Hash: snap.HeadHash}
}

type jsonPlan struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Start string `json:"start"`
	End   string `json:"end"`
	Demo  bool   `json:"demo,omitempty"` // only present when true
	// Settings are the plan's settings that differ from the defaults
	// (model.Plan.StatedSettings), by key; absent when there are none.
	Settings map[string]string `json:"settings,omitempty"`
}

// settingsOf is the settings object of the plan, nil when it states none.
func settingsOf(p model.Plan) map[string]string {
	kv := p.StatedSettings()
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]string, len(kv))
	for _, x := range kv {
		m[x[0]] = x[1]
	}
	return m
}

type jsonTask struct {
	ID           string       `json:"id"`
	Plan         string       `json:"plan"` // the plan's id: the same task id may recur in another year's plan
	Chapter      string       `json:"chapter"`
	Section      string       `json:"section"`
	Name         string       `json:"name"`
	Kind         model.Kind   `json:"kind"`
	Target       json.Number  `json:"target"`
	Unit         string       `json:"unit"`
	Qualifier    string       `json:"qualifier"`
	Baseline     *json.Number `json:"baseline"`
	Lead         string       `json:"lead"`
	Partners     []string     `json:"partners"`
	Due          string       `json:"due"`
	Source       string       `json:"source"`
	Pacing       string       `json:"pacing"`
	Release      string       `json:"release"`
	Actual       *json.Number `json:"actual"`
	Progress     *json.Number `json:"progress"`
	TimeProgress json.Number  `json:"time_progress"`
	Status       model.Status `json:"status"`
	UpdatedAt    *string      `json:"updated_at"`
	UpdatedBy    *string      `json:"updated_by"`
	Review       *string      `json:"review"`
}

// writeJSON writes the document task by task rather than with one
// Encode call: indenting a 10,000-task document in one piece costs more
// than everything else together. The bytes are the same as
// json.Encoder with SetIndent("", "  ") would write (see the tests).
func writeJSON(w io.Writer, snap *model.Snapshot, rows []model.Row, o Options) error {
	p := snap.Plan
	bw := bufio.NewWriterSize(w, 256<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	put := func(prefix string, v any) error {
		buf.Reset()
		enc.SetIndent(prefix, "  ")
		if err := enc.Encode(v); err != nil {
			return err
		}
		_, err := bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return err
	}
	bw.WriteString("{\n  \"plan\": ")
	if err := put("  ", jsonPlan{ID: p.ID, Title: p.Title, Start: model.FormatDate(p.Start),
		End: model.FormatDate(p.End), Demo: p.Demo, Settings: settingsOf(p)}); err != nil {
		return err
	}
	bw.WriteString(",\n  \"as_of\": ")
	if err := put("  ", model.FormatDate(o.AsOf)); err != nil {
		return err
	}
	if h := headOf(snap); h != nil {
		bw.WriteString(",\n  \"audit_head\": ")
		if err := put("  ", h); err != nil {
			return err
		}
	}
	bw.WriteString(",\n  \"tasks\": [")
	tp := map[tpKey]json.Number{} // time progress by due, as-of date and pacing: the same for most tasks
	var b []byte
	for i, r := range rows {
		if i > 0 {
			bw.WriteString(",")
		}
		b = appendTask(b[:0], jsonTaskOf(p, r, tp))
		bw.Write(b)
	}
	if len(rows) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}

// appendTask writes one task of the "tasks" array as json.Encoder with
// two-space indent does at that depth. Written by hand because letting
// encoding/json indent 10,000 objects is most of the cost of the export.
func appendTask(b []byte, t jsonTask) []byte {
	const ind = "\n      "
	// field writes one "key": value line, value being raw JSON.
	field := func(key string, value []byte) {
		b = append(b, ind...)
		b = append(b, '"')
		b = append(b, key...)
		b = append(b, `": `...)
		b = append(b, value...)
		b = append(b, ',')
	}
	var q []byte
	str := func(key, v string) {
		q = appendJSONString(q[:0], v)
		field(key, q)
	}
	numOrNull := func(key string, n *json.Number) {
		if n == nil {
			field(key, []byte("null"))
		} else {
			field(key, []byte(*n))
		}
	}
	strOrNull := func(key string, v *string) {
		if v == nil {
			field(key, []byte("null"))
		} else {
			str(key, *v)
		}
	}
	b = append(b, "\n    {"...)
	str("id", t.ID)
	str("plan", t.Plan)
	str("chapter", t.Chapter)
	str("section", t.Section)
	str("name", t.Name)
	str("kind", string(t.Kind))
	numOrNull("target", &t.Target)
	str("unit", t.Unit)
	str("qualifier", t.Qualifier)
	numOrNull("baseline", t.Baseline)
	str("lead", t.Lead)
	b = append(b, ind+`"partners": [`...)
	for i, p := range t.Partners {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, ind+"  "...)
		b = appendJSONString(b, p)
	}
	if len(t.Partners) > 0 {
		b = append(b, ind...)
	}
	b = append(b, "],"...)
	str("due", t.Due)
	str("source", t.Source)
	str("pacing", t.Pacing)
	str("release", t.Release)
	numOrNull("actual", t.Actual)
	numOrNull("progress", t.Progress)
	numOrNull("time_progress", &t.TimeProgress)
	str("status", string(t.Status))
	strOrNull("updated_at", t.UpdatedAt)
	strOrNull("updated_by", t.UpdatedBy)
	strOrNull("review", t.Review)
	b = b[:len(b)-1] // the last comma
	return append(b, "\n    }"...)
}

// appendJSONString quotes s as encoding/json does with HTML escaping off:
// quote, backslash and control characters escaped, U+2028 and U+2029
// escaped, invalid UTF-8 replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// tpKey is what a task's 序时进度 depends on: its due date, the as-of date
// and its pacing profile (a seasonal or one-off task differs from a linear
// one with the same dates).
type tpKey struct {
	due, asOf time.Time
	pacing    string
}

func jsonTaskOf(p model.Plan, r model.Row, tp map[tpKey]json.Number) jsonTask {
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
	key := tpKey{t.DueOr(p), e.AsOf, jt.Pacing}
	if n, ok := tp[key]; ok {
		jt.TimeProgress = n
	} else {
		jt.TimeProgress = num(e.TimeProgress.Round(2))
		tp[key] = jt.TimeProgress
	}
	if u := e.Latest; u != nil {
		at, by, review := model.FormatDate(u.AsOf), u.By, string(u.Review)
		if review == "" {
			review = string(model.ReviewPending) // an update counts as soon as it is saved, pending review
		}
		jt.UpdatedAt, jt.UpdatedBy, jt.Review = &at, &by, &review
	}
	return jt
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
