package model

import (
	"maps"
	"runtime"
	"sync"
	"time"
)

// Tally is a Summary that can be brought up to date one row at a time:
// after a save changes a few tasks, their old rows are taken out of the
// totals and their new ones put in, instead of totalling every row again.
// Its Summary is Summarize's.
type Tally struct {
	p        Plan
	asOf     time.Time
	all      *groupAcc
	chapters []*groupAcc // in order of first appearance, as Summarize
	depts    []*groupAcc
	chapter  map[string]int // chapter → index in chapters
	dept     map[string]int
}

// Tally totals rows (in task order) at asOf, as Summarize does. Large
// sets of rows are totalled in parts on every core and the parts merged
// in order, which keeps the groups' order of first appearance.
func (s *Snapshot) Tally(rows []Row, asOf time.Time) *Tally {
	const part = 20000
	n := runtime.GOMAXPROCS(0)
	if len(rows) < 2*part || n < 2 {
		return s.tally(rows, asOf)
	}
	return s.tallyIn(rows, asOf, max(part, (len(rows)+n-1)/n))
}

// tallyIn totals rows in parts of size rows, each on its own goroutine.
func (s *Snapshot) tallyIn(rows []Row, asOf time.Time, size int) *Tally {
	var parts []*Tally
	for lo := 0; lo < len(rows); lo += size {
		parts = append(parts, nil)
	}
	var wg sync.WaitGroup
	for k := range parts {
		lo := k * size
		wg.Go(func() { parts[k] = s.tally(rows[lo:min(len(rows), lo+size)], asOf) })
	}
	wg.Wait()
	t := parts[0]
	for _, p := range parts[1:] {
		t.Append(p)
	}
	return t
}

// Append adds to t the tally of the rows after t's (of the same snapshot
// and date): t becomes the tally of both, as if made of all their rows at
// once. later's groups become t's; later is not to be used again.
func (t *Tally) Append(later *Tally) {
	t.all.merge(later.all)
	t.chapters = mergeGroups(t.chapters, t.chapter, later.chapters)
	t.depts = mergeGroups(t.depts, t.dept, later.depts)
}

func (s *Snapshot) tally(rows []Row, asOf time.Time) *Tally {
	t := &Tally{p: s.Plan, asOf: asOf, all: newGroupAcc(s.Plan, ""), chapter: map[string]int{}, dept: map[string]int{}}
	for i := range rows {
		r := &rows[i]
		f := t.all.factsOf(&r.Eval) // worked out once for the three groups of the row
		t.all.add(&f, 1)
		t.chapters = tallyAdd(t.chapters, t.chapter, s.Plan, r.Task.Chapter, &f)
		t.depts = tallyAdd(t.depts, t.dept, s.Plan, r.Task.Lead, &f)
	}
	return t
}

// mergeGroups adds the groups of a later part to order, new names after
// the ones already there.
func mergeGroups(order []*groupAcc, by map[string]int, later []*groupAcc) []*groupAcc {
	for _, a := range later {
		if i, ok := by[a.g.Name]; ok {
			order[i].merge(a)
			continue
		}
		by[a.g.Name] = len(order)
		order = append(order, a)
	}
	return order
}

// merge adds b's totals to a's.
func (a *groupAcc) merge(b *groupAcc) {
	a.g.Tasks += b.g.Tasks
	a.g.Stale += b.g.Stale
	for i, n := range b.counts {
		a.counts[i] += n
	}
	for i, n := range b.cats {
		a.cats[i] += n
	}
	for k, v := range b.other {
		if a.other == nil {
			a.other = map[Status]int{}
		}
		a.other[k] += v
	}
	a.scored += b.scored
	a.score += b.score
	a.lag.addSum(&b.lag)
	a.total.addSum(&b.total)
}

func tallyAdd(order []*groupAcc, by map[string]int, p Plan, k string, f *facts) []*groupAcc {
	i, ok := by[k]
	if !ok {
		i = len(order)
		by[k] = i
		order = append(order, newGroupAcc(p, k))
	}
	order[i].add(f, 1)
	return order
}

// Summary is the tally as Summarize returns it.
func (t *Tally) Summary() Summary {
	sum := Summary{AsOf: t.asOf, TimeProgress: t.p.TimeProgress(Task{Due: t.p.End}, t.asOf), All: t.all.group()}
	sum.Chapters = make([]Group, len(t.chapters))
	for i, a := range t.chapters {
		sum.Chapters[i] = a.group()
	}
	sum.Depts = make([]Group, len(t.depts))
	for i, a := range t.depts {
		sum.Depts[i] = a.group()
	}
	RankGroups(sum.Depts)
	return sum
}

// Replace returns the tally with each was[i] replaced by now[i], leaving t
// as it was (a Summary of t may be on screen). ok is false when a row
// moved to another chapter or lead department: the groups' order of first
// appearance may then change, and the caller tallies every row again.
func (t *Tally) Replace(was, now []Row) (out *Tally, ok bool) {
	for i := range was {
		if was[i].Task.Chapter != now[i].Task.Chapter || was[i].Task.Lead != now[i].Task.Lead {
			return nil, false
		}
	}
	out = &Tally{p: t.p, asOf: t.asOf, all: t.all.clone(), chapters: t.chapters, depts: t.depts,
		chapter: t.chapter, dept: t.dept} // the key maps are never modified once built
	out.chapters = append([]*groupAcc(nil), t.chapters...)
	out.depts = append([]*groupAcc(nil), t.depts...)
	cloned := map[*groupAcc]bool{}
	own := func(order []*groupAcc, i int) *groupAcc {
		if !cloned[order[i]] {
			order[i] = order[i].clone()
			cloned[order[i]] = true
		}
		return order[i]
	}
	for i := range was {
		c, d := own(out.chapters, t.chapter[was[i].Task.Chapter]), own(out.depts, t.dept[was[i].Task.Lead])
		fw, fn := out.all.factsOf(&was[i].Eval), out.all.factsOf(&now[i].Eval)
		for _, a := range []*groupAcc{out.all, c, d} {
			a.add(&fw, -1)
			a.add(&fn, 1)
		}
	}
	return out, true
}

func (a *groupAcc) clone() *groupAcc {
	c := *a
	c.other = maps.Clone(a.other)
	c.lag, c.total = a.lag.clone(), a.total.clone()
	return &c
}
