package tui

import (
	"cmp"
	"slices"
	"sync"
)

// rebuild makes the visible rows from the data, keeping the selection on
// the same task where it is still shown.
func (t *tasksModel) rebuild(d *derived) {
	t.filterSeq++ // any filtering still running is for older data
	t.setVisible(filterRows(d, nil, t.filter, t.query, t.sort))
	t.reselect(d)
}

// setVisible takes rows filtered and sorted for the latest filtering.
func (t *tasksModel) setVisible(v []int) { t.visible, t.visibleSeq = v, t.filterSeq }

// maxRepatch is how many changed rows repatch moves; more are filtered
// afresh.
const maxRepatch = 64

// repatch is rebuild for d patched from the data the rows were built from
// in the rows changed (another session's save): only those leave the rows
// and go back in where the filter and the order now put them, rather than
// every row being filtered and sorted again. It reports false, doing
// nothing, when the rows must be rebuilt: no such patch, too many rows
// changed, or a filtering still running. With the shared rows and marks
// of a patch, this takes BenchmarkRefresh100k (one session's refresh after
// a save, 100,000 tasks) from 50–148 ms to 6–7 ms, BenchmarkFanout100k (50
// sessions) from 57–68 ms to 25 ms.
func (t *tasksModel) repatch(old, d *derived) bool {
	if old == nil || d.from == 0 || d.from != old.gen || t.visibleSeq != t.filterSeq || len(d.changed) > maxRepatch {
		return false
	}
	keep := rowMatcher(d, t.filter, t.query)
	// The rows are in old's order, which is total: a changed row is
	// found where old's keys put it, if it is there.
	was, order := rowOrder(old, t.sort), rowOrder(d, t.sort)
	if stay(t.visible, d, d.changed, keep, was, order) { // mostly: a report that keeps its row's place
		t.filterSeq++
		t.setVisible(t.visible)
		t.reselect(d)
		return true
	}
	v := make([]int, len(t.visible), len(t.visible)+len(d.changed))
	copy(v, t.visible)
	for _, i := range d.changed {
		if k, found := slices.BinarySearchFunc(v, i, was); found {
			v = slices.Delete(v, k, k+1)
		}
	}
	for _, i := range d.changed {
		if keep == nil || keep(i) {
			k, _ := slices.BinarySearchFunc(v, i, order)
			v = slices.Insert(v, k, i)
		}
	}
	t.filterSeq++
	t.setVisible(v)
	t.reselect(d)
	return true
}

// stay reports whether the changed rows of d keep their places in v (in
// the order was of the data before): each is shown as before and sits
// between the same neighbours in the new order. Then v itself is the new
// rows, shared rather than copied (it is never modified).
func stay(v []int, d *derived, changed []int, keep func(int) bool, was, order func(i, j int) int) bool {
	for _, i := range changed {
		k, found := slices.BinarySearchFunc(v, i, was)
		if found != (keep == nil || keep(i)) {
			return false
		}
		if found && (k > 0 && order(v[k-1], i) >= 0 || k+1 < len(v) && order(i, v[k+1]) >= 0) {
			return false
		}
	}
	return true
}

// allRows is the rows of an unfiltered plan-order table: 0, 1, 2, …,
// shared by every table of that many rows (never modified).
var allRows struct {
	mu sync.Mutex
	v  []int
}

// everyRow is 0 … n-1, shared.
func everyRow(n int) []int {
	allRows.mu.Lock()
	defer allRows.mu.Unlock()
	if len(allRows.v) < n {
		allRows.v = make([]int, n)
		for i := range allRows.v {
			allRows.v[i] = i
		}
	}
	return allRows.v[:n:n]
}

// filterRows returns the rows of base (nil: all rows) that pass the filter
// and the search, sorted. It only reads d, so it may run off the UI loop.
// Its result is never modified (Model is a value, and an earlier copy may
// still hold it): every plan-order table of all rows shares one.
func filterRows(d *derived, base []int, f taskFilter, query string, by sortKey) []int {
	match := rowMatcher(d, f, query)
	if base != nil { // narrowing keeps the order
		out := make([]int, 0, len(base))
		for _, i := range base {
			if match == nil || match(i) {
				out = append(out, i)
			}
		}
		return out
	}
	if match == nil && by == sortID { // everything, in plan order: shared
		return everyRow(len(d.rows))
	}
	out := make([]int, 0, len(d.rows))
	if match == nil { // everything: no row to test
		for i := range d.rows {
			out = append(out, i)
		}
		sortRows(out, d, by)
		return out
	}
	for i := range d.rows {
		if match(i) {
			out = append(out, i)
		}
	}
	sortRows(out, d, by)
	return out
}

// rowMatcher tells the rows (by index) that pass the filter and the
// search; nil when every row does. It reads a row's task in d.snap.Tasks,
// one array in row order, rather than through the row (taskRow), which
// points to an equal task: a search then reads one place per row, not two
// (BenchmarkSearchFilter100k, alternated with the code whose rows held
// copies of the tasks, 3 × 60 runs: 20.9–24.1 ms here, 18.7–23.2 ms with
// the copies; 27.8–29.7 ms reading the tasks through the rows).
func rowMatcher(d *derived, f taskFilter, query string) func(i int) bool {
	if f == (taskFilter{}) && query == "" {
		return nil
	}
	var found func(id string) bool
	if query != "" {
		found = d.snap.Index().Matcher(query) // the index is built on the first search
	}
	return func(i int) bool {
		t := &d.snap.Tasks[i]
		switch {
		case f.status != "" && d.rows[i].Eval.Status != f.status,
			f.chapter != "" && t.Chapter != f.chapter,
			f.dept != "" && t.Lead != f.dept,
			f.stale && !d.rows[i].Eval.Stale,
			f.urged && t.Urged == nil,
			f.mine && !d.mine[i],
			f.returned && !d.returned[i]:
			return false
		}
		return query == "" || found(t.ID)
	}
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
	t.setVisible(msg.visible)
	t.reselect(d)
}

// sortRows orders row indices by key. Every order ends with the plan
// order, so it is total and the unstable (faster) sort gives one answer.
func sortRows(v []int, d *derived, by sortKey) {
	if by == sortID {
		slices.Sort(v)
		return
	}
	slices.SortFunc(v, rowOrder(d, by))
}

// rowOrder compares row indices by key.
func rowOrder(d *derived, by sortKey) func(i, j int) int {
	switch by {
	case sortProgress:
		return func(i, j int) int {
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
		}
	case sortLag:
		return func(i, j int) int {
			if c := cmp.Compare(d.lag[j], d.lag[i]); c != 0 {
				return c
			}
			return cmp.Compare(i, j)
		}
	}
	return cmp.Compare[int]
}
