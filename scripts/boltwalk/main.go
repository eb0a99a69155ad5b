// Command boltwalk is the floor a whole-plan command is measured against
// (scripts/vs-taskwarrior.sh): a process that opens a duban file
// read-only and copies every digest of its current plan (each task with
// its history, store/digests.go) to standard output as it is, through
// one 256 KB buffer —
// reading what `export --format json` reads and writing about as much,
// with no decoding, evaluation or formatting.
//
//	go run ./scripts/boltwalk FILE >/dev/null
package main

import (
	"bufio"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: boltwalk FILE")
		os.Exit(2)
	}
	db, err := bolt.Open(os.Args[1], 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "boltwalk:", err)
		os.Exit(1)
	}
	w := bufio.NewWriterSize(os.Stdout, 256<<10)
	n := 0
	err = db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte("meta"))
		plans := tx.Bucket([]byte("plans"))
		if meta == nil || plans == nil {
			return fmt.Errorf("not a duban file of schema 3")
		}
		plan := plans.Bucket(meta.Get([]byte("current")))
		if plan == nil {
			return fmt.Errorf("no current plan")
		}
		for _, name := range []string{"digests"} {
			b := plan.Bucket([]byte(name))
			if b == nil {
				return fmt.Errorf("no %s bucket (a file of an older schema: open it with duban once)", name)
			}
			c := b.Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				w.Write(v)
				n++
			}
		}
		return w.Flush()
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "boltwalk:", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, n, "records")
}
