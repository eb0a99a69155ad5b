package draft

import (
	"regexp"
	"sync"
)

// lazyRE is a regular expression compiled on first use, so that starting
// duban (every command links this package) does not pay for compiling the
// drafting rules (about 0.5 ms, GODEBUG=inittrace=1). It has the methods
// of *regexp.Regexp the rules use.
type lazyRE struct{ re func() *regexp.Regexp }

func lazyRegexp(src string) *lazyRE {
	return &lazyRE{sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(src) })}
}

func (l *lazyRE) MatchString(s string) bool              { return l.re().MatchString(s) }
func (l *lazyRE) FindString(s string) string             { return l.re().FindString(s) }
func (l *lazyRE) FindStringIndex(s string) []int         { return l.re().FindStringIndex(s) }
func (l *lazyRE) FindStringSubmatch(s string) []string   { return l.re().FindStringSubmatch(s) }
func (l *lazyRE) FindStringSubmatchIndex(s string) []int { return l.re().FindStringSubmatchIndex(s) }
func (l *lazyRE) FindAllString(s string, n int) []string { return l.re().FindAllString(s, n) }
func (l *lazyRE) ReplaceAllString(s, repl string) string { return l.re().ReplaceAllString(s, repl) }
func (l *lazyRE) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return l.re().FindAllStringSubmatchIndex(s, n)
}
