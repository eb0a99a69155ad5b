package tui

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// f64 gives InexactFloat64's value for figures as the evaluation makes
// them (quotients at 16 places, percentages, negative lags), for random
// coefficients of every length at every exponent, and for those too long
// for its fast path.
func TestF64MatchesInexact(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	check := func(d decimal.Decimal) {
		t.Helper()
		if got, want := f64(d), d.InexactFloat64(); got != want {
			t.Fatalf("f64(%s) = %v, InexactFloat64 %v", d, got, want)
		}
	}
	for range 200000 {
		digits := r.IntN(20) + 1
		c := r.Int64N(int64(1) << 62)
		for c >= pow10(digits) {
			c /= 10
		}
		if r.IntN(2) == 0 {
			c = -c
		}
		check(decimal.New(c, int32(r.IntN(80)-40)))
		a, b := decimal.New(r.Int64N(1e9), int32(-r.IntN(4))), decimal.New(r.Int64N(1e6)+1, int32(-r.IntN(3)))
		check(a.Div(b))
		check(a.Div(b).Mul(decimal.New(100, 0)).Sub(b))
	}
	for _, s := range []string{"0", "-0.5", "100", "49.5901639344262295", "123456789012345678901234567890.5", "1e-320", "9e400"} {
		check(decimal.RequireFromString(s))
	}
}

func pow10(n int) int64 {
	p := int64(1)
	for range min(n, 18) {
		p *= 10
	}
	if n > 18 {
		return 1<<63 - 1
	}
	return p
}

func BenchmarkF64(b *testing.B) {
	d := decimal.New(495901639344262295, -16)
	b.Run("f64", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = f64(d)
		}
	})
	b.Run("InexactFloat64", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = d.InexactFloat64()
		}
	})
}
