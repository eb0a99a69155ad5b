package model

import (
	"errors"
	"strings"
	"testing"

	"duban/i18n"
)

func TestAccess(t *testing.T) {
	const (
		traffic = "市公安局交警支队"
		city    = "市城市管理和综合执法局"
		edu     = "市教育局"
	)
	task := Task{ID: "5.3.05", Lead: city, Partners: []string{traffic, "市自然资源和规划局"}}
	var (
		admin      = User{Name: "root", Role: RoleAdmin}
		supervisor = User{Name: "督查室", Role: RoleSupervisor}
		lead       = User{Name: "城管", Role: RoleStaff, Depts: []string{edu, " " + city + " "}}
		partner    = User{Name: "交警", Role: RoleStaff, Depts: []string{traffic}}
		other      = User{Name: "教育", Role: RoleStaff, Depts: []string{edu}}
		nodept     = User{Name: "新人", Role: RoleStaff}
		odd        = User{Name: "x", Role: "boss"}
	)
	type check struct {
		name string
		fn   func(User) error
	}
	checks := []check{
		{"update", func(u User) error { return CanUpdate(u, task) }},
		{"note", func(u User) error { return CanNote(u, task) }},
		{"review", CanReview},
		{"urge", CanUrge},
		{"admin", CanAdmin},
	}
	// want: the i18n key of the refusal for each check, "" = allowed.
	tests := []struct {
		name string
		user User
		want [5]string
	}{
		{"admin does everything", admin, [5]string{"", "", "", "", ""}},
		{"supervisor reviews and urges only", supervisor,
			[5]string{"err.access.update.supervisor", "err.access.note.supervisor", "", "", "err.access.admin"}},
		{"staff of the lead department updates and notes", lead,
			[5]string{"", "", "err.access.review", "err.access.urge", "err.access.admin"}},
		{"staff of a partner department only notes", partner,
			[5]string{"err.access.update.dept", "", "err.access.review", "err.access.urge", "err.access.admin"}},
		{"staff of an unrelated department does neither", other,
			[5]string{"err.access.update.dept", "err.access.note.dept", "err.access.review", "err.access.urge", "err.access.admin"}},
		{"staff without a department", nodept,
			[5]string{"err.access.nodept", "err.access.nodept", "err.access.review", "err.access.urge", "err.access.admin"}},
		{"unknown role is refused everything", odd,
			[5]string{"err.access.role", "err.access.role", "err.access.role", "err.access.role", "err.access.role"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, c := range checks {
				err := c.fn(tt.user)
				if tt.want[i] == "" {
					if err != nil {
						t.Errorf("%s: got %v, want allowed", c.name, err)
					}
					continue
				}
				if !errors.Is(err, i18n.E(tt.want[i])) {
					t.Errorf("%s: got %v, want %s", c.name, err, tt.want[i])
					continue
				}
				if !i18n.Has(tt.want[i]) {
					t.Errorf("%s: key %s missing from the catalog", c.name, tt.want[i])
				}
				if zh := i18n.Message(i18n.Zh, err); zh == "" || zh == tt.want[i] {
					t.Errorf("%s: no Chinese sentence: %q", c.name, zh)
				}
			}
		})
	}
}

func TestAccessUpdateMessageNamesDepartments(t *testing.T) {
	u := User{Name: "教育", Role: RoleStaff, Depts: []string{"市教育局", "市体育局"}}
	err := CanUpdate(u, Task{ID: "5.3.05", Lead: "市城市管理和综合执法局"})
	got := i18n.Message(i18n.Zh, err)
	for _, want := range []string{"5.3.05", "市城市管理和综合执法局", "市教育局、市体育局"} {
		if !strings.Contains(got, want) {
			t.Errorf("message %q does not name %q", got, want)
		}
	}
}

func TestInDepts(t *testing.T) {
	u := User{Depts: []string{"市教育局", " 市财政局"}}
	tests := []struct {
		dept string
		want bool
	}{
		{"市教育局", true},
		{"市财政局 ", true},
		{"市教育局机关", false},
		{"教育局", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := InDepts(u, tt.dept); got != tt.want {
			t.Errorf("InDepts(%q) = %v, want %v", tt.dept, got, tt.want)
		}
	}
}

func TestResolveActor(t *testing.T) {
	alice := User{Name: "alice", Role: RoleStaff, Depts: []string{"市教育局"}}
	tests := []struct {
		name     string
		a        Actor
		found    *User
		hasUsers bool
		want     Role
		refused  string // i18n key of the refusal
	}{
		{"a session's user", SessionActor("alice"), &alice, true, RoleStaff, ""},
		{"a removed session user", SessionActor("alice"), nil, true, "", "server.err.user.gone"},
		{"a removed last user", SessionActor("alice"), nil, false, "", "server.err.user.gone"},
		{"--user naming a user", NamedActor("alice"), &alice, true, RoleStaff, ""},
		{"--user naming nobody", NamedActor("mallory"), nil, true, "", "err.actor.unknown"},
		{"--user on a file without users", NamedActor("carol"), nil, false, RoleAdmin, ""},
		{"the OS user", LocalActor("carol"), nil, true, RoleAdmin, ""},
		{"the OS user named like a user", LocalActor("alice"), &alice, true, RoleAdmin, ""},
		{"no name", NamedActor(" "), nil, false, "", "err.store.by"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ResolveActor(tt.a, tt.found, tt.hasUsers)
			if tt.refused != "" {
				if !errors.Is(err, i18n.E(tt.refused)) || !errors.Is(err, ErrDenied) {
					t.Fatalf("got %+v, %v; want refusal %s", got, err, tt.refused)
				}
				return
			}
			if err != nil || got.Role != tt.want || got.Name != strings.TrimSpace(tt.a.Name) {
				t.Fatalf("got %+v, %v; want %s as %s", got, err, tt.a.Name, tt.want)
			}
		})
	}
}

func TestCheckKeys(t *testing.T) {
	const k1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl one"
	const k2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILM+rvN+ot98qgEN796jTiQfszSvdH3j6OaBW9BSXu7Z two"
	users := []User{{Name: "alice", Role: RoleAdmin, Keys: []string{k1}}}
	tests := []struct {
		u    User
		want string
	}{
		{User{Name: "alice", Keys: []string{k1}}, ""},                           // her own key, kept
		{User{Name: "bob", Keys: []string{k2}}, ""},                             // a new key
		{User{Name: "bob", Keys: []string{k1 + " copy"}}, "err.user.key.taken"}, // alice's, whatever the comment
		{User{Name: "bob", Keys: []string{k2, k2}}, "err.user.key.has"},
		{User{Name: "bob", Keys: []string{"ssh-ed25519 nonsense"}}, "err.user.key.bad"},
	}
	for i, tt := range tests {
		err := CheckKeys(users, tt.u)
		if tt.want == "" && err != nil || tt.want != "" && !errors.Is(err, i18n.E(tt.want)) {
			t.Errorf("%d: CheckKeys(%v) = %v, want %q", i, tt.u.Keys, err, tt.want)
		}
	}
}

// DeptMatcher agrees with InDepts, whatever spaces surround the names.
func TestDeptMatcherIsInDepts(t *testing.T) {
	names := []string{"", " ", "\u3000", "市教育局", " 市教育局", "市教育局\u3000", "市教育局机关", "\u00a0市教育局\t",
		"Edu", "edu ", "x\xff", "\xff", "a", "市 教育局"}
	users := []User{{}, {Depts: []string{"市教育局"}}, {Depts: []string{" 市教育局 ", "Edu"}}, {Depts: []string{"", " "}},
		{Depts: []string{"\u3000市教育局机关", "x\xff", "a"}}}
	for _, u := range users {
		in := DeptMatcher(u)
		for _, n := range names {
			if got, want := in(n), InDepts(u, n); got != want {
				t.Errorf("DeptMatcher(%q)(%q) = %v, InDepts %v", u.Depts, n, got, want)
			}
		}
	}
}
