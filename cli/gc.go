package cli

import (
	"os"
	"runtime/debug"
)

// batchMemoryLimit is the heap size at which a one-shot command's garbage
// collector starts after all (batchGC): far above what a command needs
// on a plan of 100,000 tasks (export --format json peaks at 443 MB
// resident without collection, 403 MB with it).
const batchMemoryLimit = 1 << 30

// batchGC turns the garbage collector off, up to batchMemoryLimit, for a
// command that runs once and exits (everything but the screens, demo and
// serve), unless GOGC or GOMEMLIMIT is set. Such a command's heap is
// nearly all live until it exits — the snapshot it reads — so collecting
// frees little, and costs more than its own work: the collector's marking
// reads the fresh pages the decoder is about to fill, each then faults a
// second time on the write, and on this 2-core VM every such fault flushes
// the other core's TLB. scripts/vs-taskwarrior.sh at 10,000 tasks, median
// of 5, with and without it: export --format json 90 → 50 ms wall (system
// time 70 → 10 ms), list 80–100 → 50 ms; at 100,000 tasks 0.78 → 0.43 s at
// 403 → 443 MB. (The Go compiler raises its own heap target at start-up
// for the same reason.)
func batchGC(command string) {
	switch command {
	case "", "demo", "serve":
		return
	}
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(batchMemoryLimit)
}
