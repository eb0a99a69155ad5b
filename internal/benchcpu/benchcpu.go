// Package benchcpu gives benchmarks a figure that does not depend on how
// busy the machine is: the CPU time the process used (user and system,
// all threads, GC included) per operation, as a cpu-ms/op metric.
package benchcpu

import (
	"testing"
	"time"
)

// Report adds cpu-ms/op to b's figures: the CPU time used since start (a
// Now taken before the timed loop) divided by b.N. Where the system does
// not tell the CPU time, nothing is added.
func Report(b *testing.B, start time.Duration) {
	if used := Now() - start; used > 0 && b.N > 0 {
		b.ReportMetric(float64(used)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}
