package cli

import (
	"regexp"
	"slices"
	"strings"
	"sync"
)

// negativeRE matches an argument that is a negative number such as -5 or
// －3.2, or -Inf or -NaN, which the flag parser would otherwise take for a
// flag; the value parser then gives each its own error.
// It is compiled on first use, for an argument that starts with a single
// minus sign (mayBeNegative), not at every start-up.
var negativeRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(-|－)([0-9０-９.．]|(?i:inf|infinity|nan)$)`)
})

// mayBeNegative is false for an argument negativeRE cannot match: one
// that does not start with - or －, or starts with --.
func mayBeNegative(a string) bool {
	return len(a) >= 2 && a[0] == '-' && a[1] != '-' || strings.HasPrefix(a, "－")
}

// valueFlags are the flags that take a value as the next argument.
var valueFlags = []string{"--db", "--as-of", "--lang", "--user", "--note", "--problems", "--next",
	"--dept", "--chapter", "--status", "--search", "--format", "--output", "-o"}

// protectNegatives moves negative numbers behind a "--", so that
// `duban update 0.1.01 -2.5` reads -2.5 as the value (and a negative count
// then gets its proper error) instead of as an unknown flag.
func protectNegatives(args []string) []string {
	if slices.Contains(args, "--") {
		return args
	}
	var rest, negs []string
	for i, a := range args {
		if mayBeNegative(a) && negativeRE().MatchString(a) && (i == 0 || !slices.Contains(valueFlags, args[i-1])) {
			negs = append(negs, a)
			continue
		}
		rest = append(rest, a)
	}
	if len(negs) == 0 {
		return args
	}
	return append(append(rest, "--"), negs...)
}
