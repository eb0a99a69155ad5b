package cli

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"duban/safetext"
)

// Every character the fast path measures on its own (simpleWidth, and the
// blocks it takes as wide without a closer look) has the width
// ansi.StringWidth gives it and is one safetext.Line leaves alone, so a
// cell of them needs neither escaping nor the grapheme-aware measure; and
// every other character, alone or after a simple one, falls back to the
// reference. Every rune from U+0000 to U+10FFFF is tried, and each
// invalid UTF-8 lead byte.
func TestSimpleRunes(t *testing.T) {
	simple := 0
	for r := rune(0); r <= utf8.MaxRune; r++ {
		s := string(r) // a surrogate becomes U+FFFD
		n, w := runeCells(s)
		sw, ok := simpleWidth(s)
		if ok != (n > 0) || (ok && sw != w) {
			t.Fatalf("%U: simpleWidth = %d, %v; runeCells = %d, %d", r, sw, ok, n, w)
		}
		if !ok {
			// A simple character followed by this one is measured by
			// the reference, whole string.
			for _, p := range []string{"a", "中"} {
				if got, want := cellWidth(p+s), ansi.StringWidth(p+s); got != want {
					t.Fatalf("cellWidth(%q) = %d, ansi.StringWidth = %d", p+s, got, want)
				}
			}
			continue
		}
		simple++
		if n != len(s) {
			t.Fatalf("%U: runeCells reads %d bytes of %d", r, n, len(s))
		}
		if want := ansi.StringWidth(s); w != want {
			t.Errorf("%U %q: fast width %d, ansi.StringWidth %d", r, s, w, want)
		}
		if got := safetext.Line(s); got != s {
			t.Errorf("%U: counted simple but safetext.Line escapes it as %q", r, got)
		}
	}
	if simple < 20000 {
		t.Errorf("only %d simple runes: the CJK ranges are not taken", simple)
	}
	// Blocks simpleWidth takes as wide inline are wide in runeCells too.
	for r := rune(0x800); r <= 0xFFFF; r++ {
		if b := uint(r >> 6); b-wideFrom < wideTo-wideFrom && b != notWide {
			if n, w := runeCells(string(r)); n != 3 || w != 2 {
				t.Fatalf("%U is in an inline wide block but runeCells says %d, %d", r, n, w)
			}
		}
	}
	// Broken and truncated sequences are never simple.
	for _, s := range []string{"\xe4", "\xe4\xb8", "\xe4\xb8a", "\xe4a\xad", "\xff", "\x80", "\xc2", "\xc2a", "\xed\xa0\x80", "\xe0\x80\xa6", "中\xe4\xb8"} {
		if w, ok := simpleWidth(s); ok {
			t.Errorf("simpleWidth(%q) = %d, ok: invalid UTF-8 taken as simple", s, w)
		}
		if got, want := cellWidth(safetext.Line(s)), ansi.StringWidth(safetext.Line(s)); got != want {
			t.Errorf("cellWidth(Line(%q)) = %d, want %d", s, got, want)
		}
	}
}

// East Asian ambiguous, combining, zero-width, emoji and control
// characters, mixed with simple ones, are measured as the reference does.
func TestCellWidthMixed(t *testing.T) {
	pieces := []string{"a", "中", "（", "…", "“", "·", "×", "Ω", "é", "e\u0301", "中\u0301", "\u200b", "\u200d",
		"👍", "👍🏽", "🇨🇳", "☺\ufe0f", "\x1b[31m", "\t", "\x7f", "\u00ad", "ｶ", "한", "\u3000", "〿", "䷀", "\xe4\xb8"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(6) + 1 {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := safetext.Line(b.String())
		if got, want := cellWidth(s), ansi.StringWidth(s); got != want {
			t.Fatalf("cellWidth(%q) = %d, ansi.StringWidth = %d", s, got, want)
		}
		for m := 1; m <= 8; m++ {
			if got, want := truncateCells(s, m), ansi.Truncate(s, m, "…"); got != want {
				t.Fatalf("truncateCells(%q, %d) = %q, ansi.Truncate = %q", s, m, got, want)
			}
		}
	}
}

// refTable is the table writer before its fast path (a [][]string, every
// cell escaped with safetext.Line, measured with ansi.StringWidth, cut
// with ansi.Truncate): what table.write must write byte for byte.
func refTable(header []string, rows [][]string, right map[int]bool, maxw map[int]int) string {
	all := [][]string{append([]string(nil), header...)}
	for _, r := range rows {
		c := make([]string, len(r))
		for i, s := range r {
			c[i] = safetext.Line(s)
		}
		all = append(all, c)
	}
	widths := make([]int, len(header))
	for _, r := range all {
		for i, c := range r {
			if m := maxw[i]; m > 0 && ansi.StringWidth(c) > m {
				r[i] = ansi.Truncate(c, m, "…")
			}
			if i < len(widths) {
				widths[i] = max(widths[i], ansi.StringWidth(r[i]))
			}
		}
	}
	var b strings.Builder
	for _, r := range all {
		for i, c := range r {
			pad := 0
			if i < len(widths) {
				pad = widths[i] - ansi.StringWidth(c)
			}
			if i > 0 {
				b.WriteString("  ")
			}
			switch {
			case right[i]:
				b.WriteString(strings.Repeat(" ", max(pad, 0)) + c)
			case i < len(r)-1:
				b.WriteString(c + strings.Repeat(" ", max(pad, 0)))
			default:
				b.WriteString(c)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// The table writes what the reference writer does, for random tables of
// simple and other cells, cut and right-aligned columns, rows shorter and
// longer than the header, and more rows than one buffer holds.
func TestTableMatchesReference(t *testing.T) {
	words := []string{"", "5.3.05", "新增停车位建设第十项工作推进情况", "市城市管理和综合执法局", "1500个", "50.0%", "-",
		"滞后（3个月未报）", "“引号”", "ａｂｃ", "e\u0301clair", "👍进展", "a\tb\nc", "\x1b]52;c;aGk=\x07", "坏\xff字",
		"\u202e反转", "éééééééééééééééééééééééééééééé", strings.Repeat("长", 40), strings.Repeat("x", 100)}
	rng := rand.New(rand.NewPCG(3, 4))
	for n := range 60 {
		header := []string{"编号", "名称", "目标", "实际", "状态"}
		if n%5 == 0 {
			header = header[:2]
		}
		right := map[int]bool{2: true, 3: true, 5: rng.IntN(2) == 0}
		maxw := map[int]int{1: 1 + rng.IntN(30), 4: 22, 6: 3}
		var rows [][]string
		nrows := rng.IntN(8)
		if n == 7 {
			nrows = 3000 // past the buffer's flush point
		}
		for range nrows {
			r := make([]string, 1+rng.IntN(7))
			for i := range r {
				r[i] = words[rng.IntN(len(words))]
			}
			rows = append(rows, r)
		}
		want := refTable(header, rows, right, maxw)
		tb := &table{header: header, right: right, max: maxw}
		if n%2 == 0 {
			tb.grow(len(rows))
		}
		for _, r := range rows {
			tb.add(append([]string(nil), r...)...)
		}
		var got strings.Builder
		if err := tb.write(&got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want {
			t.Fatalf("table %d differs from the reference:\ngot:\n%s\nwant:\n%s", n, got.String(), want)
		}
	}
}
