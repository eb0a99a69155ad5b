// The JSON export is written by hand (appendRow, appendJSONString,
// model.AppendDecimal) rather than by a library encoder. CPU time per
// 10,000-task export on this 2-core machine, Go 1.26, under load from
// other benchmarks (go test ./report -run '^$' -bench JSONWriter -benchmem
// -benchtime 10x -count 3, one run; json_bench_test.go):
//
//	hand-written, appending from the rows (this file)   9.7–11.0 ms    0.27 MB, 26 allocs
//	encoding/json v1, one indented Encode                86–116 ms     53–60 MB, 213k allocs
//	encoding/json v1, compact                            41–54 ms      8–13 MB, 213k allocs
//
// and BenchmarkExportJSON10k, -count 5 alternating with the writer before
// this one (a jsonTask per task, decimal.String, Round and time.Format for
// every figure and date): 11.5–17.8 ms, 0.27 MB, 26 allocs now against
// 25.3–34.3 ms, 3.8 MB, 183,178 allocs. An earlier run measured
// encoding/json/v2 (GOEXPERIMENT=jsonv2, the code of
// github.com/go-json-experiment/json) at 2.0–2.4× the writer before this
// one. The bytes are the same as encoding/json's for the reference
// jsonTaskOf (TestExportJSONMatchesEncoder, TestJSONRowsMatchReference), so
// switching back costs nothing but time.

package report

import (
	"bytes"
	"encoding/json"
	"io"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"duban/i18n"
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

// writeJSON writes the document: its head (plan, as-of date, audit head)
// through json.Encoder, its tasks by appendRow into one buffer. The bytes
// are the same as one json.Encoder call with SetIndent("", "  ") would
// write for the jsonExport of jsonTaskOf's tasks (TestExportJSONMatchesEncoder,
// TestJSONRowsMatchReference).
func writeJSON(w io.Writer, snap *model.Snapshot, rows []model.Row, o Options) error {
	return writeJSONOn(w, snap, rowSource{n: len(rows), rows: rows}, o, runtime.GOMAXPROCS(0))
}

// ExportJSON writes the JSON export of every task of snap evaluated at
// asOf, as Export of snap.Evaluate(asOf) does, byte for byte
// (TestExportJSONEvaluated), but evaluating each chunk of rows as it is
// formatted, into buffers reused from one chunk to the next, rather than
// every task first: no row of every task (5.3 MB at 10,000 tasks, which a
// one-shot command, its collector off, takes as fresh memory), and the
// evaluation on the goroutines that format. BenchmarkEvaluateExportJSON10k
// → BenchmarkExportJSONEvaluated10k, -count 4: 10.3–10.5 → 8.1–8.6 ms,
// 7.7 → 2.7 MB.
func ExportJSON(w io.Writer, snap *model.Snapshot, asOf time.Time, o Options) error {
	if snap == nil {
		return i18n.E("report.err.nosnap")
	}
	o.AsOf = asOf
	o = o.normalize(snap, nil)
	return writeJSONOn(w, snap, rowSource{n: len(snap.Tasks), snap: snap, asOf: o.AsOf}, o, runtime.GOMAXPROCS(0))
}

// rowSource is the rows an export writes: rows, or when that is nil the
// n tasks of snap evaluated at asOf, a chunk at a time (get).
type rowSource struct {
	n    int
	rows []model.Row
	snap *model.Snapshot
	asOf time.Time
}

// get returns the rows lo…hi: a part of rows, or evaluated into buf
// (grown as needed), which the caller may reuse once done with them.
func (s rowSource) get(buf []model.Row, lo, hi int) []model.Row {
	if s.rows != nil {
		return s.rows[lo:hi]
	}
	buf = slices.Grow(buf[:0], hi-lo)[:hi-lo]
	clear(buf) // EvaluateRange fills zero rows
	s.snap.EvaluateRange(buf, lo, s.asOf)
	return buf
}

// writeJSONOn is writeJSON formatting the tasks on up to procs goroutines
// (FormatOrdered) when there are at least ParallelMin of them, else on
// this one. The bytes are the same either way (TestJSONParallelSameBytes).
//
// BenchmarkExportJSON10k (-count 5, this 2-core machine, under load from
// other benchmarks), sequential → 2 goroutines: 12.6–19.4 → 6.4–8.3 ms a
// run, at 10.3–15.8 → 12.1–16.1 CPU ms, 0.27 → 1.3 MB, 26 → 121 allocs.
// Whole process (duban --as-of 2019-06-30 export --format json of a
// genplan file of 10,000 tasks and 3 reports each, 2 × 10 runs alternating
// with the binary before): median 65 → 62 ms and 72 → 62 ms.
func writeJSONOn(w io.Writer, snap *model.Snapshot, src rowSource, o Options, procs int) error {
	p := snap.Plan
	const flushAt = 256 << 10
	b := make([]byte, 0, flushAt+8<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	put := func(prefix string, v any) error {
		buf.Reset()
		enc.SetIndent(prefix, "  ")
		if err := enc.Encode(v); err != nil {
			return err
		}
		b = append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
		return nil
	}
	b = append(b, "{\n  \"plan\": "...)
	if err := put("  ", jsonPlan{ID: p.ID, Title: p.Title, Start: model.FormatDate(p.Start),
		End: model.FormatDate(p.End), Demo: p.Demo, Settings: settingsOf(p)}); err != nil {
		return err
	}
	b = append(b, ",\n  \"as_of\": "...)
	if err := put("  ", model.FormatDate(o.AsOf)); err != nil {
		return err
	}
	if h := headOf(snap); h != nil {
		b = append(b, ",\n  \"audit_head\": "...)
		if err := put("  ", h); err != nil {
			return err
		}
	}
	b = append(b, ",\n  \"tasks\": ["...)
	c := newRowConsts(p)
	if procs > 1 && src.n >= ParallelMin {
		if _, err := w.Write(b); err != nil {
			return err
		}
		// The evaluated rows' buffers, one per chunk being formatted.
		free := make(chan []model.Row, 2*procs)
		err := FormatOrdered(w, src.n, chunkRows, procs, func(b []byte, lo, hi int) []byte {
			if b == nil {
				b = make([]byte, 0, flushAt)
			}
			var buf []model.Row
			select {
			case buf = <-free:
			default:
			}
			c := *c // the pacing cache is the chunk's own
			rows := src.get(buf, lo, hi)
			for i, r := range rows {
				if lo+i > 0 {
					b = append(b, ',')
				}
				b = c.appendRow(b, r)
			}
			if src.rows == nil {
				select {
				case free <- rows:
				default:
				}
			}
			return b
		})
		if err != nil {
			return err
		}
		b = b[:0]
	} else {
		var buf []model.Row
		for lo := 0; lo < src.n; lo += chunkRows {
			buf = src.get(buf, lo, min(src.n, lo+chunkRows))
			for i, r := range buf {
				if lo+i > 0 {
					b = append(b, ',')
				}
				b = c.appendRow(b, r)
				if len(b) >= flushAt {
					if _, err := w.Write(b); err != nil {
						return err
					}
					b = b[:0]
					c.forget()
				}
			}
		}
	}
	if src.n > 0 {
		b = append(b, "\n  "...)
	}
	b = append(b, "]\n}\n"...)
	_, err := w.Write(b)
	return err
}

// rowConsts is what appendRow writes the same way for many tasks of a
// plan: the plan's id, the plan's end date (the due date of a task without
// one of its own) and the last pacing profile written.
type rowConsts struct {
	plan             []byte // the plan's id, quoted
	endText          []byte // the plan's end date
	p                model.Plan
	pacingOf, pacing string // the last task's pacing as stored, and as written
	// Where in the buffer being written the last chapter, section, lead
	// and source were quoted: the tasks of a section share them (one
	// string each, as the store hands them out), so the next task copies
	// those bytes rather than quoting the same text again. Valid for one
	// buffer: a fresh copy of the rowConsts, or forget, for the next.
	// BenchmarkExportJSON10k, 6 alternating runs: 4.66–4.88 → 4.39–4.71 ms.
	last [4]quoted
}

// quoted is a string and where its quoted form lies in the buffer.
type quoted struct {
	s          string
	start, end int
}

// forget drops the quoted strings remembered, when the buffer is reset.
func (c *rowConsts) forget() { c.last = [4]quoted{} }

// appendRepeat appends s quoted, copying the quoted form of the last
// string of its field (c.last[f]) when s is the same.
func (c *rowConsts) appendRepeat(b []byte, f int, s string) []byte {
	if q := &c.last[f]; q.end > 0 && q.s == s && q.end <= len(b) {
		return append(b, b[q.start:q.end]...)
	}
	start := len(b)
	b = appendJSONString(b, s)
	c.last[f] = quoted{s, start, len(b)}
	return b
}

func newRowConsts(p model.Plan) *rowConsts {
	c := &rowConsts{p: p, pacing: model.Plan.PacingOf(p, model.Task{}).String()}
	c.plan = appendJSONString(nil, p.ID)
	c.endText = appendDate(nil, p.End)
	return c
}

// appendRow writes one task of the "tasks" array as json.Encoder with
// two-space indent writes jsonTaskOf(p, r) at that depth, straight from
// the row: no jsonTask, no decimal strings, no date strings in between.
//
// BenchmarkExportJSON10k (go test ./report -run '^$' -bench ExportJSON10k
// -benchmem -count 5): see the figures at the top of this file.
func (c *rowConsts) appendRow(b []byte, r model.Row) []byte {
	const ind = "\n      "
	t, e := r.Task, r.Eval
	b = append(b, "\n    {"+ind+`"id": `...)
	b = appendJSONString(b, t.ID)
	b = append(b, ","+ind+`"plan": `...)
	b = append(b, c.plan...)
	b = append(b, ","+ind+`"chapter": `...)
	b = c.appendRepeat(b, 0, t.Chapter)
	b = append(b, ","+ind+`"section": `...)
	b = c.appendRepeat(b, 1, t.Section)
	b = append(b, ","+ind+`"name": `...)
	b = appendJSONString(b, t.Name)
	b = append(b, ","+ind+`"kind": `...)
	b = appendJSONString(b, string(t.Kind))
	b = append(b, ","+ind+`"target": `...)
	b = model.AppendDecimal(b, t.Target)
	b = append(b, ","+ind+`"unit": `...)
	b = appendJSONString(b, t.Unit)
	b = append(b, ","+ind+`"qualifier": `...)
	b = appendJSONString(b, t.Qualifier)
	b = append(b, ","+ind+`"baseline": `...)
	b = appendNullDecimal(b, t.Baseline, -1)
	b = append(b, ","+ind+`"lead": `...)
	b = c.appendRepeat(b, 2, t.Lead)
	b = append(b, ","+ind+`"partners": [`...)
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
	b = append(b, "],"+ind+`"due": "`...)
	if t.Due.IsZero() {
		b = append(b, c.endText...)
	} else {
		b = appendDate(b, t.Due)
	}
	b = append(b, `",`+ind+`"source": `...)
	b = c.appendRepeat(b, 3, t.Source)
	b = append(b, ","+ind+`"pacing": `...)
	if t.Pacing != c.pacingOf {
		c.pacingOf, c.pacing = t.Pacing, model.Plan.PacingOf(c.p, t).String()
	}
	b = appendJSONString(b, c.pacing)
	b = append(b, ","+ind+`"release": `...)
	b = appendJSONString(b, t.Release)
	b = append(b, ","+ind+`"actual": `...)
	b = appendNullDecimal(b, e.Actual, -1)
	b = append(b, ","+ind+`"progress": `...)
	b = appendNullDecimal(b, e.Progress, 2)
	b = append(b, ","+ind+`"time_progress": `...)
	b = model.AppendRounded(b, e.TimeProgress, 2)
	b = append(b, ","+ind+`"status": `...)
	b = appendJSONString(b, string(e.Status))
	if u := e.Latest; u != nil {
		b = append(b, ","+ind+`"updated_at": "`...)
		b = appendDate(b, u.AsOf)
		b = append(b, `",`+ind+`"updated_by": `...)
		b = appendJSONString(b, u.By)
		b = append(b, ","+ind+`"review": `...)
		review := string(u.Review)
		if review == "" {
			review = string(model.ReviewPending) // an update counts as soon as it is saved, pending review
		}
		b = appendJSONString(b, review)
	} else {
		b = append(b, ","+ind+`"updated_at": null,`+ind+`"updated_by": null,`+ind+`"review": null`...)
	}
	return append(b, "\n    }"...)
}

// appendDate writes t as model.FormatDate does, without the quotes: the
// digits of its date, or nothing for the zero time.
func appendDate(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	y, m, d := t.Date()
	if y < 1000 || y > 9999 {
		return append(b, model.FormatDate(t)...)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
}

// appendNullDecimal writes null or the decimal, rounded to places when
// places ≥ 0.
func appendNullDecimal(b []byte, d decimal.NullDecimal, places int32) []byte {
	switch {
	case !d.Valid:
		return append(b, "null"...)
	case places >= 0:
		return model.AppendRounded(b, d.Decimal, places)
	}
	return model.AppendDecimal(b, d.Decimal)
}

// appendJSONString quotes s as encoding/json does with HTML escaping off:
// quote, backslash and control characters escaped, U+2028 and U+2029
// escaped, invalid UTF-8 replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
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
		// A well-formed three-byte character other than U+2028 and
		// U+2029 (all of Chinese text) passes as it is: lead bytes
		// E1–EC and EE–EF take any two continuation bytes; E0 (overlong
		// forms) and ED (surrogates) go the long way.
		if (c >= 0xE1 && c <= 0xEC || c >= 0xEE) && c <= 0xEF && len(s)-i >= 3 &&
			s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 && (c != 0xE2 || s[i+1] != 0x80 || s[i+2]&0xFE != 0xA8) {
			i += 3
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

// ParallelMin is the fewest rows the writers format on more than one
// goroutine; below it the goroutines and buffers cost more than they save.
const ParallelMin = 1024

// chunkRows is how many tasks make one chunk of the JSON export (about
// 200 KB).
const chunkRows = 256

// FormatOrdered formats items [0, n) in chunks of chunk items, each by
// format(b, lo, hi) appending to a buffer of its own, on up to procs
// goroutines, and writes the chunks to w in order, one Write each. When
// format's bytes for a range are the concatenation of its items', w gets
// the bytes of one format(nil, 0, n). At most 2×procs buffers are in use,
// each reused once written. After a failed Write nothing more is formatted
// or written, and every goroutine has ended when it returns.
func FormatOrdered(w io.Writer, n, chunk, procs int, format func(b []byte, lo, hi int) []byte) error {
	nc := (n + chunk - 1) / chunk
	procs = max(min(procs, nc), 1)
	out := make([]chan []byte, nc) // chunk i's bytes, once formatted
	for i := range out {
		out[i] = make(chan []byte, 1)
	}
	// A goroutine takes a buffer before it takes the next chunk, so the
	// lowest chunk not yet written is always being formatted or has a
	// buffer free for it.
	free := make(chan []byte, 2*procs)
	for range 2 * procs {
		free <- nil
	}
	quit := make(chan struct{})
	var next atomic.Int64
	var wg sync.WaitGroup
	for range procs {
		wg.Go(func() {
			for {
				var b []byte
				select {
				case b = <-free:
				case <-quit:
					return
				}
				i := int(next.Add(1) - 1)
				if i >= nc {
					return
				}
				lo := i * chunk
				out[i] <- format(b[:0], lo, min(lo+chunk, n))
			}
		})
	}
	var err error
	for i := range out {
		b := <-out[i]
		if _, err = w.Write(b); err != nil {
			break
		}
		free <- b
	}
	close(quit)
	wg.Wait()
	return err
}
