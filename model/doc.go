// Package model holds duban's domain: plans, tasks, progress updates and
// users, and the rules that turn a task's history into progress, time
// progress (序时进度) and a status at any as-of date.
//
// It knows nothing of bbolt, terminals or files: the store persists these
// types, the TUI and the reports render them, and all of them ask this
// package what a number means.
package model
