package tui

import (
	"charm.land/bubbles/v2/key"

	"duban/i18n"
)

// KeyMap is every key binding of the TUI. With a Chinese input method
// active, letter keys never reach the program (they start a composition) and
// ASCII punctuation arrives full-width, so every essential action also has a
// binding that survives it: arrows, enter, esc, tab, ctrl combinations,
// function keys, and the full-width forms ？ ／ 、 【 】 of ? / [ ].
type KeyMap struct {
	// Moving in lists and pages.
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Home     key.Binding
	End      key.Binding

	// Screens.
	Overview key.Binding
	Tasks    key.Binding
	Depts    key.Binding
	NextTab  key.Binding
	PrevTab  key.Binding
	Help     key.Binding

	// Actions on tasks.
	Open      key.Binding // detail of a task, a department's tasks; keeps the search
	Back      key.Binding // leave a screen, clear the search
	Update    key.Binding // 填报
	Search    key.Binding
	Sort      key.Binding
	Filter    key.Binding
	PrevMonth key.Binding
	NextMonth key.Binding
	Export    key.Binding
	Quit      key.Binding

	// The update form.
	Save      key.Binding
	Cancel    key.Binding
	NextField key.Binding
	PrevField key.Binding
	SameValue key.Binding // carry the previous value forward: "no change"
}

// DefaultKeyMap returns the standard bindings with help in language l. In
// ASCII mode the help shows key names instead of arrows, which are
// ambiguous-width characters.
func DefaultKeyMap(l i18n.Lang, ascii bool) KeyMap {
	up, down := "↑/k", "↓/j"
	if ascii {
		up, down = "up/k", "down/j"
	}
	b := func(keys []string, help, descKey string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, l.T(descKey)))
	}
	return KeyMap{
		Up:       b([]string{"up", "k"}, up, "tui.key.up"),
		Down:     b([]string{"down", "j"}, down, "tui.key.down"),
		PageUp:   b([]string{"pgup", "ctrl+u"}, "pgup", "tui.key.pgup"),
		PageDown: b([]string{"pgdown", "ctrl+d", "space"}, "pgdn", "tui.key.pgdown"),
		Home:     b([]string{"g", "home"}, "g/home", "tui.key.home"),
		End:      b([]string{"G", "end"}, "G/end", "tui.key.end"),

		Overview: b([]string{"1"}, "1", "tui.key.overview"),
		Tasks:    b([]string{"2"}, "2", "tui.key.tasks"),
		Depts:    b([]string{"3"}, "3", "tui.key.depts"),
		NextTab:  b([]string{"tab"}, "tab", "tui.key.nexttab"),
		PrevTab:  b([]string{"shift+tab"}, "shift+tab", "tui.key.prevtab"),
		Help:     b([]string{"?", "？", "f1"}, "?", "tui.key.help"),

		Open:      b([]string{"enter"}, "enter", "tui.key.open"),
		Back:      b([]string{"esc"}, "esc", "tui.key.back"),
		Update:    b([]string{"u", "ctrl+e", "f2"}, "u", "tui.key.update"),
		Search:    b([]string{"/", "／", "、", "ctrl+f"}, "/", "tui.key.search"),
		Sort:      b([]string{"s"}, "s", "tui.key.sort"),
		Filter:    b([]string{"f"}, "f", "tui.key.filter"),
		PrevMonth: b([]string{"[", "【"}, "[", "tui.key.prevmonth"),
		NextMonth: b([]string{"]", "】"}, "]", "tui.key.nextmonth"),
		Export:    b([]string{"x"}, "x", "tui.key.export"),
		Quit:      b([]string{"q", "ctrl+c"}, "q", "tui.key.quit"),

		Save:      b([]string{"enter", "ctrl+s"}, "enter", "tui.key.save"),
		Cancel:    b([]string{"esc"}, "esc", "tui.key.cancel"),
		NextField: b([]string{"tab", "down"}, "tab", "tui.key.nextfield"),
		PrevField: b([]string{"shift+tab", "up"}, "shift+tab", "tui.key.prevfield"),
		SameValue: b([]string{"ctrl+r"}, "ctrl+r", "tui.key.same"),
	}
}

// helpGroup is a titled column of the help screen.
type helpGroup struct {
	title    string // i18n key
	bindings []key.Binding
}

// groups lists every binding for the help screen, so the help is generated
// from the keymap and can never miss a key.
func (k KeyMap) groups() []helpGroup {
	return []helpGroup{
		{"tui.help.move", []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}},
		{"tui.help.screens", []key.Binding{k.Overview, k.Tasks, k.Depts, k.NextTab, k.PrevTab, k.Help}},
		{"tui.help.tasks", []key.Binding{k.Open, k.Back, k.Update, k.Search, k.Sort, k.Filter,
			k.PrevMonth, k.NextMonth, k.Export, k.Quit}},
		{"tui.help.form", []key.Binding{k.Save, k.Cancel, k.NextField, k.PrevField, k.SameValue}},
	}
}

// All returns every binding, for tests and help.
func (k KeyMap) All() []key.Binding {
	var out []key.Binding
	for _, g := range k.groups() {
		out = append(out, g.bindings...)
	}
	return out
}
