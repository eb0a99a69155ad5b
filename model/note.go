package model

import (
	"strings"
	"time"
)

// Note is a remark on a task without a value (备注): a partner department
// saying what it has done, or the lead department answering a question. It
// does not count as a progress update, changes no figure and is never
// reviewed.
type Note struct {
	Seq    uint64    // store-assigned, increasing
	TaskID string    //
	Text   string    // one line or more, trimmed
	By     string    // the user who wrote it
	At     time.Time // when it was recorded
}

// NoteText trims a note's text: it is what a store keeps and what the
// screens check before saving (an empty note is refused).
func NoteText(s string) string { return strings.TrimSpace(s) }
