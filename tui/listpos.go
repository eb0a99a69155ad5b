package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// listPos is the cursor and scroll offset of a list screen (departments,
// review queue, users): which item is selected and which is drawn first.
type listPos struct {
	cursor, offset int
}

// step applies a movement key to the cursor over n items, page items to a
// page, and keeps the cursor visible in a window of page items. It reports
// whether msg was a movement key.
func (p *listPos) step(msg tea.KeyPressMsg, k *KeyMap, page, n int) bool {
	switch {
	case key.Matches(msg, k.Up):
		p.cursor--
	case key.Matches(msg, k.Down):
		p.cursor++
	case key.Matches(msg, k.PageUp):
		p.cursor -= page
	case key.Matches(msg, k.PageDown):
		p.cursor += page
	case key.Matches(msg, k.Home):
		p.cursor = 0
	case key.Matches(msg, k.End):
		p.cursor = n - 1
	default:
		return false
	}
	p.by(0, page, n)
	return true
}

// by moves the cursor by delta items (the mouse wheel), clamped to the n
// items, and scrolls so that it stays within a window of page items.
func (p *listPos) by(delta, page, n int) {
	p.cursor = max(0, min(p.cursor+delta, n-1))
	p.follow(page, n)
}

// follow scrolls the window of page items so that the cursor is in it.
func (p *listPos) follow(page, n int) {
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+page {
		p.offset = p.cursor - page + 1
	}
	p.offset = max(0, min(p.offset, n-page))
}

// pick selects the item drawn at window position row (0 = first drawn
// item), if there is one there, and reports whether it did.
func (p *listPos) pick(row, n int) bool {
	if k := p.offset + row; row >= 0 && k < n {
		p.cursor = k
		return true
	}
	return false
}
