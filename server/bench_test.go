package server

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"
)

// rawTerm is a PTY session that only counts the bytes it receives: a light
// client, so that benchmarks measure the server and not a terminal
// emulator.
type rawTerm struct {
	client *gossh.Client
	sess   *gossh.Session
	n      atomic.Int64  // bytes received
	wrote  chan struct{} // signalled after each write

	// The screen has shown its data: the overview's 序时进度 was received
	// (seen across writes through tail).
	ready atomic.Bool
	tail  []byte
}

// readyMarker is a label the overview draws once its data is in.
var readyMarker = []byte("序时进度")

func (r *rawTerm) Write(p []byte) (int, error) {
	r.n.Add(int64(len(p)))
	if !r.ready.Load() {
		buf := append(r.tail, p...)
		if bytes.Contains(buf, readyMarker) {
			r.ready.Store(true)
		}
		r.tail = append(r.tail[:0], buf[max(0, len(buf)-len(readyMarker)+1):]...)
	}
	select {
	case r.wrote <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (e *testEnv) openRaw(tb testing.TB, name string, w, h int) *rawTerm {
	c, err := e.dial(name, e.keys[name])
	if err != nil {
		tb.Fatal(err)
	}
	r := &rawTerm{client: c, wrote: make(chan struct{}, 1)}
	if r.sess, err = c.NewSession(); err != nil {
		tb.Fatal(err)
	}
	if err := r.sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		tb.Fatal(err)
	}
	r.sess.Stdout = r
	if err := r.sess.Shell(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = r.sess.Close()
		_ = c.Close()
	})
	return r
}

// settle waits until the session has been quiet for d.
func (r *rawTerm) settle(d time.Duration) {
	for {
		select {
		case <-r.wrote:
		case <-time.After(d):
			return
		}
	}
}

// openRawSessions opens n sessions of the users staff0… and waits until
// every one runs (and subscribed, if subs) and has drawn its screen and
// gone quiet.
func (e *testEnv) openRawSessions(tb testing.TB, n, w, h int, subs bool) []*rawTerm {
	terms := make([]*rawTerm, n)
	for i := range n {
		terms[i] = e.openRaw(tb, fmt.Sprintf("staff%d", i), w, h)
	}
	deadline := time.Now().Add(30 * time.Second)
	for e.srv.Sessions() < n || subs && e.srv.hub.subscribers() < n {
		if time.Now().After(deadline) {
			tb.Fatalf("%d of %d sessions running", e.srv.Sessions(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	var wg sync.WaitGroup
	for _, r := range terms {
		wg.Go(func() { r.settle(300 * time.Millisecond) })
	}
	wg.Wait()
	return terms
}

// benchFanout measures the time from one save to every one of 50 open
// sessions receiving its redrawn screen.
func benchFanout(b *testing.B, tui bool) { benchFanoutOn(b, tui, "") }

func benchFanoutOn(b *testing.B, tui bool, db string) {
	const sessions = 50
	e := newEnv(b, envOptions{tui: tui, extra: sessions, db: db})
	terms := e.openRawSessions(b, sessions, 100, 30, true)
	if db != "" {
		// A large file: the first frames take seconds, quiet while
		// loading. Timing starts once every screen shows its data.
		deadline := time.Now().Add(5 * time.Minute)
		for k, r := range terms {
			for !r.ready.Load() {
				if time.Now().After(deadline) {
					b.Fatalf("session %d has not shown its data", k)
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
		for _, r := range terms {
			r.settle(time.Second)
		}
	}
	admin := e.backend("admin")
	before := make([]int64, sessions)
	var worst time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		time.Sleep(DefaultFanoutGap + 20*time.Millisecond) // a save after a quiet spell
		for k, r := range terms {
			r.settle(5 * time.Millisecond)
			before[k] = r.n.Load()
		}
		b.StartTimer()
		start := time.Now()
		if _, err := admin.AddUpdate(update(e.taskA.ID, int64(i%100)), 0); err != nil {
			b.Fatal(err)
		}
		for k, r := range terms {
			for r.n.Load() == before[k] {
				select {
				case <-r.wrote:
				case <-time.After(5 * time.Second):
					b.Fatalf("session %d not redrawn within 5s", k)
				}
			}
		}
		worst = max(worst, time.Since(start))
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
}

// BenchmarkFanout50TUI: one save → 50 sessions of duban's TUI redrawn.
func BenchmarkFanout50TUI(b *testing.B) { benchFanout(b, true) }

// BenchmarkFanout50TUI100k: the same on a copy of the file DUBAN_BENCH_DB,
// such as 100,000 tasks from `go run ./scripts/genplan -o /tmp/big.db
// -tasks 100000` (goal: under 100 ms); skipped without it.
func BenchmarkFanout50TUI100k(b *testing.B) {
	db := os.Getenv("DUBAN_BENCH_DB")
	if db == "" {
		b.Skip("DUBAN_BENCH_DB is not set")
	}
	benchFanoutOn(b, true, db)
}

// BenchmarkFanout50Probe: the same with the minimal probe screen, to
// separate the server's and transport's share from the TUI's.
func BenchmarkFanout50Probe(b *testing.B) { benchFanout(b, false) }

// BenchmarkFanoutHub: one save → 50 subscribers signalled (no screens).
func BenchmarkFanoutHub(b *testing.B) {
	const subs = 50
	e := newEnv(b, envOptions{})
	chans := make([]<-chan struct{}, subs)
	for i := range chans {
		ch, unsub := e.srv.hub.subscribe()
		b.Cleanup(unsub)
		chans[i] = ch
	}
	admin := e.backend("admin")
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		time.Sleep(DefaultFanoutGap + 10*time.Millisecond)
		b.StartTimer()
		if _, err := admin.AddUpdate(update(e.taskA.ID, int64(i%100)), 0); err != nil {
			b.Fatal(err)
		}
		for _, ch := range chans {
			<-ch
		}
	}
}

// benchIdle measures the heap and goroutines that idle sessions hold,
// the in-process test client's share included.
func benchIdle(b *testing.B, model func(*Backend, SessionInfo) tea.Model) {
	const n = 50
	for range b.N {
		e := newEnv(b, envOptions{tui: model == nil, model: model, extra: n})
		heap0, g0 := heapInUse(), runtime.NumGoroutine()
		terms := e.openRawSessions(b, n, 100, 30, model == nil)
		heap1, g1 := heapInUse(), runtime.NumGoroutine()
		b.ReportMetric(float64(heap1-heap0)/n, "heap-B/session")
		b.ReportMetric(float64(g1-g0)/n, "goroutines/session")
		_ = terms
		b.StopTimer()
		e.stop()
		b.StartTimer()
	}
}

// BenchmarkIdleSessionTUI: 50 idle sessions of duban's TUI.
func BenchmarkIdleSessionTUI(b *testing.B) { benchIdle(b, nil) }

// BenchmarkIdleSessionBare: 50 idle sessions of a one-line screen: what
// SSH, the Bubble Tea program and the test's own client cost.
func BenchmarkIdleSessionBare(b *testing.B) {
	benchIdle(b, func(*Backend, SessionInfo) tea.Model { return bare{} })
}

type bare struct{}

func (bare) Init() tea.Cmd                       { return nil }
func (bare) Update(tea.Msg) (tea.Model, tea.Cmd) { return bare{}, nil }
func (bare) View() tea.View                      { return tea.NewView("duban") }

func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse)
}
