package model

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Exact small-number arithmetic for the evaluation of a whole plan.
//
// shopspring/decimal keeps every coefficient in a big.Int, so each Sub,
// Mul and Div allocates and a Div is a big-number division; evaluating
// 10,000 tasks was mostly that. Plan figures and percentages are small, so
// the Evaluator works on int64 coefficients (sd) and builds a Decimal only
// for what it returns. Every operation here gives the coefficient and the
// exponent the decimal package would (Sub and Mul are exact, quo rounds as
// Decimal.Div does, half away from zero at DivisionPrecision places), so
// the values formatted from them are the same; where a figure does not fit,
// ok is false and the caller uses the decimal package.
// BenchmarkEvaluate10k's figures are on Evaluator.

// sd is the decimal c × 10^e with a coefficient that fits an int64.
type sd struct {
	c int64
	e int32
}

// small returns d as an sd when its coefficient fits an int64. A
// percentage from Div (exponent −16) of 100% or more has 19 digits: up to
// 922% it still fits.
func small(d decimal.Decimal) (sd, bool) {
	if d.NumDigits() > 19 {
		return sd{}, false
	}
	// Under 10^19 < 2^64 the coefficient is one word, which Int64 gives
	// as is: it is the coefficient unless that word is 2^63 or more,
	// when the sign comes out wrong (−2^63 itself comes out right).
	c := d.CoefficientInt64()
	if (c < 0) != d.IsNegative() {
		return sd{}, false
	}
	return sd{c, d.Exponent()}, true
}

func (a sd) dec() decimal.Decimal { return decimal.New(a.c, a.e) }

func (a sd) sign() int {
	switch {
	case a.c > 0:
		return 1
	case a.c < 0:
		return -1
	}
	return 0
}

// pow10u are the powers of ten that fit a uint64.
var pow10u = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// scale returns c × 10^n, ok false when it overflows an int64.
func scale(c int64, n int32) (int64, bool) {
	if c == 0 || n == 0 {
		return c, true
	}
	if n < 0 || n > 18 {
		return 0, false
	}
	hi, lo := bits.Mul64(uabs(c), pow10u[n])
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if c < 0 {
		return -int64(lo), true
	}
	return int64(lo), true
}

func uabs(c int64) uint64 {
	if c < 0 {
		return uint64(-c) // math.MinInt64 too: its magnitude as a uint64
	}
	return uint64(c)
}

// sub is a − b as Decimal.Sub computes it: the operand with the larger
// exponent rescaled to the smaller one.
func (a sd) sub(b sd) (sd, bool) {
	switch {
	case a.e < b.e:
		bc, ok := scale(b.c, b.e-a.e)
		if !ok {
			return sd{}, false
		}
		b = sd{bc, a.e}
	case a.e > b.e:
		ac, ok := scale(a.c, a.e-b.e)
		if !ok {
			return sd{}, false
		}
		a = sd{ac, b.e}
	}
	c, borrow := a.c-b.c, (a.c >= 0) != (b.c >= 0)
	if borrow && (c >= 0) != (a.c >= 0) { // signs differed and the result took b's: overflow
		return sd{}, false
	}
	return sd{c, a.e}, true
}

// add is a + b as Decimal.Add computes it.
func (a sd) add(b sd) (sd, bool) {
	if b.c == math.MinInt64 {
		return sd{}, false
	}
	return a.sub(sd{-b.c, b.e})
}

// mul is a × b as Decimal.Mul computes it.
func (a sd) mul(b sd) (sd, bool) {
	hi, lo := bits.Mul64(uabs(a.c), uabs(b.c))
	e := int64(a.e) + int64(b.e)
	if hi != 0 || lo > math.MaxInt64 || e > math.MaxInt32 || e < math.MinInt32 {
		return sd{}, false
	}
	c := int64(lo)
	if (a.c < 0) != (b.c < 0) {
		c = -c
	}
	return sd{c, int32(e)}, true
}

// cmp compares the values of a and b exactly, as Decimal.Cmp.
func (a sd) cmp(b sd) int {
	sa, sb := a.sign(), b.sign()
	if sa != sb || sa == 0 {
		return cmpInt(sa, sb)
	}
	ac, bc := a.c, b.c
	var ok bool
	switch {
	case a.e > b.e:
		if ac, ok = scale(a.c, a.e-b.e); !ok {
			return sa // |a| rescaled exceeds any int64, so |a| > |b|
		}
	case a.e < b.e:
		if bc, ok = scale(b.c, b.e-a.e); !ok {
			return -sb
		}
	}
	return cmpInt(ac, bc)
}

func cmpInt[T int | int64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// u128 is an unsigned 128-bit integer.
type u128 struct{ hi, lo uint64 }

// mul10 returns x × 10^n, ok false when it overflows 128 bits.
func (x u128) mul10(n int64) (u128, bool) {
	for n > 0 {
		k := min(n, 19)
		n -= k
		m := pow10u[k]
		h1, l1 := bits.Mul64(x.lo, m)
		h2, l2 := bits.Mul64(x.hi, m)
		hi, carry := bits.Add64(l2, h1, 0)
		if h2 != 0 || carry != 0 {
			return u128{}, false
		}
		x = u128{hi, l1}
	}
	return x, true
}

// quo is a × m ÷ b as a.Mul(m).Div(b) computes it (m = 1 for a plain
// a.Div(b)): the quotient at DivisionPrecision places, rounded half away
// from zero, with the exponent −DivisionPrecision. ok is false when a
// figure does not fit (or b is zero, where Div panics).
func quo(a sd, m int64, b sd) (decimal.Decimal, bool) {
	q, ok := quoS(a, m, b)
	if !ok {
		return decimal.Decimal{}, false
	}
	return q.dec(), true
}

// quoS is quo as an sd.
func quoS(a sd, m int64, b sd) (sd, bool) {
	if b.c == 0 || m <= 0 {
		return sd{}, false
	}
	prec := int64(decimal.DivisionPrecision)
	hi, lo := bits.Mul64(uabs(a.c), uint64(m))
	n, d := u128{hi, lo}, uabs(b.c)
	// Div works with a at its exponent and b at its exponent, the quotient
	// at −prec: n × 10^e ÷ d, or n ÷ (d × 10^−e).
	e := int64(a.e) - int64(b.e) + prec
	if e >= 0 {
		var ok bool
		if n, ok = n.mul10(e); !ok {
			return sd{}, false
		}
	} else {
		dd, ok := (u128{0, d}).mul10(-e)
		if !ok || dd.hi != 0 {
			return sd{}, false
		}
		d = dd.lo
	}
	if n.hi >= d { // the quotient needs more than 64 bits
		return sd{}, false
	}
	q, r := bits.Div64(n.hi, n.lo, d)
	if r >= d-r { // 2r ≥ d: round away from zero
		q++
	}
	if q > math.MaxInt64 {
		return sd{}, false
	}
	c := int64(q)
	if (a.c < 0) != (b.c < 0) {
		c = -c
	}
	return sd{c, int32(-prec)}, true
}

// exactSum is a running sum of decimals, kept in place: its decimal is the
// one a chain of Decimal.Add (and Sub) from the zero Decimal gives, the
// same coefficient and exponent (the smallest exponent added), without
// allocating a Decimal per term. The zero exactSum is the zero sum.
// With it and groupAcc's arrays, BenchmarkSummarize10k went from 27–69 ms
// and 147,641 allocs per op to 6–14 ms and 1,874 (alternating runs on one
// shared 2-core machine), BenchmarkTally100k from 0.15–0.44 s to
// 0.04–0.20 s.
type exactSum struct {
	c   big.Int // coefficient
	e   int32   // exponent; never above 0, the zero Decimal's
	tmp big.Int // scratch
}

// add adds d to the sum, or subtracts it when neg.
func (s *exactSum) add(d decimal.Decimal, neg bool) {
	if x, ok := small(d); ok {
		s.tmp.SetInt64(x.c)
	} else {
		s.tmp.Set(d.Coefficient())
	}
	s.addScaled(&s.tmp, d.Exponent(), neg)
}

// addScaled adds (or subtracts) c × 10^e; c may be changed.
func (s *exactSum) addScaled(c *big.Int, e int32, neg bool) {
	switch {
	case e < s.e:
		s.c.Mul(&s.c, bigPow10(int64(s.e)-int64(e)))
		s.e = e
	case e > s.e:
		c.Mul(c, bigPow10(int64(e)-int64(s.e)))
	}
	if neg {
		s.c.Sub(&s.c, c)
	} else {
		s.c.Add(&s.c, c)
	}
}

// addSum adds the sum o to s, as Decimal.Add of the two sums.
func (s *exactSum) addSum(o *exactSum) {
	s.tmp.Set(&o.c)
	s.addScaled(&s.tmp, o.e, false)
}

// clone returns a copy of s that shares no memory with it.
func (s *exactSum) clone() exactSum {
	var c exactSum
	c.c.Set(&s.c)
	c.e = s.e
	return c
}

// decimal is the sum as a Decimal.
func (s *exactSum) decimal() decimal.Decimal { return decimal.NewFromBigInt(&s.c, s.e) }

var bigPow10s = func() (p [40]*big.Int) {
	for i := range p {
		p[i] = new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(i)), nil)
	}
	return p
}()

// bigPow10 is 10^n (n ≥ 0), not to be modified.
func bigPow10(n int64) *big.Int {
	if n < int64(len(bigPow10s)) {
		return bigPow10s[n]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil)
}
