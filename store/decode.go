package store

import (
	"cmp"
	"encoding/binary"
	"math/big"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/shopspring/decimal"

	"duban/model"
)

// The whole-plan read (Snapshot) decodes records where bbolt keeps them,
// in the memory map, and copies out only the strings the decoded values
// keep, into large blocks (arena) rather than one allocation per string;
// the figures, before and after, are at Snapshot (snapshot.go).

// view is b as a string without copying it. It is valid only while b is:
// for a record of bbolt's, inside its transaction. What a view is decoded
// into must be copied (arena.str) before the transaction ends, and an
// error made from it must be made again from a copy (see decodeErr).
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// arenaBlock is the size of an arena's blocks: large enough that a
// plan's strings take a few hundred allocations, small enough that the
// unused tail of the last block is negligible.
const arenaBlock = 64 << 10

// arena copies strings into large blocks. A block is written once, up to
// its length, and never changed, so the strings made from it are
// immutable as Go requires; a string that does not fit starts a new block
// (the old one stays alive as long as strings made from it do). An arena
// is used by one goroutine.
type arena struct {
	buf []byte
}

// str copies s into the arena.
func (a *arena) str(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > cap(a.buf)-len(a.buf) {
		a.buf = make([]byte, 0, max(arenaBlock, len(s)))
	}
	off := len(a.buf)
	a.buf = append(a.buf, s...)
	return unsafe.String(&a.buf[off], len(s))
}

// same copies s into the arena unless it equals *last, the value the same
// field had in the record decoded before, which it then shares; *last is
// left holding the copy. Reporters, departments, units and chapters repeat
// from one record to the next: shared, they cost nothing.
func (a *arena) same(last *string, s string) string {
	if s != *last {
		*last = a.str(s)
	}
	return *last
}

// decimal is decimal.NewFromString for the decimals the store writes
// (Decimal.String: an optional '-', digits, an optional '.' and digits),
// of up to 18 digits: the same value and exponent, without building the
// digit string NewFromString concatenates, and with a decoder (not nil)
// the value's big.Int and its word taken from d's blocks (makeDecimal)
// rather than two allocations each. Anything else goes to NewFromString
// (TestParseDecimalMatches, FuzzParseDecimal).
func (d *decoder) decimal(s string) (decimal.Decimal, error) {
	i, neg := 0, false
	if i < len(s) && s[i] == '-' {
		i, neg = 1, true
	}
	var v int64
	digits, frac, point := 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			v = v*10 + int64(c-'0')
			digits++
			if point {
				frac++
			}
		case c == '.' && !point && digits > 0:
			point = true
		default:
			return decimal.NewFromString(s)
		}
	}
	if digits == 0 || digits > 18 || point && frac == 0 {
		return decimal.NewFromString(s)
	}
	if neg {
		v = -v
	}
	if d == nil || !decimalLayoutOK || bits.UintSize != 64 {
		return decimal.New(v, int32(-frac)), nil
	}
	if v >= 0 && v < nSmall {
		return makeDecimal(&smallInts()[v], int32(-frac)), nil
	}
	if len(d.ints) == cap(d.ints) {
		d.ints, d.words = make([]big.Int, 0, 1024), make([]big.Word, 0, 1024)
	}
	d.ints = d.ints[:len(d.ints)+1]
	z := &d.ints[len(d.ints)-1]
	if v != 0 { // zero: as big.NewInt(0), no words
		u := uint64(v)
		if v < 0 {
			u = -u
		}
		// At most one word per int: the two blocks are renewed together.
		n := len(d.words)
		d.words = append(d.words, big.Word(u))
		z.SetBits(d.words[n : n+1 : n+1])
		if v < 0 {
			z.Neg(z)
		}
	}
	return makeDecimal(z, int32(-frac)), nil
}

// nSmall bounds the coefficients decimals share (smallInts).
const nSmall = 10000

// smallInts are the big.Ints 0 … nSmall-1, which every decoded decimal of
// such a coefficient holds (makeDecimal: nothing changes a decimal's
// value in place, TestSharedCoefficients): most targets and reports are
// small numbers (1500, 19.8, 7.5), and each decimal otherwise holds a
// big.Int and its word of its own, 40 bytes. A 100,000-task plan with
// 300,000 reports (genplan) keeps 400,000 decimals: the TUI's resident
// memory once idle 200 → 185 MB (scripts/tui-first-frame.sh).
var smallInts = sync.OnceValue(func() []big.Int {
	ints := make([]big.Int, nSmall)
	words := make([]big.Word, nSmall)
	for i := 1; i < nSmall; i++ {
		words[i] = big.Word(i)
		ints[i].SetBits(words[i : i+1 : i+1])
	}
	return ints
})

// decimalLayout is decimal.Decimal's layout (shopspring/decimal v1.6.0:
// value *big.Int, exp int32), for makeDecimal.
type decimalLayout struct {
	value *big.Int
	exp   int32
}

// makeDecimal is the decimal value×10^exp holding value itself, which
// NewFromBigInt would copy (two allocations). Only for a value nothing
// changes afterwards: a Decimal is immutable, and none of its methods
// changes its value in place (they compute into new big.Ints).
//
// BenchmarkSnapshot, 10,000 tasks and 30,000 updates: 60,000 of a
// snapshot's 140,000 allocations were these big.Ints and their words.
func makeDecimal(value *big.Int, exp int32) decimal.Decimal {
	l := decimalLayout{value, exp}
	return *(*decimal.Decimal)(unsafe.Pointer(&l))
}

// decimalLayoutOK says whether makeDecimal may be used: decimal.Decimal is
// laid out as decimalLayout (same size, and a value made by makeDecimal
// reads back). TestMakeDecimal fails when a new version of the package
// changes the layout, and this keeps the store correct meanwhile.
var decimalLayoutOK = func() bool {
	if unsafe.Sizeof(decimal.Decimal{}) != unsafe.Sizeof(decimalLayout{}) ||
		unsafe.Alignof(decimal.Decimal{}) != unsafe.Alignof(decimalLayout{}) {
		return false
	}
	d := makeDecimal(big.NewInt(-1234), -2)
	return d.Exponent() == -2 && d.Coefficient().Int64() == -1234 && d.String() == "-12.34"
}()

// A decoder decodes one goroutine's share of a pass over a bucket:
// strings go into its arena, a field's value shared with the record before
// when equal (same), lists into one backing array. A nil decoder leaves
// strings as the slices of the record the fast reader makes.
type decoder struct {
	arena
	last  [nFields]string // the field's value in the record before
	lists []string        // the backing array of lists (partners)
	ints  []big.Int       // the big.Ints of decimals (decimal)
	words []big.Word      // their words
	buf   []string        // the fast reader's list (lexer.list)
}

// The fields whose values same compares with the record before.
const (
	fChapter = iota
	fSection
	fKind
	fUnit
	fQualifier
	fLead
	fSource
	fPacing
	fRelease
	fTask
	fNote
	fProblems
	fNext
	fBy
	fReviewer
	fPartner // fPartner+i: the list's i-th string, i < 4
	nFields  = fPartner + 4
)

func (d *decoder) str(s string) string {
	if d == nil {
		return s
	}
	return d.arena.str(s)
}

func (d *decoder) same(f int, s string) string {
	if d == nil {
		return s
	}
	return d.arena.same(&d.last[f], s)
}

// list copies a list (nil stays nil, empty stays empty) into d's backing
// array, capped so that appending to it copies it rather than overwriting
// the next list.
func (d *decoder) list(l []string) []string {
	if d == nil || l == nil {
		return l
	}
	if len(l) > cap(d.lists)-len(d.lists) {
		d.lists = make([]string, 0, max(1024, len(l)))
	}
	start := len(d.lists)
	for i, s := range l {
		d.lists = append(d.lists, d.same(fPartner+min(i, 3), s))
	}
	return d.lists[start:len(d.lists):len(d.lists)]
}

// scratch is the fast reader's list for d (nil for a nil decoder).
func (d *decoder) scratch() *[]string {
	if d == nil {
		return nil
	}
	if d.buf == nil {
		d.buf = make([]string, 0, 8)
	}
	return &d.buf
}

// sortIDs sorts order, indexes into ids, by model.CompareIDs of the ids.
// It compares sort keys (appendIDKey) rather than the ids with CompareIDs,
// which reads each digit run anew at every comparison, compares the keys'
// first 16 bytes as two integers before the rest, and merges the runs the
// bucket's order already has (mergeRuns): BenchmarkSortIDs, 100,000 ids on
// the 2-core build machine, CompareIDs 66–68 ms, keys as strings 19.0–19.5
// ms, as integers first 15.6–17.4 ms, their runs merged 9.9–10.3 ms
// (TestIDKeyOrder: the same order).
func sortIDs(order []int32, ids []string) {
	n := 0
	for _, id := range ids {
		n += len(id)
	}
	buf := make([]byte, 0, 2*n) // a run of one digit takes three bytes
	ends := make([]int, len(ids))
	for i, id := range ids {
		var ok bool
		if buf, ok = appendIDKey(buf, id); !ok {
			slices.SortFunc(order, func(a, b int32) int { return model.CompareIDs(ids[a], ids[b]) })
			return
		}
		ends[i] = len(buf)
	}
	all := string(buf)
	keys := make([]string, len(ids))
	for i, end := range ends {
		start := 0
		if i > 0 {
			start = ends[i-1]
		}
		keys[i] = all[start:end]
	}
	// A key's first 16 bytes, zero-padded, as two big-endian integers:
	// where they differ they order as the keys do (a key that is a prefix
	// of another pads with zeros, which sort first), else the keys decide.
	type entry struct {
		hi, lo uint64
		i      int32
	}
	es := make([]entry, len(order))
	for j, i := range order {
		var p [16]byte
		copy(p[:], keys[i])
		es[j] = entry{binary.BigEndian.Uint64(p[:8]), binary.BigEndian.Uint64(p[8:]), i}
	}
	compare := func(a, b *entry) int {
		if a.hi != b.hi {
			return cmp.Compare(a.hi, b.hi)
		}
		if a.lo != b.lo {
			return cmp.Compare(a.lo, b.lo)
		}
		if c := strings.Compare(keys[a.i], keys[b.i]); c != 0 {
			return c
		}
		return strings.Compare(ids[a.i], ids[b.i]) // equal but for leading zeros
	}
	es = mergeRuns(es, compare)
	for j, e := range es {
		order[j] = e.i
	}
}

// mergeRuns sorts s by compare, merging its ascending runs pairwise. The
// ids come in the bucket's byte order, whose runs break only where a digit
// run grows longer ("1.19" before "1.2"): a few dozen runs for 10,000 ids,
// so merging them takes n×log2(runs) comparisons where sorting took
// n×log2(n). It returns s or a slice of the same length holding the
// result.
func mergeRuns[E any](s []E, compare func(a, b *E) int) []E {
	var starts []int
	for i := range s {
		if i == 0 || compare(&s[i-1], &s[i]) > 0 {
			starts = append(starts, i)
		}
	}
	starts = append(starts, len(s))
	if len(starts) > len(s)/8+2 { // runs too short to be worth merging
		slices.SortFunc(s, func(a, b E) int { return compare(&a, &b) })
		return s
	}
	buf := make([]E, len(s))
	for len(starts) > 2 {
		next := starts[:1]
		for r := 0; r+1 < len(starts); r += 2 {
			lo, mid := starts[r], starts[r+1]
			hi := mid
			if r+2 < len(starts) {
				hi = starts[r+2]
			}
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if compare(&s[j], &s[i]) < 0 {
					buf[k] = s[j]
					j++
				} else {
					buf[k] = s[i]
					i++
				}
				k++
			}
			k += copy(buf[k:], s[i:mid])
			copy(buf[k:], s[j:hi])
			next = append(next, hi)
		}
		starts = next
		s, buf = buf, s
	}
	return s
}

// appendIDKey appends to b a key for id whose byte order is the order of
// model.CompareIDs but for ties (ids equal but for leading zeros, which
// CompareIDs orders by their bytes): each run of digits is written as '0'
// (which, like any digit, sorts against a non-digit as the digit would),
// its length without leading zeros, and those digits; any other byte as
// itself. It fails (false) for a run of over 255 significant digits.
func appendIDKey(b []byte, id string) ([]byte, bool) {
	for i := 0; i < len(id); {
		if c := id[i]; c < '0' || c > '9' {
			b = append(b, c)
			i++
			continue
		}
		j := i
		for j < len(id) && id[j] >= '0' && id[j] <= '9' {
			j++
		}
		run := strings.TrimLeft(id[i:j], "0")
		if len(run) > 255 {
			return b, false
		}
		b = append(b, '0', byte(len(run)))
		b = append(b, run...)
		i = j
	}
	return b, true
}
