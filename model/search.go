package model

import (
	"strings"
	"unicode"
)

// Index makes tasks findable by what a person types in a search box: a
// Chinese substring (停车), an id (3.5), pinyin initials (tcw) or full
// pinyin (tingchewei) of the name. Building it computes pinyin once, so
// filtering 10,000 tasks as someone types stays fast.
type Index struct {
	keys map[string]taskKeys
}

type taskKeys struct {
	text     string // id, name, section, chapter, lead, partners, source: lower-cased
	initials string // pinyin initials of the name and section, e.g. tcw
	full     string // full pinyin of the name and section, no tones or spaces
}

// NewIndex builds a search index over tasks.
func NewIndex(tasks []Task) *Index {
	idx := &Index{keys: make(map[string]taskKeys, len(tasks))}
	// Pinyin of each character, looked up once per build: names and
	// sections repeat the same few thousand characters.
	cache := map[rune]string{}
	for _, t := range tasks {
		var ini, full strings.Builder
		for _, s := range []string{t.Name, t.Section} {
			for _, r := range s {
				if unicode.Is(unicode.Han, r) {
					py, ok := cache[r]
					if !ok {
						py = pinyinOf(r) // pinyin.go
						cache[r] = py
					}
					if py != "" {
						ini.WriteByte(py[0])
						full.WriteString(py)
					}
				} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
					lr := unicode.ToLower(r)
					ini.WriteRune(lr)
					full.WriteRune(lr)
				}
			}
			ini.WriteByte(' ')
			full.WriteByte(' ')
		}
		text := strings.ToLower(strings.Join([]string{t.ID, t.Name, t.Section, t.Chapter,
			t.Lead, JoinList(t.Partners), t.Source}, "\x00"))
		idx.keys[t.ID] = taskKeys{text: text, initials: ini.String(), full: full.String()}
	}
	return idx
}

// Match reports whether the task with the given id matches query q. Every
// word of q must match the task's text, its pinyin initials or its full
// pinyin.
func (idx *Index) Match(id, q string) bool { return idx.Matcher(q)(id) }

// Matcher is Match with q fixed: the query is split and lower-cased once,
// not once per task, for filtering many tasks as someone types.
func (idx *Index) Matcher(q string) func(id string) bool {
	words := strings.Fields(strings.ToLower(fullWidth.Replace(q)))
	return func(id string) bool {
		k, ok := idx.keys[id]
		if !ok {
			return false
		}
		for _, w := range words {
			if !strings.Contains(k.text, w) && !strings.Contains(k.initials, w) &&
				!strings.Contains(k.full, w) {
				return false
			}
		}
		return true
	}
}
