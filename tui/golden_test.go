package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"duban/i18n"
	"duban/model"
)

// screens opens each screen from a freshly loaded model. The detail and the
// form are of 新增停车位 (5.3.05), reached the way a person would. Screens
// with an actor are seen by that user (default: the administrator 测试员);
// marked ones start from the fixture with an urge, a returned update and a
// note (markedSnapshot).
var screens = []struct {
	name   string
	keys   []string
	actor  string // a name of testUsers, or "" for the default
	marked bool
}{
	{"overview", nil, "", false},
	{"tasks", []string{"2"}, "", false},
	{"detail", []string{"2", "/", "text:tcw", "enter", "enter"}, "", false},
	{"form", []string{"2", "/", "text:tcw", "enter", "u", "text:750"}, "", false},
	{"depts", []string{"3"}, "", false},
	{"help", []string{"?"}, "", false},
	{"search", []string{"2", "/", "text:tingche"}, "", false},
	{"filter", []string{"2", "f"}, "", false},
	{"review", []string{"4"}, "", false},
	{"users", []string{"5"}, "", false},
	{"useradd", []string{"5", "a", "text:赵六", "tab", "right", "tab", "text:市政府督查室"}, "", false},
	{"urge", []string{"2", "/", "text:tcw", "enter", "!", "text:请加快施划进度"}, "王督查", true},
	{"tasks_staff", []string{"2"}, "张三", true},
	{"review_staff", []string{"4"}, "张三", true},
	{"detail_staff", []string{"2", "/", "text:2.2.05", "enter", "enter"}, "张三", true},
	{"help_supervisor", []string{"?"}, "王督查", false},
	{"grid_staff", []string{"5", "text:3", "enter", "text:5万", "f3", "text:已完成路基"}, "张三", true},
}

// markedSnapshot is the fixture with what asks for action: 新建农村公路
// (5.3.10, 市交通运输局) urged, the latest update of 东外环线高速纳入省高速网
// (2.2.05, 市交通运输局) returned with a comment, and a note on it.
func markedSnapshot(tb testing.TB) *model.Snapshot {
	s := fixtureSnapshot(tb)
	for i := range s.Tasks {
		if s.Tasks[i].ID == "5.3.10" {
			s.Tasks[i].Urged = &model.Urge{By: "王督查", At: time.Date(2019, 6, 20, 9, 0, 0, 0, time.UTC),
				Comment: "农村公路建设进度滞后，请说明原因并加快推进", ReplyBy: time.Date(2019, 7, 5, 0, 0, 0, 0, time.UTC)}
		}
	}
	h := s.History["2.2.05"]
	h[len(h)-1].Review, h[len(h)-1].Reviewer = model.ReviewReturned, "王督查"
	h[len(h)-1].ReviewComment = "进度数据与省交通运输厅通报不一致，请核实后重新填报"
	s.Notes = map[string][]model.Note{"2.2.05": {{Seq: 1, TaskID: "2.2.05", Text: "已与省交通运输厅对接，口径待确认",
		By: "张三", At: time.Date(2019, 7, 1, 2, 0, 0, 0, time.UTC)}}}
	return s
}

// screenModel is a screen's model at size w×h: its actor, its data, its
// keys pressed.
func screenModel(tb testing.TB, sc struct {
	name   string
	keys   []string
	actor  string
	marked bool
}, lang i18n.Lang, ascii bool, w, h int) Model {
	tb.Helper()
	snap := fixtureSnapshot(tb)
	if sc.marked {
		snap = markedSnapshot(tb)
	}
	var actor model.User
	for _, u := range snap.Users {
		if u.Name == sc.actor {
			actor = u
		}
	}
	fb := &fakeBackend{snap: snap}
	m := loaded(tb, fb, Options{Lang: lang, AsOf: testAsOf, ASCII: ascii, User: "测试员", Actor: actor,
		Now: func() time.Time { return testNow }}, w, h)
	return press(tb, m, sc.keys...)
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
					m := screenModel(t, sc, lang, false, size[0], size[1])
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
			m := screenModel(t, sc, i18n.Zh, true, 80, 24)
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
