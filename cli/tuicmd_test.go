package cli

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// readGC is the collector's setting: GOGC's percentage and the memory limit.
func readGC() (int, int64) {
	pct := debug.SetGCPercent(-1)
	debug.SetGCPercent(pct)
	return pct, debug.SetMemoryLimit(-1)
}

// loadGC turns the collector off for the TUI's initial load, with a memory
// limit as a backstop, and back to what it was when the load is over (once:
// a second call changes nothing).
func TestLoadGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	pct, limit := readGC()
	defer debug.SetGCPercent(pct)
	defer debug.SetMemoryLimit(limit)
	db := filepath.Join(t.TempDir(), "x.db")
	if err := os.WriteFile(db, make([]byte, 1<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	restore := loadGC(db)
	during, backstop := readGC()
	if during >= 0 || backstop != 512<<20+1<<20 {
		t.Fatalf("during the load GOGC is %d and the limit %d, not off with a limit of 513 MiB", during, backstop)
	}
	restore()
	if p, l := readGC(); p != pct || l != limit {
		t.Fatalf("after the load GOGC is %d and the limit %d, not %d and %d as before", p, l, pct, limit)
	}
	debug.SetGCPercent(pct + 50) // someone's later setting stays
	restore()
	if p, _ := readGC(); p != pct+50 {
		t.Fatalf("a second restore set GOGC to %d", p)
	}
}

// With GOGC or GOMEMLIMIT set by the person, loadGC changes nothing.
func TestLoadGCUserSetting(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			t.Setenv(env, "200")
			pct, limit := readGC()
			restore := loadGC(filepath.Join(t.TempDir(), "none.db"))
			if p, l := readGC(); p != pct || l != limit {
				t.Fatalf("with %s set the load changed GOGC to %d and the limit to %d", env, p, l)
			}
			restore()
			if p, l := readGC(); p != pct || l != limit {
				t.Fatalf("with %s set the restore changed GOGC to %d and the limit to %d", env, p, l)
			}
		})
	}
}
