package server

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
)

// The window-change forwarder takes every change at once, even while the
// program cannot take one (it is busy writing a frame): the SSH connection's
// reader hands window changes over and waits for them to be taken, so a
// forwarder waiting on the program hung the whole connection for good once
// the program's write waited for the client's window adjustments, which that
// same reader delivers (found with OpenSSH: an 8000x8000 terminal resized
// 1,500 times; the user, removed, stayed connected). The program is then
// sent the latest size, capped; sizes in between may be skipped.
func TestForwardWindowsNeverBlocksTheConnection(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	winch := make(chan ssh.Window) // unbuffered, as charm.land/ssh's
	busy := make(chan struct{})    // the program takes nothing until closed
	sent := make(chan tea.Msg, 100)
	quit := make(chan struct{})
	go forwardWindows(ctx, winch, func(m tea.Msg) { <-busy; sent <- m }, func() { close(quit) })
	for i := range 1000 {
		select {
		case winch <- ssh.Window{Width: 8000 - i, Height: 8000 - i}:
		case <-time.After(10 * time.Second):
			t.Fatalf("window change %d not taken while the program is busy: the connection's reader would hang", i+1)
		}
	}
	// The last change, below the cap, reaches the program.
	select {
	case winch <- ssh.Window{Width: 90, Height: 30}:
	case <-time.After(10 * time.Second):
		t.Fatal("the last window change was not taken")
	}
	close(busy)
	want := tea.WindowSizeMsg{Width: 90, Height: 30}
	for {
		select {
		case msg := <-sent:
			if m := msg.(tea.WindowSizeMsg); m.Width > MaxWidth || m.Height > MaxHeight {
				t.Fatalf("program sent %v, beyond the cap", m)
			} else if m == want {
				goto done
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the latest window size never reached the program")
		}
	}
done:
	cancel()
	select {
	case <-quit:
	case <-time.After(10 * time.Second):
		t.Fatal("the program is not quit when the client hangs up")
	}
}
