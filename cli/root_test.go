package cli

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"duban/i18n"
)

// runTree runs args on the tree root builds, as execute does, and returns
// what it wrote and its error.
func runTree(t *testing.T, lang i18n.Lang, args []string, tree func(e *env, args []string) *cobra.Command) string {
	t.Helper()
	var out bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out, now: time.Now, lang: lang}
	root := tree(e, args)
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&out)
	err := root.ExecuteContext(context.Background())
	if err != nil {
		out.WriteString("\nerror: " + e.errorLine(err))
	}
	return out.String()
}

// The tree built for one command (rootFor) runs help, the version and
// mistakes as the whole tree does: the same text, the same error. Help
// is the one output that shows the tree, and the commands that are run
// themselves are tested everywhere else with rootFor.
func TestRootForAgreesWithWholeTree(t *testing.T) {
	whole := func(e *env, _ []string) *cobra.Command { return e.rootCmd() }
	part := func(e *env, args []string) *cobra.Command { return e.rootFor(args) }
	var cases [][]string
	for _, c := range (&env{lang: i18n.Zh, now: time.Now}).commands() {
		cases = append(cases, []string{c.name, "--help"}, []string{"--as-of", "2019-06-30", c.name, "-h"},
			[]string{"--db", c.name, c.name, "--help"})
	}
	cases = append(cases, []string{"--version"}, []string{"--help"}, []string{"-h"}, []string{"help"}, []string{"help", "list"},
		[]string{"lst"}, []string{"--bogus", "list"}, []string{"--lang"}, []string{"--db", "x", "--", "list"},
		[]string{"plan", "list", "--help"}, []string{"user", "key", "--help"}, []string{"completion", "bash", "--help"},
		[]string{"--as-of=2019-06-30", "list", "--bogus"}, []string{"list", "extra"}, []string{"show"}, []string{"--ascii", "--bogus"},
		[]string{"--version", "list", "--help"}, []string{"-x", "list"})
	for _, lang := range []i18n.Lang{i18n.Zh, i18n.En} {
		for _, args := range cases {
			want := runTree(t, lang, args, whole)
			if got := runTree(t, lang, args, part); got != want {
				t.Errorf("%s %q: the one-command tree differs from the whole tree\ngot:\n%s\nwant:\n%s", lang, args, got, want)
			}
		}
	}
}

// commandName finds the command cobra runs, and the table of commands
// names each by the name it has.
func TestCommandName(t *testing.T) {
	e := &env{lang: i18n.Zh, now: time.Now}
	for _, c := range e.commands() {
		if got := c.build().Name(); got != c.name {
			t.Errorf("commands lists %q for the command named %q", c.name, got)
		}
	}
	root := e.rootCmd()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, ""}, {[]string{"list"}, "list"}, {[]string{"--db", "list", "show"}, "show"}, {[]string{"--db=list", "show"}, "show"},
		{[]string{"--ascii", "list"}, "list"}, {[]string{"--version"}, ""}, {[]string{"-h", "update"}, "update"},
		{[]string{"--", "list"}, ""}, {[]string{"--db", "x"}, ""}, {[]string{"--unknown", "list"}, ""}, {[]string{"--unknown", "x", "list"}, "list"},
	} {
		if got := commandName(root, tc.args); got != tc.want {
			t.Errorf("commandName(%q) = %q, want %q", tc.args, got, tc.want)
		}
		// cobra agrees.
		if len(tc.args) > 0 {
			if cmd, _, err := root.Find(tc.args); err == nil && cmd != root && cmd.Name() != tc.want && (cmd.Parent() != root || cmd.Name() != tc.want) {
				t.Errorf("cobra finds %q for %q, commandName %q", cmd.Name(), tc.args, tc.want)
			}
		}
	}
}

// BenchmarkRootFor builds the tree `duban list` runs on, and the whole
// tree (help, completion).
func BenchmarkRootFor(b *testing.B) {
	for _, bc := range []struct {
		name string
		args []string
	}{{"list", []string{"--as-of", "2019-06-30", "list"}}, {"version", []string{"--version"}}, {"whole", []string{"--help"}}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				e := &env{stdout: io.Discard, stderr: io.Discard, now: time.Now, lang: i18n.Zh}
				e.rootFor(bc.args)
			}
		})
	}
}

// For random command lines, whenever commandName names one of duban's
// commands (so that rootFor builds that one alone), cobra, given the whole
// tree, runs that command or one under it.
func TestCommandNameAgreesWithCobra(t *testing.T) {
	e := &env{lang: i18n.Zh, now: time.Now}
	known := map[string]bool{}
	for _, c := range e.commands() {
		known[c.name] = true
	}
	words := []string{"list", "show", "plan", "user", "export", "update", "help", "completion", "x", "2019-06-30", "",
		"--db", "--db=list", "--as-of", "--lang", "--user", "--plan", "--ascii", "--version", "--help", "-h", "-v",
		"--", "-", "--bogus", "-x", "--format", "json", "-o", "--ascii=false", "--stale"}
	rng := rand.New(rand.NewPCG(9, 10))
	root := e.rootCmd()
	checked := 0
	for range 20000 {
		args := make([]string, rng.IntN(6))
		for i := range args {
			args[i] = words[rng.IntN(len(words))]
		}
		name := commandName(root, args)
		if !known[name] {
			continue // rootFor builds the whole tree
		}
		checked++
		cmd, _, err := root.Find(args)
		if err != nil {
			t.Fatalf("%q: commandName says %q, cobra finds nothing: %v", args, name, err)
		}
		for cmd.HasParent() && cmd.Parent().HasParent() {
			cmd = cmd.Parent()
		}
		if cmd.Name() != name {
			t.Fatalf("%q: commandName says %q, cobra runs %q", args, name, cmd.Name())
		}
	}
	if checked < 2000 {
		t.Errorf("only %d command lines named a command", checked)
	}
}
