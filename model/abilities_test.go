package model

import "testing"

func TestAbilities(t *testing.T) {
	for _, c := range []struct {
		name string
		u    User
		want Can
	}{
		{"admin", User{Name: "a", Role: RoleAdmin}, Can{Report: true, Review: true, Admin: true}},
		{"supervisor", User{Name: "s", Role: RoleSupervisor}, Can{Review: true}},
		{"staff", User{Name: "f", Role: RoleStaff, Depts: []string{"市交通运输局"}}, Can{Report: true, Own: true}},
		{"unknown role", User{Name: "x", Role: "boss"}, Can{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Abilities(c.u); got != c.want {
				t.Errorf("Abilities(%v) = %+v, want %+v", c.u, got, c.want)
			}
		})
	}
}
