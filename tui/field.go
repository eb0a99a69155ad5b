package tui

import (
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// field is a one-line text input that measures by display cells. It exists
// instead of bubbles/textinput because the IME candidate window anchors to
// the real terminal cursor, and textinput places that cursor by rune index
// (STACK-NOTES §2.1, bubbles#906) and scrolls by go-runewidth, whose widths
// change with the locale (§2.3). field reports the cursor's cell offset, so
// the root view can put the real cursor exactly after the last Chinese
// character typed.
type field struct {
	value       []rune
	pos         int    // cursor, as a rune index into value
	placeholder string // shown dim while empty
}

// newField returns a field holding s, the cursor at its end.
func newField(s string) field {
	r := []rune(s)
	return field{value: r, pos: len(r)}
}

// Value is the text typed.
func (f field) Value() string { return string(f.value) }

// set replaces the text and puts the cursor at its end.
func (f *field) set(s string) {
	f.value = []rune(s)
	f.pos = len(f.value)
}

// update applies an editing key or a paste. It reports whether the text
// changed; keys it does not know are left to the caller.
func (f *field) update(msg tea.Msg) (handled, changed bool) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		f.insert(msg.Content)
		return true, true
	case tea.KeyPressMsg:
		switch msg.String() {
		case "left", "ctrl+b":
			f.pos = max(0, f.pos-1)
		case "right", "ctrl+f":
			f.pos = min(len(f.value), f.pos+1)
		case "home", "ctrl+a":
			f.pos = 0
		case "end", "ctrl+e":
			f.pos = len(f.value)
		case "backspace", "ctrl+h":
			if f.pos == 0 {
				return true, false
			}
			f.value = append(f.value[:f.pos-1:f.pos-1], f.value[f.pos:]...)
			f.pos--
			return true, true
		case "delete", "ctrl+d":
			if f.pos == len(f.value) {
				return true, false
			}
			f.value = append(f.value[:f.pos:f.pos], f.value[f.pos+1:]...)
			return true, true
		case "ctrl+u":
			f.value = append([]rune(nil), f.value[f.pos:]...)
			f.pos = 0
			return true, true
		case "ctrl+k":
			f.value = f.value[:f.pos:f.pos]
			return true, true
		case "ctrl+w", "alt+backspace":
			i := f.pos
			for i > 0 && unicode.IsSpace(f.value[i-1]) {
				i--
			}
			for i > 0 && !unicode.IsSpace(f.value[i-1]) {
				i--
			}
			f.value = append(f.value[:i:i], f.value[f.pos:]...)
			f.pos = i
			return true, true
		default:
			if msg.Text == "" || msg.Mod&(tea.ModCtrl|tea.ModAlt) != 0 {
				return false, false
			}
			f.insert(msg.Text)
			return true, true
		}
		return true, false
	}
	return false, false
}

// insert puts text at the cursor; newlines and tabs become spaces (a field
// is one line) and other control characters are dropped.
func (f *field) insert(s string) {
	var ins []rune
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			ins = append(ins, ' ')
		case unicode.IsControl(r):
		default:
			ins = append(ins, r)
		}
	}
	v := make([]rune, 0, len(f.value)+len(ins))
	v = append(v, f.value[:f.pos]...)
	v = append(v, ins...)
	v = append(v, f.value[f.pos:]...)
	f.value = v
	f.pos += len(ins)
}

// view renders the field in w cells, scrolled so the cursor shows, and
// returns the cursor's cell offset within them. The text is padded to w so
// an underline style marks the whole input area.
func (f field) view(w int, text, dim ink) (string, int) {
	if w <= 0 {
		return "", 0
	}
	if len(f.value) == 0 {
		ph := ansi.Truncate(f.placeholder, w, "")
		return dim.paint(ph) + text.paint(strings.Repeat(" ", w-width(ph))), 0
	}
	// Scroll: drop characters from the left until the text before the
	// cursor leaves one cell for the cursor itself.
	start := 0
	before := width(string(f.value[:f.pos]))
	for before > w-1 && start < f.pos {
		before -= width(string(f.value[start]))
		start++
	}
	s := ansi.Truncate(string(f.value[start:]), w, "")
	return text.paint(padRight(s, w)), before
}
