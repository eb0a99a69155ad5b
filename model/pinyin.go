package model

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

// pinyinText is the toneless pinyin of each character (its first
// reading), generated from go-pinyin by scripts/genpinyin. Reading it on
// first use, rather than linking go-pinyin, spares every duban start that
// package's initialisation (about 3 ms, GODEBUG=inittrace=1): its table is
// a map built at init.
//
//go:embed pinyin.txt
var pinyinText string

// pinyinTable maps a character to its pinyin, built on first use (the
// first search index).
var pinyinTable = sync.OnceValue(func() map[rune]string {
	m := make(map[rune]string, 42000)
	for line := range strings.SplitSeq(pinyinText, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		start, err := strconv.ParseUint(f[0], 16, 32)
		if err != nil {
			panic("model: pinyin.txt: " + line)
		}
		for i, py := range f[1:] {
			if py != "-" {
				m[rune(start)+rune(i)] = py
			}
		}
	}
	return m
})

// pinyinOf is the toneless pinyin of r, "" when it has none.
func pinyinOf(r rune) string { return pinyinTable()[r] }
