package server

import (
	tea "charm.land/bubbletea/v2"

	"duban/tui"
)

// The session Backend drives the TUI in place of the store.
var _ tui.Backend = (*Backend)(nil)

// newTUI builds duban's TUI for one session. Export stays nil: a file
// written by x would land on the server, not with the person, so the TUI
// points them to duban export instead.
func newTUI(b *Backend, si SessionInfo) tea.Model {
	return tui.New(b, tui.Options{Lang: si.Lang, AsOf: si.AsOf, ASCII: si.ASCII, User: si.User.Name, Actor: si.User, Now: si.Now})
}
