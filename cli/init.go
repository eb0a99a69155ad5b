package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// initCmd creates and seeds the database explicitly. On an existing duban
// database it changes nothing (it opens it read-only to say so); any other
// existing file is refused by the store as not a duban database.
func (e *env) initCmd() *cobra.Command {
	l := e.lang
	return &cobra.Command{
		Use:     "init",
		Short:   l.T("cli.init.short"),
		Example: "  duban --db /srv/duban/duban.db init",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := e.dbPath()
			if err != nil {
				return err
			}
			_, statErr := os.Lstat(p)
			existed := !errors.Is(statErr, os.ErrNotExist)
			s, err := e.open(existed)
			if err != nil {
				return err
			}
			defer s.Close()
			snap, err := s.Snapshot()
			if err != nil {
				return err
			}
			key := "cli.init.done"
			if existed {
				key = "cli.init.exists"
			}
			fmt.Fprintln(e.stdout, l.T(key, p, len(snap.Tasks)))
			return nil
		},
	}
}
