package tui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"duban/i18n"
)

// TestLabels checks the TUI's labels: both languages take the same
// arguments, and none uses an East Asian ambiguous-width character, which
// a terminal set to draw them wide would render one cell wider than every
// layout here assumes (STACK-NOTES §2.2).
func TestLabels(t *testing.T) {
	verbs := regexp.MustCompile(`%[-+#0]?[0-9]*(\.[0-9]+)?[sdvqfx%]`)
	wide, narrow := runewidth.NewCondition(), runewidth.NewCondition()
	wide.EastAsianWidth, narrow.EastAsianWidth = true, false
	n := 0
	for _, k := range i18n.Keys() {
		if !strings.HasPrefix(k, "tui.") {
			continue
		}
		n++
		zh, en := i18n.Zh.T(k), i18n.En.T(k)
		if a, b := strings.Join(verbs.FindAllString(zh, -1), ""), strings.Join(verbs.FindAllString(en, -1), ""); a != b {
			t.Errorf("%s: zh takes %q, en takes %q", k, a, b)
		}
		for _, s := range []string{zh, en} {
			for _, r := range s {
				if wide.RuneWidth(r) != narrow.RuneWidth(r) {
					t.Errorf("%s: ambiguous-width %q in %q", k, r, s)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d tui labels", n)
	}
}
