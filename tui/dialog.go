package tui

import (
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"duban/i18n"
	"duban/model"
)

// ── MODEL ───────────────────────────────────────────────────────────────────

// dialogKind says what a small form does when it is saved.
type dialogKind int

const (
	dlgNote         dialogKind = iota // 备注 on a task
	dlgReturn                         // return an update with a comment (退回)
	dlgUrge                           // 督办 a task: a comment and a reply-by date
	dlgDepts                          // a task's lead and partner departments
	dlgUserAdd                        // a new user
	dlgUserEdit                       // a user's role and departments
	dlgUserKey                        // an SSH key for a user
	dlgUserDel                        // confirm removing a user
	dlgApproveMonth                   // confirm approving a department's month
)

// dialogField is one input of a small form: a line of text, or a choice
// among fixed values cycled with ←/→ (no letters needed, so an input method
// never gets in the way).
type dialogField struct {
	label    string // i18n key
	in       field
	required bool
	choices  []string // values of a choice field; labels are "tui.choice."+value
	choice   int
	hint     string // i18n key of the muted line under the input
}

// value is the field's text, or its chosen value.
func (f *dialogField) value() string {
	if f.choices != nil {
		return f.choices[f.choice]
	}
	return strings.TrimSpace(f.in.Value())
}

const screenDialog screen = "dialog"

// dialogModel is a small form over the screen it was opened from: a note,
// a return comment, an urge, a task's departments, a user. Like the report
// form, text keys go to the focused input; enter saves, esc cancels.
type dialogModel struct {
	kind    dialogKind
	from    screen
	title   string // i18n key
	subject string // the task, update or user concerned, as shown
	prompt  string // a sentence above the inputs (the removal's question)
	fields  []dialogField
	focus   int
	err     string // why the last enter did not save
	saving  bool

	taskID string     // the task concerned
	seq    uint64     // the update concerned (return)
	seqs   []uint64   // the updates concerned (a month's approval)
	user   model.User // the user concerned (user dialogs)
}

// openDialog shows d over the current screen.
func (m *Model) openDialog(d dialogModel) {
	d.from = m.screen
	if m.screen == screenDialog {
		d.from = m.dialog().from
	}
	*m.dialog() = d
	m.screen = screenDialog
}

// taskSubject is how a dialog names a task.
func taskSubject(t model.Task) string { return t.ID + " " + t.Name }

// openNote starts a note (n) on task id, if the actor may add one.
func (m *Model) openNote(id string) tea.Cmd {
	t, ok := m.data.snap.Task(id)
	if !ok {
		return nil
	}
	if _, has := m.backend.(noter); !m.offer(has, model.CanNote(m.actor, t)) {
		return nil
	}
	m.openDialog(dialogModel{kind: dlgNote, title: "tui.note.title", subject: taskSubject(t), taskID: id,
		fields: []dialogField{{label: "tui.note.text", required: true, hint: "tui.note.hint"}}})
	return nil
}

// openUrge starts a 督办 (!) on task id: a comment and a reply-by date a
// week after the viewed date, within the plan. An open urge is shown for replacing.
func (m *Model) openUrge(id string) tea.Cmd {
	t, ok := m.data.snap.Task(id)
	if !ok {
		return nil
	}
	if _, has := m.backend.(urger); !m.offer(has, model.CanUrge(m.actor)) {
		return nil
	}
	by := defaultReplyBy(m.snap.Plan, m.asOf)
	comment := field{}
	if t.Urged != nil {
		comment = newField(t.Urged.Comment)
	}
	m.openDialog(dialogModel{kind: dlgUrge, title: "tui.urge.title", subject: taskSubject(t) + "  " + t.Lead,
		taskID: id, fields: []dialogField{
			{label: "tui.urge.comment", in: comment, required: true},
			{label: "tui.urge.replyby", in: newField(model.FormatDate(by)), required: true, hint: "tui.urge.hint"},
		}})
	return nil
}

// defaultReplyBy is a week after the viewed date, clamped into the plan.
func defaultReplyBy(p model.Plan, asOf time.Time) time.Time {
	return p.Clamp(asOf.AddDate(0, 0, 7))
}

// openReturn starts returning the selected update of the queue (r).
func (m *Model) openReturn() tea.Cmd {
	it, ok := m.review().selected(m.data)
	if !ok {
		return nil
	}
	if _, has := m.backend.(reviewer); !m.offer(has, model.CanReview(m.actor)) {
		return nil
	}
	t := *m.data.rows[it.row].Task
	m.openDialog(dialogModel{kind: dlgReturn, title: "tui.return.title", taskID: t.ID, seq: it.u.Seq,
		subject: taskSubject(t) + "  " + model.FormatValue(it.u.Value) + t.Unit + "  " +
			model.FormatDate(it.u.AsOf) + "  " + it.u.By,
		fields: []dialogField{{label: "tui.return.comment", required: true, hint: "tui.return.hint"}}})
	return nil
}

// openApproveMonth asks to approve, at once, the pending updates of the
// selected update's department dated in its month (A); the question says
// how many.
func (m *Model) openApproveMonth() tea.Cmd {
	dept, month, seqs := m.review().monthItems(m.data)
	if len(seqs) == 0 {
		return nil
	}
	if _, has := m.backend.(batchReviewer); !m.offer(has, model.CanReview(m.actor)) {
		return nil
	}
	m.openDialog(dialogModel{kind: dlgApproveMonth, title: "tui.review.month.title", subject: dept,
		prompt: m.T("tui.review.month.prompt", dept, month.Format("2006-01"), len(seqs)), seqs: seqs})
	return nil
}

// approve approves the selected update of the queue (a) at once: approving
// needs no words, and an approval in error is undone by returning it.
func (m *Model) approve() tea.Cmd {
	it, ok := m.review().selected(m.data)
	if !ok || m.busy {
		return nil
	}
	r, has := m.backend.(reviewer)
	if !m.offer(has, model.CanReview(m.actor)) {
		return nil
	}
	if it.u.Review != model.ReviewPending && it.u.Review != "" {
		return nil // staff's own queue shows returned updates too
	}
	t := *m.data.rows[it.row].Task
	seq := it.u.Seq
	m.busy = true
	m.setStatus(m.T("tui.saving"), true)
	return actionCmd(func() error { return r.Review(seq, model.ReviewApproved, "") },
		m.T("tui.review.approvedok", taskSubject(t), model.FormatValue(it.u.Value)+t.Unit), false)
}

// openDepts starts assigning task id's lead and partners (e).
func (m *Model) openDepts(id string) tea.Cmd {
	t, ok := m.data.snap.Task(id)
	if !ok {
		return nil
	}
	if _, has := m.backend.(deptSetter); !m.offer(has, model.CanAdmin(m.actor)) {
		return nil
	}
	fields := []dialogField{
		{label: "tui.depts.lead", in: newField(t.Lead), required: true},
		{label: "tui.depts.partners", in: newField(strings.Join(t.Partners, "、")), hint: "tui.depts.hint"},
	}
	if _, ok := m.backend.(pacingSetter); ok { // the pacing profile and release cadence, where the backend can set them
		fields = append(fields,
			dialogField{label: "field.pacing", in: newField(m.data.snap.Plan.PacingOf(t).String()), hint: "tui.pacing.hint"},
			dialogField{label: "field.release", in: newField(t.Release), hint: "tui.release.hint"})
	}
	m.openDialog(dialogModel{kind: dlgDepts, title: "tui.depts.title", subject: taskSubject(t), taskID: id, fields: fields})
	return nil
}

// roles are the choices of a user's role, in the order ←/→ cycles them.
var roles = []string{string(model.RoleStaff), string(model.RoleSupervisor), string(model.RoleAdmin)}

// offer reports whether an action may start: the backend has it (has) and
// the acting user's role allows it (rule is nil). Otherwise the footer
// says why.
func (m *Model) offer(has bool, rule error) bool {
	switch {
	case !has:
		m.setStatus(m.T("tui.unsupported"), false)
	case rule != nil:
		m.setStatus(m.errText(rule), false)
	default:
		return true
	}
	return false
}

// userAdminOK says whether the actor may manage users here, and why not.
func (m *Model) userAdminOK() bool {
	if _, has := m.backend.(userAdmin); !m.offer(has, model.CanAdmin(m.actor)) {
		return false
	}
	return true
}

// openUserAdd starts adding a user (a on screen 5).
func (m *Model) openUserAdd() tea.Cmd {
	if !m.userAdminOK() {
		return nil
	}
	m.openDialog(dialogModel{kind: dlgUserAdd, title: "tui.user.addtitle", fields: []dialogField{
		{label: "tui.user.name", required: true},
		{label: "tui.user.role", choices: roles},
		{label: "tui.user.depts", hint: "tui.depts.hint"},
		{label: "tui.user.key", hint: "tui.user.keyhint"},
	}})
	return nil
}

// openUserEdit starts changing the selected user's role and departments
// (enter on screen 5).
func (m *Model) openUserEdit() tea.Cmd {
	u, ok := m.users().selected(m.data.snap)
	if !ok || !m.userAdminOK() {
		return nil
	}
	choice := 0
	for k, r := range roles {
		if r == string(u.Role) {
			choice = k
		}
	}
	m.openDialog(dialogModel{kind: dlgUserEdit, title: "tui.user.edittitle", subject: u.Name, user: u,
		fields: []dialogField{
			{label: "tui.user.role", choices: roles, choice: choice},
			{label: "tui.user.depts", in: newField(strings.Join(u.Depts, "、")), hint: "tui.depts.hint"},
		}})
	return nil
}

// openUserKey starts adding an SSH key to the selected user (K).
func (m *Model) openUserKey() tea.Cmd {
	u, ok := m.users().selected(m.data.snap)
	if !ok || !m.userAdminOK() {
		return nil
	}
	m.openDialog(dialogModel{kind: dlgUserKey, title: "tui.user.keytitle", subject: u.Name, user: u,
		fields: []dialogField{{label: "tui.user.key", required: true, hint: "tui.user.keypaste"}}})
	return nil
}

// openUserDel asks before removing the selected user (d). Nobody removes
// themselves: an administrator would lock themselves out.
func (m *Model) openUserDel() tea.Cmd {
	u, ok := m.users().selected(m.data.snap)
	if !ok || !m.userAdminOK() {
		return nil
	}
	if u.Name == m.actor.Name {
		m.setStatus(m.T("tui.user.self"), false)
		return nil
	}
	m.openDialog(dialogModel{kind: dlgUserDel, title: "tui.user.deltitle", subject: u.Name, user: u,
		prompt: m.T("tui.user.delprompt", u.Name)})
	return nil
}

// ── UPDATE ──────────────────────────────────────────────────────────────────

// dialogKey handles a key on a small form: only non-text keys act here,
// everything else goes to the focused input.
func (m *Model) dialogKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.keys
	d := m.dialog()
	d.fields = slices.Clone(d.fields) // an older Model may still hold them
	n := len(d.fields)
	var f *dialogField
	if d.focus < n {
		f = &d.fields[d.focus]
	}
	switch {
	case key.Matches(msg, k.Cancel):
		m.screen = d.from
	case key.Matches(msg, k.Save):
		return m.submitDialog()
	case n > 0 && key.Matches(msg, k.NextField):
		d.focus = (d.focus + 1) % n
	case n > 0 && key.Matches(msg, k.PrevField):
		d.focus = (d.focus + n - 1) % n
	case f != nil && f.choices != nil && key.Matches(msg, k.Choose):
		step := 1
		if msg.String() == "left" {
			step = len(f.choices) - 1
		}
		f.choice = (f.choice + step) % len(f.choices)
		d.err = ""
	case msg.String() == "f1":
		m.toggleHelp()
	case f != nil && f.choices == nil:
		if _, changed := f.in.update(msg); changed {
			d.err = ""
		}
	}
	return nil
}

// The dialog as a screen: every key goes to it first.

func (d *dialogModel) parent() screen { return d.from }

func (d *dialogModel) typed(m *Model, msg tea.KeyPressMsg) (bool, tea.Cmd) {
	return true, m.dialogKey(msg)
}

func (d *dialogModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd { return m.dialogKey(msg) }

func (d *dialogModel) paste(_ *Model, msg tea.PasteMsg) tea.Cmd {
	d.pasteText(msg)
	return nil
}

func (d *dialogModel) refresh(*Model, common) {}

func (d *dialogModel) bindings(m *Model, _ model.Can) []key.Binding {
	k := &m.keys
	keys := []key.Binding{k.Save, k.Cancel}
	if d.kind == dlgUserDel || d.kind == dlgApproveMonth {
		return []key.Binding{withDesc(k.Save, m.opts.Lang, "tui.key.confirm"), k.Cancel}
	}
	if len(d.fields) > 1 {
		keys = append(keys, k.NextField)
	}
	for _, f := range d.fields {
		if f.choices != nil {
			keys = append(keys, k.Choose)
			break
		}
	}
	return keys
}

func (d *dialogModel) view(_ *Model, c common) body {
	ls, cx, cy := d.draw(c)
	return body{lines: ls, cx: cx, cy: cy}
}

// paste puts pasted text into the focused input (an SSH key, most often).
func (d *dialogModel) pasteText(msg tea.PasteMsg) {
	if d.focus < len(d.fields) && d.fields[d.focus].choices == nil {
		d.fields = slices.Clone(d.fields)
		if _, changed := d.fields[d.focus].in.update(msg); changed {
			d.err = ""
		}
	}
}

// submitDialog checks the form and saves it in a command.
func (m *Model) submitDialog() tea.Cmd {
	d := m.dialog()
	if d.saving {
		return nil
	}
	for k := range d.fields {
		if f := &d.fields[k]; f.required && f.value() == "" {
			d.err, d.focus = m.T("tui.dlg.required", m.T(f.label)), k
			return nil
		}
	}
	cmd, err := m.dialogCmd()
	if err != nil {
		d.err = m.errText(err)
		return nil
	}
	if cmd != nil {
		d.saving, d.err = true, ""
	}
	return cmd
}

// dialogCmd validates the form of its kind and returns the command that
// saves it, or why it cannot be saved.
func (m *Model) dialogCmd() (tea.Cmd, error) {
	d := m.dialog()
	val := func(k int) string { return d.fields[k].value() }
	t, _ := m.data.snap.Task(d.taskID)
	switch d.kind {
	case dlgNote:
		n, ok := m.backend.(noter)
		if !ok {
			return nil, i18n.E("tui.unsupported")
		}
		id, text := d.taskID, val(0)
		return actionCmd(func() error { return n.AddNote(id, text) }, m.T("tui.note.saved", taskSubject(t)), true), nil
	case dlgReturn:
		r, ok := m.backend.(reviewer)
		if !ok {
			return nil, i18n.E("tui.unsupported")
		}
		seq, comment := d.seq, val(0)
		return actionCmd(func() error { return r.Review(seq, model.ReviewReturned, comment) },
			m.T("tui.review.returnedok", taskSubject(t)), true), nil
	case dlgUrge:
		u, ok := m.backend.(urger)
		if !ok {
			return nil, i18n.E("tui.unsupported")
		}
		replyBy, err := model.ParseDate(val(1))
		if err == nil {
			err = m.snap.Plan.CheckInPeriod(replyBy)
		}
		if err != nil {
			d.focus = 1
			return nil, err
		}
		id, comment := d.taskID, val(0)
		return actionCmd(func() error { return u.Urge(id, comment, replyBy) },
			m.T("tui.urge.saved", taskSubject(t), model.FormatDate(replyBy)), true), nil
	case dlgApproveMonth:
		r, ok := m.backend.(batchReviewer)
		if !ok {
			return nil, i18n.E("tui.unsupported")
		}
		seqs := d.seqs
		return actionCmd(func() error { return r.ReviewMany(seqs, model.ReviewApproved, "") },
			m.T("tui.review.month.ok", len(seqs), d.subject), true), nil
	case dlgDepts:
		s, ok := m.backend.(deptSetter)
		if !ok {
			return nil, i18n.E("tui.unsupported")
		}
		id, lead, partners := d.taskID, val(0), splitList(val(1))
		ps, withPacing := m.backend.(pacingSetter)
		if !withPacing || len(d.fields) < 4 {
			return actionCmd(func() error { return s.SetDepts(id, lead, partners) },
				m.T("tui.depts.saved", taskSubject(t)), true), nil
		}
		pacing, release := val(2), val(3)
		if _, err := model.ParsePacing(pacing, m.data.snap.Plan.Start.Year()); err != nil {
			d.focus = 2
			return nil, err
		}
		if _, err := model.ParseRelease(release); err != nil {
			d.focus = 3
			return nil, err
		}
		return actionCmd(func() error {
			if err := s.SetDepts(id, lead, partners); err != nil {
				return err
			}
			return ps.SetPacing(id, pacing, release)
		}, m.T("tui.depts.saved", taskSubject(t)), true), nil
	}
	return m.userCmd()
}

// userCmd validates and saves the user dialogs.
func (m *Model) userCmd() (tea.Cmd, error) {
	d := m.dialog()
	a, ok := m.backend.(userAdmin)
	if !ok {
		return nil, i18n.E("tui.unsupported")
	}
	users := m.data.snap.Users
	u := d.user
	u.Depts = append([]string(nil), u.Depts...)
	u.Keys = append([]string(nil), u.Keys...)
	var keyText string
	switch d.kind {
	case dlgUserDel:
		name := u.Name
		return actionCmd(func() error { return a.DeleteUser(name) }, m.T("tui.user.deleted", name), true), nil
	case dlgUserAdd:
		u = model.User{Name: d.fields[0].value(), Role: model.Role(d.fields[1].value()), Depts: splitList(d.fields[2].value())}
		keyText = d.fields[3].value()
		if !model.ValidUserName(u.Name) {
			d.focus = 0
			return nil, i18n.E("err.store.user.name", u.Name)
		}
		for _, o := range users {
			if o.Name == u.Name {
				d.focus = 0
				return nil, i18n.E("err.user.exists", u.Name)
			}
		}
	case dlgUserEdit:
		u.Role, u.Depts = model.Role(d.fields[0].value()), splitList(d.fields[1].value())
	case dlgUserKey:
		keyText = d.fields[0].value()
	}
	if u.Role == model.RoleStaff && len(u.Depts) == 0 && d.kind != dlgUserKey {
		d.focus = deptsField(d.kind)
		return nil, i18n.E("tui.user.nodept")
	}
	if keyText != "" {
		k, err := parseKey(keyText)
		if err != nil {
			d.focus = len(d.fields) - 1
			return nil, err
		}
		if err := model.KeyFree(users, u.Name, k); err != nil {
			d.focus = len(d.fields) - 1
			return nil, err
		}
		u.Keys = append(u.Keys, k)
	}
	ok2 := map[dialogKind]string{dlgUserAdd: "tui.user.added", dlgUserEdit: "tui.user.changed", dlgUserKey: "tui.user.keyadded"}
	msg := m.T(ok2[d.kind], u.Name, m.T("access.role."+string(u.Role)))
	return actionCmd(func() error { return a.PutUser(u) }, msg, true), nil
}

// deptsField is the index of the departments input of a user dialog.
func deptsField(k dialogKind) int {
	if k == dlgUserAdd {
		return 2
	}
	return 1
}

// splitList reads departments typed as one line: separated by 、 or
// commas or semicolons (either width), trimmed, without blanks or repeats.
func splitList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == '\n'
	})
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// actionDone takes the result of a change: the dialog closes and the
// confirmation shows, or the dialog stays with the refusal. Either way the
// data is reloaded (the subscription would too, a moment later).
func (m *Model) actionDone(msg actionMsg) tea.Cmd {
	open := msg.dialog && m.dialog().saving // the form that asked is still waiting
	if msg.dialog {
		m.dialog().saving = false
	} else {
		m.busy = false
	}
	if msg.err != nil {
		text := m.errText(msg.err)
		if open {
			m.dialog().err = text
		}
		m.setStatus(m.T("tui.action.refused", text), false)
	} else {
		if open && m.screen == screenDialog {
			m.screen = m.dialog().from
		}
		m.setStatus(msg.ok, true)
	}
	m.loadSeq++
	return loadCmdCached(m.backend, m.loadSeq, m.esc)
}

// ── VIEW ────────────────────────────────────────────────────────────────────

// view draws the dialog and returns the real cursor's position in the body.
func (d *dialogModel) draw(c common) ([]string, int, int) {
	st := c.st
	var lines []string
	add := func(s string) { lines = append(lines, s) }
	title := st.Title.paint(c.T(d.title))
	if d.subject != "" {
		title += "  " + st.Bold.paint(d.subject)
	}
	add(title)
	add("")
	if d.prompt != "" {
		for _, l := range wrap(d.prompt, c.width-2) {
			add(l)
		}
		add("")
	}
	lw := 0
	for _, f := range d.fields {
		lw = max(lw, width(c.T(f.label)))
	}
	labelW := 2 + lw + 3
	iw := max(8, c.width-labelW-1)
	cx, cy := -1, -1
	for k := range d.fields {
		f := &d.fields[k]
		cur := "  "
		label := c.cell(c.T(f.label), lw)
		if k == d.focus {
			cur = st.Selected.paint(st.g.cursor) + " "
			label = st.Bold.paint(label)
		}
		req := "   "
		if f.required {
			req = st.Required.paint(" * ")
		}
		var in string
		if f.choices != nil {
			choice := c.T("access.role." + f.choices[f.choice])
			ink := st.Field
			if k == d.focus {
				ink = st.FieldFocus
			}
			in = st.Muted.paint(st.g.choiceL) + " " + ink.paint(choice) + " " + st.Muted.paint(st.g.choiceR)
		} else {
			ink := st.Field
			if k == d.focus {
				ink = st.FieldFocus
			}
			var x int
			in, x = f.in.view(iw, ink, st.Muted)
			if k == d.focus {
				cx, cy = labelW+x, len(lines)
			}
		}
		add(cur + label + req + in)
		if f.hint != "" {
			add(strings.Repeat(" ", labelW) + st.Muted.paint(c.T(f.hint)))
		}
	}
	add("")
	lines = append(lines, outcome(c, d.saving, "tui.saving", d.err)...)
	return lines, cx, cy
}
