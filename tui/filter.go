package tui

import (
	"cmp"
	"slices"

	"duban/model"
)

// rebuild makes the visible rows from the data, keeping the selection on
// the same task where it is still shown.
func (t *tasksModel) rebuild(d *derived) {
	t.filterSeq++ // any filtering still running is for older data
	t.visible = filterRows(d, nil, t.filter, t.query, t.sort)
	t.reselect(d)
}

// filterRows returns the rows of base (nil: all rows) that pass the filter
// and the search, sorted. It only reads d, so it may run off the UI loop.
// It always returns a new slice: Model is a value, and an earlier copy may
// still hold the old one.
func filterRows(d *derived, base []int, f taskFilter, query string, by sortKey) []int {
	var found func(id string) bool
	if query != "" {
		found = d.snap.Index().Matcher(query) // the index is built on the first search, or after the first frame
	}
	match := func(r *model.Row) bool {
		switch {
		case f.status != "" && r.Eval.Status != f.status,
			f.chapter != "" && r.Task.Chapter != f.chapter,
			f.dept != "" && r.Task.Lead != f.dept,
			f.stale && !r.Eval.Stale,
			f.urged && r.Task.Urged == nil:
			return false
		}
		if f.mine || f.returned {
			i := d.pos[r.Task.ID]
			if f.mine && !d.mine[i] || f.returned && !d.returned[i] {
				return false
			}
		}
		return query == "" || found(r.Task.ID)
	}
	if base != nil { // narrowing keeps the order
		out := make([]int, 0, len(base))
		for _, i := range base {
			if match(&d.rows[i]) {
				out = append(out, i)
			}
		}
		return out
	}
	out := make([]int, 0, len(d.rows))
	if f == (taskFilter{}) && query == "" { // everything: no row to test
		for i := range d.rows {
			out = append(out, i)
		}
		if by != sortID { // already in task order
			sortRows(out, d, by)
		}
		return out
	}
	for i := range d.rows {
		if match(&d.rows[i]) {
			out = append(out, i)
		}
	}
	sortRows(out, d, by)
	return out
}

// filteredMsg carries rows filtered off the UI loop for search seq.
type filteredMsg struct {
	seq     int
	d       *derived
	visible []int
}

// applyFiltered takes the result of the latest search.
func (t *tasksModel) applyFiltered(msg filteredMsg, d *derived) {
	if msg.seq != t.filterSeq || msg.d != d {
		return // typed on since, or the data changed: a newer result follows
	}
	t.visible = msg.visible
	t.reselect(d)
}

// sortRows orders row indices by key. Every order ends with the plan
// order, so it is total and the unstable (faster) sort gives one answer.
func sortRows(v []int, d *derived, by sortKey) {
	switch by {
	case sortID:
		slices.Sort(v)
	case sortProgress:
		slices.SortFunc(v, func(i, j int) int {
			if d.hasProg[i] != d.hasProg[j] {
				if d.hasProg[i] {
					return -1
				}
				return 1
			}
			if c := cmp.Compare(d.prog[j], d.prog[i]); c != 0 {
				return c
			}
			return cmp.Compare(i, j)
		})
	case sortLag:
		slices.SortFunc(v, func(i, j int) int {
			if c := cmp.Compare(d.lag[j], d.lag[i]); c != 0 {
				return c
			}
			return cmp.Compare(i, j)
		})
	}
}
