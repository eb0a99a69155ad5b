package store

import (
	"bufio"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"duban/i18n"
)

// TestHelperProcess is not a test: other tests run the test binary again
// with DUBAN_STORE_HELPER set to get a second process using a database.
//
//	hold   open the store at DUBAN_STORE_PATH, print "ready", and keep it
//	       open until stdin closes
//	migrate open (and so migrate) the file at DUBAN_STORE_PATH, print "done"
//	crash  write updates in a loop, printing "seq task value" after each
//	       one is acknowledged, until killed (see crash_test.go)
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("DUBAN_STORE_HELPER")
	if mode == "" {
		t.Skip("helper process for other tests")
	}
	path := os.Getenv("DUBAN_STORE_PATH")
	switch mode {
	case "hold":
		s, err := Open(path, testOptions())
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("ready")
		_, _ = io.Copy(io.Discard, os.Stdin)
		s.Close()
	case "migrate":
		s, err := Open(path, Options{Timeout: 5 * time.Second})
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		s.Close()
		fmt.Println("done")
	case "crash":
		crashWriter(path)
	default:
		fmt.Println("unknown helper mode", mode)
		os.Exit(2)
	}
	os.Exit(0)
}

// helper starts the test binary as a helper process.
func helper(t *testing.T, mode, path string, extraEnv ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "DUBAN_STORE_HELPER="+mode, "DUBAN_STORE_PATH="+path)
	cmd.Env = append(cmd.Env, extraEnv...)
	cmd.Stderr = os.Stderr
	return cmd
}

// duban makes a healthy duban file with some history at path.
func duban(t *testing.T, path string) {
	t.Helper()
	s, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := 0; i < 60; i++ {
		id := []string{"1.2.01", "1.2.02", "1.10.01"}[i%3]
		if _, err := s.AddUpdate(testActor, update(t, id, strconv.Itoa(i), "2019-06-30"), 0); err != nil {
			t.Fatal(err)
		}
	}
}

// txSize reads the high-water mark of a healthy file.
func txSize(t *testing.T, path string) int64 {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int64
	_ = db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n
}

// canLock reports whether the file can be locked exclusively at once:
// nothing of ours still holds it.
func canLock(t *testing.T, path string) bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return false
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return true
}

// chosenMeta is the meta bbolt uses, and the page size.
func chosenMeta(t *testing.T, path string) (boltMeta, int64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m0 := readMeta(b)
	ps := int64(m0.pageSize)
	m1 := readMeta(b[ps:])
	if m1.valid && m1.txid > m0.txid {
		return m1, ps
	}
	return m0, ps
}

// patch overwrites bytes of a file at off.
func patch(t *testing.T, path string, off int64, data []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(data, off); err != nil {
		t.Fatal(err)
	}
}

func TestRefusals(t *testing.T) {
	type tc struct {
		name string
		make func(t *testing.T, path string)
		want error
		says string // in the English sentence
	}
	cases := []tc{
		{"random bytes", func(t *testing.T, path string) {
			b := make([]byte, 64<<10)
			_, _ = rand.Read(b)
			_ = os.WriteFile(path, b, 0o600)
		}, ErrNotDuban, "is not a duban database"},
		{"short text", func(t *testing.T, path string) {
			_ = os.WriteFile(path, []byte("id,chapter\n1,2\n"), 0o600)
		}, ErrNotDuban, "is not a duban database"},
		{"existing empty file", func(t *testing.T, path string) {
			_ = os.WriteFile(path, nil, 0o600)
		}, ErrNotDuban, "is an empty file"},
		{"bbolt without our buckets", func(t *testing.T, path string) {
			tamper(t, path, func(tx *bolt.Tx) error {
				_, err := tx.CreateBucket([]byte("widgets"))
				return err
			})
		}, ErrNotDuban, "bbolt database but not a duban one"},
		{"meta bucket without schema", func(t *testing.T, path string) {
			tamper(t, path, func(tx *bolt.Tx) error {
				_, err := tx.CreateBucket([]byte("meta"))
				return err
			})
		}, ErrNotDuban, "not a duban one"},
		{"newer schema", func(t *testing.T, path string) {
			duban(t, path)
			tamper(t, path, func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("999"))
			})
		}, ErrNewerSchema, "schema version 999 but this duban supports only up to version " + strconv.Itoa(SchemaVersion)},
		{"both meta pages damaged", func(t *testing.T, path string) {
			duban(t, path)
			_, ps := chosenMeta(t, path)
			patch(t, path, pageHeaderSize+56, []byte("garbage!"))
			patch(t, path, ps+pageHeaderSize+56, []byte("garbage!"))
		}, ErrCorrupt, "is damaged"},
		{"freelist page is not a freelist", func(t *testing.T, path string) {
			duban(t, path)
			m, ps := chosenMeta(t, path)
			patch(t, path, int64(m.freelist)*ps+8, []byte{0x02, 0x00}) // a leaf's flags
		}, ErrCorrupt, "not a freelist"},
		{"root page garbage", func(t *testing.T, path string) {
			duban(t, path)
			m, ps := chosenMeta(t, path)
			junk := make([]byte, ps)
			_, _ = rand.Read(junk)
			patch(t, path, int64(m.root)*ps, junk)
		}, ErrCorrupt, "is damaged"},
	}
	// Truncations at several offsets, all below the data's end.
	for _, cut := range []string{"100", "2 pages+10", "half", "end-1"} {
		cases = append(cases, tc{"truncated at " + cut, func(t *testing.T, path string) {
			duban(t, path)
			size := txSize(t, path)
			ps := int64(os.Getpagesize())
			at := map[string]int64{"100": 100, "2 pages+10": 2*ps + 10, "half": size / 2, "end-1": size - 1}[cut]
			if err := os.Truncate(path, at); err != nil {
				t.Fatal(err)
			}
		}, ErrCorrupt, "is damaged"})
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.db")
			c.make(t, path)
			before := fileHash(t, path)
			fds := openFDs()
			for _, ro := range []bool{false, true} {
				start := time.Now()
				s, err := Open(path, Options{ReadOnly: ro, Timeout: 300 * time.Millisecond, Seed: testPlan})
				if err == nil {
					s.Close()
					t.Fatalf("ReadOnly=%v: opened", ro)
				}
				if !errors.Is(err, c.want) {
					t.Errorf("ReadOnly=%v: err = %v, want %v", ro, err, c.want)
				}
				if en := i18n.Message(i18n.En, err); !strings.Contains(en, c.says) || !strings.Contains(en, path) {
					t.Errorf("en = %q, want it to say %q and name the file", en, c.says)
				}
				zh := i18n.Message(i18n.Zh, err)
				if strings.Contains(zh, "%!") || strings.Contains(i18n.Message(i18n.En, err), "%!") || !strings.Contains(zh, "。") {
					t.Errorf("zh = %q", zh)
				}
				if d := time.Since(start); d > 250*time.Millisecond {
					t.Errorf("refusal took %v", d)
				}
				t.Logf("%s", zh)
			}
			if after := fileHash(t, path); after != before {
				t.Error("the file changed")
			}
			if n := openFDs(); n != fds {
				t.Errorf("open fds %d → %d", fds, n)
			}
			if !canLock(t, path) {
				t.Error("the file is still locked")
			}
			if _, err := os.Stat(path); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestRefuseDirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(dir, Options{})
	if !errors.Is(err, ErrNotDuban) || !strings.Contains(err.Error(), "directory") {
		t.Errorf("err = %v", err)
	}
}

func TestReadOnlyMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.db")
	_, err := Open(path, Options{ReadOnly: true})
	if !errors.Is(err, os.ErrNotExist) || !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v", err)
	}
	if _, serr := os.Stat(path); serr == nil {
		t.Error("a read-only open created the file")
	}
}

// TestOpenBoltPanic drives bbolt into its panic on a bad freelist page
// (which Open's probe otherwise prevents) and checks that the panic
// becomes ErrCorrupt and the lock and descriptor are given back.
func TestOpenBoltPanic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	duban(t, path)
	m, ps := chosenMeta(t, path)
	patch(t, path, int64(m.freelist)*ps+8, []byte{0x02, 0x00})
	before := fileHash(t, path)
	fds := openFDs()
	fi, _ := os.Stat(path)
	db, _, err := openBolt(path, fi, false, time.Second)
	if err == nil {
		db.Close()
		t.Fatal("bbolt opened a file with a bad freelist page")
	}
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("err = %v", err)
	}
	t.Log(err)
	if !canLock(t, path) {
		t.Error("the lock was not released")
	}
	if n := openFDs(); n != fds {
		t.Errorf("open fds %d → %d", fds, n)
	}
	if fileHash(t, path) != before {
		t.Error("the file changed")
	}
}

func TestLockedSameProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "duban.db")
	s, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{false, true} {
		start := time.Now()
		_, err = Open(path, Options{ReadOnly: ro})
		if !errors.Is(err, ErrLocked) {
			t.Fatalf("ReadOnly=%v: err = %v", ro, err)
		}
		if d := time.Since(start); d > 100*time.Millisecond {
			t.Errorf("took %v", d)
		}
		if !strings.Contains(err.Error(), "already open in this program") || !strings.Contains(err.Error(), path) {
			t.Errorf("message = %q", err)
		}
	}
	s.Close()
	// Once closed it opens again; two read-only opens share the file.
	r1, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r1.Close()
	r2, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	r2.Close()
	if _, err := Open(path, Options{}); !errors.Is(err, ErrLocked) {
		t.Errorf("read-write while read-only open: %v", err)
	}
}

func TestLockedOtherProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("flock")
	}
	path := filepath.Join(t.TempDir(), "duban.db")
	cmd := helper(t, "hold", path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		_ = cmd.Wait()
	}()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		t.Fatalf("helper said %q", line)
	}
	before := fileHash(t, path)
	for _, ro := range []bool{false, true} {
		start := time.Now()
		_, err := Open(path, Options{ReadOnly: ro}) // the default timeout
		d := time.Since(start)
		if !errors.Is(err, ErrLocked) {
			t.Fatalf("ReadOnly=%v: err = %v", ro, err)
		}
		if d > 3*time.Second {
			t.Errorf("took %v", d)
		}
		msg := i18n.Message(i18n.Zh, err)
		t.Logf("after %v: %s", d.Round(time.Millisecond), msg)
		if !strings.Contains(msg, path) {
			t.Errorf("message does not name the file: %q", msg)
		}
		if _, lerr := os.Stat("/proc/locks"); lerr == nil && !strings.Contains(msg, fmt.Sprintf("PID %d", cmd.Process.Pid)) {
			t.Errorf("message does not name the holder %d: %q", cmd.Process.Pid, msg)
		}
	}
	if fileHash(t, path) != before {
		t.Error("the file changed")
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("after the holder exited: %v", err)
	}
	s.Close()
}
