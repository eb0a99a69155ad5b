package safetext

import "duban/model"

// Task returns t for display, its texts escaped as Snapshot escapes a
// snapshot's tasks: for a command that reads one task alone.
func Task(t model.Task) model.Task {
	if taskClean(t) {
		return t
	}
	return task(t)
}

// History returns a task's history for display, escaped as Snapshot
// escapes it; h itself when nothing needs escaping.
func History(h []model.Update) []model.Update {
	clean := true
	for _, u := range h {
		if !updateClean(u) {
			clean = false
			break
		}
	}
	if clean {
		return h
	}
	out := make([]model.Update, len(h))
	for i, u := range h {
		out[i] = update(u)
	}
	return out
}
