package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"duban/model"
)

// crashWriter is the "crash" helper: it writes updates, singly and in
// batches, as fast as it can, printing each acknowledged one as
// "seq task value" once the call has returned, until it is killed.
func crashWriter(path string) {
	s, err := Open(path, Options{Timeout: 5 * time.Second, Seed: testPlan})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	round, _ := strconv.Atoi(os.Getenv("DUBAN_STORE_ROUND"))
	ids := []string{"1.2.01", "1.2.02", "2.1.01"}
	mk := func(i int) model.Update {
		v := (round*7919 + i) % 100 // valid for every kind used
		return model.Update{TaskID: ids[i%len(ids)], Value: dec(strconv.Itoa(v) + ".5"), AsOf: time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC),
			Note: "进展 " + strconv.Itoa(round) + "-" + strconv.Itoa(i), Problems: "问题", Next: "措施", By: "crash", Confirmed: true} // any value, confirmed
	}
	w := bufio.NewWriter(os.Stdout)
	for i := 0; ; i += 4 {
		var done []model.Update
		if i%8 == 0 {
			u, err := s.AddUpdate(model.LocalActor("test"), mk(i), 0)
			if err != nil {
				fmt.Println("error:", err)
				os.Exit(1)
			}
			done = append(done, u)
		} else {
			us, err := s.ApplyUpdates(model.LocalActor("test"), []model.Update{mk(i), mk(i + 1), mk(i + 2)})
			if err != nil {
				fmt.Println("error:", err)
				os.Exit(1)
			}
			done = us
		}
		for _, u := range done {
			fmt.Fprintf(w, "%d %s %s\n", u.Seq, u.TaskID, u.Value)
		}
		_ = w.Flush()
	}
}

// TestCrashSafety kills a writing process at random moments and checks
// that every update it acknowledged is in the file afterwards, and that
// the file is sound.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test in -short mode")
	}
	// The first helper creates the file (a kill may interrupt that too).
	path := filepath.Join(t.TempDir(), "duban.db")

	const rounds = 24
	budget := time.Now().Add(20 * time.Second)
	acked := map[uint64]string{} // seq → "task value"
	for round := 0; round < rounds; round++ {
		if round >= 20 && time.Now().After(budget) {
			break
		}
		cmd := helper(t, "crash", path, fmt.Sprintf("DUBAN_STORE_ROUND=%d", round))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			defer close(lines)
			r := bufio.NewReader(stdout)
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return // a line cut short by the kill was not acknowledged
				}
				lines <- strings.TrimSuffix(line, "\n")
			}
		}()
		// Let it write for a random while, then kill it: every third round
		// counting from its start, so that some kills land while it opens
		// (or creates) the file; otherwise once it is writing.
		var got []string
		kill := time.After(time.Duration(rand.IntN(120)) * time.Millisecond)
		if round%3 != 0 {
			first, ok := <-lines
			if !ok || strings.HasPrefix(first, "error") {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
				t.Fatalf("round %d: helper failed: %q", round, first)
			}
			got = append(got, first)
			kill = time.After(time.Duration(rand.IntN(250)) * time.Millisecond)
		}
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				got = append(got, l)
			case <-kill:
				_ = cmd.Process.Signal(syscall.SIGKILL)
				kill = nil
			}
		}
		_ = cmd.Wait()
		for _, l := range got {
			if strings.HasPrefix(l, "error") {
				t.Fatalf("round %d: %s", round, l)
			}
			seq, rest, _ := strings.Cut(l, " ")
			n, err := strconv.ParseUint(seq, 10, 64)
			if err != nil {
				t.Fatalf("round %d: bad line %q", round, l)
			}
			acked[n] = rest
		}

		// Every acknowledged update survived, and the file is sound.
		if _, err := os.Stat(path); err != nil {
			if len(acked) > 0 {
				t.Fatalf("round %d: %v", round, err)
			}
			continue // killed before the file was made
		}
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		snap, err := s.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		have := map[uint64]string{}
		for id, h := range snap.History {
			for _, u := range h {
				have[u.Seq] = id + " " + u.Value.String()
			}
		}
		for seq, want := range acked {
			if have[seq] != want {
				t.Fatalf("round %d: acknowledged update %d (%s) reads back as %q", round, seq, want, have[seq])
			}
		}
		for _, p := range s.Check() {
			t.Errorf("round %d: check: %v", round, p)
		}
		s.Close()
		t.Logf("round %d: %d acknowledged so far, %d in the file", round, len(acked), len(have))
	}
	if len(acked) == 0 {
		t.Fatal("nothing was acknowledged")
	}
}
