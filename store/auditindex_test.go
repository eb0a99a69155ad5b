package store

import (
	"errors"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"duban/i18n"
)

// Check's problems with the per-task audit index are sentences of their
// own, in the user's language: dropping the last audit entry (issue 15 §4)
// printed "holds 18 keys for 17 entries naming a task" inside a Chinese
// sentence, about a record with no name.
func TestAuditIndexProblemsTranslated(t *testing.T) {
	cases := []struct {
		name string
		edit func(tx *bolt.Tx) error
		want string
	}{
		{"last entry and its counter dropped", func(tx *bolt.Tx) error {
			b := pt(tx).Bucket(bucketAudit)
			n := b.Sequence()
			if err := b.Delete(be64(n)); err != nil {
				return err
			}
			return b.SetSequence(n - 1)
		}, "err.store.check.auditindex.count"},
		{"an index key dropped", func(tx *bolt.Tx) error {
			ib := pt(tx).Bucket(bucketAuditTask)
			if ib == nil {
				return errors.New("no audit_task bucket")
			}
			k, _ := ib.Cursor().Last()
			return ib.Delete(append([]byte(nil), k...))
		}, "err.store.check.auditindex.missing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := tampered(t, c.edit)
			found := false
			for _, p := range s.Check() {
				var se *Error
				if !errors.As(p, &se) {
					continue
				}
				zh := se.Msg.Text(i18n.Zh)
				if strings.Contains(zh, "holds") || strings.Contains(zh, "is not indexed") {
					t.Errorf("English inside a Chinese sentence: %s", zh)
				}
				found = found || se.Msg.Key == c.want
			}
			if !found {
				t.Errorf("no %s problem", c.want)
			}
		})
	}
}
