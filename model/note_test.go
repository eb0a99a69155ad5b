package model

import "testing"

func TestNoteText(t *testing.T) {
	for in, want := range map[string]string{"  已完成施划 ": "已完成施划", "\n\t": "", "a b": "a b"} {
		if got := NoteText(in); got != want {
			t.Errorf("NoteText(%q) = %q, want %q", in, got, want)
		}
	}
	var s Snapshot
	if s.Notes != nil {
		t.Error("a zero snapshot has notes")
	}
}
