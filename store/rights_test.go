package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"duban/i18n"
	"duban/model"
)

// The store is the one judge: every rule holds when it is called directly,
// with no layer above to apply it. Each case is one refused change; the
// file must be unchanged after all of them.
func TestStoreJudgesEveryRule(t *testing.T) {
	s := openTestRights(t)
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	const dept = "市交通运输局"
	var mine, other model.Task
	for _, task := range snap.Tasks {
		switch {
		case task.Kind != model.KindCount:
		case task.Lead == dept && mine.ID == "":
			mine = task
		case task.Lead != dept && other.ID == "":
			other = task
		}
	}
	root := model.LocalActor("root")
	adminKey, staffKey := testKey(t, "admin"), testKey(t, "staff")
	for _, u := range []model.User{
		{Name: "admin", Role: model.RoleAdmin, Keys: []string{adminKey}},
		{Name: "王芳", Role: model.RoleStaff, Depts: []string{dept}, Keys: []string{staffKey}},
		{Name: "督查", Role: model.RoleSupervisor},
		{Name: "gone", Role: model.RoleAdmin},
	} {
		if err := s.PutUser(root, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteUser(root, "gone"); err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)
	upd := func(task model.Task) model.Update {
		return model.Update{TaskID: task.ID, Value: task.Target, AsOf: asOf}
	}
	seed, err := s.AddUpdate(root, upd(mine), 0)
	if err != nil {
		t.Fatal(err)
	}
	snap, _ = s.Snapshot()
	mineNow, _ := snap.Task(mine.ID)
	plan, tasks := snap.Plan, snap.Tasks
	before := fingerprint(t, s)

	staff, sup := model.SessionActor("王芳"), model.SessionActor("督查")
	cases := []struct {
		name   string
		change func() error
		want   string // the refusal's i18n key
	}{
		{"staff updating another department's task", func() error { _, err := s.AddUpdate(staff, upd(other), 0); return err }, "err.access.update.dept"},
		{"supervisor updating", func() error { _, err := s.AddUpdate(sup, upd(mine), 0); return err }, "err.access.update.supervisor"},
		{"supervisor importing values", func() error { _, err := s.ApplyUpdates(sup, []model.Update{upd(mine)}); return err }, "err.access.update.supervisor"},
		{"staff noting on a foreign task", func() error { return s.AddNote(staff, other.ID, "x") }, "err.access.note.dept"},
		{"staff putting a user", func() error { return s.PutUser(staff, model.User{Name: "new", Role: model.RoleAdmin}) }, "err.access.admin"},
		{"supervisor putting a user", func() error { return s.PutUser(sup, model.User{Name: "new", Role: model.RoleAdmin}) }, "err.access.admin"},
		{"staff deleting a user", func() error { return s.DeleteUser(staff, "督查") }, "err.access.admin"},
		{"staff urging", func() error { return s.Urge(staff, mine.ID, "快", time.Time{}) }, "err.access.urge"},
		{"staff reviewing", func() error { return s.Review(staff, seed.Seq, model.ReviewApproved, "") }, "err.access.review"},
		{"supervisor setting departments", func() error { return s.SetDepts(sup, mine.ID, "市财政局", nil) }, "err.access.admin"},
		{"staff setting pacing", func() error { return s.SetPacing(staff, mine.ID, "", "quarterly+20") }, "err.access.admin"},
		{"supervisor replacing the plan", func() error { return s.ReplacePlan(sup, plan, tasks) }, "err.access.admin"},
		{"staff archiving the plan", func() error { return s.ArchivePlan(staff, plan.ID) }, "err.access.admin"},
		{"supervisor choosing the current plan", func() error { return s.SetCurrentPlan(sup, plan.ID) }, "err.access.admin"},
		{"a duplicate key", func() error {
			return s.PutUser(root, model.User{Name: "李四", Role: model.RoleSupervisor, Keys: []string{staffKey + " copy"}})
		}, "err.user.key.taken"},
		{"an invalid key", func() error {
			return s.PutUser(root, model.User{Name: "李四", Role: model.RoleSupervisor, Keys: []string{"ssh-ed25519 AAAA"}})
		}, "err.user.key.bad"},
		{"an unknown department", func() error {
			return s.PutUser(root, model.User{Name: "李四", Role: model.RoleStaff, Depts: []string{"市城管局"}})
		}, "err.user.dept.unknown"},
		{"staff without a department", func() error { return s.PutUser(root, model.User{Name: "李四", Role: model.RoleStaff}) }, "err.user.nodept"},
		{"a removed user", func() error { _, err := s.AddUpdate(model.SessionActor("gone"), upd(mine), 0); return err }, "server.err.user.gone"},
		{"--user naming nobody", func() error { _, err := s.AddUpdate(model.NamedActor("mallory"), upd(mine), 0); return err }, "err.actor.unknown"},
		{"a conflict", func() error { _, err := s.AddUpdate(staff, upd(mine), mineNow.Rev-1); return err }, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.change()
			switch {
			case c.want == "":
				var ce *model.ConflictError
				if !errors.As(err, &ce) || ce.TaskID != mine.ID || ce.Latest.Seq != seed.Seq {
					t.Fatalf("got %v, want a *model.ConflictError naming update %d", err, seed.Seq)
				}
			case !errors.Is(err, i18n.E(c.want)):
				t.Fatalf("got %v, want %s", err, c.want)
			case strings.HasPrefix(c.want, "err.access") && !errors.Is(err, model.ErrDenied):
				t.Fatalf("%v is not model.ErrDenied", err)
			}
		})
	}
	if after := fingerprint(t, s); after != before {
		t.Errorf("a refused change wrote to the file")
	}
	// What is allowed still is.
	if _, err := s.AddUpdate(staff, upd(mine), mineNow.Rev); err != nil {
		t.Errorf("staff on their own task: %v", err)
	}
	if err := s.Review(sup, seed.Seq, model.ReviewApproved, ""); err != nil {
		t.Errorf("supervisor reviewing: %v", err)
	}
	if err := s.PutUser(model.SessionActor("admin"), model.User{Name: "李四", Role: model.RoleStaff, Depts: []string{other.Lead}}); err != nil {
		t.Errorf("admin putting a user: %v", err)
	}
	// A role taken away applies at the next change.
	if err := s.PutUser(root, model.User{Name: "王芳", Role: model.RoleSupervisor, Keys: []string{staffKey}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUpdate(staff, upd(mine), 0); !errors.Is(err, i18n.E("err.access.update.supervisor")) {
		t.Errorf("after the role was taken away: %v", err)
	}
	mustCheck(t, s)
}

// A staff member's batch touching other departments' tasks is refused
// whole, and the refusal names every foreign task, capped in its sentence.
func TestApplyUpdatesNamesEveryForeignTask(t *testing.T) {
	s := openTestRights(t)
	snap, _ := s.Snapshot()
	const dept = "市交通运输局"
	if err := s.PutUser(model.LocalActor("root"), model.User{Name: "王芳", Role: model.RoleStaff, Depts: []string{dept}}); err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)
	var batch []model.Update
	var foreign []string
	for _, task := range snap.Tasks {
		if task.Kind != model.KindCount {
			continue
		}
		batch = append(batch, model.Update{TaskID: task.ID, Value: task.Target, AsOf: asOf})
		if task.Lead != dept {
			foreign = append(foreign, task.ID)
		}
	}
	if len(foreign) <= model.MaxDenialsNamed || len(foreign) == len(batch) {
		t.Fatalf("the plan gives %d foreign tasks of %d; the test needs more than %d and some of the department's own",
			len(foreign), len(batch), model.MaxDenialsNamed)
	}
	before := fingerprint(t, s)
	_, err := s.ApplyUpdates(model.SessionActor("王芳"), batch)
	var bd *model.BatchDeniedError
	if !errors.As(err, &bd) || !errors.Is(err, model.ErrDenied) {
		t.Fatalf("got %v, want a *model.BatchDeniedError", err)
	}
	var got []string
	for _, d := range bd.Denied {
		got = append(got, d.TaskID)
	}
	if strings.Join(got, " ") != strings.Join(foreign, " ") {
		t.Errorf("denied %v, want every foreign task %v", got, foreign)
	}
	msg := i18n.Message(i18n.Zh, err)
	if !strings.Contains(msg, foreign[model.MaxDenialsNamed-1]) || strings.Contains(msg, foreign[model.MaxDenialsNamed]+"（") {
		t.Errorf("the sentence does not name exactly the first %d: %s", model.MaxDenialsNamed, msg)
	}
	if want := "另有 " + itoa(len(foreign)-model.MaxDenialsNamed) + " 个"; !strings.Contains(msg, want) {
		t.Errorf("the sentence does not say %q: %s", want, msg)
	}
	if fingerprint(t, s) != before {
		t.Error("a refused batch wrote to the file")
	}
}

// fingerprint is a hash of the whole file as a backup writes it: any
// committed change alters it.
func fingerprint(t *testing.T, s *Store) string {
	t.Helper()
	h := sha256.New()
	if err := s.BackupTo(h); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func itoa(n int) string { return strconv.Itoa(n) }
