package store

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// chunkRecorder keeps what is written to it and the largest single write.
type chunkRecorder struct {
	bytes.Buffer
	largest, writes int
}

func (c *chunkRecorder) Write(p []byte) (int, error) {
	c.largest = max(c.largest, len(p))
	c.writes++
	return c.Buffer.Write(p)
}

// A streamed backup reaches the writer in chunks of at most backupChunk
// (written in one piece, the SSH stream kept both cores from the saving
// sessions), and the chunks make a whole copy that opens and checks.
func TestBackupToWritesInChunks(t *testing.T) {
	o := testOptions()
	o.Seed = bigPlan(1000)
	s, err := Open(filepath.Join(t.TempDir(), "big.db"), o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var c chunkRecorder
	if err := s.BackupTo(&c); err != nil {
		t.Fatal(err)
	}
	if c.Len() <= backupChunk {
		t.Fatalf("the test file (%d bytes) is no larger than one chunk", c.Len())
	}
	if c.largest > backupChunk || c.writes < (c.Len()+backupChunk-1)/backupChunk {
		t.Errorf("largest write %d bytes in %d writes of a %d-byte copy, want chunks of at most %d", c.largest, c.writes, c.Len(), backupChunk)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, c.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cp, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if errs := cp.Check(); len(errs) > 0 {
		t.Errorf("the copy fails check: %v", errs)
	}
}

// The next backup reuses the last one's buffer even after collections (a
// sync.Pool lost it at every second one, and each backup allocated and
// zeroed a buffer of the file's size again).
func TestBackupToKeepsItsBuffer(t *testing.T) {
	s := openTest(t)
	var c chunkRecorder
	if err := s.BackupTo(&c); err != nil {
		t.Fatal(err)
	}
	size := c.Len()
	runtime.GC()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if err := s.BackupTo(discardChunks{}); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got >= uint64(size) {
		t.Errorf("a backup after two collections allocated %d bytes for a %d-byte copy, want its buffer kept", got, size)
	}
}

type discardChunks struct{}

func (discardChunks) Write(p []byte) (int, error) { return len(p), nil }
