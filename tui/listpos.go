package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// listPos is the one list-position component of the TUI: the cursor and
// scroll offset of every list (tasks, departments, review queue, users,
// the filter picker, the grid) and the scroll of every page (detail,
// help), and the item the cursor is on, so that it stays on that item
// when the list is rebuilt (a save, a live update, a re-sort).
type listPos struct {
	cursor, offset int
	sel            string // key of the selected item; "" until known
}

// delta is how far a movement key moves over n items, page items to a
// page; ok is false when msg is not a movement key.
func delta(msg tea.KeyPressMsg, k *KeyMap, cur, page, n int) (int, bool) {
	switch {
	case key.Matches(msg, k.Up):
		return -1, true
	case key.Matches(msg, k.Down):
		return 1, true
	case key.Matches(msg, k.PageUp):
		return -page, true
	case key.Matches(msg, k.PageDown):
		return page, true
	case key.Matches(msg, k.Home):
		return -cur, true
	case key.Matches(msg, k.End):
		return n - 1 - cur, true
	}
	return 0, false
}

// step applies a movement key to the cursor over n items, page items to a
// page, and keeps the cursor visible in a window of page items. It reports
// whether msg was a movement key.
func (p *listPos) step(msg tea.KeyPressMsg, k *KeyMap, page, n int) bool {
	d, ok := delta(msg, k, p.cursor, page, n)
	if ok {
		p.by(d, page, n)
	}
	return ok
}

// scroll applies a movement key to a page of n lines, h of them in view:
// the offset is what moves.
func (p *listPos) scroll(msg tea.KeyPressMsg, k *KeyMap, h, n int) bool {
	d, ok := delta(msg, k, p.offset, max(1, h-1), n)
	if ok {
		p.scrollBy(d, h, n)
	}
	return ok
}

// scrollBy moves a page's offset by d lines, clamped so that the last line
// is at the bottom at most.
func (p *listPos) scrollBy(d, h, n int) { p.offset = max(0, min(p.offset+d, n-h)) }

// by moves the cursor by delta items (the mouse wheel), clamped to the n
// items, and scrolls so that it stays within a window of page items.
func (p *listPos) by(delta, page, n int) {
	p.cursor = max(0, min(p.cursor+delta, n-1))
	p.follow(page, n)
}

// follow scrolls the window of page items so that the cursor is in it.
func (p *listPos) follow(page, n int) {
	p.cursor = max(0, min(p.cursor, n-1))
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

// keep puts the cursor back on the selected item among n items whose keys
// id gives, after the list was rebuilt. When that item has left the list
// (approved, filtered out) the cursor keeps its place, which is the item
// after it: the natural next one. Either way the selection is then the
// item under the cursor.
func (p *listPos) keep(n int, id func(int) string) {
	if p.sel != "" {
		for k := range n {
			if id(k) == p.sel {
				p.cursor = k
				return
			}
		}
	}
	p.cursor = max(0, min(p.cursor, n-1))
	p.mark(n, id)
}

// mark remembers the item under the cursor as the selection.
func (p *listPos) mark(n int, id func(int) string) {
	if p.cursor >= 0 && p.cursor < n {
		p.sel = id(p.cursor)
	}
}

// top puts the cursor on the first item and forgets the selection: after
// the order changed the view shows the top of the new order.
func (p *listPos) top() { p.cursor, p.offset, p.sel = 0, 0, "" }
