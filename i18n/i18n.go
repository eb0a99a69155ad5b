// Package i18n keeps every word duban shows a person, in Chinese (the
// default: the users are Chinese civil servants) and English (--lang en),
// in one place. Each area of the program keeps its labels in a file of its
// own here (cli.go, tui.go, report.go, errors.go) so they are easy to find
// and translate side by side.
package i18n

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
)

// Lang is an interface language.
type Lang string

// The supported languages.
const (
	Zh Lang = "zh" // 中文, the default
	En Lang = "en" // English
)

// ParseLang reads a --lang value.
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "zh", "zh-cn", "zh_cn", "cn", "chinese", "中文":
		return Zh, nil
	case "en", "en-us", "en_us", "english":
		return En, nil
	}
	return Zh, E("err.lang", s)
}

// pair is one label in both languages.
type pair struct{ zh, en string }

// tables are the per-area files' labels, which their init functions
// register (later) and the first lookup makes into the catalog: building
// its map at start-up cost every command 0.24–0.59 ms (GODEBUG=inittrace=1,
// 2-core machine), over the 0.5 ms allowed to duban's own initialisation.
var tables []func() map[string][2]string

// later registers a table of labels.
func later(t func() map[string][2]string) { tables = append(tables, t) }

// catalog holds every label; a key defined twice is a programming error.
var catalog = sync.OnceValue(func() map[string]pair {
	m := make(map[string]pair, 1280)
	for _, t := range tables {
		for k, v := range t() {
			if _, dup := m[k]; dup {
				panic("i18n: duplicate label " + k)
			}
			m[k] = pair{v[0], v[1]}
		}
	}
	return m
})

// Has reports whether key is in the catalog.
func Has(key string) bool {
	_, ok := catalog()[key]
	return ok
}

// Keys returns every key of the catalog (for tests).
func Keys() []string {
	out := make([]string, 0, len(catalog()))
	for k := range catalog() {
		out = append(out, k)
	}
	return out
}

// T returns the label for key in language l, formatted with args as by
// fmt.Sprintf. A missing key is shown as itself, so it stands out.
func (l Lang) T(key string, args ...any) string {
	p, ok := catalog()[key]
	if !ok {
		return key
	}
	s := p.zh
	if l == En {
		s = p.en
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Error is an error whose sentence exists in both languages. Its Error
// method gives the English sentence; Text gives it in a chosen language.
type Error struct {
	Key  string
	Args []any
}

// E builds an *Error for a catalog key.
func E(key string, args ...any) error { return &Error{Key: key, Args: args} }

func (e *Error) Error() string { return En.T(e.Key, e.Args...) }

// Text renders the error in language l; arguments that are errors are
// rendered in l as well.
func (e *Error) Text(l Lang) string {
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		if err, ok := a.(error); ok {
			a = Message(l, err)
		}
		args[i] = a
	}
	return l.T(e.Key, args...)
}

// Is makes errors.Is match two *Error values with the same key, so callers
// can test for a kind of error without caring about its arguments.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Key == e.Key
}

// Localized is an error that can say itself in either language.
type Localized interface {
	error
	Text(l Lang) string
}

// Message renders any error as one sentence in language l: the outermost
// Localized error in the chain is translated, anything else is shown as it
// is.
func Message(l Lang, err error) string {
	if err == nil {
		return ""
	}
	var le Localized
	if errors.As(err, &le) {
		return le.Text(l)
	}
	return err.Error()
}

// FromEnv picks the language from $DUBAN_LANG, defaulting to Chinese.
func FromEnv() Lang {
	l, err := ParseLang(os.Getenv("DUBAN_LANG"))
	if err != nil {
		return Zh
	}
	return l
}

// Category is the label of a bulletin category (model.Category's value:
// done, ahead, on_pace, behind, no_report, unpublished), the same on the
// screens and in every export.
func Category(l Lang, c string) string { return l.T("cat." + c) }
