package model

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// AppendDecimal and AppendRounded write what decimal.String and
// Round(places).String write, for the coefficients they handle themselves
// (up to 18 digits, any exponent) and the ones they hand to decimal.
func TestAppendDecimalMatchesString(t *testing.T) {
	ds := []decimal.Decimal{{}, decimal.New(0, -3), decimal.New(0, 4), decimal.New(1, 3), decimal.New(-1, 3),
		decimal.New(5, -30), decimal.New(-5, -30), decimal.New(123, 16), decimal.New(-9, 17), decimal.New(99, 17),
		decimal.New(999999999999999999, 0), decimal.New(-999999999999999999, -9), decimal.New(1000000000000000000, -2),
		decimal.New(-9223372036854775808, -3), decimal.New(9223372036854775807, 2)}
	for _, s := range []string{"0.30", "-0.30", "1500", "12.70", "0.0001", "-0.0049", "0.005", "-0.005", "0.015", "2.345",
		"49.5833333333333333", "99.995", "-99.995", "123456789012345678", "1234567890123456789", "0.0000000000000000001",
		"1234567890.1234567890123", "-7.000", "1E-20", "3e5", "0.125", "-0.125", "0.994999", "100", "112.45"} {
		ds = append(ds, decimal.RequireFromString(s))
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		v := rng.Int64N(2*int64(pow10u[rng.IntN(19)])+1) - int64(pow10u[rng.IntN(19)])
		ds = append(ds, decimal.New(v, int32(rng.IntN(30)-24)))
	}
	// 19 digits, in and out of int64, and the quotients evaluation makes.
	for range 5000 {
		v := decimal.NewFromUint64(rng.Uint64()).Sub(decimal.NewFromUint64(rng.Uint64() >> rng.IntN(2)))
		ds = append(ds, decimal.NewFromBigInt(v.BigInt(), int32(rng.IntN(24)-20)))
		q := decimal.NewFromInt(rng.Int64N(100000) - 1000).Div(decimal.NewFromInt(rng.Int64N(9999) + 1))
		ds = append(ds, q, q.Neg(), q.Mul(decimal.NewFromInt(100)))
	}
	for _, s := range []string{"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
		"9999999999999999999", "-9999999999999999999", "922337203685477580.7", "-922337203685477580.8", "0.9223372036854775807",
		"-0.9223372036854775808", "922337203685477580.75", "999999999999999999.95", "-999999999999999999.95", "9223372036854775.805"} {
		ds = append(ds, decimal.RequireFromString(s))
	}
	for _, d := range ds {
		if got, want := string(AppendDecimal([]byte("x"), d)), "x"+d.String(); got != want {
			t.Fatalf("AppendDecimal(%s×10^%d) = %q, String %q", d.Coefficient(), d.Exponent(), got, want)
		}
		for places := int32(0); places <= 3; places++ {
			if got, want := string(AppendRounded([]byte("x"), d, places)), "x"+d.Round(places).String(); got != want {
				t.Fatalf("AppendRounded(%s, %d) = %q, Round(%[2]d).String() %q", d, places, got, want)
			}
		}
	}
}

// FormatValue, FormatPercent and PercentText are decimal's String and
// Round(1).String() (with the sign).
func TestFormatTextMatchesDecimal(t *testing.T) {
	for _, s := range []string{"0", "49.5833", "-0.05", "-0.04", "112.45", "50", "1500", "0.30", "99.95", "12345678901234567890.15"} {
		d := decimal.RequireFromString(s)
		if got, want := FormatValue(d), d.String(); got != want {
			t.Errorf("FormatValue(%s) = %q, want %q", s, got, want)
		}
		if got, want := FormatPercent(d), d.Round(1).String(); got != want {
			t.Errorf("FormatPercent(%s) = %q, want %q", s, got, want)
		}
		if got, want := PercentText(d), d.Round(1).String()+"%"; got != want {
			t.Errorf("PercentText(%s) = %q, want %q", s, got, want)
		}
	}
}

// BenchmarkAppendRounded10k writes 10,000 percentages as `duban list` does
// (one for each task's progress and time progress), through decimal's
// Round(1).String() and through AppendRounded (PercentText).
func BenchmarkAppendRounded10k(b *testing.B) {
	ds := make([]decimal.Decimal, 10000)
	for i := range ds {
		ds[i] = decimal.NewFromInt(int64(i%900 + 100)).Mul(decimal.NewFromInt(int64(i%12 + 1))).Div(decimal.NewFromInt(12))
	}
	out := make([]string, len(ds)) // kept, as a table's cells are
	b.Run("decimal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i, d := range ds {
				out[i] = d.Round(1).String() + "%"
			}
		}
	})
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i, d := range ds {
				out[i] = PercentText(d)
			}
		}
	})
}
