package model

import (
	"errors"
	"strings"
	"testing"

	"duban/i18n"
)

// Update texts are bounded (issue 15 §6): 10,000 characters pass, one more
// is refused before anything is written.
func TestCheckUpdateBoundsTexts(t *testing.T) {
	for _, n := range []int{MaxTextChars, MaxTextChars + 1} {
		err := CheckText("field.problems", strings.Repeat("长", n))
		if (n > MaxTextChars) != errors.Is(err, i18n.E("err.text.long")) {
			t.Errorf("%d characters: %v", n, err)
		}
	}
	u := Update{Next: strings.Repeat("x", MaxTextChars+1)}
	if err := checkUpdateTexts(u); err == nil || !strings.Contains(i18n.Message(i18n.Zh, err), "下一步措施超过 10000 个字符") {
		t.Errorf("a long 下一步措施: %v", err)
	}
}
