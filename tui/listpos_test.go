package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"duban/i18n"
)

func TestListPos(t *testing.T) {
	keys := DefaultKeyMap(i18n.Zh, false)
	km := &keys
	press := func(code rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code} }
	cases := []struct {
		name                   string
		start                  listPos
		key                    tea.KeyPressMsg
		wantCursor, wantOffset int
	}{
		{"down", listPos{cursor: 0, offset: 0}, press(tea.KeyDown), 1, 0},
		{"down scrolls at the window's end", listPos{cursor: 4, offset: 0}, press(tea.KeyDown), 5, 1},
		{"up stops at the top", listPos{cursor: 0, offset: 0}, press(tea.KeyUp), 0, 0},
		{"page down", listPos{cursor: 0, offset: 0}, press(tea.KeyPgDown), 5, 1},
		{"page down stops at the last item", listPos{cursor: 18, offset: 14}, press(tea.KeyPgDown), 19, 15},
		{"page up", listPos{cursor: 12, offset: 8}, press(tea.KeyPgUp), 7, 7},
		{"end", listPos{cursor: 0, offset: 0}, press(tea.KeyEnd), 19, 15},
		{"home", listPos{cursor: 19, offset: 15}, press(tea.KeyHome), 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.start
			if !p.step(c.key, km, 5, 20) {
				t.Fatal("not a movement key")
			}
			if p.cursor != c.wantCursor || p.offset != c.wantOffset {
				t.Fatalf("cursor %d offset %d, want %d %d", p.cursor, p.offset, c.wantCursor, c.wantOffset)
			}
		})
	}
	p := listPos{}
	if p.step(press('x'), km, 5, 20) || p.cursor != 0 {
		t.Fatal("x moved the cursor")
	}
	if p.step(press(tea.KeyDown), km, 5, 0); p.cursor != 0 || p.offset != 0 {
		t.Fatalf("an empty list: cursor %d offset %d", p.cursor, p.offset)
	}
	p = listPos{cursor: 3, offset: 10}
	if !p.pick(2, 20) || p.cursor != 12 {
		t.Fatalf("pick row 2 from offset 10: cursor %d", p.cursor)
	}
	if p.pick(9, 15) || p.pick(-1, 20) || p.cursor != 12 {
		t.Fatalf("pick beyond the list changed the cursor to %d", p.cursor)
	}
	p.by(100, 5, 20)
	if p.cursor != 19 || p.offset != 15 {
		t.Fatalf("wheel past the end: cursor %d offset %d", p.cursor, p.offset)
	}
}
