package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"duban/store"
)

// Output paths never destroy the database or a special file (issue 15 §1).
func TestExportRefusesTheDatabaseItself(t *testing.T) {
	db := newDB(t)
	dir := filepath.Dir(db)
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.db")
	if err := os.Link(db, hard); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.db") // another duban database
	if code, _, stderr := run(t, other, "init"); code != 0 {
		t.Fatal(stderr)
	}
	before := fileHash(t, db)
	otherBefore := fileHash(t, other)
	for _, out := range []string{db, link, hard, filepath.Join(dir, ".", "duban.db"), other} {
		for _, args := range [][]string{
			{"export", "--format", "csv", "-o", out},
			{"export", "--format", "xlsx", "--template", "-o", out},
		} {
			code, _, stderr := run(t, db, args...)
			if code != 1 || !strings.Contains(stderr, "数据库") {
				t.Errorf("%v: exit %d, stderr %q; want a refusal", args, code, stderr)
			}
		}
	}
	if fileHash(t, db) != before || fileHash(t, other) != otherBefore {
		t.Fatal("a database was changed by an export")
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the symbolic link was replaced")
	}
	if code, _, stderr := run(t, db, "check"); code != 0 {
		t.Fatalf("check after refused exports: %s", stderr)
	}
}

func TestOutputRefusesSpecialFiles(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{fifo, dir, "/dev/null"} {
		code, _, stderr := run(t, db, "export", "--format", "csv", "-o", out)
		if code != 1 || !strings.Contains(stderr, "不是普通文件") {
			t.Errorf("export -o %s: exit %d, %q", out, code, stderr)
		}
		code, _, stderr = run(t, db, "backup", out)
		if code != 1 || !strings.Contains(stderr, "不是普通文件") {
			t.Errorf("backup %s: exit %d, %q", out, code, stderr)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatal("the named pipe was replaced")
	}
	if fi, err := os.Lstat("/dev/null"); err != nil || fi.Mode()&os.ModeDevice == 0 {
		t.Fatal("/dev/null was replaced")
	}
}

func TestOutputWritesThroughSymlink(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	real := filepath.Join(dir, "sub", "report.csv")
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "report.csv")
	if err := os.Symlink(filepath.Join("sub", "report.csv"), link); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, db, "export", "--format", "csv", "-o", link, "--as-of", "2019-06-30"); code != 0 {
		t.Fatal(stderr)
	}
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the symbolic link was replaced instead of written through")
	}
	b, err := os.ReadFile(real)
	if err != nil || !strings.Contains(string(b), "5.3.05") {
		t.Fatalf("the link's target was not written: %q", b)
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the file's own 0640", st.Mode().Perm())
	}
	left, _ := filepath.Glob(filepath.Join(dir, "sub", ".*"))
	left2, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left)+len(left2) != 0 {
		t.Fatalf("temporary files left: %v %v", left, left2)
	}
	// A backup through a link to a new file lands at the link's target.
	blink := filepath.Join(dir, "b.db")
	if err := os.Symlink(filepath.Join("sub", "b.db"), blink); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, db, "backup", blink); code != 0 {
		t.Fatal(stderr)
	}
	if fi, err := os.Lstat(blink); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("backup replaced the link")
	}
	if code, _, stderr := run(t, filepath.Join(dir, "sub", "b.db"), "check"); code != 0 {
		t.Fatal(stderr)
	}
}

// failWriter stands for a full disk or /dev/full.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

func TestStdoutFailureExitsOne(t *testing.T) {
	db := newDB(t)
	for _, args := range [][]string{{"list"}, {"export", "--format", "csv"}, {"show", "5.3.05"}, {"log"}, {"--help"}} {
		var errb bytes.Buffer
		code := Main(context.Background(), append([]string{"--db", db, "--as-of", "2019-06-30"}, args...), strings.NewReader(""), failWriter{}, &errb)
		if code != 1 || !strings.Contains(errb.String(), "写入标准输出失败：磁盘空间不足") {
			t.Errorf("%v to a full disk: exit %d, %q", args, code, errb.String())
		}
	}
}

// Commands that look or verify, and the plan changes that need a plan the
// file holds, never create a database (issue 15 §5).
func TestVerifyingCommandsDoNotCreate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "typo", "dir", "x.db")
	for _, args := range [][]string{{"check"}, {"log"}, {"backup", filepath.Join(dir, "b.db")}, {"show", "5.3.05"}, {"list"}, {"export", "--format", "json"}, {"user", "list"},
		{"plan", "list"}, {"plan", "use", "zhuzhou-2019"}, {"plan", "archive", "zhuzhou-2019"}, {"plan", "set", "ahead", "5"}} {
		code, out, stderr := run(t, db, args...)
		if code != 1 || !strings.Contains(stderr, "不存在") || !strings.Contains(stderr, "duban init") || out != "" {
			t.Errorf("%v on a missing database: exit %d, %q %q", args, code, out, stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "typo")); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%v created %s", args, filepath.Join(dir, "typo"))
		}
	}
	code, out, stderr := run(t, db, "init")
	if code != 0 || !strings.Contains(out, "已新建") || !strings.Contains(out, fmt.Sprint(seedTasks)) {
		t.Fatalf("init: %d %q %q", code, out, stderr)
	}
	h := fileHash(t, db)
	code, out, _ = run(t, db, "init")
	if code != 0 || !strings.Contains(out, "已存在") || fileHash(t, db) != h {
		t.Fatalf("init on an existing database: %d %q, changed=%v", code, out, fileHash(t, db) != h)
	}
	notDuban := filepath.Join(dir, "notes.txt")
	os.WriteFile(notDuban, []byte("hello, not a database at all, long enough to be probed"), 0o600)
	if code, _, stderr := run(t, notDuban, "init"); code != 1 || !strings.Contains(stderr, "不是 duban 数据库") {
		t.Fatalf("init on a foreign file: %d %q", code, stderr)
	}
}

// Notes with escape sequences are shown escaped by show, list-adjacent
// tables and the exports; the stored text is unchanged (issue 15 §3).
func TestUserTextShownEscaped(t *testing.T) {
	db := newDB(t)
	const evil = "\x1b]0;pwned\x07\x1b]52;c;ZWNobw==\x07\x1b[2J\x1b[6n\rX\u202e"
	if code, _, stderr := run(t, db, "update", "5.3.05", "750", "--as-of", "2019-06-30", "--user", "张三",
		"--note", "进展"+evil, "--problems", "=HYPERLINK(\"http://evil\")"); code != 0 {
		t.Fatal(stderr)
	}
	for _, args := range [][]string{
		{"show", "5.3.05"},
		{"log", "5.3.05"},
		{"export", "--format", "md"},
		{"export", "--format", "html"},
		{"export", "--format", "csv"},
	} {
		code, out, stderr := run(t, db, append(args, "--as-of", "2019-06-30")...)
		if code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
		if strings.ContainsAny(out, "\x1b\u202e") || strings.Contains(out, "\rX") {
			t.Errorf("%v prints a raw control sequence: %q", args, out)
		}
		if (args[0] == "show" || args[1] == "csv") && !strings.Contains(out, `\x1b]0;pwned`) {
			t.Errorf("%v does not show the escaped note", args)
		}
	}
	_, out, _ := run(t, db, "export", "--format", "csv", "--as-of", "2019-06-30")
	if !strings.Contains(out, `'=HYPERLINK(`) {
		t.Error("csv does not neutralise a formula")
	}
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	snap, err := st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if h := snap.History["5.3.05"]; len(h) != 1 || h[0].Note != "进展"+evil {
		t.Errorf("the stored note changed: %+v", h)
	}
}

// A refused import lists the first 50 problems and counts the rest
// (issue 15 §6): a million bad rows print a screenful, not a million lines.
func TestImportProblemsCapped(t *testing.T) {
	db := newDB(t)
	tmpl := filepath.Join(t.TempDir(), "t.csv")
	if code, _, stderr := run(t, db, "export", "--format", "csv", "--template", "-o", tmpl, "--as-of", "2019-06-30"); code != 0 {
		t.Fatal(stderr)
	}
	b, err := os.ReadFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\r\n"), "\r\n")
	for i := 1; i < len(lines); i++ {
		f := strings.Split(lines[i], ",")
		if len(f) != 11 || f[0] == "编号" {
			continue
		}
		f[6], f[7] = "abc", "2019-06-30"
		lines[i] = strings.Join(f, ",")
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte(strings.Join(lines, "\r\n")+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, db, "import", bad)
	got := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if code != 1 || len(got) != 52 || !strings.Contains(got[50], fmt.Sprintf("另有 %d 个问题", seedTasks-50)) || !strings.Contains(got[51], fmt.Sprintf("%d 个问题", seedTasks)) {
		t.Fatalf("exit %d, %d lines; tail %q", code, len(got), got[max(0, len(got)-2):])
	}
}

// -Inf and -NaN are values, not flags: they get the value error (issue 15 §7).
func TestNegativeInfinityIsAValue(t *testing.T) {
	db := newDB(t)
	for _, v := range []string{"-Inf", "-inf", "-NaN", "-Infinity"} {
		code, _, stderr := run(t, db, "update", "5.3.05", v, "--as-of", "2019-06-30")
		if code != 1 || !strings.Contains(stderr, "不是数字") {
			t.Errorf("%s: exit %d, %q", v, code, stderr)
		}
	}
}

// check prints the chain's head and verifies a head noted earlier
// (issue 15 §4).
func TestCheckAnchor(t *testing.T) {
	db := newDB(t)
	code, out, _ := run(t, db, "check")
	i := strings.Index(out, "审计链头：")
	if code != 0 || i < 0 {
		t.Fatalf("check prints no head: %q", out)
	}
	head, _, _ := strings.Cut(strings.TrimPrefix(out[i:], "审计链头："), "\n")
	if _, _, stderr := run(t, db, "export", "--format", "csv", "-o", filepath.Join(t.TempDir(), "a.csv")); !strings.Contains(stderr, "审计链头："+head) {
		t.Errorf("export -o does not quote the head %s: %q", head, stderr)
	}
	if code, out, stderr := run(t, db, "check", "--anchor", head); code != 0 || !strings.Contains(out, "相符") {
		t.Fatalf("own head: %d %q %q", code, out, stderr)
	}
	if code, _, _ := run(t, db, "update", "5.3.05", "750", "--as-of", "2019-06-30", "--user", "张三"); code != 0 {
		t.Fatal("update")
	}
	if code, _, stderr := run(t, db, "check", "--anchor", head); code != 0 {
		t.Fatalf("an older head of a grown log must still verify: %q", stderr)
	}
	seq, _, _ := strings.Cut(head, ":")
	if code, _, stderr := run(t, db, "check", "--anchor", seq+":"+strings.Repeat("0", 64)); code != 1 || !strings.Contains(stderr, "改写") {
		t.Fatalf("a wrong hash: %d %q", code, stderr)
	}
	if code, _, _ := run(t, db, "check", "--anchor", "nonsense"); code != 2 {
		t.Fatalf("a malformed anchor: exit %d", code)
	}
}
