package store

import (
	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// Every change is made by an actor (model.Actor), and the store is the one
// judge of it: each mutating method resolves the actor from the users
// bucket inside its own write transaction (so a role taken away or a user
// removed a moment earlier applies at once), then applies the model's
// rules (model.Can…, the invariants) and its optimistic checks in that
// same transaction. No layer above can forget a rule, because none is
// asked to apply one.

// act runs fn as a in one write transaction on the current plan.
func (s *Store) act(a model.Actor, fn func(tx ptx, u model.User) error) error {
	return s.update(asActor(a, fn))
}

// actFile is act for changes to the file rather than to its current plan
// (users): they are allowed while that plan is archived.
func (s *Store) actFile(a model.Actor, fn func(tx ptx, u model.User) error) error {
	return s.updateFile(asActor(a, fn))
}

// actOn is act on the plan id rather than the current one.
func (s *Store) actOn(id string, a model.Actor, fn func(tx ptx, u model.User) error) error {
	return s.commit(func(tx *bolt.Tx) (ptx, error) { return planTxOf(tx, id, true) }, asActor(a, fn))
}

func asActor(a model.Actor, fn func(tx ptx, u model.User) error) func(tx ptx) error {
	return func(tx ptx) error {
		u, err := actorTx(tx, a)
		if err != nil {
			return err
		}
		return fn(tx, u)
	}
}

// actorTx resolves a against the users bucket of tx (model.ResolveActor).
func actorTx(tx ptx, a model.Actor) (model.User, error) {
	b := tx.Bucket(bucketUsers)
	var found *model.User
	if v := b.Get([]byte(a.Name)); v != nil && a.Name != "" {
		u, err := decodeUser(v)
		if err != nil {
			return model.User{}, recordErr(bucketUsers, a.Name, err)
		}
		found = &u
	}
	k, _ := b.Cursor().First()
	return model.ResolveActor(a, found, k != nil)
}

// Actor is the user a acts as, as of now: the role the screens use to
// decide what to offer (the store decides again at every change).
func (s *Store) Actor(a model.Actor) (model.User, error) {
	var u model.User
	err := s.db.View(func(btx *bolt.Tx) error {
		var err error
		u, err = actorTx(ptx{Tx: btx}, a)
		return err
	})
	return u, err
}
