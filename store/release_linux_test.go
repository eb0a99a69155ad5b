package store

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"

	"duban/model"
)

// mappedRSS is how much of bbolt's mapping of s's file is resident in
// this process (the Rss of its line in /proc/self/smaps), in kB.
func mappedRSS(t *testing.T, s *Store) int {
	t.Helper()
	var start string
	if err := s.db.View(func(*bolt.Tx) error {
		start = fmt.Sprintf("%x-", s.db.Info().Data)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, "-") && !strings.HasSuffix(strings.Fields(line)[0], ":") {
			in = strings.HasPrefix(line, start)
			continue
		}
		if in && strings.HasPrefix(line, "Rss:") {
			kb, err := strconv.Atoi(strings.Fields(line)[1])
			if err != nil {
				t.Fatal(err)
			}
			return kb
		}
	}
	t.Fatalf("no mapping at %s in /proc/self/smaps", start)
	return 0
}

// bigTest is a test file of many pages: a few hundred updates.
func bigTest(t *testing.T) *Store {
	t.Helper()
	s := openTest(t)
	var us []model.Update
	for i := range 300 {
		u := update(t, "1.2.01", strconv.Itoa(i), "2019-06-30")
		u.Note = strings.Repeat("本月完成停车位建设若干个，智慧停车系统完成招标", 16) + strconv.Itoa(i)
		us = append(us, u)
	}
	if _, err := s.ApplyUpdates(testActor, us); err != nil {
		t.Fatal(err)
	}
	return s
}

// ReleaseMapped drops the pages a snapshot read from the process's
// memory, and what is read afterwards (faulted in again) is the same.
func TestReleaseMapped(t *testing.T) {
	s := bigTest(t)
	before, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	read := mappedRSS(t, s)
	// A fault maps the 64 kB around it (the kernel's fault-around), so the
	// release's own read of the meta page may leave that much.
	if read < 4*64 {
		t.Fatalf("a snapshot left %d kB of the file mapped: the test proves nothing", read)
	}
	if err := s.ReleaseMapped(); err != nil {
		t.Fatal(err)
	}
	// The release's own read transaction touches nothing.
	if left := mappedRSS(t, s); left >= read/4 {
		t.Fatalf("after ReleaseMapped %d kB of the file are still mapped (%d after the snapshot)", left, read)
	}
	after, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Fatal("the snapshot read after ReleaseMapped differs from the one before")
	}
	// A write after the release, and a read of it.
	if err := s.ReleaseMapped(); err != nil {
		t.Fatal(err)
	}
	u := update(t, "1.2.01", "1400", "2019-07-31")
	if _, err := s.ApplyUpdates(testActor, []model.Update{u}); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseMapped(); err != nil {
		t.Fatal(err)
	}
	again, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	h := again.History["1.2.01"]
	if len(h) != len(before.History["1.2.01"])+1 || h[len(h)-1].Value.String() != "1400" {
		t.Fatalf("after a write and a release the history has %d updates, the last %v", len(h), h[len(h)-1].Value)
	}
}

// Releasing while other goroutines read and write leaves every read
// right (run with -race too).
func TestReleaseMappedUnderReads(t *testing.T) {
	s := bigTest(t)
	want, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				got, err := s.Snapshot()
				if err == nil && !reflect.DeepEqual(got.Tasks[0], want.Tasks[0]) { // 1.2.01: the writer changes only 1.2.02
					err = fmt.Errorf("a snapshot read during releases has task %s as %+v, not %+v", want.Tasks[0].ID, got.Tasks[0], want.Tasks[0])
				}
				if err == nil && len(got.History["1.2.01"]) < len(want.History["1.2.01"]) {
					err = fmt.Errorf("a snapshot read during releases lost updates")
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Go(func() { // a writer, so that releases also meet commits
		for i := range 20 {
			select {
			case <-stop:
				return
			default:
			}
			u := update(t, "1.2.02", strconv.Itoa(10+i), "2019-06-30")
			if _, err := s.ApplyUpdates(testActor, []model.Update{u}); err != nil {
				errs <- err
				return
			}
		}
	})
	deadline := time.Now().Add(300 * time.Millisecond)
	for n := 0; n < 50 || time.Now().Before(deadline); n++ {
		if err := s.ReleaseMapped(); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.History["1.2.01"], want.History["1.2.01"]) {
		t.Fatal("after the releases a history reads differently")
	}
}

// ReleaseMapped on a closed store is an error, not a fault.
func TestReleaseMappedClosed(t *testing.T) {
	s := openTest(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseMapped(); err == nil {
		t.Fatal("ReleaseMapped on a closed store: no error")
	}
}

// With DropPagesAsRead a whole-plan read drops the pages it has read as it
// goes: what it reads is the same as without, whole and cut, and it
// leaves a small part of what the same read leaves mapped without it
// (every dropEvery records, on each goroutine, and the last ones at the
// end). 5,000 tasks, each with a long note: several drops per pass.
func TestDropPagesAsRead(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "big.db"), Options{Seed: bigPlan(5000)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	var us []model.Update
	for i, tk := range snap.Tasks {
		u := update(t, tk.ID, "1", "2019-06-30")
		u.Note = strings.Repeat("本月完成停车位建设若干个", 8) + strconv.Itoa(i)
		us = append(us, u)
	}
	if _, err := s.ApplyUpdates(testActor, us); err != nil {
		t.Fatal(err)
	}
	at := func(model.Plan) ([]time.Time, error) { return []time.Time{day(t, "2019-06-30")}, nil }
	if err := s.ReleaseMapped(); err != nil {
		t.Fatal(err)
	}
	whole, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	cut, err := s.SnapshotAt(at)
	if err != nil {
		t.Fatal(err)
	}
	held := mappedRSS(t, s)
	if held < 1024 {
		t.Fatalf("a read of %d tasks left only %d kB mapped: too few to tell a drop", len(whole.Tasks), held)
	}
	if err := s.ReleaseMapped(); err != nil {
		t.Fatal(err)
	}
	s.DropPagesAsRead()
	whole2, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	cut2, err := s.SnapshotAt(at)
	if err != nil {
		t.Fatal(err)
	}
	left := mappedRSS(t, s)
	if !reflect.DeepEqual(whole2, whole) || !reflect.DeepEqual(cut2, cut) {
		t.Fatal("a read dropping its pages read something else")
	}
	if left > held/4 {
		t.Errorf("a read dropping its pages left %d kB mapped, against %d kB without", left, held)
	}
}

// A pageDropper drops the pages of the records noted before the one read
// next, dropEvery at a time, and those of the rest on flush, rounded out
// to whole pages but no further: on anonymous memory, where a dropped page
// reads as zeros, the pages of the records before a drop are zeros, and
// the record being read, those after it and the page no record is in keep
// their bytes. A record outside the mapping is not noted.
func TestPageDropperDropsAsItGoes(t *testing.T) {
	ps := int(pageSize)
	n := 2*dropEvery + 10
	mem, err := unix.Mmap(-1, 0, (n+1)*ps, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(mem)
	for i := range mem {
		mem[i] = 1
	}
	rec := func(i int) []byte { return mem[i*ps+100 : i*ps+200] } // in page i, not page-aligned
	dropped := func(i int) bool { return !slices.ContainsFunc(mem[i*ps:(i+1)*ps], func(c byte) bool { return c != 0 }) }
	base := uintptr(unsafe.Pointer(&mem[0]))
	p := &pageDropper{base: base, end: base + uintptr(len(mem))}
	p.next(make([]byte, 8)) // not in the mapping: not counted
	for i := range dropEvery {
		p.next(rec(i))
	}
	if dropped(0) {
		t.Fatalf("pages dropped before a record past the first %d was read", dropEvery)
	}
	for i := dropEvery; i < n; i++ {
		p.next(rec(i))
		if i == dropEvery {
			for j := range dropEvery {
				if !dropped(j) {
					t.Fatalf("page %d still mapped once record %d is read", j, i)
				}
			}
		}
		if dropped(i) {
			t.Fatalf("page %d, of the record read next, was dropped", i)
		}
	}
	if dropped(n-1) || !dropped(2*dropEvery-1) {
		t.Fatalf("the second %d records' pages not dropped, or the last ones' dropped, before the flush", dropEvery)
	}
	p.flush()
	for i := 2 * dropEvery; i < n; i++ {
		if !dropped(i) {
			t.Fatalf("page %d still mapped after the flush", i)
		}
	}
	if dropped(n) {
		t.Fatal("the page after the last record was dropped")
	}
}
