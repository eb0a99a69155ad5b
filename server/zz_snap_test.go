package server

import (
	"testing"
	"time"
)

func TestZZSnapCost(t *testing.T) {
	e := newEnv(t, envOptions{})
	b := e.backend("admin")
	for i := range 1000 {
		task := e.leads[i%len(e.leads)].ID
		if _, err := b.AddUpdate(update(task, int64(i%100)), 0); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	for range 20 {
		if _, err := e.st.Snapshot(); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("snapshot with 1000 updates: %v", time.Since(start)/20)
	start = time.Now()
	for i := range 100 {
		if _, err := b.AddUpdate(update(e.taskA.ID, int64(i%100)), 0); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("admin AddUpdate: %v", time.Since(start)/100)
}
