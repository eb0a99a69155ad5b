package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	gossh "golang.org/x/crypto/ssh"

	"duban/model"
	"duban/server"
	"duban/store"
)

// Speed goals of the served setup (issue 9):
//   - ssh … export --format json at 10,000 tasks within 1.5x of the local
//     command (compare the ns/op of BenchmarkExport10k/ssh and /local);
//   - a backup of a 10,000-task file while 50 sessions save: no save waits
//     longer than 100 ms (BenchmarkBackupWhileSaving's max-save-ms).

// bigServed is newServed over a plan of n tasks: the 2019 plan's tasks
// repeated under new ids.
func bigServed(b *testing.B, n int) *served {
	db := filepath.Join(b.TempDir(), "big.db")
	st, err := store.Open(db, store.Options{Seed: func() (model.Plan, []model.Task, error) {
		p, tasks, err := seedPlan()
		big := make([]model.Task, n)
		for i := range big {
			big[i] = tasks[i%len(tasks)]
			big[i].ID = fmt.Sprintf("%d.%d.%02d", i/2000+1, i/40%50+1, i%40+1)
		}
		return p, big, err
	}})
	if err != nil {
		b.Fatal(err)
	}
	st.Close()
	return startServed(b, db)
}

// startServed serves db with an admin user, for benchmarks.
func startServed(b *testing.B, db string) *served {
	st, err := store.Open(db, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	sg := newTestSigner(b)
	if err := st.PutUser(model.LocalActor("bench"), model.User{Name: admin, Role: model.RoleAdmin,
		Keys: []string{strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sg.PublicKey())))}}); err != nil {
		b.Fatal(err)
	}
	srv, err := server.New(st, server.Options{Listen: "127.0.0.1:0", HostKeyPath: filepath.Join(filepath.Dir(db), "host"),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Exec:   func(ctx context.Context, r server.Request) int { return Exec(ctx, st, r) }})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }()
	b.Cleanup(func() {
		cancel()
		<-done
		st.Close()
	})
	return &served{db: db, st: st, srv: srv, keys: map[string]gossh.Signer{admin: sg}}
}

func (sv *served) benchSSH(b *testing.B, c *gossh.Client, cmd string, out io.Writer) {
	sess, err := c.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	sess.Stdout = out
	if err := sess.Run(cmd); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkExport10k(b *testing.B) {
	sv := bigServed(b, 10000)
	local := filepath.Join(b.TempDir(), "copy.db")
	if err := sv.st.Backup(local); err != nil {
		b.Fatal(err)
	}
	b.Run("local", func(b *testing.B) {
		for b.Loop() {
			var out bytes.Buffer
			if code := Main(context.Background(), []string{"--db", local, "export", "--format", "json"}, strings.NewReader(""), &out, io.Discard); code != 0 {
				b.Fatal(code)
			}
		}
	})
	b.Run("ssh", func(b *testing.B) {
		c := sv.dialB(b)
		defer c.Close()
		for b.Loop() {
			var out bytes.Buffer
			sv.benchSSH(b, c, "export --format json", &out)
		}
	})
}

func (sv *served) dialB(b *testing.B) *gossh.Client {
	c, err := gossh.Dial("tcp", sv.srv.Addr().String(), &gossh.ClientConfig{
		User: admin, Auth: []gossh.AuthMethod{gossh.PublicKeys(sv.keys[admin])},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
	})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkBackupWhileSaving streams backups of a 10,000-task file over
// SSH while 50 writers save, and reports the longest a save waited and the
// 99th percentile (BENCH_NOBACKUP=1: the same saves with no backup).
//
// Client and server share the process here, so the copy is encrypted and
// decrypted on the same 2 cores; written in one piece it kept both busy,
// the bbolt writer waited ~25 ms for a core after its fdatasync (go tool
// trace) and the other savers queued behind it. Measured 2026-12-02 with
// -benchtime 150x, 5 runs each side by side under a load average of 5-9
// from other work: before (one Write, sync.Pool buffer) worst save 74-737
// ms, p99 54-704 ms; after (store.writePaced, kept buffer) 17-217 ms, p99
// 10-144 ms; no backup: 42-237 ms (in a quiet moment both 13-23 ms). Out
// of process (duban serve; 50 x/crypto/ssh clients running `update` execs
// at ~150 a second; OpenSSH `ssh … backup > /dev/null` back to back; 20
// s), 6 rounds each side by side: the slowest update round trip before
// 109-409 ms (p99 75-266 ms), after 69-337 ms (p99 43-221 ms, 4 rounds of
// 6 at or under 110 ms); with no backup 65-155 ms.
func BenchmarkBackupWhileSaving(b *testing.B) {
	sv := bigServed(b, 10000)
	snap, err := sv.st.Snapshot()
	if err != nil {
		b.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var waits []time.Duration
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task := snap.Tasks[i*97%len(snap.Tasks)]
			for v := int64(1); ; v++ {
				select {
				case <-stop:
					return
				case <-time.After(time.Duration(200+i*6) * time.Millisecond): // 50 sessions: ~100 saves a second
				}
				start := time.Now()
				_, err := sv.st.ApplyUpdates(model.LocalActor("test"), []model.Update{{TaskID: task.ID, Value: decimal.NewFromInt(v), AsOf: time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC),
					Note: "进展", Problems: "问题", Next: "措施", By: admin}})
				d := time.Since(start)
				mu.Lock()
				if err == nil {
					waits = append(waits, d)
				}
				mu.Unlock()
			}
		}()
	}
	c := sv.dialB(b)
	defer c.Close()
	b.ResetTimer()
	for b.Loop() {
		if os.Getenv("BENCH_NOBACKUP") != "" {
			time.Sleep(40 * time.Millisecond)
			continue
		}
		sv.benchSSH(b, c, "backup", io.Discard)
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	if len(waits) == 0 {
		b.Fatal("no save")
	}
	slices.Sort(waits)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(waits[len(waits)-1]), "max-save-ms")
	b.ReportMetric(ms(waits[len(waits)*99/100]), "p99-save-ms")
	b.ReportMetric(float64(len(waits)), "saves")
}
