package cli

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// cellWidth is the display width of s as ansi.StringWidth measures it,
// fast for what a duban table holds: printable ASCII is a cell a byte,
// and the CJK ideographs, CJK punctuation and full-width forms are two
// cells each, looked up by range. Anything else (combining marks, emoji,
// escape sequences, …) is measured by ansi.StringWidth, whole string, so
// grapheme clusters stay right. For 10,000 rows of a Chinese table this is
// most of `duban list`'s formatting time.
func cellWidth(s string) int {
	if w, ok := simpleWidth(s); ok {
		return w
	}
	return ansi.StringWidth(s)
}

// simpleWidth is s's width when every character is one of the simple
// kinds cellWidth knows; ok is false otherwise.
func simpleWidth(s string) (w int, ok bool) {
	for i := 0; i < len(s); {
		n, rw := runeCells(s[i:])
		if n == 0 {
			return 0, false
		}
		w += rw
		i += n
	}
	return w, true
}

// runeCells is the length in bytes and the width in cells of the first
// character of s, or 0, 0 when it is not a simple one.
func runeCells(s string) (n, w int) {
	if c := s[0]; c < utf8.RuneSelf {
		if c < 0x20 || c == 0x7f {
			return 0, 0
		}
		return 1, 1
	}
	r, n := utf8.DecodeRuneInString(s)
	switch {
	case r >= 0x4E00 && r <= 0x9FFF, // CJK unified ideographs
		r >= 0x3400 && r <= 0x4DBF, // extension A
		r >= 0x3001 && r <= 0x303E, // CJK symbols and punctuation
		r >= 0xFF01 && r <= 0xFF60, // full-width forms
		r >= 0xFFE0 && r <= 0xFFE6:
		return n, 2
	case r == 0x2026 || r == 0x00B7 || r == 0x2014: // … · —
		return n, 1
	}
	return 0, 0
}

// truncateCells is ansi.Truncate(s, m, "…") for a string of simple
// characters (cellWidth's fast path), else ansi.Truncate itself.
func truncateCells(s string, m int) string {
	w, ok := simpleWidth(s)
	if !ok {
		return ansi.Truncate(s, m, "…")
	}
	if w <= m {
		return s
	}
	room := m - 1 // the tail "…" is one cell
	used := 0
	for i := 0; i < len(s); {
		n, rw := runeCells(s[i:])
		if used+rw > room {
			return s[:i] + "…"
		}
		used += rw
		i += n
	}
	return s
}
