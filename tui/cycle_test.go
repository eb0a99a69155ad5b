package tui

import (
	"strings"
	"testing"

	"duban/i18n"
)

// TestFormConfirmsImplausible: a 万 slip is shown as a warning naming the
// mistake; a second enter saves it, confirmed; changing the value asks again.
func TestFormConfirmsImplausible(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.Zh, i18n.En} {
		m, fb := newTestModel(t, lang, 80, 24)
		m = press(t, m, "2", "/", "text:tcw", "enter", "u", "text:5万")
		// The store refuses it with the warning.
		m, cmd := sendCmd(t, m, keyMsg("enter"))
		msgs := runCmd(t, cmd)
		m = send(t, m, msgs[0])
		if len(fb.saved) != 0 || !m.form().confirm || m.screen != screenForm {
			t.Fatalf("%s: saved without confirmation (%d saved)", lang, len(fb.saved))
		}
		if !strings.Contains(plain(m), map[i18n.Lang]string{i18n.Zh: "5万？", i18n.En: "5万?"}[lang]) {
			t.Errorf("%s: the warning is not on screen:\n%s", lang, plain(m))
		}
		want := map[i18n.Lang]string{i18n.Zh: "是否把 5 误写成 5万？", i18n.En: "was 5 mistyped as 5万?"}[lang]
		if !strings.Contains(m.form().err, want) || !strings.Contains(m.form().err, "Enter") {
			t.Errorf("%s: err %q", lang, m.form().err)
		}
		// Typing resets the confirmation.
		m = press(t, m, "text:0")
		if m.form().confirm {
			t.Errorf("%s: a changed value stays confirmed", lang)
		}
		m.form().fields[fieldValue].set("")
		m = press(t, m, "text:5万")
		m, cmd = sendCmd(t, m, keyMsg("enter"))
		m = send(t, m, runCmd(t, cmd)[0])
		if !m.form().confirm {
			t.Fatalf("%s: not asked again", lang)
		}
		m, cmd = sendCmd(t, m, keyMsg("enter"))
		m, _ = settleSave(t, m, cmd)
		if len(fb.saved) != 1 || !fb.saved[0].Confirmed || fb.saved[0].Value.String() != "50000" {
			t.Fatalf("%s: saved %+v", lang, fb.saved)
		}
		_ = m
	}
}
