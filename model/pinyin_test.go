package model

import (
	"testing"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// The embedded table gives every Han character the pinyin go-pinyin does
// (regenerate it with scripts/genpinyin when go-pinyin is upgraded).
func TestPinyinTableMatchesGoPinyin(t *testing.T) {
	args := pinyin.NewArgs()
	n := 0
	for _, rt := range unicode.Han.R16 {
		for r := rune(rt.Lo); r <= rune(rt.Hi); r += rune(rt.Stride) {
			want := ""
			if p := pinyin.SinglePinyin(r, args); len(p) > 0 {
				want = p[0]
			}
			if got := pinyinOf(r); got != want {
				t.Fatalf("pinyinOf(%q) = %q, go-pinyin %q", r, got, want)
			}
			n++
		}
	}
	for _, rt := range unicode.Han.R32 {
		for r := rune(rt.Lo); r <= rune(rt.Hi); r += rune(rt.Stride) {
			want := ""
			if p := pinyin.SinglePinyin(r, args); len(p) > 0 {
				want = p[0]
			}
			if got := pinyinOf(r); got != want {
				t.Fatalf("pinyinOf(%q) = %q, go-pinyin %q", r, got, want)
			}
		}
	}
	if pinyinOf('停') != "ting" || pinyinOf('车') != "che" || n < 20000 {
		t.Errorf("停车 = %s %s (%d characters)", pinyinOf('停'), pinyinOf('车'), n)
	}
}
