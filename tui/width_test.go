package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"duban/i18n"
)

// TestEveryLineFits renders every screen at every width from 80 to 200, in
// both languages and both glyph sets, and checks that the
// frame has exactly the terminal's height and that every line's display
// width (CJK = 2) is exactly the terminal's width: nothing wraps, nothing is
// left over from the previous frame.
func TestEveryLineFits(t *testing.T) {
	t.Parallel()
	for _, lang := range []i18n.Lang{i18n.Zh, i18n.En} {
		for _, ascii := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/ascii=%v", lang, ascii), func(t *testing.T) {
				t.Parallel()
				// Every width at 24 rows; the ASCII set and 40 rows at every
				// seventh width, which keeps the test quick.
				step, h := 1, 24
				if ascii {
					step, h = 7, 40
				}
				for _, sc := range screens {
					m := screenModel(t, sc, lang, ascii, 80, 24)
					for w := 80; w <= 200; w += step {
						mm := send(t, m, windowSize(w, h))
						name := fmt.Sprintf("%s/%dx%d", sc.name, w, h)
						checkFrame(t, name, mm.View().Content, w, h)
						checkNoOverflow(t, name, &mm)
					}
				}
			})
		}
	}
}

// TestSmallTerminals: below 80x24 the screens still never overflow.
func TestSmallTerminals(t *testing.T) {
	for _, sc := range screens {
		for _, size := range [][2]int{{20, 5}, {40, 10}, {60, 15}, {79, 23}, {10, 3}, {1, 1}} {
			m := screenModel(t, sc, i18n.Zh, false, 80, 24)
			m = send(t, m, windowSize(size[0], size[1]))
			checkFrame(t, fmt.Sprintf("%s/%dx%d", sc.name, size[0], size[1]), m.View().Content, size[0], size[1])
		}
	}
}

func checkFrame(t *testing.T, name, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != h {
		t.Errorf("%s: %d lines, want %d", name, len(lines), h)
	}
	for k, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Errorf("%s: line %d is %d cells wide, want %d: %q", name, k, got, w, ansi.Strip(l))
			return
		}
	}
}

// checkNoOverflow checks the screen's own lines before the frame fits them:
// a line the safety net had to cut would lose its right end.
func checkNoOverflow(t *testing.T, name string, m *Model) {
	t.Helper()
	c := m.common()
	b := m.active().view(m, c)
	body := b.lines
	if len(body) > c.height {
		t.Errorf("%s: %d body lines for %d rows", name, len(body), c.height)
	}
	for k, l := range append(body, m.header(c), m.footer(c)) {
		if got := ansi.StringWidth(l); got > m.width {
			t.Errorf("%s: line %d overflows: %d cells > %d: %q", name, k, got, m.width, ansi.Strip(l))
			return
		}
	}
}

// width's fast path measures what ansi.StringWidth does, on every text of
// the fixture plan and on text at the edges of the path.
func TestWidthIsStringWidth(t *testing.T) {
	s := fixtureSnapshot(t)
	texts := []string{"", "a", "~", "\x7f", "\x1b[31m红\x1b[0m", "一", "\u9fff", "\u4dff", "\ua000", "é", "e\u0301",
		"市\u0301", "1.2.03", "８%", "a\r\nb", "\xe4\xb8", "\xe4", "\xe9\xbf\xbf", "😀", "停车位\ufe0f", "\u3000"}
	for _, tk := range s.Tasks {
		texts = append(texts, tk.ID, tk.Name, tk.Section, tk.Chapter, tk.Lead, tk.Unit, tk.Source, tk.TargetText())
		texts = append(texts, tk.Partners...)
	}
	for _, x := range texts {
		if got, want := width(x), ansi.StringWidth(x); got != want {
			t.Errorf("width(%q) = %d, ansi.StringWidth %d", x, got, want)
		}
	}
}
