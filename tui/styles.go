package tui

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"

	"duban/model"
)

// ink is a style reduced to the escape sequences that open and close it.
// Rows and bars are coloured by concatenation instead of calling
// lipgloss.Style.Render a few hundred times per frame: Render costs about
// 3 µs, and a 120x40 task table paints ~400 cells, which alone would eat
// most of the 2 ms frame budget (see BenchmarkView10k).
type ink struct{ on, off string }

// newInk captures the sequences lipgloss emits around a sentinel.
func newInk(s lipgloss.Style) ink {
	r := s.Render("X")
	i := strings.IndexByte(r, 'X')
	if i < 0 {
		return ink{}
	}
	return ink{on: r[:i], off: r[i+1:]}
}

// paint wraps s in the ink's sequences.
func (k ink) paint(s string) string {
	if s == "" || k.on == "" {
		return s
	}
	return k.on + s + k.off
}

// glyphs are the characters the screens draw with. The default set uses
// block and box characters; --ascii swaps in plain ASCII for terminals that
// treat East Asian ambiguous-width characters as wide (STACK-NOTES §2.2).
// Status symbols are never ambiguous-width in either set, so a column of them
// lines up everywhere.
type glyphs struct {
	fill, empty, marker  string // progress bar cells and the time-progress marker
	cursor               string // before the selected row
	ellipsis             string // tail of truncated text
	rule                 string // horizontal rule cell
	chartFill, chartPlan string // detail chart: progress column, time-progress level
	status               map[model.Status]string

	// Marks of a task in the list, never ambiguous-width: one of the
	// actor's department's tasks, urged (督办), its latest update returned.
	mine, urged, returned string
	sep                   string // between name, role and department in the header
	choiceL, choiceR      string // around a choice in a form
}

var unicodeGlyphs = glyphs{
	fill: "█", empty: "░", marker: "│",
	cursor: "▸", ellipsis: "…", rule: "─",
	chartFill: "█", chartPlan: "─",
	status: map[model.Status]string{
		model.StatusDone:        "✓",
		model.StatusOnTrack:     "◉",
		model.StatusBehind:      "▴",
		model.StatusAtRisk:      "✕",
		model.StatusNoReport:    "◌",
		model.StatusUnpublished: "◷",
	},
	mine: "✦", urged: "⚑", returned: "↺",
	sep:     "・",
	choiceL: "◂", choiceR: "▸",
}

var asciiGlyphs = glyphs{
	fill: "#", empty: ".", marker: "|",
	cursor: ">", ellipsis: "~", rule: "-",
	chartFill: "#", chartPlan: "-",
	status: map[model.Status]string{
		model.StatusDone:        "v",
		model.StatusOnTrack:     "o",
		model.StatusBehind:      "!",
		model.StatusAtRisk:      "x",
		model.StatusNoReport:    "-",
		model.StatusUnpublished: "~",
	},
	mine: "*", urged: "U", returned: "R",
	sep:     " | ",
	choiceL: "<", choiceR: ">",
}

// palette is the semantic colour set, one value per role.
type palette struct {
	primary, muted, subtle, err color.Color
	status                      map[model.Status]color.Color
	marker, track               color.Color
}

func newPalette(isDark bool) palette {
	ld := lipgloss.LightDark(isDark)
	return palette{
		primary: ld(lipgloss.Color("#1D4ED8"), lipgloss.Color("#8AB4F8")),
		muted:   ld(lipgloss.Color("#6B7280"), lipgloss.Color("#9CA3AF")),
		subtle:  ld(lipgloss.Color("#D1D5DB"), lipgloss.Color("#4B5563")),
		err:     ld(lipgloss.Color("#B91C1C"), lipgloss.Color("#F87171")),
		status: map[model.Status]color.Color{
			model.StatusDone:        ld(lipgloss.Color("#1D4ED8"), lipgloss.Color("#60A5FA")),
			model.StatusOnTrack:     ld(lipgloss.Color("#15803D"), lipgloss.Color("#4ADE80")),
			model.StatusBehind:      ld(lipgloss.Color("#A16207"), lipgloss.Color("#FACC15")),
			model.StatusAtRisk:      ld(lipgloss.Color("#B91C1C"), lipgloss.Color("#F87171")),
			model.StatusNoReport:    ld(lipgloss.Color("#6B7280"), lipgloss.Color("#9CA3AF")),
			model.StatusUnpublished: ld(lipgloss.Color("#6B7280"), lipgloss.Color("#9CA3AF")),
		},
		marker: ld(lipgloss.Color("#111827"), lipgloss.Color("#F9FAFB")),
		track:  ld(lipgloss.Color("#D1D5DB"), lipgloss.Color("#4B5563")),
	}
}

// Styles is every style the screens use, named by role. It is built once per
// background (newStyles) and only read afterwards.
type Styles struct {
	g glyphs

	// Frame.
	App       ink // the app name in the header
	TabActive ink // reverse video survives NO_COLOR
	Tab       ink
	Demo      ink // 演示数据 badge
	Muted     ink // secondary text, rules, column headers
	Title     ink // headings inside a screen
	Bold      ink
	Selected  ink // the selected row's name
	Error     ink
	Info      ink // status-line messages
	Key       ink // key names in help

	// Status and bars.
	Status map[model.Status]ink // symbol and label
	Fill   map[model.Status]ink // bar fill by status
	Track  ink                  // the empty part of a bar
	Marker ink                  // time-progress marker
	Plan   ink                  // time-progress bar fill (overview header)

	// Form.
	Field      ink // an input's text
	FieldFocus ink // the focused input's text
	Required   ink // the * after a required label
}

// newStyles builds the styles for a dark or light background.
func newStyles(isDark, ascii bool) *Styles {
	p := newPalette(isDark)
	base := lipgloss.NewStyle()
	s := &Styles{
		g:          unicodeGlyphs,
		App:        newInk(base.Bold(true).Foreground(p.primary)),
		TabActive:  newInk(base.Bold(true).Reverse(true)),
		Tab:        newInk(base.Foreground(p.muted)),
		Demo:       newInk(base.Bold(true).Foreground(p.status[model.StatusBehind])),
		Muted:      newInk(base.Foreground(p.muted)),
		Title:      newInk(base.Bold(true).Foreground(p.primary)),
		Bold:       newInk(base.Bold(true)),
		Selected:   newInk(base.Bold(true).Foreground(p.primary)),
		Error:      newInk(base.Bold(true).Foreground(p.err)),
		Info:       newInk(base.Foreground(p.status[model.StatusOnTrack])),
		Key:        newInk(base.Bold(true)),
		Status:     map[model.Status]ink{},
		Fill:       map[model.Status]ink{},
		Track:      newInk(base.Foreground(p.track)),
		Marker:     newInk(base.Bold(true).Foreground(p.marker)),
		Plan:       newInk(base.Foreground(p.primary)),
		Field:      newInk(base.Underline(true)),
		FieldFocus: newInk(base.Underline(true).Bold(true)),
		Required:   newInk(base.Bold(true).Foreground(p.err)),
	}
	if ascii {
		s.g = asciiGlyphs
	}
	for st, c := range p.status {
		s.Status[st] = newInk(base.Foreground(c))
		s.Fill[st] = newInk(base.Foreground(c))
	}
	return s
}
