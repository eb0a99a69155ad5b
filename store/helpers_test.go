package store

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"
	gossh "golang.org/x/crypto/ssh"

	"duban/model"
)

// day parses a YYYY-MM-DD date or fails the test.
func day(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := model.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// testPlan is a small plan with one task of each kind; ids are chosen so
// that natural order (1.2 before 1.10) differs from byte order.
func testPlan() (model.Plan, []model.Task, error) {
	p := model.Plan{ID: "test-2019", Title: "测试计划",
		Start: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)}
	tasks := []model.Task{
		{ID: "1.10.01", Chapter: "一", Section: "扩大有效投资", Name: "固定资产投资增长", Kind: model.KindGrowth,
			Target: dec("10"), Unit: "%", Lead: "市发展和改革委员会"},
		{ID: "1.2.01", Chapter: "一", Section: "抓好交通拥堵治理", Name: "新增停车位", Kind: model.KindCount,
			Target: dec("1500"), Unit: "个", Lead: "市城市管理和综合执法局", Partners: []string{"市公安局"},
			Source: "新增停车位1500个"},
		{ID: "1.2.02", Chapter: "一", Section: "抓好交通拥堵治理", Name: "公交覆盖率", Kind: model.KindLevel,
			Target: dec("80"), Unit: "%", Lead: "市交通运输局"},
		{ID: "2.1.01", Chapter: "二", Section: "文化", Name: "市博物馆搬迁开馆", Kind: model.KindMilestone,
			Target: dec("100"), Unit: "%", Lead: "市文化旅游广电体育局", Due: time.Date(2019, 10, 31, 0, 0, 0, 0, time.UTC)},
		{ID: "0.1.01", Chapter: "主要预期目标", Section: "主要预期目标", Name: "城镇登记失业率", Kind: model.KindCeiling,
			Target: dec("4.5"), Unit: "%", Qualifier: "以内", Lead: "市人力资源和社会保障局"},
	}
	return p, tasks, nil
}

// clock is a fake clock that advances a second at every reading.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2019, 6, 30, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// testOptions opens with the test plan and a fake clock.
func testOptions() Options {
	return Options{Seed: testPlan, Now: newClock().Now, Timeout: 500 * time.Millisecond}
}

// openTest creates a store in a fresh directory and closes it with the
// test.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "duban.db"), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// update is a valid update of task id with value v as of date.
func update(t testing.TB, id, v, asOf string) model.Update {
	// Confirmed, with a note naming the value: a test's figures need not
	// be plausible (plausible_test.go tests those rules).
	return model.Update{TaskID: id, Value: dec(v), AsOf: day(t, asOf), Note: "进展 " + v, Problems: "问题", Next: "措施", By: "张三", Confirmed: true}
}

// fileHash is the hex SHA-256 of a file's bytes.
func fileHash(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// openFDs counts this process's open file descriptors (Linux), or -1.
func openFDs() int {
	if runtime.GOOS != "linux" {
		return -1
	}
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(es)
}

// mustCheck fails the test when Check finds a problem.
func mustCheck(t testing.TB, s *Store) {
	t.Helper()
	for _, err := range s.Check() {
		t.Errorf("check: %v", err)
	}
}

// pt is tx seen through the file's current plan, for tests that reach
// into a plan's buckets.
func pt(tx *bolt.Tx) ptx {
	id := tx.Bucket(bucketMeta).Get(keyCurrent)
	return ptx{Tx: tx, plan: planBucket(tx, string(id))}
}

// testActor is the local administrator the tests act as.
var testActor = model.LocalActor("test")

// testKey is a new SSH public key in authorized_keys form.
func testKey(t testing.TB, comment string) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk))) + " " + comment
}

// reviewSome reviews, one time in three, one of the updates seqs picked
// by r: approved, or returned with a comment naming i.
func reviewSome(t testing.TB, s *Store, r *mrand.Rand, seqs []uint64, i int) {
	t.Helper()
	if r.IntN(3) != 0 {
		return
	}
	seq := seqs[r.IntN(len(seqs))]
	state, comment := model.ReviewApproved, ""
	if r.IntN(2) == 0 {
		state, comment = model.ReviewReturned, fmt.Sprintf("请核实第%d项", i)
	}
	if err := s.Review(model.LocalActor("督查室"), seq, state, comment); err != nil {
		t.Fatalf("review %d: %v", seq, err)
	}
}
