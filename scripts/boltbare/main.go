// Command boltbare is the floor a one-task write is measured against
// (scripts/vs-taskwarrior.sh): a process that opens a bbolt file, puts one
// 300-byte value in one transaction, and closes it.
//
//	go run ./scripts/boltbare FILE
package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: boltbare FILE")
		os.Exit(2)
	}
	db, err := bolt.Open(os.Args[1], 0o600, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "boltbare:", err)
		os.Exit(1)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("bare"))
		if err != nil {
			return err
		}
		return b.Put([]byte(strconv.FormatInt(time.Now().UnixNano(), 10)), bytes.Repeat([]byte("x"), 300))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "boltbare:", err)
		os.Exit(1)
	}
}
