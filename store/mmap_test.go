package store

import (
	"os"
	"testing"
	"time"

	"duban/model"
)

// A save that grows the file far past its size at Open completes while a
// read transaction (a hot backup's, a snapshot's) stays open: bbolt
// would otherwise remap the file, and a remap waits for every open read
// transaction (here: one that ends only after the save, so the save
// would never return). The minute is a deadlock guard, not a speed goal.
func TestSaveGrowsFileUnderOpenRead(t *testing.T) {
	if initialMmapSize(nil, false) == 0 {
		t.Skip("no up-front mapping on this platform")
	}
	s := openTest(t)
	fi, err := os.Stat(s.path)
	if err != nil {
		t.Fatal(err)
	}
	rtx, err := s.db.Begin(false)
	if err != nil {
		t.Fatal(err)
	}
	defer rtx.Rollback()
	var us []model.Update
	for i := range 400 {
		us = append(us, model.Update{TaskID: "1.2.01", Value: dec("750"), AsOf: time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC),
			Note: "本月完成停车位建设若干个，智慧停车系统完成招标" + string(rune('0'+i%10)), By: "填报员"})
	}
	done := make(chan error, 1)
	go func() { _, err := s.ApplyUpdates(testActor, us); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the save waits for the open read transaction (bbolt remapped the file)")
	}
	grown, err := os.Stat(s.path)
	if err != nil {
		t.Fatal(err)
	}
	if grown.Size() < 4*fi.Size() {
		t.Fatalf("the file grew from %d to %d bytes only: the test proves nothing", fi.Size(), grown.Size())
	}
}
