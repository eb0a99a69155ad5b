package model

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	gossh "golang.org/x/crypto/ssh"

	"duban/i18n"
)

// Access rules: who may do what. They are pure functions of a user (and a
// task) so that the SSH server, the TUI and the command line apply the same
// rules and can say why in one sentence. Each returns nil when allowed and
// an *AccessError (keys err.access.*) when not. The store applies them
// inside the transaction that writes (the one judge); the screens ask
// them only to decide what to offer.
//
//   - staff (填报员) see everything, record updates on tasks their
//     department leads and add notes where their department is a partner;
//   - supervisors (督查室) see everything, review and urge, and never change
//     a value;
//   - admins may do all of that and manage users and departments.

// CanReport reports whether u may record progress updates at all, on
// whatever task: admins and staff with a department; supervisors never.
func CanReport(u User) error {
	switch u.Role {
	case RoleAdmin:
		return nil
	case RoleSupervisor:
		return denied("err.access.update.supervisor", u.Name)
	case RoleStaff:
		if len(u.Depts) == 0 {
			return denied("err.access.nodept", u.Name)
		}
		return nil
	}
	return errRole(u)
}

// CanUpdate reports whether u may record a progress update on t: admins
// always, staff only on tasks led by one of their departments, supervisors
// never.
func CanUpdate(u User, t Task) error {
	if err := CanReport(u); err != nil || u.Role == RoleAdmin {
		return err
	}
	if InDepts(u, t.Lead) {
		return nil
	}
	return denied("err.access.update.dept", u.Name, t.ID, t.Lead, JoinList(u.Depts))
}

// CanNote reports whether u may add a note (a comment without a value) to
// t: admins always, staff where one of their departments leads or partners
// the task. Supervisors speak through reviews and urges instead.
func CanNote(u User, t Task) error {
	switch u.Role {
	case RoleAdmin:
		return nil
	case RoleSupervisor:
		return denied("err.access.note.supervisor", u.Name)
	case RoleStaff:
		if len(u.Depts) == 0 {
			return denied("err.access.nodept", u.Name)
		}
		if InDepts(u, t.Lead) || slices.ContainsFunc(t.Partners, func(p string) bool { return InDepts(u, p) }) {
			return nil
		}
		return denied("err.access.note.dept", u.Name, t.ID, JoinList(u.Depts))
	}
	return errRole(u)
}

// CanReview reports whether u may approve or return updates (审核).
func CanReview(u User) error {
	switch u.Role {
	case RoleAdmin, RoleSupervisor:
		return nil
	case RoleStaff:
		return denied("err.access.review", u.Name)
	}
	return errRole(u)
}

// CanUrge reports whether u may mark a task 督办 (urged).
func CanUrge(u User) error {
	switch u.Role {
	case RoleAdmin, RoleSupervisor:
		return nil
	case RoleStaff:
		return denied("err.access.urge", u.Name)
	}
	return errRole(u)
}

// CanAdmin reports whether u may manage users and assign departments.
func CanAdmin(u User) error {
	switch u.Role {
	case RoleAdmin:
		return nil
	case RoleStaff, RoleSupervisor:
		return denied("err.access.admin", u.Name)
	}
	return errRole(u)
}

// InDepts reports whether dept is one of u's departments. Names are
// compared exactly after trimming spaces: 市教育局 is not 市教育局机关.
func InDepts(u User, dept string) bool {
	dept = strings.TrimSpace(dept)
	if dept == "" {
		return false
	}
	return slices.ContainsFunc(u.Depts, func(d string) bool { return strings.TrimSpace(d) == dept })
}

// DeptMatcher is InDepts(u, dept) with u fixed, for matching the
// departments of many tasks: u's are trimmed once, and a name with
// nothing to trim is not copied through TrimSpace's slow path.
func DeptMatcher(u User) func(dept string) bool {
	own := make([]string, 0, len(u.Depts))
	for _, d := range u.Depts {
		if d = strings.TrimSpace(d); d != "" {
			own = append(own, d)
		}
	}
	return func(dept string) bool {
		if len(own) == 0 || dept == "" {
			return false
		}
		if !untrimmed(dept) {
			dept = strings.TrimSpace(dept)
		}
		return dept != "" && slices.Contains(own, dept)
	}
}

// untrimmed reports whether s (not empty) neither starts nor ends with a
// space: with a rune above U+3000 (the last space of Unicode) or printable
// ASCII at each end.
func untrimmed(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	plain := func(r rune) bool { return r > 0x3000 && r != utf8.RuneError || r > ' ' && r < 0x7f }
	return plain(first) && plain(last)
}

func errRole(u User) error { return denied("err.access.role", u.Name, string(u.Role)) }

// Actor is who asks for a change. The store resolves it to a User
// (ResolveActor) inside the transaction that writes, from the users as
// they are then, so a role taken away or a user removed a moment earlier
// applies at once.
type Actor struct {
	Name string    // the user's name; for the local administrator, the OS user's
	Kind ActorKind // how Name is to be resolved
}

// ActorKind says where an actor comes from, which decides what a name
// that is not a user of the file means.
type ActorKind uint8

const (
	// ActorUser is a user of the file by name: an SSH session, or a
	// command run over SSH. It is refused when the file has no such user,
	// or no longer has it.
	ActorUser ActorKind = iota
	// ActorNamed is --user NAME at the file's own terminal: where the file
	// has users, NAME must be one of them; a file without users has
	// nobody to name, and NAME acts as its local administrator.
	ActorNamed
	// ActorLocal is the person at the file's own terminal without --user:
	// the local administrator (the file is theirs), recorded under their
	// OS user name.
	ActorLocal
)

// SessionActor is the user name of an SSH session.
func SessionActor(name string) Actor { return Actor{Name: name, Kind: ActorUser} }

// NamedActor is --user name at the file's own terminal.
func NamedActor(name string) Actor { return Actor{Name: name, Kind: ActorNamed} }

// LocalActor is the local administrator, the OS user osName.
func LocalActor(osName string) Actor { return Actor{Name: osName, Kind: ActorLocal} }

// ResolveActor is the user a acts as: found is the file's user of a's
// name (nil when there is none) and hasUsers whether the file has any.
// A refusal is an *AccessError.
func ResolveActor(a Actor, found *User, hasUsers bool) (User, error) {
	name := strings.TrimSpace(a.Name)
	switch {
	case name == "":
		return User{}, denied("err.store.by")
	case a.Kind == ActorLocal:
		return User{Name: name, Role: RoleAdmin}, nil
	case found != nil:
		return *found, nil
	case a.Kind == ActorNamed && !hasUsers:
		return User{Name: name, Role: RoleAdmin}, nil
	case a.Kind == ActorNamed:
		return User{}, denied("err.actor.unknown", name)
	}
	return User{}, denied("server.err.user.gone", name)
}

// ValidUserName reports whether name can be a user's: not empty, no
// spaces or control characters, so that it can be typed on a command line
// and shown in a column.
func ValidUserName(name string) bool {
	return name != "" && !strings.ContainsFunc(name, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	})
}

// CheckUser checks a user's own record: a valid name and role, and for
// staff at least one department. Keys and departments against the rest of
// the file are CheckKeys's and the store's.
func CheckUser(u User) error {
	switch {
	case !ValidUserName(u.Name):
		return i18n.E("err.store.user.name", u.Name)
	case !u.Role.Valid():
		return i18n.E("err.store.user.role", u.Name, string(u.Role))
	case u.Role == RoleStaff && !slices.ContainsFunc(u.Depts, func(d string) bool { return strings.TrimSpace(d) != "" }):
		return i18n.E("err.user.nodept", u.Name)
	}
	return nil
}

// A key identifies one user: the SSH server tells who logged in by the
// key alone. KeyFree and CheckKeys are that rule, the store enforces it
// in PutUser, and the screens ask KeyFree before they offer to save.

// KeyFree refuses key for the user named name when that user holds it
// already or another user of users does; a key that does not parse is
// refused too.
func KeyFree(users []User, name, key string) error {
	want, _, _, _, err := gossh.ParseAuthorizedKey([]byte(key))
	if err != nil {
		return i18n.E("err.user.key.bad", name, shortKey(key))
	}
	fp := gossh.FingerprintSHA256(want)
	for _, o := range users {
		if slices.ContainsFunc(o.Keys, func(k string) bool { return sameKey(k, want) }) {
			if o.Name == name {
				return i18n.E("err.user.key.has", name, fp)
			}
			return i18n.E("err.user.key.taken", fp, o.Name)
		}
	}
	return nil
}

// CheckKeys checks u's keys against the file's users (u's own stored
// record among them or not): each key parses, appears once in u, and
// belongs to no other user.
func CheckKeys(users []User, u User) error {
	others := slices.DeleteFunc(slices.Clone(users), func(o User) bool { return o.Name == u.Name })
	for i, k := range u.Keys {
		mine := User{Name: u.Name, Keys: u.Keys[:i]}
		if err := KeyFree(append(others, mine), u.Name, k); err != nil {
			return err
		}
	}
	return nil
}

// SameKey reports whether two authorized_keys lines hold the same key,
// whatever their comments.
func SameKey(a, b string) bool {
	kb, _, _, _, err := gossh.ParseAuthorizedKey([]byte(b))
	return err == nil && sameKey(a, kb)
}

func sameKey(line string, want gossh.PublicKey) bool {
	pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
	return err == nil && bytes.Equal(pk.Marshal(), want.Marshal())
}

// shortKey shortens a key's text for a sentence.
func shortKey(s string) string {
	if r := []rune(strings.TrimSpace(s)); len(r) > 40 {
		return string(r[:37]) + "…"
	}
	return strings.TrimSpace(s)
}

// KnownDepts is every department the tasks name, as lead or partner.
func KnownDepts(tasks []Task) map[string]bool {
	known := map[string]bool{}
	for _, t := range tasks {
		known[strings.TrimSpace(t.Lead)] = true
		for _, p := range t.Partners {
			known[strings.TrimSpace(p)] = true
		}
	}
	return known
}
