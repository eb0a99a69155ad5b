package tui

import (
	"charm.land/bubbles/v2/key"

	"duban/i18n"
	"duban/model"
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
	Review   key.Binding // 4: the review queue, or staff's own
	Users    key.Binding // 5: administrators only
	NextTab  key.Binding
	PrevTab  key.Binding
	Help     key.Binding

	// Actions on tasks.
	Open      key.Binding // detail of a task, a department's tasks; keeps the search
	Back      key.Binding // leave a screen, clear the search
	Update    key.Binding // 填报
	Note      key.Binding // 备注: staff of a lead or partner department
	Search    key.Binding
	Sort      key.Binding
	Filter    key.Binding
	PrevMonth key.Binding
	NextMonth key.Binding
	Export    key.Binding
	Plan      key.Binding // the next of the file's plans
	Quit      key.Binding

	// Review and urge (supervisors and administrators).
	Approve key.Binding // on the review screen
	Return  key.Binding // on the review screen: with a comment
	Urge    key.Binding // 督办 a task, from the list, the detail or the queue

	// Administration.
	EditDepts key.Binding // a task's lead and partners
	UserAdd   key.Binding // on the users screen
	UserDel   key.Binding
	UserKey   key.Binding // add an SSH key to the selected user

	// The update form and the small forms (note, return, urge, users).
	Save      key.Binding
	Cancel    key.Binding
	NextField key.Binding
	PrevField key.Binding
	SameValue key.Binding // carry the previous value forward: "no change"
	Choose    key.Binding // the previous or next choice (a user's role)
}

// DefaultKeyMap returns the standard bindings with help in language l. In
// ASCII mode the help shows key names instead of arrows, which are
// ambiguous-width characters.
func DefaultKeyMap(l i18n.Lang, ascii bool) KeyMap {
	up, down, left, right := "↑/k", "↓/j", "←", "→"
	if ascii {
		up, down, left, right = "up/k", "down/j", "left", "right"
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
		Review:   b([]string{"4"}, "4", "tui.key.review"),
		Users:    b([]string{"5"}, "5", "tui.key.users"),
		NextTab:  b([]string{"tab"}, "tab", "tui.key.nexttab"),
		PrevTab:  b([]string{"shift+tab"}, "shift+tab", "tui.key.prevtab"),
		Help:     b([]string{"?", "？", "f1"}, "?", "tui.key.help"),

		Open:      b([]string{"enter"}, "enter", "tui.key.open"),
		Back:      b([]string{"esc"}, "esc", "tui.key.back"),
		Update:    b([]string{"u", "ctrl+e", "f2"}, "u", "tui.key.update"),
		Note:      b([]string{"n", "ctrl+n"}, "n", "tui.key.note"),
		Search:    b([]string{"/", "／", "、", "ctrl+f"}, "/", "tui.key.search"),
		Sort:      b([]string{"s"}, "s", "tui.key.sort"),
		Filter:    b([]string{"f"}, "f", "tui.key.filter"),
		PrevMonth: b([]string{"[", "【"}, "[", "tui.key.prevmonth"),
		NextMonth: b([]string{"]", "】"}, "]", "tui.key.nextmonth"),
		Export:    b([]string{"x"}, "x", "tui.key.export"),
		Plan:      b([]string{"p", "ctrl+p"}, "p", "tui.key.plan"),
		Quit:      b([]string{"q", "ctrl+c"}, "q", "tui.key.quit"),

		Approve: b([]string{"a", "ctrl+a"}, "a", "tui.key.approve"),
		Return:  b([]string{"r", "ctrl+r"}, "r", "tui.key.return"),
		Urge:    b([]string{"!", "！", "ctrl+g"}, "!", "tui.key.urge"),

		EditDepts: b([]string{"e", "ctrl+o"}, "e", "tui.key.editdepts"),
		UserAdd:   b([]string{"a", "ctrl+a"}, "a", "tui.key.useradd"),
		UserDel:   b([]string{"d", "delete"}, "d", "tui.key.userdel"),
		UserKey:   b([]string{"K", "ctrl+k"}, "K", "tui.key.userkey"),

		Save:      b([]string{"enter", "ctrl+s"}, "enter", "tui.key.save"),
		Cancel:    b([]string{"esc"}, "esc", "tui.key.cancel"),
		NextField: b([]string{"tab", "down"}, "tab", "tui.key.nextfield"),
		PrevField: b([]string{"shift+tab", "up"}, "shift+tab", "tui.key.prevfield"),
		SameValue: b([]string{"ctrl+r"}, "ctrl+r", "tui.key.same"),
		Choose:    b([]string{"left", "right"}, left+"/"+right, "tui.key.choose"),
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
	return k.groupsFor(model.Can{Report: true, Review: true, Admin: true},
		[]key.Binding{k.Overview, k.Tasks, k.Depts, k.Review, k.Users})
}

// groupsFor lists the bindings a user with can has, and tabs, the number
// keys of their tabs: keys for what they may not do are left out of their
// help and footers. (The actions refuse anyway, with the reason, if
// someone presses them.)
func (k KeyMap) groupsFor(can model.Can, tabs []key.Binding) []helpGroup {
	only := func(ok bool, bs ...key.Binding) []key.Binding {
		if ok {
			return bs
		}
		return nil
	}
	gs := []helpGroup{
		{"tui.help.move", []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}},
		{"tui.help.screens", cat(tabs, []key.Binding{k.NextTab, k.PrevTab, k.Plan, k.Help})},
		{"tui.help.tasks", cat([]key.Binding{k.Open, k.Back}, only(can.Report, k.Update, k.Note),
			[]key.Binding{k.Search, k.Sort, k.Filter, k.PrevMonth, k.NextMonth, k.Export, k.Quit})},
		{"tui.help.review", only(can.Review, k.Approve, k.Return, k.Urge)},
		{"tui.help.admin", only(can.Admin, k.EditDepts, k.UserAdd, k.UserDel, k.UserKey)},
		{"tui.help.form", cat([]key.Binding{k.Save, k.Cancel, k.NextField, k.PrevField},
			only(can.Report, k.SameValue), only(can.Admin, k.Choose))},
	}
	out := gs[:0]
	for _, g := range gs {
		if len(g.bindings) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// All returns every binding, for tests and help.
func (k KeyMap) All() []key.Binding {
	var out []key.Binding
	for _, g := range k.groups() {
		out = append(out, g.bindings...)
	}
	return out
}
