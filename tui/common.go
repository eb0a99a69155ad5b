package tui

import (
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"duban/i18n"
	"duban/model"
)

// common is what every screen needs to draw itself: the size of the area it
// gets, the styles, the keys and the language.
type common struct {
	width, height int // the body area, below the header and above the footer
	lang          i18n.Lang
	st            *Styles
	keys          *KeyMap
	can           model.Can     // what the acting user may do: help and footers show only their keys
	tabKeys       []key.Binding // the number keys of their tabs
	pageHelp      []helpGroup   // the screens' own keys, for the help
}

// T translates a label.
func (c common) T(key string, args ...any) string { return c.lang.T(key, args...) }

// statusLabel is a status's name in the interface language.
func (c common) statusLabel(s model.Status) string { return i18n.Status(c.lang, s) }

// statusText is a status as symbol and label, coloured: colour is never the
// only carrier of meaning.
func (c common) statusText(s model.Status) string {
	return c.st.Status[s].paint(c.st.g.status[s] + " " + c.statusLabel(s))
}

// statusTextWidth is the widest statusText in the current language.
func (c common) statusTextWidth() int {
	w := 0
	for _, s := range model.Statuses {
		w = max(w, 2+width(c.statusLabel(s)))
	}
	return w
}

// width is the display width of plain or styled text; CJK counts 2.
//
// Text of printable ASCII and CJK ideographs only (ids, department names,
// figures: nearly every cell of the task table) is measured without
// ansi.StringWidth's grapheme segmentation: neither kind combines with its
// neighbours, an ASCII character is one cell and an ideograph two. At
// 100,000 tasks this is most of what evaluating spends on column widths
// (BenchmarkFirstFrame100k).
func width(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			n++
			i++
		case c >= 0xe4 && c <= 0xe9 && i+2 < len(s): // U+4E00–U+9FFF are E4 B8 80 … E9 BF BF
			r, size := utf8.DecodeRuneInString(s[i:])
			if r < 0x4e00 || r > 0x9fff {
				return ansi.StringWidth(s)
			}
			n += 2
			i += size
		default:
			return ansi.StringWidth(s)
		}
	}
	return n
}

// truncate shortens s to at most w cells, ending in the ellipsis when cut.
// ansi.Truncate never splits a wide character.
func (c common) truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if isASCIIShort(s, w) {
		return s
	}
	return ansi.Truncate(s, w, c.st.g.ellipsis)
}

// isASCIIShort is a fast path: plain ASCII no longer than w needs no work.
func isASCIIShort(s string, w int) bool {
	if len(s) > w {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// cell truncates s to w cells and pads it with spaces to exactly w.
func (c common) cell(s string, w int) string {
	s = c.truncate(s, w)
	return padRight(s, w)
}

// cellRight is cell, right-aligned.
func (c common) cellRight(s string, w int) string {
	s = c.truncate(s, w)
	if n := w - width(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// padRight pads s with spaces to w cells.
func padRight(s string, w int) string {
	if n := w - width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// fit makes a finished line exactly w cells: truncated (styles kept) or
// padded. Every line of every screen passes through it, so nothing can
// overflow the terminal.
func (c common) fit(s string, w int) string {
	sw := width(s)
	if sw > w {
		s = ansi.Truncate(s, w, c.st.g.ellipsis)
		sw = width(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// sideBySide joins two columns of lines, the left one padded to lw cells.
func (c common) sideBySide(left, right []string, lw, gap int) []string {
	n := max(len(left), len(right))
	out := make([]string, n)
	for i := range n {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = c.fit(l, lw) + strings.Repeat(" ", gap) + r
	}
	return out
}

// wrap breaks plain text into lines of at most w cells, by character: Chinese
// has no spaces to break at. ASCII words are kept whole where they fit.
func wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		var line strings.Builder
		lw := 0
		for _, word := range splitWords(para) {
			ww := width(word)
			if lw+ww > w && lw > 0 {
				out = append(out, strings.TrimRight(line.String(), " "))
				line.Reset()
				lw = 0
				word = strings.TrimLeft(word, " ")
				ww = width(word)
			}
			for ww > w { // a word longer than the line: cut it by cells
				head := ansi.Truncate(word, w, "")
				out = append(out, head)
				word = word[len(head):]
				ww = width(word)
			}
			line.WriteString(word)
			lw += ww
		}
		out = append(out, strings.TrimRight(line.String(), " "))
	}
	return out
}

// splitWords splits text into units that wrap keeps whole: each wide
// character alone, runs of other characters (with their leading space)
// together.
func splitWords(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		wide := r >= 0x1100 && width(string(r)) == 2
		switch {
		case wide:
			if start < i {
				out = append(out, s[start:i])
			}
			out = append(out, string(r))
			start = i + len(string(r))
		case r == ' ' && start < i:
			out = append(out, s[start:i])
			start = i
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// outcome is the last lines of a form: that it is being saved, or why the
// last try was refused.
func outcome(c common, saving bool, savingKey, err string) []string {
	switch {
	case saving:
		return []string{c.st.Info.paint(c.T(savingKey))}
	case err != "":
		out := wrap(err, c.width-2)
		for k, l := range out {
			out[k] = c.st.Error.paint(l)
		}
		return out
	}
	return nil
}

// page is the part of a long page in view from offset. When more follows,
// the last line says so, so nobody misses what is below the fold.
func page(c common, lines []string, offset int) []string {
	end := min(len(lines), offset+c.height)
	out := append([]string(nil), lines[offset:end]...)
	if end < len(lines) && len(out) > 1 {
		out[len(out)-1] = c.st.Muted.paint(c.T("tui.more", len(lines)-end+1))
	}
	return out
}

// seg builds one line from pieces whose widths are known as they are added,
// so a frame measures each piece of plain text once and never re-measures
// styled text, whose escape sequences make measuring several times dearer.
// Screens that build every line with seg hand the frame lines of exactly the
// body's width, and the frame does not measure them again.
type seg struct {
	b strings.Builder
	w int
}

// raw appends text of a known width (a bar, styled padded cells).
func (s *seg) raw(str string, w int) {
	s.b.WriteString(str)
	s.w += w
}

// text appends plain text, measuring it.
func (s *seg) text(str string) { s.raw(str, width(str)) }

// styled appends plain text painted with k.
func (s *seg) styled(k ink, str string) { s.raw(k.paint(str), width(str)) }

// spaces appends n spaces.
func (s *seg) spaces(n int) {
	if n > 0 {
		s.raw(strings.Repeat(" ", n), n)
	}
}

// cell appends plain text truncated and padded to w cells, painted with k.
func (s *seg) cell(c common, k ink, str string, w int) {
	str = c.truncate(str, w)
	sw := width(str)
	s.b.WriteString(k.paint(str))
	s.w += sw
	s.spaces(w - sw)
}

// cellRight is cell, right-aligned.
func (s *seg) cellRight(c common, k ink, str string, w int) {
	str = c.truncate(str, w)
	sw := width(str)
	s.spaces(w - sw)
	s.b.WriteString(k.paint(str))
	s.w += sw
}

// heading is a column's heading: its label, its width (0: not shown) and
// whether it is right-aligned.
type heading struct {
	label string // i18n key
	w     int
	right bool
}

// headings is the line of column headings over a list, the cursor's two
// cells first, the columns one cell apart.
func headings(c common, cols []heading) string {
	var h seg
	h.spaces(2)
	for _, col := range cols {
		if col.w == 0 {
			continue
		}
		if h.w > 2 {
			h.spaces(1)
		}
		if col.right {
			h.cellRight(c, c.st.Muted, c.T(col.label), col.w)
		} else {
			h.cell(c, c.st.Muted, c.T(col.label), col.w)
		}
	}
	return h.line(c, c.width)
}

// progressCells appends a task's 完成率 in pw cells and, when tw > 0, its
// 序时进度 in tw cells ("-" for a rate or level, which is not paced), each
// followed by a space.
func progressCells(c common, s *seg, t model.Task, e model.Eval, pw, tw int) {
	pct := "-"
	if e.Progress.Valid {
		pct = decPct(e.Progress.Decimal)
	}
	s.cellRight(c, ink{}, pct, pw)
	s.spaces(1)
	if tw > 0 {
		tp := "-"
		if t.Kind.Paced() {
			tp = decPct(e.TimeProgress)
		}
		s.cellRight(c, c.st.Muted, tp, tw)
		s.spaces(1)
	}
}

// targetLabel is row i's target as the lists show it: 里程碑 for a milestone.
func targetLabel(c common, d *derived, i int) string {
	t := d.targetText(i)
	if t == "" {
		return i18n.Kind(c.lang, model.KindMilestone)
	}
	return t
}

// lead starts a list row: the cursor on the selected row, two spaces on the
// others. It returns the ink the row's name takes.
func (s *seg) lead(c common, selected bool) ink {
	if selected {
		s.styled(c.st.Selected, c.st.g.cursor)
		s.spaces(1)
		return c.st.Selected
	}
	s.spaces(2)
	return ink{}
}

// line finishes the line at exactly w cells.
func (s *seg) line(c common, w int) string {
	if s.w > w {
		return c.fit(s.b.String(), w)
	}
	s.spaces(w - s.w)
	return s.b.String()
}
