package cli

import (
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

// The blocks of 64 characters (rune>>6) that simpleWidth counts two cells
// wide without a closer look: U+3400–U+4DBF and U+4E00–U+9FFF.
const (
	wideFrom = 0x3400 >> 6 // the first block of CJK extension A
	wideTo   = 0xA000 >> 6 // the block after the unified ideographs
	notWide  = 0x4DC0 >> 6 // between them, the Yijing hexagram symbols
)

// simpleWidth is s's width when every character is one of the simple
// kinds cellWidth knows (runeCells); ok is false otherwise. A string of
// simple characters is valid UTF-8 without a control character, so
// safetext.Line leaves it as it is (TestSimpleRunes checks every rune).
func simpleWidth(s string) (w int, ok bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f { // printable ASCII, inline
			w++
			i++
			continue
		}
		// A three-byte character in the blocks of 64 that are CJK
		// ideographs throughout, U+3400–U+4DBF and U+4E00–U+9FFF, inline:
		// the block is the character's first two bytes.
		if c&0xF0 == 0xE0 && len(s)-i >= 3 {
			c1, c2 := s[i+1], s[i+2]
			if c1&0xC0 == 0x80 && c2&0xC0 == 0x80 {
				if b := uint(c&0x0F)<<6 | uint(c1&0x3F); b-wideFrom < wideTo-wideFrom && b != notWide {
					w += 2
					i += 3
					continue
				}
			}
		}
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
// character of s, or 0, 0 when it is not a simple one. It decodes UTF-8
// itself, accepting only well-formed two- and three-byte sequences of the
// ranges below (none of which an overlong form or a surrogate can reach).
func runeCells(s string) (n, w int) {
	c := s[0]
	switch {
	case c >= 0x20 && c < 0x7f:
		return 1, 1
	case c >= 0xE0 && c < 0xF0 && len(s) >= 3:
		c1, c2 := s[1], s[2]
		if c1&0xC0 != 0x80 || c2&0xC0 != 0x80 {
			return 0, 0
		}
		r := rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
		switch {
		case r >= 0x4E00 && r <= 0x9FFF, // CJK unified ideographs
			r >= 0x3400 && r <= 0x4DBF,                             // extension A
			r >= 0x3001 && r <= 0x3029, r >= 0x302E && r <= 0x303E, // CJK symbols and punctuation, without the combining tone marks U+302A–U+302D
			r >= 0xFF01 && r <= 0xFF60, // full-width forms
			r >= 0xFFE0 && r <= 0xFFE6:
			return 3, 2
		case r == 0x2026 || r == 0x2014 || r == 0x2013, // … — –
			r == 0x201C || r == 0x201D || r == 0x2018 || r == 0x2019: // “ ” ‘ ’
			return 3, 1
		}
	case c == 0xC2 && len(s) >= 2 && s[1] == 0xB7, // ·
		c == 0xC3 && len(s) >= 2 && s[1] == 0x97: // ×
		return 2, 1
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
	cut, _ := simpleCut(s, m-1)
	return s[:cut] + "…"
}

// simpleCut is the longest prefix of the simple string s that fits in
// room cells: its length in bytes and its width.
func simpleCut(s string, room int) (cut, used int) {
	for i := 0; i < len(s); {
		n, rw := runeCells(s[i:])
		if used+rw > room {
			return i, used
		}
		used += rw
		i += n
	}
	return len(s), used
}
