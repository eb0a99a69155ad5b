package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"duban/model"
)

// helpModel is the help screen (?): every key of the keymap, grouped, and
// the meaning of the symbols. It is generated from KeyMap, so a new binding
// shows up here without anyone writing help text twice.
type helpModel struct {
	from screen
	pos  listPos // the page's scroll
}

const screenHelp screen = "help"

func (h *helpModel) parent() screen { return h.from }

func (h *helpModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	c := m.common()
	if key.Matches(msg, c.keys.Back) {
		m.show(h.from)
		return nil
	}
	h.pos.scroll(msg, c.keys, c.height, len(h.content(c)))
	return nil
}

func (h *helpModel) wheel(m *Model, c common, n int) { h.pos.scrollBy(n, c.height, len(h.content(c))) }

func (h *helpModel) refresh(*Model, common) {}

func (h *helpModel) bindings(m *Model, _ model.Can) []key.Binding {
	k := &m.keys
	return []key.Binding{k.Back, k.Up, k.Down, k.Quit}
}

func (h *helpModel) view(_ *Model, c common) body {
	ls := h.content(c)
	off := max(0, min(h.pos.offset, len(ls)-c.height))
	return lines(page(c, ls, off), false)
}

// keyNames shows a binding's keys as a person reads them.
func keyNames(b key.Binding, ascii bool) string {
	names := make([]string, 0, len(b.Keys()))
	for _, k := range b.Keys() {
		switch k {
		case "up", "down", "left", "right":
			if !ascii {
				k = map[string]string{"up": "↑", "down": "↓", "left": "←", "right": "→"}[k]
			}
		case "pgdown":
			k = "pgdn"
		}
		names = append(names, k)
	}
	return strings.Join(names, " ")
}

func (h *helpModel) content(c common) []string {
	st := c.st
	ascii := st.g.fill == "#"
	var cols [][]string
	kw := 0
	groups := append(c.keys.groupsFor(c.can, c.tabKeys), c.pageHelp...)
	for _, g := range groups {
		for _, b := range g.bindings {
			kw = max(kw, width(keyNames(b, ascii)))
		}
	}
	kw = min(kw, 24)
	for _, g := range groups {
		col := []string{st.Title.paint(c.T(g.title))}
		for _, b := range g.bindings {
			col = append(col, "  "+st.Key.paint(c.cell(keyNames(b, ascii), kw))+"  "+b.Help().Desc)
		}
		cols = append(cols, col)
	}
	// The symbols: colour is never the only carrier of meaning.
	legend := []string{st.Title.paint(c.T("tui.help.legend"))}
	sw := max(c.statusTextWidth(), 10)
	for _, s := range model.Statuses {
		legend = append(legend, "  "+padRight(c.statusText(s), sw)+"  "+st.Muted.paint(c.T("tui.help.status."+string(s))))
	}
	legend = append(legend,
		"  "+padRight(st.bar(10, 40, 50, model.StatusBehind), sw)+"  "+c.T("tui.help.bar"),
		"  "+padRight(st.Marker.paint(st.g.marker), sw)+"  "+c.T("tui.legend.marker"),
		"  "+padRight(st.Selected.paint(st.g.mine), sw)+"  "+c.T("tui.mark.mine"),
		"  "+padRight(st.Error.paint(st.g.urged), sw)+"  "+c.T("tui.mark.urged"),
		"  "+padRight(st.Status[model.StatusBehind].paint(st.g.returned), sw)+"  "+c.T("tui.mark.returned"))
	cols = append(cols, legend)

	var out []string
	colW := 0
	for _, col := range cols {
		for _, l := range col {
			colW = max(colW, width(l))
		}
	}
	// As many columns side by side as fit, four cells apart.
	n := max(1, (c.width+4)/(colW+4))
	for k := 0; k < len(cols); k += n {
		row := cols[k:min(k+n, len(cols))]
		lines := row[0]
		for j := 1; j < len(row); j++ {
			lines = c.sideBySide(lines, row[j], j*(colW+4)-4, 4)
		}
		out = append(out, lines...)
		out = append(out, "")
	}
	return out
}
