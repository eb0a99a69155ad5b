package tui

import (
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"

	"duban/i18n"
	"duban/model"
)

// ── MODEL ───────────────────────────────────────────────────────────────────

// The inputs of the form, top to bottom.
const (
	fieldValue    = iota // 本期累计值 (or milestone percent)
	fieldDate            // 报告日期
	fieldNote            // 进展情况
	fieldProblems        // 存在问题
	fieldNext            // 下一步措施
	numFields
)

var fieldLabels = [numFields]string{
	"tui.form.value", "tui.form.date", "tui.form.note", "tui.form.problems", "tui.form.next",
}

const screenForm screen = "form"

// formModel is the progress report (填报) of one task. It validates as the
// user types, with the parser and rules the CLI and the store use
// (model.ParseValue, model.CheckUpdate), and previews the new value on the
// task's bar.
type formModel struct {
	from   screen
	taskID string
	rev    uint64 // the task's revision when the form was opened: a save fails if it moved
	adopt  bool   // a save was refused as outdated: take the task's revision of the next load
	fields [numFields]field
	focus  int
	saving bool
	prev   *model.Update // the task's latest update, for "no change" and pre-filling

	// Validation, recomputed after every change.
	value    decimal.Decimal
	valueErr string // empty when the value parses (or is still empty)
	date     time.Time
	dateErr  string
	needs    bool       // the value leaves the task behind: problems and next steps required
	preview  model.Eval // the task at the form's date with the new value
	havePrev bool       // preview is valid
	err      string     // why the last enter did not save
	refused  bool       // the backend refused a save: esc keeps what was typed
	confirm  bool       // plausibility warnings shown: the next enter saves confirmed
}

// openForm starts a report on task id: the value field has focus, the date
// is the view's as-of date, problems and next steps carry over from the
// previous report so that "no change" is quick. Someone who may not report
// on the task (model.CanUpdate) gets the reason instead of a form. A report
// closed after a refusal comes back as it was left.
func (m *Model) openForm(id string) tea.Cmd {
	t, ok := m.data.snap.Task(id)
	if !ok {
		return nil
	}
	if err := model.CanUpdate(m.actor, t); err != nil {
		m.setStatus(m.errText(err), false)
		return nil
	}
	if d := m.draft; d != nil && d.taskID == id {
		m.draft = nil
		*m.form() = *d
		m.form().from, m.form().saving = m.screen, false
		m.form().revalidate(m.data, m.common())
		m.screen = screenForm
		return nil
	}
	m.draft = nil
	f := formModel{from: m.screen, taskID: id, rev: t.Rev}
	f.fields[fieldDate] = newField(model.FormatDate(m.asOf))
	if last := model.LatestAsOf(m.data.snap.History[id], m.asOf); last != nil { // never one dated after the view
		p := *last
		f.prev = &p
		f.fields[fieldProblems] = newField(p.Problems)
		f.fields[fieldNext] = newField(p.Next)
		f.fields[fieldValue].placeholder = m.T("tui.form.last", model.FormatValue(p.Value)+t.Unit)
	}
	f.validate(m.data, m.common())
	*m.form() = f
	m.screen = screenForm
	return nil
}

// refresh re-validates against a newer snapshot. The form keeps the
// revision it was opened at, so a report prepared against an older state
// of the task is refused rather than silently saved over someone else's
// change; only after that refusal, once the person has been told what
// changed, does it take the new revision (and the new previous report), so
// that saving again goes through.
func (f *formModel) revalidate(d *derived, c common) {
	if t, ok := d.snap.Task(f.taskID); ok && f.adopt && t.Rev != f.rev {
		f.rev, f.adopt = t.Rev, false
		if last := model.LatestAsOf(d.snap.History[f.taskID], d.asOf); last != nil {
			p := *last
			f.prev = &p
			f.fields[fieldValue].placeholder = c.T("tui.form.last", model.FormatValue(p.Value)+t.Unit)
		}
	}
	f.validate(d, c)
}

// update builds the update the form describes.
func (f *formModel) update(user string) model.Update {
	return model.Update{
		TaskID:   f.taskID,
		Value:    f.value,
		AsOf:     f.date,
		Note:     strings.TrimSpace(f.fields[fieldNote].Value()),
		Problems: strings.TrimSpace(f.fields[fieldProblems].Value()),
		Next:     strings.TrimSpace(f.fields[fieldNext].Value()),
		By:       user,
	}
}

// validate parses the value and the date and works out the preview and
// whether problems and next steps are required.
func (f *formModel) validate(d *derived, c common) {
	t, _ := d.snap.Task(f.taskID)
	plan := d.snap.Plan
	f.valueErr, f.dateErr, f.needs, f.havePrev = "", "", false, false
	f.fields[fieldProblems].placeholder, f.fields[fieldNext].placeholder = "", ""
	valueOK := false
	if s := strings.TrimSpace(f.fields[fieldValue].Value()); s != "" {
		v, err := model.ParseValue(s, t.Unit)
		if err == nil {
			err = model.ValidateValue(t, v)
		}
		if err != nil {
			f.valueErr = i18n.Message(c.lang, err)
		} else {
			f.value, valueOK = v, true
		}
	}
	date, err := model.ParseDate(f.fields[fieldDate].Value())
	if err == nil {
		err = plan.CheckInPeriod(date)
	}
	if err != nil {
		f.dateErr = i18n.Message(c.lang, err)
		return
	}
	f.date = date
	if !valueOK {
		return
	}
	u := f.update("")
	hist := d.snap.History[f.taskID]
	f.needs = model.NeedsExplanation(plan, t, hist, u)
	if f.needs {
		f.fields[fieldProblems].placeholder = c.T("tui.form.required")
		f.fields[fieldNext].placeholder = c.T("tui.form.required")
	}
	f.preview = previewEval(plan, t, hist, u)
	f.havePrev = true
}

// ── UPDATE ──────────────────────────────────────────────────────────────────

// formKey handles a key on the form. Letters go to the focused input, so
// only non-text keys act here: enter saves, esc cancels, tab and the arrows
// move between inputs, ctrl+r repeats the previous value, f1 is help.
func (m *Model) formKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.keys
	f := m.form()
	c := m.common()
	switch {
	case key.Matches(msg, k.Cancel):
		m.screen = f.from
		if f.refused {
			d := *f
			m.draft = &d // u on the task brings it back
		}
		return nil
	case key.Matches(msg, k.Save):
		return m.submit()
	case key.Matches(msg, k.NextField):
		f.focus = (f.focus + 1) % numFields
	case key.Matches(msg, k.PrevField):
		f.focus = (f.focus + numFields - 1) % numFields
	case key.Matches(msg, k.SameValue):
		if f.prev != nil {
			f.fields[fieldValue].set(model.FormatValue(f.prev.Value))
			f.focus = fieldValue
			f.validate(m.data, c)
		}
	case msg.String() == "f1":
		m.toggleHelp()
	default:
		if _, changed := f.fields[f.focus].update(msg); changed {
			f.err, f.confirm = "", false
			f.validate(m.data, c)
		}
	}
	return nil
}

// The form as a screen: every key goes to it first.

func (f *formModel) parent() screen { return f.from }

func (f *formModel) typed(m *Model, msg tea.KeyPressMsg) (bool, tea.Cmd) { return true, m.formKey(msg) }

func (f *formModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd { return m.formKey(msg) }

func (f *formModel) paste(m *Model, msg tea.PasteMsg) tea.Cmd {
	f.pasteText(msg, m.data, m.common())
	return nil
}

// refresh re-validates against newer data while the form is open.
func (f *formModel) refresh(m *Model, c common) {
	if m.screen == screenForm {
		f.revalidate(m.data, c)
	}
}

func (f *formModel) bindings(m *Model, _ model.Can) []key.Binding {
	k := &m.keys
	return []key.Binding{k.Save, k.Cancel, k.NextField, k.SameValue, k.Help}
}

func (f *formModel) view(m *Model, c common) body {
	ls, cx, cy := f.draw(c, m.data)
	return body{lines: ls, cx: cx, cy: cy}
}

// paste puts pasted text into the focused input.
func (f *formModel) pasteText(msg tea.PasteMsg, d *derived, c common) {
	if _, changed := f.fields[f.focus].update(msg); changed {
		f.validate(d, c)
	}
}

// submit checks the form as the store will and saves it in a command.
func (m *Model) submit() tea.Cmd {
	f := m.form()
	if f.saving {
		return nil
	}
	c := m.common()
	f.validate(m.data, c)
	switch {
	case strings.TrimSpace(f.fields[fieldValue].Value()) == "":
		f.err, f.focus = i18n.Message(c.lang, model.ErrEmptyValue), fieldValue
		return nil
	case f.valueErr != "":
		f.err, f.focus = f.valueErr, fieldValue
		return nil
	case f.dateErr != "":
		f.err, f.focus = f.dateErr, fieldDate
		return nil
	}
	t, _ := m.data.snap.Task(f.taskID)
	u := f.update(m.actor.Name)
	if err := model.CheckUpdate(m.data.snap.Plan, t, m.data.snap.History[f.taskID], u); err != nil {
		f.err = i18n.Message(c.lang, err)
		if f.needs {
			f.focus = fieldProblems
			if strings.TrimSpace(f.fields[fieldProblems].Value()) != "" {
				f.focus = fieldNext
			}
		}
		return nil
	}
	u.Confirmed = f.confirm // the store's plausibility warnings were shown: enter again confirms
	f.saving, f.err = true, ""
	from := 0.0
	if i, ok := m.data.row(f.taskID); ok && m.data.hasProg[i] {
		from = m.data.prog[i]
	}
	return saveCmd(m.backend, u, f.rev, from)
}

// saved closes the form; the next snapshot starts the bar animation from
// the old value to the new one.
func (m *Model) saved(msg savedMsg) tea.Cmd {
	if m.screen == screenForm && m.form().taskID == msg.u.TaskID {
		m.screen = m.form().from
	}
	m.form().saving = false
	m.draft = nil
	m.anim.pending, m.anim.pendingFrom = msg.u.TaskID, msg.fromPct
	name := msg.u.TaskID
	if t, ok := m.data.snap.Task(msg.u.TaskID); ok {
		name = t.Name + " " + model.FormatValue(msg.u.Value) + t.Unit
	}
	m.setStatus(m.T("tui.form.saved", name, model.FormatDate(msg.u.AsOf)), true)
	m.loadSeq++
	return loadCmdCached(m.backend, m.loadSeq, m.esc)
}

// saveCmd records the update.
func saveCmd(b Backend, u model.Update, rev uint64, from float64) tea.Cmd {
	return func() tea.Msg {
		saved, err := b.AddUpdate(u, rev)
		if err != nil {
			return saveErrMsg{err: err}
		}
		return savedMsg{u: saved, fromPct: from}
	}
}

// saveRefused handles a refused report. The form stays open with what was
// typed and says why; the data is reloaded, since a refusal may mean the
// task changed under us (another session saved, reviewed or urged first).
// After an outdated-state refusal the sentence names who changed the task
// to what, and saving again, once the person has looked, goes through.
func (m *Model) saveRefused(msg saveErrMsg) tea.Cmd {
	f := m.form()
	f.saving, f.refused = false, true
	text := m.errText(msg.err)
	// Plausibility warnings (the store's rule): shown; the next enter
	// resubmits confirmed, unless the value changes first.
	if pe := (*model.PlausibilityError)(nil); errors.As(msg.err, &pe) {
		f.confirm, text = true, m.T("cycle.tui.confirm", text)
	}
	if c, ok := conflictOf(msg.err); ok {
		f.adopt = true
		text = m.conflictText(c, f)
		if m.data != nil {
			// The newer state may be on screen already (a live update came
			// first): then the reload brings nothing new to adopt from.
			f.revalidate(m.data, m.common())
		}
	}
	f.err = text
	m.setStatus(m.T("tui.form.refused", text), false)
	m.loadSeq++
	return loadCmdCached(m.backend, m.loadSeq, m.esc)
}

// conflict is what the store's optimistic-lock refusal carries.
type conflict struct {
	taskID string
	latest model.Update // the task's latest update; zero when the change was not one
	unit   string
}

// conflictText says what changed: the newer update, who made it and its
// figures, or that something other than an update (a review, an urge, the
// departments) changed the task.
func (m *Model) conflictText(c conflict, f *formModel) string {
	u := c.latest
	known := uint64(0)
	if f.prev != nil {
		known = f.prev.Seq
	}
	if u.Seq == 0 || u.Seq <= known {
		return m.T("tui.conflict.other")
	}
	unit := c.unit
	if t, ok := m.data.snap.Task(c.taskID); ok && unit == "" {
		unit = t.Unit
	}
	at := "-"
	if !u.At.IsZero() {
		at = clockTime(u.At)
	}
	return m.T("tui.conflict.by", u.By, at, model.FormatValue(u.Value)+unit, model.FormatDate(u.AsOf))
}

// errText renders an error in the interface language; the store's
// conflict (a *model.ConflictError) gets the form's own sentence.
func (m *Model) errText(err error) string {
	if _, ok := conflictOf(err); ok {
		return m.T("tui.form.conflict")
	}
	return i18n.Message(m.opts.Lang, err)
}

// conflictOf recognises the store's optimistic-lock refusal anywhere in
// err's chain, and reads it.
func conflictOf(err error) (conflict, bool) {
	var ce *model.ConflictError
	if !errors.As(err, &ce) {
		return conflict{}, false
	}
	return conflict{taskID: ce.TaskID, latest: ce.Latest, unit: ce.Unit}, true
}

// ── VIEW ────────────────────────────────────────────────────────────────────

// view draws the form and returns the real cursor's position in the body.
func (f *formModel) draw(c common, d *derived) ([]string, int, int) {
	st := c.st
	t, _ := d.snap.Task(f.taskID)
	i, ok := d.row(f.taskID)
	if !ok { // removed by a plan import while the form was open
		return []string{c.T("tui.detail.gone")}, -1, -1
	}
	r := d.rows[i]
	var lines []string
	add := func(s string) { lines = append(lines, s) }

	add(st.Title.paint(c.T("tui.form.title")) + "  " + st.Bold.paint(t.ID+" "+t.Name))
	last := c.T("tui.form.none")
	if f.prev != nil {
		last = model.FormatValue(f.prev.Value) + t.Unit + " (" + model.FormatDate(f.prev.AsOf) + ")"
	}
	target := t.TargetText()
	if target == "" {
		target = i18n.Kind(c.lang, model.KindMilestone)
	}
	add(st.Muted.paint(c.T("tui.form.target")) + " " + target + "   " +
		st.Muted.paint(c.T("tui.form.prev")) + " " + last)

	// The bar previews the new value at the form's date.
	e := r.Eval
	if f.havePrev {
		e = f.preview
	}
	bw := max(10, min(40, c.width-40))
	pct, pctS := 0.0, "-"
	if e.Progress.Valid {
		pct, pctS = f64(e.Progress.Decimal), decPct(e.Progress.Decimal)
	}
	tp := f64(e.TimeProgress)
	if !t.Kind.Paced() {
		tp = 100
	}
	add("")
	add(st.bar(bw, pct, tp, e.Status) + " " + padRight(pctS, 7) + c.statusText(e.Status) + "  " +
		paceNote(c, t, e))
	add("")

	lw := 0
	for _, l := range fieldLabels {
		lw = max(lw, width(c.T(l)))
	}
	labelW := 2 + lw + 3
	unit := t.Unit
	cx, cy := -1, -1
	for k := range numFields {
		cur := "  "
		if k == f.focus {
			cur = st.Selected.paint(st.g.cursor) + " "
		}
		label := c.cell(c.T(fieldLabels[k]), lw)
		if k == f.focus {
			label = st.Bold.paint(label)
		}
		req := "   "
		if f.needs && (k == fieldProblems || k == fieldNext) {
			req = st.Required.paint(" * ")
		}
		iw := max(8, c.width-labelW-1)
		suffix := ""
		if k == fieldValue {
			iw = max(8, min(24, c.width-labelW-width(unit)-2))
			suffix = " " + unit
		} else if k == fieldDate {
			iw = max(8, min(24, iw))
		}
		ink := st.Field
		if k == f.focus {
			ink = st.FieldFocus
		}
		in, x := f.fields[k].view(iw, ink, st.Muted)
		if k == f.focus {
			cx, cy = labelW+x, len(lines)
		}
		add(cur + label + req + in + suffix)
		// The value always has its hint line, so the form does not jump
		// as the hint comes and goes while typing.
		if hint := f.hint(k, c, t); hint != "" || k == fieldValue {
			add(strings.Repeat(" ", labelW) + hint)
		}
	}
	add("")
	lines = append(lines, outcome(c, f.saving, "tui.form.saving", f.err)...)
	return lines, cx, cy
}

// hint is the line under an input: its error, or what the value means.
func (f *formModel) hint(k int, c common, t model.Task) string {
	st := c.st
	switch k {
	case fieldValue:
		if f.valueErr != "" {
			return st.Error.paint(f.valueErr)
		}
		if f.havePrev {
			return st.Muted.paint("= " + model.FormatValue(f.value) + t.Unit)
		}
	case fieldDate:
		if f.dateErr != "" {
			return st.Error.paint(f.dateErr)
		}
	}
	return ""
}
