package model

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// Decimal text without the big.Int arithmetic of decimal.Decimal.String
// and Round: the figures of a plan have coefficients of a few digits, and
// at 10,000 tasks Round(1).String() for the percentages was half of
// `duban list`'s formatting and the decimals most of the JSON export's.
// The bytes are decimal's own (TestAppendDecimalMatchesString): any
// coefficient over 18 digits, or a package setting other than the
// default, goes through decimal itself.

// AppendDecimal appends d.String(), FormatValue's text of d (its
// exact digits), from its coefficient and exponent when the coefficient has at
// most 18 digits (all of a plan's figures), else through d.String().
func AppendDecimal(b []byte, d decimal.Decimal) []byte {
	if !decimal.TrimTrailingZeros || decimal.UseScientificNotation || d.NumDigits() > 18 {
		return append(b, d.String()...)
	}
	return appendCoefficient(b, d.CoefficientInt64(), d.Exponent(), d)
}

// AppendRounded appends d.Round(places).String() without the big.Int
// arithmetic of Round when d's coefficient has at most 18 digits: the
// same truncation to places+1 digits, the same ±5, the same truncation.
func AppendRounded(b []byte, d decimal.Decimal, places int32) []byte {
	if !decimal.TrimTrailingZeros || decimal.UseScientificNotation || d.NumDigits() > 18 {
		return append(b, d.Round(places).String()...)
	}
	e := d.Exponent()
	if e >= -places {
		// Round only appends zeros after the point, which String drops.
		return appendCoefficient(b, d.CoefficientInt64(), e, d)
	}
	v := d.CoefficientInt64()
	if k := -e - places - 1; k > 18 {
		v = 0
	} else {
		v /= pow10[k]
	}
	if v < 0 {
		v -= 5
	} else {
		v += 5
	}
	return appendCoefficient(b, v/10, -places, d)
}

var pow10 = [19]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

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
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	var digits [20]byte
	s := strconv.AppendInt(digits[:0], v, 10)
	k := int(-e)
	var intPart, frac []byte
	lead := 0
	if len(s) > k {
		intPart, frac = s[:len(s)-k], s[len(s)-k:]
	} else {
		intPart, frac, lead = []byte{'0'}, s, k-len(s)
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
