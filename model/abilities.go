package model

// Can is what a user's role lets them do, for surfaces that decide what to
// offer (which keys, tabs and footers to show). It only answers "offer it
// or not": whether an action on one task is allowed is decided by the
// Can* functions with the task, and finally by the store.
type Can struct {
	Report bool // 填报 and 备注 on their department's tasks (staff, administrators)
	Review bool // 审核 and 督办 (supervisors, administrators)
	Admin  bool // users, departments and pacing (administrators)
	Own    bool // the review screen is their own queue (staff)
}

// Abilities answers every role question about u in one place.
func Abilities(u User) Can {
	return Can{
		Report: u.Role == RoleAdmin || u.Role == RoleStaff,
		Review: CanReview(u) == nil,
		Admin:  CanAdmin(u) == nil,
		Own:    u.Role == RoleStaff,
	}
}
