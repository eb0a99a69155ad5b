package store

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"duban/model"
)

// validUserName: not empty, no spaces or control characters, so that a
// name can be typed on a command line and shown in a column.
func validUserName(name string) bool {
	return name != "" && !strings.ContainsFunc(name, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	})
}

// PutUser adds a user or replaces the one of the same name.
func (s *Store) PutUser(u model.User, by string) error {
	switch {
	case strings.TrimSpace(by) == "":
		return newErr(nil, nil, "err.store.by")
	case !validUserName(u.Name):
		return newErr(nil, nil, "err.store.user.name", u.Name)
	case !u.Role.Valid():
		return newErr(nil, nil, "err.store.user.role", u.Name, string(u.Role))
	}
	u.Depts = slices.Clone(u.Depts)
	u.Keys = slices.Clone(u.Keys)
	v, err := encodeUser(u)
	if err != nil {
		return err
	}
	return s.updateFile(func(tx ptx) error {
		b := tx.Bucket(bucketUsers)
		verb := "add"
		if b.Get([]byte(u.Name)) != nil {
			verb = "change"
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
		_, err := appendFileAudit(tx, model.AuditEntry{At: s.clock(), User: by, Action: ActionUser, Detail: detail})
		return err
	})
}

// DeleteUser removes a user.
func (s *Store) DeleteUser(name, by string) error {
	if strings.TrimSpace(by) == "" {
		return newErr(nil, nil, "err.store.by")
	}
	return s.updateFile(func(tx ptx) error {
		b := tx.Bucket(bucketUsers)
		if b.Get([]byte(name)) == nil {
			return newErr(ErrNotFound, nil, "err.store.user.unknown", name)
		}
		if err := tx.del(bucketUsers, []byte(name)); err != nil {
			return err
		}
		_, err := appendFileAudit(tx, model.AuditEntry{At: s.clock(), User: by, Action: ActionUser, Detail: "delete " + name})
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
