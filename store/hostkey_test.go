package store

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestHostKeyKilled kills a process (a child running this test) right
// after it has written a new host key but before the key is in place, as a
// SIGKILL at that moment would: the next start must find no key at the
// path or a whole one, and go on. Before the key was written to a
// temporary file and linked, the path was created first and filled after,
// so a kill left an empty key that refused every later start ("ssh: no key
// found"; TestMigrateCrash hit it now and then).
func TestHostKeyKilled(t *testing.T) {
	if path := os.Getenv("DUBAN_TEST_HOSTKEY"); path != "" {
		hostKeyWritten = func() { os.Exit(3) } // dies here: no deferred cleanup runs
		_, _, err := signer(path)
		t.Fatalf("the child went on: %v", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "d_host_ed25519")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostKeyKilled$")
	cmd.Env = append(os.Environ(), "DUBAN_TEST_HOSTKEY="+path)
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("the child did not die where it should: %v", err)
	}
	if _, err := os.Lstat(path); err == nil {
		t.Fatalf("a killed creation left a key file at %s", path)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".d_host_ed25519.tmp-*"))
	if len(left) != 1 {
		t.Fatalf("the killed creation's temporary file: %v, want one", left)
	}
	k, created, err := signer(path)
	if err != nil || !created || len(k) == 0 {
		t.Fatalf("the next start: key %d bytes, created %v, %v", len(k), created, err)
	}
	if again, err := readHostKey(path); err != nil || !again.Equal(k) {
		t.Fatalf("the key on disk is not the one in use: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".d_host_ed25519.tmp-*")); len(left) != 0 {
		t.Errorf("temporary files left after the next start: %v", left)
	}
	if _, err := os.Stat(path + ".pub"); err != nil {
		t.Errorf("no public key beside the key: %v", err)
	}
}

// TestHostKeyRace: two creators of one key path agree on one key.
func TestHostKeyRace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r_host_ed25519")
	a, err := createHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := createHostKey(path); !os.IsExist(err) {
		t.Fatalf("a second creation over an existing key: %v, want it to exist", err)
	}
	if k, err := readHostKey(path); err != nil || !k.Equal(a) {
		t.Fatalf("the first key was replaced: %v", err)
	}
}
