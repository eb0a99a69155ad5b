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

func TestLocalUser(t *testing.T) {
	users := []User{{Name: "alice", Role: RoleStaff, Depts: []string{"市教育局"}}, {Name: "bob", Role: RoleSupervisor}}
	tests := []struct {
		name string
		want Role
	}{
		{"alice", RoleStaff},
		{"bob", RoleSupervisor},
		{"carol", RoleAdmin}, // not a user of the file: the owner of it
	}
	for _, tt := range tests {
		if got := LocalUser(tt.name, users); got.Name != tt.name || got.Role != tt.want {
			t.Errorf("LocalUser(%q) = %+v, want role %s", tt.name, got, tt.want)
		}
	}
}
