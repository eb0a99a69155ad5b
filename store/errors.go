package store

import (
	"errors"
	"fmt"

	bolterrors "go.etcd.io/bbolt/errors"

	"duban/i18n"
	"duban/model"
)

// Error is a store error: one of the package's sentinel kinds, a sentence
// in both languages, and the low-level cause where there is one.
//
// errors.Is matches the kind (errors.Is(err, ErrLocked)), the sentence's
// i18n key (errors.Is(err, i18n.E("err.task.unknown"))) and the cause;
// i18n.Message renders the sentence.
type Error struct {
	Kind error       // ErrLocked, ErrNotDuban, …; nil when the error is of no particular kind
	Msg  *i18n.Error // the sentence
	Err  error       // the underlying cause, or nil
}

func (e *Error) Error() string { return e.Text(i18n.En) }

// Text renders the error in language l (it implements i18n.Localized).
// Arguments that are errors are rendered in l as well.
func (e *Error) Text(l i18n.Lang) string {
	args := make([]any, len(e.Msg.Args))
	for i, a := range e.Msg.Args {
		if err, ok := a.(error); ok {
			a = i18n.Message(l, err)
		}
		args[i] = a
	}
	return l.T(e.Msg.Key, args...)
}

// Unwrap gives the kind, the sentence and the cause to errors.Is and As.
func (e *Error) Unwrap() []error {
	out := make([]error, 0, 3)
	for _, err := range []error{e.Kind, e.Msg, e.Err} {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

// newErr builds an *Error of kind with the sentence key.
func newErr(kind, cause error, key string, args ...any) *Error {
	return &Error{Kind: kind, Msg: &i18n.Error{Key: key, Args: args}, Err: cause}
}

// errTaskUnknown is the error for a task id that is not in the plan.
func errTaskUnknown(id string) error { return newErr(ErrNotFound, nil, "err.task.unknown", id) }

// ConflictError says a task changed after the caller read it; it is
// model's, so that every surface matches it with errors.As.
type ConflictError = model.ConflictError

// BatchError says which update of an ApplyUpdates batch failed; nothing of
// the batch was written.
type BatchError struct {
	Index int   // 0-based index into the batch; the sentence counts from 1
	Err   error // why it failed, e.g. model.CheckUpdate's error
}

func (e *BatchError) Error() string { return e.Text(i18n.En) }

// Text renders the error in language l.
func (e *BatchError) Text(l i18n.Lang) string {
	return l.T("err.store.batch", e.Index+1, i18n.Message(l, e.Err))
}

// Unwrap gives the underlying error.
func (e *BatchError) Unwrap() error { return e.Err }

// cause shortens a low-level error to the part worth showing a person:
// path errors lose the path, which the sentence already names.
func cause(err error) error {
	return i18n.Sys(err)
}

// ioErr maps an error bbolt returned while the store was in use.
func (s *Store) ioErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, bolterrors.ErrDatabaseNotOpen):
		return newErr(nil, err, "err.store.closed")
	case errors.Is(err, bolterrors.ErrDatabaseReadOnly), errors.Is(err, bolterrors.ErrTxNotWritable):
		return newErr(ErrReadOnly, err, "err.store.readonly")
	}
	return newErr(nil, err, "err.store.io", s.path, cause(err))
}

// panicError turns a recovered panic into an error.
func panicError(r any) error {
	if err, ok := r.(error); ok {
		return fmt.Errorf("panic: %w", err)
	}
	return fmt.Errorf("panic: %v", r)
}
