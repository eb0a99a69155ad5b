package model

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// Decimal text without the big.Int arithmetic of decimal.Decimal.String
// and Round: the figures of a plan have coefficients of a few digits, and
// at 10,000 tasks Round(1).String() for the percentages was half of
// `duban list`'s formatting and the decimals most of the JSON export's.
// The bytes are decimal's own (TestAppendDecimalMatchesString): a
// coefficient beyond int64, or a package setting other than the default,
// goes through decimal itself. BenchmarkAppendRounded10k (go test ./model
// -run '^$' -bench AppendRounded10k -count 5, this 2-core machine under
// load): 0.57–1.4 ms and 10,462 allocs for 10,000 percentages, against
// 3.5–8.2 ms and 76,667 allocs through Round(1).String().

// AppendDecimal appends d.String(), FormatValue's text of d (its exact
// digits), from its coefficient and exponent when the coefficient fits an
// int64 (a quotient such as 49.5833333333333333 has 18 or 19 digits), else
// through d.String().
func AppendDecimal(b []byte, d decimal.Decimal) []byte {
	v, ok := coefficient(d)
	if !ok {
		return append(b, d.String()...)
	}
	return appendCoefficient(b, v, d.Exponent(), d)
}

// AppendRounded appends d.Round(places).String() without the big.Int
// arithmetic of Round when d's coefficient fits an int64: the same
// truncation to places+1 digits, the same ±5 and truncation of the last
// digit (done as a quotient and a remainder, which cannot overflow).
func AppendRounded(b []byte, d decimal.Decimal, places int32) []byte {
	v, ok := coefficient(d)
	if !ok {
		return append(b, d.Round(places).String()...)
	}
	e := d.Exponent()
	if e >= -places {
		// Round only appends zeros after the point, which String drops.
		return appendCoefficient(b, v, e, d)
	}
	if k := -e - places - 1; k > 18 {
		v = 0
	} else {
		v /= int64(pow10u[k])
	}
	q, r := v/10, v%10
	switch {
	case v >= 0 && r >= 5:
		q++
	case v < 0 && r <= -5:
		q--
	}
	return appendCoefficient(b, q, -places, d)
}

// coefficient is d's coefficient when it fits an int64 (small) and
// decimal's package settings are the defaults String's text here assumes;
// ok is false otherwise.
func coefficient(d decimal.Decimal) (v int64, ok bool) {
	if !decimal.TrimTrailingZeros || decimal.UseScientificNotation {
		return 0, false
	}
	x, ok := small(d)
	return x.c, ok
}

// appendCoefficient writes v×10^e as decimal.Decimal.String does with its
// default settings (no exponent notation, trailing zeros of the fraction
// dropped); d is the decimal it stands for, written by String when v×10^e
// is beyond int64.
func appendCoefficient(b []byte, v int64, e int32, d decimal.Decimal) []byte {
	if e >= 0 {
		for ; e > 0; e-- {
			if v > 1e17 || v < -1e17 {
				return append(b, d.String()...)
			}
			v *= 10
		}
		return strconv.AppendInt(b, v, 10)
	}
	u := uint64(v)
	if v < 0 {
		b = append(b, '-')
		u = -u // also right for the lowest int64
	}
	var digits [20]byte
	s := strconv.AppendUint(digits[:0], u, 10)
	k := int(-e)
	intPart, frac, lead := "0", s, k-len(s)
	if len(s) > k {
		intPart, frac, lead = "", s[len(s)-k:], 0
		b = append(b, s[:len(s)-k]...)
	}
	for len(frac) > 0 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	b = append(b, intPart...)
	if len(frac) > 0 {
		b = append(b, '.')
		for ; lead > 0; lead-- {
			b = append(b, '0')
		}
		b = append(b, frac...)
	}
	return b
}
