package store

import (
	"fmt"
	"slices"
	"strings"

	"duban/i18n"
	"duban/model"
)

// PutUser adds a user or replaces the one of the same name, as the actor
// as, who must be an administrator (model.CanAdmin). The record must hold
// (model.CheckUser: name, role, staff with a department), each key must
// be valid and belong to nobody else (model.CheckKeys: a key identifies
// one user), and each department it adds must be one the current plan's
// tasks name (a typo such as 市城管局 would leave the user with nothing to
// report on); departments the stored user had already stay allowed.
func (s *Store) PutUser(as model.Actor, u model.User) error {
	u.Depts = trimmedSet(u.Depts)
	u.Keys = slices.Clone(u.Keys)
	if err := model.CheckUser(u); err != nil {
		return err
	}
	v, err := encodeUser(u)
	if err != nil {
		return err
	}
	return s.actFile(as, func(tx ptx, acct model.User) error {
		if err := model.CanAdmin(acct); err != nil {
			return err
		}
		users, err := allUsers(tx)
		if err != nil {
			return err
		}
		if err := model.CheckKeys(users, u); err != nil {
			return err
		}
		var old model.User
		verb := "add"
		if i := slices.IndexFunc(users, func(o model.User) bool { return o.Name == u.Name }); i >= 0 {
			old, verb = users[i], "change"
		}
		if err := deptsKnown(tx, u.Depts, old.Depts); err != nil {
			return err
		}
		if err := tx.put(bucketUsers, []byte(u.Name), v); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s %s: %s", verb, u.Name, u.Role)
		if len(u.Depts) > 0 {
			detail += " of " + model.JoinList(u.Depts)
		}
		if len(u.Keys) > 0 {
			detail += fmt.Sprintf(", %d keys", len(u.Keys))
		}
		_, err = appendFileAudit(tx, model.AuditEntry{At: s.clock(), User: acct.Name, Action: ActionUser, Detail: detail})
		return err
	})
}

// trimmedSet is list trimmed, without empty entries and repeats.
func trimmedSet(list []string) []string {
	var out []string
	for _, d := range list {
		if d = strings.TrimSpace(d); d != "" && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// deptsKnown refuses a department of depts that no task of the current
// plan names, unless it is one of had.
func deptsKnown(tx ptx, depts, had []string) error {
	var known map[string]bool
	for _, d := range depts {
		if slices.Contains(had, d) {
			continue
		}
		if known == nil {
			tasks, err := allTasks(tx)
			if err != nil {
				return err
			}
			known = model.KnownDepts(tasks)
		}
		if !known[d] {
			return i18n.E("err.user.dept.unknown", d)
		}
	}
	return nil
}

// DeleteUser removes a user, as the actor as, who must be an
// administrator. A session of the removed user can change nothing from
// then on (its actor no longer resolves).
func (s *Store) DeleteUser(as model.Actor, name string) error {
	return s.actFile(as, func(tx ptx, acct model.User) error {
		if err := model.CanAdmin(acct); err != nil {
			return err
		}
		b := tx.Bucket(bucketUsers)
		if b.Get([]byte(name)) == nil {
			return newErr(ErrNotFound, nil, "err.store.user.unknown", name)
		}
		if err := tx.del(bucketUsers, []byte(name)); err != nil {
			return err
		}
		_, err := appendFileAudit(tx, model.AuditEntry{At: s.clock(), User: acct.Name, Action: ActionUser, Detail: "delete " + name})
		return err
	})
}

// User returns one user.
func (s *Store) User(name string) (model.User, error) {
	var u model.User
	err := s.view(func(tx ptx) error {
		v := tx.Bucket(bucketUsers).Get([]byte(name))
		if v == nil {
			return newErr(ErrNotFound, nil, "err.store.user.unknown", name)
		}
		var err error
		if u, err = decodeUser(v); err != nil {
			return recordErr(bucketUsers, name, err)
		}
		return nil
	})
	return u, err
}

// Users returns every user, sorted by name.
func (s *Store) Users() ([]model.User, error) {
	var out []model.User
	err := s.view(func(tx ptx) error {
		var err error
		out, err = allUsers(tx)
		return err
	})
	return out, err
}

func allUsers(tx ptx) ([]model.User, error) {
	var out []model.User
	err := tx.Bucket(bucketUsers).ForEach(func(k, v []byte) error {
		u, err := decodeUser(v)
		if err != nil {
			return recordErr(bucketUsers, string(k), err)
		}
		out = append(out, u)
		return nil
	})
	slices.SortFunc(out, func(a, b model.User) int { return strings.Compare(a.Name, b.Name) })
	return out, err
}
