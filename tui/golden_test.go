package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"duban/i18n"
)

// screens opens each screen from a freshly loaded model. The detail and the
// form are of 新增停车位 (5.3.05), reached the way a person would.
var screens = []struct {
	name string
	keys []string
}{
	{"overview", nil},
	{"tasks", []string{"2"}},
	{"detail", []string{"2", "/", "text:tcw", "enter", "enter"}},
	{"form", []string{"2", "/", "text:tcw", "enter", "u", "text:750"}},
	{"depts", []string{"3"}},
	{"help", []string{"?"}},
	{"search", []string{"2", "/", "text:tingche"}},
	{"filter", []string{"2", "f"}},
}

// plain is the frame without colour: what the golden files hold.
func plain(m Model) string { return ansi.Strip(m.View().Content) }

// TestGolden renders every screen at 80x24 and 120x40 in Chinese and
// English and compares it with testdata/TestGolden/<screen>_<size>_<lang>.golden
// (go test ./tui -run TestGolden -update rewrites them).
func TestGolden(t *testing.T) {
	for _, sc := range screens {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			for _, lang := range []i18n.Lang{i18n.Zh, i18n.En} {
				name := fmt.Sprintf("%s_%dx%d_%s", sc.name, size[0], size[1], lang)
				t.Run(name, func(t *testing.T) {
					m, _ := newTestModel(t, lang, size[0], size[1])
					m = press(t, m, sc.keys...)
					out := plain(m)
					if strings.Contains(out, "tui.") {
						t.Error("a label key is shown untranslated")
					}
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// TestGoldenASCII is the --ascii fallback: no ambiguous-width characters.
func TestGoldenASCII(t *testing.T) {
	for _, sc := range screens[:5] {
		t.Run(sc.name, func(t *testing.T) {
			fb := &fakeBackend{snap: fixtureSnapshot(t)}
			m := loaded(t, fb, Options{Lang: i18n.Zh, AsOf: testAsOf, ASCII: true, User: "测试员"}, 80, 24)
			m = press(t, m, sc.keys...)
			out := plain(m)
			for _, r := range out {
				if r >= 0x2000 && r < 0x3000 {
					t.Errorf("non-ASCII symbol %q (U+%04X) in ASCII mode", r, r)
					break
				}
			}
			golden.RequireEqual(t, out)
		})
	}
}
