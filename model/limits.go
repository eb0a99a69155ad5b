package model

import (
	"unicode/utf8"

	"duban/i18n"
)

// MaxTextChars bounds each text of an update (进展情况, 存在问题, 下一步措施)
// and of a note or comment: a page of text is about a thousand characters.
const MaxTextChars = 10_000

// CheckText refuses a text over MaxTextChars characters; field is the
// label key of what it is, for the sentence.
func CheckText(field, s string) error {
	if len(s) > MaxTextChars && utf8.RuneCountInString(s) > MaxTextChars {
		return i18n.E("err.text.long", i18n.E(field), MaxTextChars) // the label, in the sentence's language
	}
	return nil
}

// checkUpdateTexts applies CheckText to an update's texts.
func checkUpdateTexts(u Update) error {
	for _, f := range []struct{ key, s string }{{"field.note", u.Note}, {"field.problems", u.Problems}, {"field.next", u.Next}} {
		if err := CheckText(f.key, f.s); err != nil {
			return err
		}
	}
	return nil
}

// CheckNote applies CheckText to a note (store.AddNote).
func CheckNote(text string) error { return CheckText("field.notetext", text) }

// CheckUrge applies CheckText to a 督办's comment (store.Urge).
func CheckUrge(comment string) error { return CheckText("field.urgecomment", comment) }

// CheckReviewComment applies CheckText to a review's comment (store.Review).
func CheckReviewComment(comment string) error { return CheckText("field.reviewcomment", comment) }
