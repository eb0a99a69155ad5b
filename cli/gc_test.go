package cli

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestBatchGC: a one-shot command runs without collection up to the
// backstop; the screens, demo and serve, and a user's GOGC, keep the
// collector as it is.
func TestBatchGC(t *testing.T) {
	restore := func() {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	}
	t.Cleanup(restore)
	for _, c := range []struct {
		command, gogc string
		off           bool
	}{
		{"list", "", true}, {"export", "", true}, {"update", "", true},
		{"", "", false}, {"demo", "", false}, {"serve", "", false},
		{"list", "200", false},
	} {
		restore()
		t.Setenv("GOGC", c.gogc)
		t.Setenv("GOMEMLIMIT", "")
		batchGC(c.command)
		percent := debug.SetGCPercent(100)
		limit := debug.SetMemoryLimit(math.MaxInt64)
		if off := percent < 0 && limit == batchMemoryLimit; off != c.off {
			t.Errorf("batchGC(%q) with GOGC=%q: percent %d, limit %d; want collection off %v", c.command, c.gogc, percent, limit, c.off)
		}
	}
}

// TestMainSetsBatchGC: Main itself applies it, by the command it runs.
func TestMainSetsBatchGC(t *testing.T) {
	t.Cleanup(func() { debug.SetGCPercent(100); debug.SetMemoryLimit(math.MaxInt64) })
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	if code := Main(t.Context(), []string{"--version"}, nil, new(discard), new(discard)); code != ExitOK {
		t.Fatalf("--version: exit %d", code)
	}
	if p := debug.SetGCPercent(100); p != 100 {
		t.Fatalf("--version (no command) changed GC percent to %d", p)
	}
	if code := Main(t.Context(), []string{"help"}, nil, new(discard), new(discard)); code != ExitOK {
		t.Fatalf("help: exit %d", code)
	}
	if p := debug.SetGCPercent(100); p != -1 {
		t.Fatalf("a command (help): GC percent %d, want -1", p)
	}
}

type discard struct{}

func (*discard) Write(p []byte) (int, error) { return len(p), nil }
