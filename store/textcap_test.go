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
	u, err := s.AddUpdate(update(t, "1.2.01", "300", "2019-06-30"), 0)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("字", model.MaxTextChars+1)
	ok := strings.Repeat("字", model.MaxTextChars)
	before := fileHash(t, s.Path())
	for name, err := range map[string]error{
		"note":   s.AddNote("1.2.01", long, "张三"),
		"urge":   s.Urge("1.2.01", long, time.Time{}, "李督查"),
		"review": s.Review(u.Seq, model.ReviewReturned, long, "李督查"),
	} {
		msg := i18n.Message(i18n.Zh, err)
		if err == nil || !strings.Contains(msg, "超过 10000 个字符") || strings.Count(msg, "。") != 1 {
			t.Errorf("%s of %d characters: %q", name, model.MaxTextChars+1, msg)
		}
	}
	if fileHash(t, s.Path()) != before {
		t.Fatal("a refused text was written")
	}
	if err := s.AddNote("1.2.01", ok, "张三"); err != nil {
		t.Fatalf("a note of exactly %d characters: %v", model.MaxTextChars, err)
	}
	if err := s.Urge("1.2.01", ok, time.Time{}, "李督查"); err != nil {
		t.Fatal(err)
	}
	if err := s.Review(u.Seq, model.ReviewReturned, ok, "李督查"); err != nil {
		t.Fatal(err)
	}
}
