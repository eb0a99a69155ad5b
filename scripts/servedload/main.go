// Command servedload is the whole-process half of issue 9's backup goal
// (scripts/backup-under-load.sh): N SSH clients, each one connection to a
// running `duban serve`, each running `update ID V` as an exec request at
// its own steady pace, for a while. It prints how many saves were
// acknowledged and the slowest, 99th-percentile and median round trip of
// one save (session opened, command run, exit status back).
//
//	go run ./scripts/servedload -addr 127.0.0.1:23234 -user admin -key KEY -ids 1.1.01,1.1.02 [-n 50] [-for 20s] [-from 1000]
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:23234", "the server's address")
	user := flag.String("user", "admin", "the user to log in as")
	keyPath := flag.String("key", "", "the user's private key (OpenSSH format, no passphrase)")
	ids := flag.String("ids", "", "comma-separated task ids; client i saves task i mod len")
	n := flag.Int("n", 50, "number of sessions")
	dur := flag.Duration("for", 20*time.Second, "how long to keep saving")
	from := flag.Int("from", 1000, "values saved start above this (a count only grows: give each run a higher one)")
	every := flag.Duration("every", 330*time.Millisecond, "how often one session saves (50 sessions at 330 ms: ~150 saves a second)")
	flag.Parse()
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "servedload:", err)
		os.Exit(1)
	}
	pem, err := os.ReadFile(*keyPath)
	if err != nil {
		fail(err)
	}
	signer, err := ssh.ParsePrivateKey(pem)
	if err != nil {
		fail(err)
	}
	tasks := strings.Split(*ids, ",")
	if *ids == "" {
		fail(fmt.Errorf("-ids is required"))
	}
	cfg := &ssh.ClientConfig{User: *user, Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
	clients := make([]*ssh.Client, *n)
	for i := range clients {
		if clients[i], err = ssh.Dial("tcp", *addr, cfg); err != nil {
			fail(err)
		}
	}
	var (
		mu     sync.Mutex
		waits  []time.Duration
		failed int
		wg     sync.WaitGroup
	)
	end := time.Now().Add(*dur)
	for i, c := range clients {
		wg.Go(func() {
			// Stagger the sessions over one period so saves arrive evenly.
			time.Sleep(*every * time.Duration(i) / time.Duration(*n))
			for v := 1; time.Now().Before(end); v++ {
				next := time.Now().Add(*every)
				start := time.Now()
				err := run(c, fmt.Sprintf("update %s %d --as-of 2019-06-30 --note 本月进展 --problems 征地滞后 --next 加快进度 --confirm", tasks[i%len(tasks)], *from+v))
				d := time.Since(start)
				mu.Lock()
				if err != nil {
					failed++
				} else {
					waits = append(waits, d)
				}
				mu.Unlock()
				time.Sleep(time.Until(next))
			}
		})
	}
	wg.Wait()
	for _, c := range clients {
		c.Close()
	}
	if len(waits) == 0 {
		fail(fmt.Errorf("no save was acknowledged (%d failed)", failed))
	}
	slices.Sort(waits)
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
	fmt.Printf("saves=%d failed=%d max_ms=%s p99_ms=%s median_ms=%s\n", len(waits), failed,
		ms(waits[len(waits)-1]), ms(waits[len(waits)*99/100]), ms(waits[len(waits)/2]))
	if failed > 0 {
		os.Exit(1)
	}
}

// run runs one command in a new session on c and waits for its exit status.
func run(c *ssh.Client, cmd string) error {
	s, err := c.NewSession()
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Run(cmd)
}
