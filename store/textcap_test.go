package store

import (
	"strings"
	"testing"
	"time"

	"duban/i18n"
	"duban/model"
)

// Notes, 督办 comments and review comments are capped at
// model.MaxTextChars characters like an update's texts (issue 15 §6), with
// a one-sentence refusal and nothing written.
func TestTextCaps(t *testing.T) {
	s := openTest(t)
	u, err := s.AddUpdate(testActor, update(t, "1.2.01", "300", "2019-06-30"), 0)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("字", model.MaxTextChars+1)
	ok := strings.Repeat("字", model.MaxTextChars)
	before := fileHash(t, s.Path())
	for name, err := range map[string]error{
		"note":   s.AddNote(model.LocalActor("张三"), "1.2.01", long),
		"urge":   s.Urge(model.LocalActor("李督查"), "1.2.01", long, time.Time{}),
		"review": s.Review(model.LocalActor("李督查"), u.Seq, model.ReviewReturned, long),
	} {
		msg := i18n.Message(i18n.Zh, err)
		if err == nil || !strings.Contains(msg, "超过 10000 个字符") || strings.Count(msg, "。") != 1 {
			t.Errorf("%s of %d characters: %q", name, model.MaxTextChars+1, msg)
		}
	}
	if fileHash(t, s.Path()) != before {
		t.Fatal("a refused text was written")
	}
	if err := s.AddNote(model.LocalActor("张三"), "1.2.01", ok); err != nil {
		t.Fatalf("a note of exactly %d characters: %v", model.MaxTextChars, err)
	}
	if err := s.Urge(model.LocalActor("李督查"), "1.2.01", ok, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Review(model.LocalActor("李督查"), u.Seq, model.ReviewReturned, ok); err != nil {
		t.Fatal(err)
	}
}
