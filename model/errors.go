package model

import (
	"errors"
	"strings"

	"duban/i18n"
)

// Errors other packages match, with errors.Is and errors.As: the store
// returns them, every surface (command line, screens, SSH) recognises them
// by type, never by their text or their fields' names.
var (
	// ErrConflict is what every *ConflictError matches with errors.Is.
	ErrConflict = errors.New("task changed since you read it")
	// ErrDenied is what every refusal by the access rules matches with
	// errors.Is: *AccessError and *BatchDeniedError.
	ErrDenied = errors.New("not allowed")
)

// ConflictError says a task changed after the caller read it: the
// optimistic check of a change (its expected Rev) failed.
type ConflictError struct {
	TaskID string
	Latest Update // the task's most recent update; zero when the change was not an update
	Unit   string // the task's unit, for the message
}

func (e *ConflictError) Error() string { return e.Text(i18n.En) }

// Text renders the error in language l.
func (e *ConflictError) Text(l i18n.Lang) string {
	if e.Latest.Seq == 0 {
		return l.T("err.store.conflict", e.TaskID)
	}
	return l.T("err.store.conflict.by", e.TaskID, e.Latest.By, FormatValue(e.Latest.Value)+e.Unit)
}

// Unwrap lets errors.Is(err, ErrConflict) match.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// AccessError is a refusal by the access rules (Can…, ResolveActor): who
// may not do what, as one sentence. errors.Is matches ErrDenied and the
// sentence's key (errors.Is(err, i18n.E("err.access.review"))).
type AccessError struct {
	Msg *i18n.Error
}

// denied builds an *AccessError with the sentence key.
func denied(key string, args ...any) error {
	return &AccessError{Msg: &i18n.Error{Key: key, Args: args}}
}

func (e *AccessError) Error() string { return e.Msg.Error() }

// Text renders the refusal in language l.
func (e *AccessError) Text(l i18n.Lang) string { return e.Msg.Text(l) }

// Unwrap gives ErrDenied and the sentence to errors.Is.
func (e *AccessError) Unwrap() []error { return []error{ErrDenied, e.Msg} }

// Denial is one refused change of a batch: its 0-based index in the batch,
// its task and why.
type Denial struct {
	Index  int
	TaskID string
	Lead   string // the task's lead department
	Err    error  // the access rule's refusal
}

// MaxDenialsNamed is how many refused tasks a *BatchDeniedError names
// before it counts the rest.
const MaxDenialsNamed = 50

// BatchDeniedError refuses a whole batch (an imported template) because
// the acting user may not change some of its tasks. Every refused task is
// listed in Denied, in batch order; the sentence names the first
// MaxDenialsNamed and counts the rest. Nothing of the batch was written.
type BatchDeniedError struct {
	User   string
	Denied []Denial
}

func (e *BatchDeniedError) Error() string { return e.Text(i18n.En) }

// Text renders the refusal in language l: who, how many, and which tasks
// (each with its lead department).
func (e *BatchDeniedError) Text(l i18n.Lang) string {
	var b strings.Builder
	for i, d := range e.Denied {
		if i == MaxDenialsNamed {
			b.WriteString(l.T("err.access.batch.more", len(e.Denied)-MaxDenialsNamed))
			break
		}
		if i > 0 {
			b.WriteString(l.T("err.access.batch.sep"))
		}
		b.WriteString(l.T("err.access.batch.task", d.TaskID, d.Lead))
	}
	return l.T("err.access.batch", e.User, len(e.Denied), b.String())
}

// Unwrap gives ErrDenied and each task's refusal to errors.Is and As.
func (e *BatchDeniedError) Unwrap() []error {
	out := []error{ErrDenied}
	for _, d := range e.Denied {
		out = append(out, d.Err)
	}
	return out
}
