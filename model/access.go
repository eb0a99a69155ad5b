package model

import (
	"slices"
	"strings"

	"duban/i18n"
)

// Access rules: who may do what. They are pure functions of a user (and a
// task) so that the SSH server, the TUI and the command line apply the same
// rules and can say why in one sentence. Each returns nil when allowed and
// an *i18n.Error (keys err.access.*) when not.
//
//   - staff (填报员) see everything, record updates on tasks their
//     department leads and add notes where their department is a partner;
//   - supervisors (督查室) see everything, review and urge, and never change
//     a value;
//   - admins may do all of that and manage users and departments.

// CanUpdate reports whether u may record a progress update on t: admins
// always, staff only on tasks led by one of their departments, supervisors
// never.
func CanUpdate(u User, t Task) error {
	switch u.Role {
	case RoleAdmin:
		return nil
	case RoleSupervisor:
		return i18n.E("err.access.update.supervisor", u.Name)
	case RoleStaff:
		if len(u.Depts) == 0 {
			return i18n.E("err.access.nodept", u.Name)
		}
		if InDepts(u, t.Lead) {
			return nil
		}
		return i18n.E("err.access.update.dept", u.Name, t.ID, t.Lead, JoinList(u.Depts))
	}
	return errRole(u)
}

// CanNote reports whether u may add a note (a comment without a value) to
// t: admins always, staff where one of their departments leads or partners
// the task. Supervisors speak through reviews and urges instead.
func CanNote(u User, t Task) error {
	switch u.Role {
	case RoleAdmin:
		return nil
	case RoleSupervisor:
		return i18n.E("err.access.note.supervisor", u.Name)
	case RoleStaff:
		if len(u.Depts) == 0 {
			return i18n.E("err.access.nodept", u.Name)
		}
		if InDepts(u, t.Lead) || slices.ContainsFunc(t.Partners, func(p string) bool { return InDepts(u, p) }) {
			return nil
		}
		return i18n.E("err.access.note.dept", u.Name, t.ID, JoinList(u.Depts))
	}
	return errRole(u)
}

// CanReview reports whether u may approve or return updates (审核).
func CanReview(u User) error {
	switch u.Role {
	case RoleAdmin, RoleSupervisor:
		return nil
	case RoleStaff:
		return i18n.E("err.access.review", u.Name)
	}
	return errRole(u)
}

// CanUrge reports whether u may mark a task 督办 (urged).
func CanUrge(u User) error {
	switch u.Role {
	case RoleAdmin, RoleSupervisor:
		return nil
	case RoleStaff:
		return i18n.E("err.access.urge", u.Name)
	}
	return errRole(u)
}

// CanAdmin reports whether u may manage users and assign departments.
func CanAdmin(u User) error {
	switch u.Role {
	case RoleAdmin:
		return nil
	case RoleStaff, RoleSupervisor:
		return i18n.E("err.access.admin", u.Name)
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

// LocalUser is who acts at a local terminal (no server): the user of the
// file named name when there is one, with that user's role and departments;
// otherwise name as an admin, the owner of their own file.
func LocalUser(name string, users []User) User {
	for _, u := range users {
		if u.Name == name {
			return u
		}
	}
	return User{Name: name, Role: RoleAdmin}
}

func errRole(u User) error { return i18n.E("err.access.role", u.Name, string(u.Role)) }
