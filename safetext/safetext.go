// Package safetext is the one sanitiser for text that came from a user or
// an imported file (task names, departments, notes, comments, user names)
// at every edge where it is shown: the command line, the screens and the
// md/html/csv/xlsx exports. Stored text stays exactly as entered; only what
// is displayed is escaped.
//
// Control characters would otherwise reach the terminal raw: ESC starts
// sequences that retitle the window, write the clipboard (OSC 52), clear the
// screen, query the cursor or recolour what follows; a carriage return or
// backspace overwrites a label; bidi overrides reorder what the reader
// sees. Each is shown as a visible escape instead: \x1b, \r, \u202e.
package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// needs reports whether r must be escaped. Tab and newline are decided by
// the caller (Text keeps them, Line escapes them).
func needs(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f: // C0 and DEL
		return true
	case r >= 0x80 && r <= 0x9f: // C1, including CSI (0x9b) and OSC (0x9d)
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c: // bidi controls
		return true
	case r == 0xfeff: // zero-width no-break space (BOM)
		return true
	}
	return false
}

// clean reports whether s needs no escaping. Printable ASCII and the
// three-byte characters that cannot need it — lead bytes E1–EC, EE and EF
// with two continuation bytes, but for EF BB BF (U+FEFF): all of Chinese
// text — are stepped over bytewise; from anything else on, cleanSlow
// decides rune by rune. (E0 and ED start overlong forms and surrogates,
// E2 the bidi controls.) The TUI's first frame checks every text of the
// plan: at 100,000 tasks, 300,000 reports (scripts/firstframe, 2-core
// machine) 219 → 89–107 ms.
func clean(s string, keepLayout bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			i++
		case c >= 0xE1 && c <= 0xEF && c != 0xE2 && c != 0xED && len(s)-i >= 3 &&
			s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 && (c != 0xEF || s[i+1] != 0xBB || s[i+2] != 0xBF):
			i += 3
		default:
			return cleanSlow(s[i:], keepLayout)
		}
	}
	return true
}

func cleanSlow(s string, keepLayout bool) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return false
			}
		}
		if keepLayout && (r == '\n' || r == '\t') {
			continue
		}
		if needs(r) {
			return false
		}
	}
	return true
}

func escape(s string, keepLayout bool) string {
	if clean(s, keepLayout) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepLayout && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case needs(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case needs(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Text makes multi-line text safe to show: every control character except
// newline and tab, and every invalid UTF-8 byte, becomes a visible escape.
func Text(s string) string { return escape(s, true) }

// Line makes text safe to show on one line (a table cell, a label's
// value): newline and tab are escaped too.
func Line(s string) string { return escape(s, false) }

// Cell makes text safe for a spreadsheet cell (csv or xlsx): Text, and a
// cell that a spreadsheet would take for a formula (it starts with =, +,
// -, @ or a tab) is prefixed with an apostrophe, so it stays text.
func Cell(s string) string {
	s = Text(s)
	if s != "" && strings.ContainsRune("=+-@\t", rune(s[0])) {
		return "'" + s
	}
	return s
}
