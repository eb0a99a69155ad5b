package safetext

import (
	"math/rand/v2"
	"testing"
)

func TestTextEscapesControls(t *testing.T) {
	cases := []struct{ in, text, line string }{
		{"进展顺利", "进展顺利", "进展顺利"},
		{"a\tb\nc", "a\tb\nc", `a\tb\nc`},
		{"\x1b]0;pwned\x07", `\x1b]0;pwned\x07`, `\x1b]0;pwned\x07`},
		{"\x1b]52;c;ZWNobw==\x1b\\", `\x1b]52;c;ZWNobw==\x1b\`, `\x1b]52;c;ZWNobw==\x1b\`},
		{"\x1b[2J\x1b[31m红", `\x1b[2J\x1b[31m红`, `\x1b[2J\x1b[31m红`},
		{"ok\rpwned", `ok\rpwned`, `ok\rpwned`},
		{"\x7f\u009b6n", `\x7f\x9b6n`, `\x7f\x9b6n`},
		{"abc\u202edcba", `abc\u202edcba`, `abc\u202edcba`},
		{"bad\xffutf8", `bad\xffutf8`, `bad\xffutf8`},
	}
	for _, c := range cases {
		if got := Text(c.in); got != c.text {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.text)
		}
		if got := Line(c.in); got != c.line {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.line)
		}
		for _, out := range []string{Text(c.in), Line(c.in)} {
			for _, r := range out {
				if r != '\n' && r != '\t' && needs(r) {
					t.Errorf("%q left %U", out, r)
				}
			}
		}
	}
}

func TestCellNeutralisesFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+1":                       "'+1",
		"-2+3":                     "'-2+3",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\t=1":                     "'\t=1",
		"交通局":                      "交通局",
		"\x1b[31m=1":               `\x1b[31m=1`,
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzText(f *testing.F) {
	f.Add("\x1b]0;x\x07\r\n\t\u202e\xff")
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Text(s), Line(s), Cell(s)} {
			for i, r := range out {
				if r == 0x1b || r == '\r' || (r >= 0x80 && r <= 0x9f) || r == 0x202e {
					t.Fatalf("%q: output %q has %U at %d", s, out, r, i)
				}
			}
			if cleanSlow(s, true) && Text(s) != s {
				t.Fatalf("%q changed although it needs no escape", s)
			}
		}
	})
}

// cleanByRunes is clean's definition, rune by rune.
func cleanByRunes(s string, keepLayout bool) bool { return cleanSlow(s, keepLayout) }

// The bytewise steps of clean decide as the rune-by-rune check does: every
// one-, two- and three-byte sequence (valid or not, each lead byte with
// every pair of following bytes), alone and between Chinese text, and
// random byte strings.
func TestCleanFastPathAgrees(t *testing.T) {
	check := func(s string) {
		t.Helper()
		for _, keep := range []bool{false, true} {
			if got, want := clean(s, keep), cleanByRunes(s, keep); got != want {
				t.Fatalf("clean(%q, %v) = %v, want %v", s, keep, got, want)
			}
		}
	}
	for a := range 256 {
		check(string([]byte{byte(a)}))
		for b := range 256 {
			check(string([]byte{byte(a), byte(b)}))
			if a >= 0xC0 {
				for c := range 256 {
					s := string([]byte{byte(a), byte(b), byte(c)})
					check(s)
					check("督办" + s + "任务")
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		check(string(b))
	}
}
