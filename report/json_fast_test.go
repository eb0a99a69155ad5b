package report

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"duban/model"
)

// appendDate writes what model.FormatDate writes, including the zero time
// and years outside 1000–9999.
func TestAppendDateMatchesFormatDate(t *testing.T) {
	for _, s := range []string{"2019-06-30", "2019-01-01", "2019-12-31", "1000-02-03", "9999-12-31"} {
		d := day(s)
		if got := string(appendDate(nil, d)); got != model.FormatDate(d) {
			t.Errorf("appendDate(%s) = %q", s, got)
		}
	}
	for _, d := range []model.Update{{}, {AsOf: day("2019-06-30").AddDate(-1500, 0, 0)}, {AsOf: day("2019-06-30").AddDate(9000, 0, 0)}} {
		if got, want := string(appendDate(nil, d.AsOf)), model.FormatDate(d.AsOf); got != want {
			t.Errorf("appendDate(%v) = %q, FormatDate %q", d.AsOf, got, want)
		}
	}
}

// The writer, on 3,000 tasks of every kind with the fields that have a
// path of their own varied (own due dates, pacing profiles, baselines,
// negative and long figures, no partners, an update with no review yet,
// escaped text), writes what encoding/json writes for the reference
// tasks (jsonTaskOf).
func TestJSONRowsMatchReference(t *testing.T) {
	s := bigSnap(t, 3000)
	s.HeadSeq, s.HeadHash = 7, strings.Repeat("cd", 32)
	for i := range s.Tasks {
		tk := &s.Tasks[i]
		switch i % 11 {
		case 1:
			tk.Due = day("2019-09-30")
		case 2:
			tk.Pacing = "nodes:开工@05-31=30;竣工@12-31=100"
		case 3:
			tk.Baseline = decimal.NewNullDecimal(decimal.New(-125, -2))
			tk.Qualifier = "左右"
		case 4:
			tk.Partners = nil
		case 5:
			tk.Target = decimal.RequireFromString("12345678901234567890.123")
		case 6:
			tk.Name = "引号\"\\\t\u2028坏\xff<&>"
			tk.Lead = "ａｂｃ\x1b[31m"
		case 7:
			tk.Release = "quarterly+20"
		}
		if h := s.History[tk.ID]; len(h) > 0 && i%13 == 0 {
			h[len(h)-1].Review = ""
			h[len(h)-1].Value = decimal.New(-3, -4)
		}
	}
	rows := s.Evaluate(asOf)
	got := exportBytes(t, "json", s, rows, zhOpts())
	want := referenceJSON(t, s, rows, asOf)
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from json.Encoder's\n%s", firstDiff(want, got))
	}
	if len(got) < 256<<10 {
		t.Errorf("only %d bytes: the buffer is never flushed mid-way", len(got))
	}
	// On one goroutine too: there the buffer is flushed and reused for the
	// rows after it, which must not copy text quoted before (rowConsts.last).
	var seq bytes.Buffer
	if err := writeJSONOn(&seq, s, rowSource{n: len(rows), rows: rows}, zhOpts(), 1); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(seq.Bytes(), want) {
		t.Errorf("sequential output differs from json.Encoder's\n%s", firstDiff(want, seq.Bytes()))
	}
}

// appendJSONString quotes as encoding/json does with HTML escaping off:
// every rune from U+0000 to U+10FFFF, and random bytes (invalid UTF-8,
// cut sequences, surrogates, overlong forms).
func TestAppendJSONStringMatchesEncoder(t *testing.T) {
	quote := func(s string) string {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		return strings.TrimSuffix(b.String(), "\n")
	}
	var all strings.Builder
	for r := rune(0); r <= 0x10FFFF; r++ {
		all.WriteRune(r)
	}
	if got, want := string(appendJSONString(nil, all.String())), quote(all.String()); got != want {
		t.Errorf("every rune: output differs\n%s", firstDiff([]byte(want), []byte(got)))
	}
	rng := rand.New(rand.NewPCG(7, 8))
	alphabet := []byte{'a', '"', '\\', 0x01, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xe0, 0xe2, 0xe4, 0xa0, 0xa8, 0xed, 0xef, 0xf0, 0xf4, 0xff, 0x9f, 0xb8}
	for range 20000 {
		b := make([]byte, rng.IntN(8))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		if got, want := string(appendJSONString(nil, string(b))), quote(string(b)); got != want {
			t.Fatalf("appendJSONString(%q) = %s, encoding/json %s", b, got, want)
		}
	}
}
