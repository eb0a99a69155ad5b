package cli

import (
	"context"
	"time"

	"duban/tui"
)

// runTUI opens the database and runs the interactive screens until the
// person quits.
func (e *env) runTUI(ctx context.Context) error {
	s, err := e.open(false)
	if err != nil {
		return err
	}
	defer s.Close()
	snap, err := s.Snapshot()
	if err != nil {
		return err
	}
	var asOf time.Time // zero: the TUI follows today, clamped into the plan
	if e.asOf != "" {
		if asOf, err = e.resolveAsOf(snap.Plan); err != nil {
			return err
		}
	}
	return tui.Run(ctx, s, tui.Options{Lang: e.lang, AsOf: asOf, ASCII: e.ascii, User: e.userName(), Now: e.now})
}
