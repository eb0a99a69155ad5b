package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// Animation timing: 15 frames 33 ms apart, about half a second.
const (
	animFrames   = 15
	animInterval = 33 * time.Millisecond
)

// animMsg is one frame of a bar animation; id ties it to the animation that
// asked for it, so frames of a superseded animation are ignored.
type animMsg struct{ id int }

// barAnim tweens one task's bar from its old to its new progress after a
// save. Only that row animates; every other bar is drawn from the data.
type barAnim struct {
	id       int     // of the running animation; bumped by each start
	taskID   string  // the animating task, "" when idle
	from, to float64 // percent
	frame    int

	// Set by a save, consumed by the next snapshot: the new progress is only
	// known once the store has the update and the snapshot is re-evaluated.
	pending     string
	pendingFrom float64
}

// start begins an animation and returns its first tick.
func (a *barAnim) start(taskID string, from, to float64) tea.Cmd {
	a.id++
	if from == to {
		a.taskID = ""
		return nil
	}
	a.taskID, a.from, a.to, a.frame = taskID, from, to, 0
	return a.tick()
}

func (a *barAnim) tick() tea.Cmd {
	id := a.id
	return tea.Tick(animInterval, func(time.Time) tea.Msg { return animMsg{id: id} })
}

// update advances the animation by one frame.
func (a barAnim) update(msg animMsg) (barAnim, tea.Cmd) {
	if msg.id != a.id || a.taskID == "" {
		return a, nil
	}
	a.frame++
	if a.frame >= animFrames {
		a.taskID = ""
		return a, nil
	}
	return a, a.tick()
}

// value is the animated percent of taskID, if it is animating.
func (a barAnim) value(taskID string) (float64, bool) {
	if a.taskID == "" || a.taskID != taskID {
		return 0, false
	}
	t := float64(a.frame) / animFrames
	e := 1 - (1-t)*(1-t)*(1-t) // ease out: fast start, gentle landing
	return a.from + (a.to-a.from)*e, true
}
