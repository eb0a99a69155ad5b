package safetext

import "duban/model"

// Snapshot returns a copy of s for display, with every user text escaped
// by Text (multi-line fields: notes, comments, the source clause) or Line
// (names, departments, units): what the screens and the reports show. When
// nothing needs escaping, s itself is returned, so the common case costs
// one scan and no copy. Task ids are left alone: the plan's ids are
// validated on import and are the keys every surface looks tasks up by.
func Snapshot(s *model.Snapshot) *model.Snapshot {
	if s == nil || snapshotClean(s) {
		return s
	}
	out := &model.Snapshot{Plan: s.Plan, History: make(map[string][]model.Update, len(s.History)),
		HeadSeq: s.HeadSeq, HeadHash: s.HeadHash}
	out.Plan.Title = Line(s.Plan.Title)
	out.Tasks = make([]model.Task, len(s.Tasks))
	for i, t := range s.Tasks {
		out.Tasks[i] = task(t)
	}
	for id, h := range s.History {
		hh := make([]model.Update, len(h))
		for i, u := range h {
			hh[i] = update(u)
		}
		out.History[id] = hh
	}
	out.Users = make([]model.User, len(s.Users))
	for i, u := range s.Users {
		u.Name = Line(u.Name)
		u.Depts = lines(u.Depts)
		out.Users[i] = u
	}
	if s.Notes != nil {
		out.Notes = make(map[string][]model.Note, len(s.Notes))
		for id, ns := range s.Notes {
			nn := make([]model.Note, len(ns))
			for i, n := range ns {
				n.Text = Text(n.Text)
				n.By = Line(n.By)
				nn[i] = n
			}
			out.Notes[id] = nn
		}
	}
	return out
}

func task(t model.Task) model.Task {
	t.Chapter = Line(t.Chapter)
	t.Section = Line(t.Section)
	t.Name = Line(t.Name)
	t.Unit = Line(t.Unit)
	t.Qualifier = Line(t.Qualifier)
	t.Lead = Line(t.Lead)
	t.Partners = lines(t.Partners)
	t.Source = Text(t.Source)
	if t.Urged != nil {
		u := *t.Urged
		u.By = Line(u.By)
		u.Comment = Text(u.Comment)
		t.Urged = &u
	}
	return t
}

func update(u model.Update) model.Update {
	u.Note = Text(u.Note)
	u.Problems = Text(u.Problems)
	u.Next = Text(u.Next)
	u.By = Line(u.By)
	u.Reviewer = Line(u.Reviewer)
	u.ReviewComment = Text(u.ReviewComment)
	return u
}

func lines(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = Line(s)
	}
	return out
}

func ok(keep bool, ss ...string) bool {
	for _, x := range ss {
		if !clean(x, keep) {
			return false
		}
	}
	return true
}

func taskClean(t model.Task) bool {
	if !ok(false, t.Chapter, t.Section, t.Name, t.Unit, t.Qualifier, t.Lead) || !ok(false, t.Partners...) || !ok(true, t.Source) {
		return false
	}
	return t.Urged == nil || ok(false, t.Urged.By) && ok(true, t.Urged.Comment)
}

func updateClean(u model.Update) bool {
	return ok(true, u.Note, u.Problems, u.Next, u.ReviewComment) && ok(false, u.By, u.Reviewer)
}

func snapshotClean(s *model.Snapshot) bool {
	if !ok(false, s.Plan.Title) {
		return false
	}
	// The tasks are checked beside the histories: at 100,000 tasks this
	// is a few hundred milliseconds of a screen's first frame.
	tasks := make(chan bool, 1)
	go func() {
		for _, t := range s.Tasks {
			if !taskClean(t) {
				tasks <- false
				return
			}
		}
		tasks <- true
	}()
	histories := true
	for _, h := range s.History {
		for _, u := range h {
			histories = histories && updateClean(u)
		}
		if !histories {
			break
		}
	}
	if !<-tasks || !histories {
		return false
	}
	for _, u := range s.Users {
		if !ok(false, u.Name) || !ok(false, u.Depts...) {
			return false
		}
	}
	for _, ns := range s.Notes {
		for _, n := range ns {
			if !ok(true, n.Text) || !ok(false, n.By) {
				return false
			}
		}
	}
	return true
}

// Rows returns rows with their tasks and latest updates escaped for
// display, as Snapshot does; when no row needs it, rows itself.
func Rows(rows []model.Row) []model.Row {
	out := rows
	copied := false
	for i, r := range rows {
		if taskClean(r.Task) && (r.Eval.Latest == nil || updateClean(*r.Eval.Latest)) {
			continue
		}
		if !copied {
			out = append([]model.Row(nil), rows...)
			copied = true
		}
		out[i].Task = task(r.Task)
		if r.Eval.Latest != nil {
			u := update(*r.Eval.Latest)
			out[i].Eval.Latest = &u
		}
	}
	return out
}

// Clean reports whether s needs no escaping, given that it was made from an
// earlier snapshot that needed none by replacing the tasks ids (with their
// histories and notes) and the users: only those are looked at.
func Clean(s *model.Snapshot, ids []string) bool {
	if !ok(false, s.Plan.Title) {
		return false
	}
	for _, id := range ids {
		if t, found := s.Task(id); found && !taskClean(t) {
			return false
		}
		for _, u := range s.History[id] {
			if !updateClean(u) {
				return false
			}
		}
		for _, n := range s.Notes[id] {
			if !ok(true, n.Text) || !ok(false, n.By) {
				return false
			}
		}
	}
	for _, u := range s.Users {
		if !ok(false, u.Name) || !ok(false, u.Depts...) {
			return false
		}
	}
	return true
}
