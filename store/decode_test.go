package store

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"

	"duban/model"
)

// decimalInputs are texts decoder.decimal must read as NewFromString does:
// the store's own and every near miss.
var decimalInputs = []string{"0", "-0", "0.0", "-0.0", "1", "-1", "8.3", "1500", "0.30", "-12.340", "007", "00.10",
	"123456789012345678", "-123456789012345678", "1234567890123456789", "99999999999999999.9", "0.000000000000000001",
	"", "-", ".", "5.", ".5", "-.5", "+5", "1e3", "1E-2", "1.2.3", "--1", "1-", " 1", "1 ", "0x10", "1_000", "１", "NaN", "Inf"}

func sameDecimal(t *testing.T, s string) {
	t.Helper()
	want, werr := decimal.NewFromString(s)
	for _, d := range []*decoder{nil, {}} {
		got, err := d.decimal(s)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: error %v, NewFromString %v", s, err, werr)
		}
		// reflect.DeepEqual: the same big.Int representation too, as
		// snapshots are compared with it (model.Snapshot.Patch callers).
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q (decoder %v): %v (%d, %d), NewFromString %v (%d, %d)", s, d != nil,
				got, got.Coefficient(), got.Exponent(), want, want.Coefficient(), want.Exponent())
		}
	}
}

// decoder.decimal, with and without a decoder's blocks, gives what
// decimal.NewFromString gives, value and representation.
func TestParseDecimalMatches(t *testing.T) {
	for _, s := range decimalInputs {
		sameDecimal(t, s)
	}
	r := rand.New(rand.NewPCG(3, 4))
	const chars = "0123456789.-e+"
	for range 20000 {
		b := make([]byte, r.IntN(22))
		for i := range b {
			b[i] = chars[r.IntN(len(chars))]
		}
		sameDecimal(t, string(b))
	}
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range decimalInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { sameDecimal(t, s) })
}

// makeDecimal is in use: decimal.Decimal is laid out as decimalLayout. A
// new version of shopspring/decimal that changes the layout fails here
// (the store then falls back to decimal.New, correct but slower).
func TestMakeDecimal(t *testing.T) {
	if !decimalLayoutOK {
		t.Fatal("decimal.Decimal is not laid out as decimalLayout: update decimalLayout")
	}
}

// An arena's strings stay intact as later strings fill its blocks.
func TestArena(t *testing.T) {
	var a arena
	var got, want []string
	for i := range 20000 {
		s := strings.Repeat(fmt.Sprint(i%10), i%97)
		if i%5000 == 0 {
			s = strings.Repeat("长", arenaBlock) // larger than a block
		}
		got, want = append(got, a.str(s)), append(want, strings.Clone(s))
	}
	if !slices.Equal(got, want) {
		t.Fatal("an arena string changed")
	}
	var last string
	x := a.same(&last, "市公安局")
	y := a.same(&last, strings.Clone("市公安局"))
	z := a.same(&last, "市财政局")
	if x != "市公安局" || unsafe.StringData(x) != unsafe.StringData(y) || z != "市财政局" || last != z {
		t.Fatal("same does not share an equal value, or does not copy another")
	}
}

// A snapshot is what the point readers (decodeTask, readHistory with
// reviews) read record by record, and nothing of it lies in bbolt's
// memory: it is compared after the store is closed and the file unmapped,
// where a string left there would crash the test. Enough tasks and
// updates that the decoding runs in parallel (parallel).
func TestSnapshotMatchesRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "duban.db")
	seed := bigPlan(3000)
	s, err := Open(path, Options{Seed: func() (model.Plan, []model.Task, error) {
		p, tasks, err := seed()
		for i := range tasks {
			switch i % 4 {
			case 0:
				tasks[i].Baseline = decimal.NewNullDecimal(dec(fmt.Sprintf("-%d.%02d", i, i%100)))
			case 1:
				if tasks[i].Kind != model.KindMilestone {
					tasks[i].Target = dec(fmt.Sprintf("0.%03d", i))
				}
				tasks[i].Partners = nil
			case 2:
				tasks[i].Partners = append(tasks[i].Partners, fmt.Sprintf("第%d办", i), "\"<市>\"")
			}
		}
		return p, tasks, err
	}, Now: newClock().Now})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	var us []model.Update
	for m := 1; m <= 2; m++ {
		for i, task := range snap.Tasks {
			u := update(t, task.ID, fmt.Sprintf("%d.%d", i%90+m, m), fmt.Sprintf("2019-0%d-28", m+1))
			if i%3 == 0 {
				u.Note, u.Next = "", fmt.Sprintf("措施 %d\n\t\\u", i)
			}
			us = append(us, u)
		}
	}
	if _, err := s.ApplyUpdates(testActor, us); err != nil {
		t.Fatal(err)
	}
	snap, err = s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	for i, task := range snap.Tasks[:300] {
		h := snap.History[task.ID]
		last := h[len(h)-1]
		switch i % 3 {
		case 0:
			err = s.Review(model.LocalActor("督查室"), last.Seq, model.ReviewApproved, "")
		case 1:
			if err = s.Review(model.LocalActor("督查室"), last.Seq, model.ReviewReturned, fmt.Sprintf("退回 %d", i)); err == nil {
				err = s.Review(model.LocalActor("王五"), last.Seq, model.ReviewApproved, "")
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if snap, err = s.Snapshot(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var tasks []model.Task
	history := map[string][]model.Update{}
	err = s.view(func(tx ptx) error {
		if err := tx.Bucket(bucketTasks).ForEach(func(k, v []byte) error {
			task, err := decodeTask(v)
			tasks = append(tasks, task)
			return err
		}); err != nil {
			return err
		}
		slices.SortFunc(tasks, func(a, b model.Task) int { return model.CompareIDs(a.ID, b.ID) })
		for _, task := range tasks {
			h, err := readHistory(tx, task.ID, true)
			if err != nil {
				return err
			}
			history[task.ID] = h
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(snap.Tasks, tasks) {
		t.Error("the snapshot's tasks differ from the records'")
	}
	if !reflect.DeepEqual(snap.History, history) {
		t.Error("the snapshot's histories differ from the records'")
	}
	var reviewed, returned int
	for _, h := range snap.History {
		for _, u := range h {
			if u.Review == model.ReviewApproved {
				reviewed++
			}
			if u.Review == model.ReviewSuperseded {
				returned++
			}
		}
	}
	if reviewed != 200 || returned != 3000 {
		t.Errorf("%d approved, %d superseded: the test data is not what it meant", reviewed, returned)
	}
}

// A record the snapshot cannot decode is reported with an error that
// holds nothing of bbolt's memory: it is read after the file is unmapped.
// Here a digest whose target is not a number.
func TestSnapshotErrorOutlivesFile(t *testing.T) {
	s := openTest(t)
	if err := s.db.Update(func(tx *bolt.Tx) error {
		ptx := pt(tx)
		task, err := getTask(ptx, "1.2.01")
		if err != nil {
			return err
		}
		task.Target = dec("12345")
		v := bytes.Replace(encodeDigest(task, nil), []byte("\x0512345"), []byte("\x0512x45"), 1)
		return ptx.Bucket(bucketDigests).Put([]byte("1.2.01"), v)
	}); err != nil {
		t.Fatal(err)
	}
	_, err := s.Snapshot()
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("snapshot of a damaged record: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if msg := err.Error(); !strings.Contains(msg, "12x45") || !strings.Contains(msg, "1.2.01") {
		t.Errorf("error %v", err)
	}
}

func randID(r *rand.Rand) string {
	const chars = "00019.a-/"
	b := make([]byte, r.IntN(9))
	for i := range b {
		b[i] = chars[r.IntN(len(chars))]
	}
	return string(b)
}

func sign(c int) int { return cmp.Compare(c, 0) }

// Sort keys order ids as model.CompareIDs does, and sortIDs sorts as
// sorting by CompareIDs does.
func TestIDKeyOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 200000 {
		a, b := randID(r), randID(r)
		ka, _ := appendIDKey(nil, a)
		kb, _ := appendIDKey(nil, b)
		got := strings.Compare(string(ka), string(kb))
		if got == 0 {
			got = strings.Compare(a, b)
		}
		if sign(got) != sign(model.CompareIDs(a, b)) {
			t.Fatalf("%q %q: keys %d, CompareIDs %d", a, b, got, model.CompareIDs(a, b))
		}
	}
	ids := []string{strings.Repeat("9", 300), strings.Repeat("9", 299)} // too long for keys
	for range 5000 {
		ids = append(ids, randID(r))
	}
	for _, ids := range [][]string{ids[2:], ids} {
		order := make([]int32, len(ids))
		for i := range order {
			order[i] = int32(i)
		}
		sortIDs(order, ids)
		got := make([]string, len(ids))
		for p, i := range order {
			got[p] = ids[i]
		}
		want := slices.Clone(ids)
		slices.SortFunc(want, model.CompareIDs)
		if !slices.Equal(got, want) {
			t.Fatalf("sortIDs differs from sorting by CompareIDs (%d ids)", len(ids))
		}
	}
}

// mergeRuns sorts input made of few ascending runs (merged) and of many
// (sorted as usual), with equal elements, as slices.Sort does; and
// sortIDs sorts ids in a bucket's byte order (runs merged) by CompareIDs.
func TestMergeRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, runs := range []int{0, 1, 2, 3, 7, 40, 3000} {
		var s []int
		for range runs {
			v := r.IntN(100)
			for range r.IntN(20) + 1 {
				s = append(s, v)
				v += r.IntN(3)
			}
		}
		want := slices.Sorted(slices.Values(s))
		got := mergeRuns(slices.Clone(s), func(a, b *int) int { return cmp.Compare(*a, *b) })
		if !slices.Equal(got, want) {
			t.Fatalf("%d runs: mergeRuns gives %v, want %v", runs, got, want)
		}
	}
	var ids []string
	for c := range 3 {
		for sec := range 25 {
			for i := range 12 {
				ids = append(ids, fmt.Sprintf("%d.%d.%02d", c+1, sec+1, i+1))
			}
		}
	}
	slices.Sort(ids) // the cursor's order: "1.10.01" before "1.2.01"
	order := make([]int32, len(ids))
	for i := range order {
		order[i] = int32(i)
	}
	sortIDs(order, ids)
	for p := 1; p < len(order); p++ {
		if a, b := ids[order[p-1]], ids[order[p]]; model.CompareIDs(a, b) >= 0 {
			t.Fatalf("sortIDs puts %s before %s", a, b)
		}
	}
}

// BenchmarkSortIDs sorts the ids of a 100,000-task plan (figures quoted at
// sortIDs).
func BenchmarkSortIDs(b *testing.B) {
	_, tasks, _ := bigPlan(100000)()
	ids := make([]string, len(tasks))
	for i, t := range tasks {
		ids[i] = t.ID
	}
	slices.Sort(ids) // the cursor's order
	order := make([]int32, len(ids))
	reset := func() {
		for i := range order {
			order[i] = int32(i)
		}
	}
	b.Run("CompareIDs", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			reset()
			slices.SortFunc(order, func(x, y int32) int { return model.CompareIDs(ids[x], ids[y]) })
		}
	})
	b.Run("keys", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			reset()
			sortIDs(order, ids)
		}
	})
}

// TestSharedCoefficients: decimals of a small coefficient share its
// big.Int (smallInts), which is safe only while no decimal operation
// changes its operands' values in place: every operation duban uses, on
// shared values, leaves them and a fresh copy equal. A version of
// shopspring/decimal that computed in place would fail here.
func TestSharedCoefficients(t *testing.T) {
	d := &decoder{}
	a, _ := d.decimal("25")
	b, _ := d.decimal("2.5")
	if a.Coefficient().Int64() != 25 || b.String() != "2.5" || &smallInts()[25] != *(**big.Int)(unsafe.Pointer(&a)) {
		t.Fatalf("25 and 2.5 do not share the coefficient: %v %v", a, b)
	}
	c, _ := d.decimal("9999")
	other, _ := d.decimal("10000") // past the table: its own
	ops := []func(x, y decimal.Decimal) decimal.Decimal{
		decimal.Decimal.Add, decimal.Decimal.Sub, decimal.Decimal.Mul,
		func(x, y decimal.Decimal) decimal.Decimal { return x.Div(y) },
		func(x, y decimal.Decimal) decimal.Decimal { return x.DivRound(y, 2) },
		func(x, _ decimal.Decimal) decimal.Decimal { return x.Round(0) },
		func(x, _ decimal.Decimal) decimal.Decimal { return x.Round(3) },
		func(x, _ decimal.Decimal) decimal.Decimal { return x.RoundBank(0) },
		func(x, _ decimal.Decimal) decimal.Decimal { return x.Truncate(0) },
		func(x, _ decimal.Decimal) decimal.Decimal { return x.Floor() },
		func(x, _ decimal.Decimal) decimal.Decimal { return x.Ceil() },
		func(x, _ decimal.Decimal) decimal.Decimal { return x.Neg() },
		func(x, _ decimal.Decimal) decimal.Decimal { return x.Abs() },
		func(x, _ decimal.Decimal) decimal.Decimal { return x.Shift(2) },
		func(x, y decimal.Decimal) decimal.Decimal { return decimal.Sum(x, y, x) },
		func(x, y decimal.Decimal) decimal.Decimal { return decimal.Max(x, y) },
		func(x, _ decimal.Decimal) decimal.Decimal { return x.Pow(decimal.NewFromInt(2)) },
	}
	vals := []decimal.Decimal{a, b, c, other}
	for i, op := range ops {
		for _, x := range vals {
			for _, y := range vals {
				_ = op(x, y)
			}
		}
		for j, want := range []string{"25", "2.5", "9999", "10000"} {
			if vals[j].String() != want {
				t.Fatalf("operation %d changed %s to %s", i, want, vals[j])
			}
		}
	}
	for i := range nSmall {
		if got := smallInts()[i].Int64(); got != int64(i) {
			t.Fatalf("smallInts[%d] = %d", i, got)
		}
	}
}
