package tui

import (
	"bytes"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"

	"duban/i18n"
	"duban/model"
)

// usersModel is screen 5, for administrators: every user with their role,
// departments and number of SSH keys. a adds one, enter changes the
// selected one's role and departments, K adds a key, d removes them.
type usersModel struct {
	listPos // over the users; the selection is a name
}

const screenUsers screen = "users"

func (v *usersModel) rowsHeight(c common) int { return max(1, c.height-2) }

func userAt(s *model.Snapshot) func(int) string { return func(k int) string { return s.Users[k].Name } }

// refresh keeps the cursor on the same user after a reload.
func (v *usersModel) refresh(m *Model, c common) {
	s := m.data.snap
	v.keep(len(s.Users), userAt(s))
	v.follow(v.rowsHeight(c), len(s.Users))
}

// selected is the user under the cursor.
func (v *usersModel) selected(s *model.Snapshot) (model.User, bool) {
	if v.cursor < len(s.Users) {
		return s.Users[v.cursor], true
	}
	return model.User{}, false
}

func (v *usersModel) wheel(m *Model, c common, n int) {
	s := m.data.snap
	v.by(n, v.rowsHeight(c), len(s.Users))
	v.mark(len(s.Users), userAt(s))
}

// click selects the row at body line y (two lines of headings above).
func (v *usersModel) click(m *Model, c common, y int) {
	s := m.data.snap
	if v.pick(y-2, len(s.Users)) {
		v.mark(len(s.Users), userAt(s))
	}
}

func (v *usersModel) bindings(m *Model, _ model.Can) []key.Binding {
	k := &m.keys
	return []key.Binding{k.UserAdd, withDesc(k.Open, m.opts.Lang, "tui.key.useredit"), k.UserDel, k.UserKey,
		k.Up, k.Down, k.Help, k.Quit}
}

// key handles the keys of screen 5.
func (v *usersModel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := &m.keys
	switch {
	case key.Matches(msg, k.UserAdd):
		return m.openUserAdd()
	case key.Matches(msg, k.Open):
		return m.openUserEdit()
	case key.Matches(msg, k.UserDel):
		return m.openUserDel()
	case key.Matches(msg, k.UserKey):
		return m.openUserKey()
	}
	c := m.common()
	s := m.data.snap
	if v.step(msg, c.keys, v.rowsHeight(c), len(s.Users)) {
		v.mark(len(s.Users), userAt(s))
	}
	return nil
}

// view draws the users as a table.
func (v *usersModel) view(m *Model, c common) body {
	return lines(v.table(c, m.data.snap, m.actor.Name), true)
}

func (v *usersModel) table(c common, s *model.Snapshot, self string) []string {
	st := c.st
	lines := []string{c.fit(c.T("tui.users.info", len(s.Users)), c.width)}
	nw := max(width(c.T("tui.col.user")), 4)
	for _, u := range s.Users {
		nw = max(nw, width(u.Name)+width(c.T("tui.users.you")))
	}
	nw = min(nw, 20)
	rw := width(c.T("tui.col.role"))
	for _, r := range roles {
		rw = max(rw, width(c.T("access.role."+r)))
	}
	kw := max(4, width(c.T("tui.col.keys")))
	dw := max(6, c.width-2-nw-1-rw-1-kw-1)
	var h seg
	h.spaces(2)
	h.cell(c, st.Muted, c.T("tui.col.user"), nw)
	h.spaces(1)
	h.cell(c, st.Muted, c.T("tui.col.role"), rw)
	h.spaces(1)
	h.cell(c, st.Muted, c.T("tui.col.depts"), dw)
	h.spaces(1)
	h.cellRight(c, st.Muted, c.T("tui.col.keys"), kw)
	lines = append(lines, h.line(c, c.width))
	if len(s.Users) == 0 {
		return append(lines, c.fit("  "+c.T("tui.users.none"), c.width))
	}
	end := min(len(s.Users), v.offset+v.rowsHeight(c))
	for k := v.offset; k < end; k++ {
		u := s.Users[k]
		var r seg
		nameInk := r.lead(c, k == v.cursor)
		name := u.Name
		if u.Name == self {
			name += c.T("tui.users.you")
		}
		r.cell(c, nameInk, name, nw)
		r.spaces(1)
		role := string(u.Role)
		if u.Role.Valid() {
			role = c.T("access.role." + role)
		}
		r.cell(c, ink{}, role, rw)
		r.spaces(1)
		depts := "-"
		if len(u.Depts) > 0 {
			depts = strings.Join(u.Depts, "、")
		}
		r.cell(c, ink{}, depts, dw)
		r.spaces(1)
		n := strconv.Itoa(len(u.Keys))
		kink := ink{}
		if len(u.Keys) == 0 {
			kink = st.Muted
		}
		r.cellRight(c, kink, n, kw)
		lines = append(lines, r.line(c, c.width))
	}
	return lines
}

// parseKey reads one SSH public key in authorized_keys form, as pasted,
// and renders it back as the server keeps keys: type, base64 and comment,
// options dropped.
func parseKey(text string) (string, error) {
	text = strings.TrimSpace(text)
	if strings.Contains(text, "PRIVATE KEY") {
		return "", i18n.E("tui.user.private")
	}
	pk, comment, _, rest, err := gossh.ParseAuthorizedKey([]byte(text))
	if err != nil || len(bytes.TrimSpace(rest)) > 0 {
		return "", i18n.E("tui.user.badkey")
	}
	s := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk)))
	if comment != "" {
		s += " " + comment
	}
	return s, nil
}
