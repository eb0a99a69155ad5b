package tui

import (
	"strings"
	"testing"

	"duban/i18n"
)

// TestOverviewNarrowMore: at 60 columns the chapters and departments stand
// one above the other; each block's "N more" line points where its rest
// is (the chapters are not on screen 3).
func TestOverviewNarrowMore(t *testing.T) {
	m, _ := newTestModel(t, i18n.Zh, 60, 24)
	frame := plain(m)
	chapters, depts := strings.Index(frame, "各篇章"), strings.Index(frame, "牵头单位得分")
	if chapters < 0 || depts < chapters {
		t.Fatalf("blocks not found:\n%s", frame)
	}
	block := frame[chapters:depts]
	if strings.Contains(block, "见 3 部门") || !strings.Contains(block, "按篇章筛选") {
		t.Errorf("the chapter block's more line:\n%s", block)
	}
}
