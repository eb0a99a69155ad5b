package model

import (
	"errors"
	"regexp"
	"strings"
	"unicode"

	"duban/i18n"

	"github.com/shopspring/decimal"
)

// maxDigits bounds the digits of any value: enough for any plan figure,
// small enough that arithmetic and display stay exact and sane.
const maxDigits = 18

// Value parsing errors, for errors.Is; the errors returned carry the typed
// text as well.
var (
	ErrEmptyValue    = i18n.E("err.value.empty")
	ErrNotANumber    = i18n.E("err.value.nan")
	ErrValueTooLarge = i18n.E("err.value.large")
	ErrUnitMismatch  = i18n.E("err.value.unit")
)

// fullWidth maps full-width digits and punctuation that Chinese input
// methods produce to their ASCII forms.
var fullWidth = strings.NewReplacer(
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4",
	"５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	"．", ".", "。", ".", "，", ",", "－", "-", "＋", "+", "％", "%",
	"\u3000", " ",
)

// magnitude is the power of ten a Chinese magnitude character stands for.
var magnitude = map[string]int32{"万": 4, "亿": 8}

// ParseValue reads a value typed by a person for a task measured in unit.
// It accepts full-width digits (３.２), thousands separators (1,100), the
// task's unit or its bare tail after the value (3.2万人, 750个, 80%), and
// Chinese magnitudes where they are unambiguous: for a task in 万人,
// "32000人" and "3.2万" both mean 3.2. It never accepts exponents, NaN or
// infinities, and the result carries exactly the digits typed.
func ParseValue(s, unit string) (decimal.Decimal, error) {
	typed := s
	s = strings.TrimSpace(fullWidth.Replace(s))
	if s == "" {
		return decimal.Decimal{}, ErrEmptyValue
	}
	num, suffix := splitNumber(s)
	if num == "" {
		return decimal.Decimal{}, i18n.E("err.value.nan", typed)
	}
	d, err := parseDecimal(num)
	if errors.Is(err, ErrValueTooLarge) {
		return decimal.Decimal{}, i18n.E("err.value.large", typed)
	} else if err != nil {
		return decimal.Decimal{}, i18n.E("err.value.nan", typed)
	}
	shift, err := unitShift(strings.TrimSpace(suffix), unit)
	if err != nil {
		if strings.ContainsAny(suffix, "0123456789") || !hasLetterOrHan(suffix) {
			return decimal.Decimal{}, i18n.E("err.value.nan", typed)
		}
		return decimal.Decimal{}, i18n.E("err.value.unit", typed, unit)
	}
	d = d.Shift(shift)
	if digits(d) > maxDigits {
		return decimal.Decimal{}, i18n.E("err.value.large", typed)
	}
	return d, nil
}

// hasLetterOrHan reports whether s has a letter or a Chinese character, that
// is, whether it looks like a unit rather than stray punctuation.
func hasLetterOrHan(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || r == '%' {
			return true
		}
	}
	return false
}

// splitNumber splits s into a leading number (sign, digits, separators,
// point) and whatever follows it.
func splitNumber(s string) (num, rest string) {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
		i++
	}
	num = s[:i]
	if strings.Trim(num, "+-.,") == "" {
		return "", s
	}
	return num, s[i:]
}

// plainRE is a plain decimal once thousands separators are removed: an
// optional sign, digits, and optionally a point and more digits.
var plainRE = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

// parseDecimal parses a plain decimal with optional thousands separators,
// which must be in the usual groups of three.
func parseDecimal(num string) (decimal.Decimal, error) {
	if strings.Contains(num, ",") {
		sign := ""
		if num[0] == '-' || num[0] == '+' {
			sign, num = num[:1], num[1:]
		}
		intPart, frac, hasFrac := strings.Cut(num, ".")
		groups := strings.Split(intPart, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return decimal.Decimal{}, ErrNotANumber
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return decimal.Decimal{}, ErrNotANumber
			}
		}
		num = sign + strings.Join(groups, "")
		if hasFrac {
			num += "." + frac
		}
	}
	// Fix: only a plain decimal may reach decimal.NewFromString, which also
	// takes exponents: a plan file's target of "1e3" (or "1e9999", ten
	// thousand digits once displayed) used to be accepted.
	if !plainRE.MatchString(num) {
		return decimal.Decimal{}, ErrNotANumber
	}
	// Fix: count digits, not characters. Counting the decimal point refused
	// 18-digit fractions such as 1234567890.12345678 and, worse, refused to
	// read back what FormatValue showed for 123456789012345678人 in 万人.
	if sig := strings.TrimLeft(num, "+-0."); len(sig)-strings.Count(sig, ".") > maxDigits {
		return decimal.Decimal{}, ErrValueTooLarge
	}
	d, err := decimal.NewFromString(num)
	if err != nil {
		return decimal.Decimal{}, ErrNotANumber
	}
	return d, nil
}

// unitShift works out the power of ten between what followed the number
// and the task's unit. An empty suffix means the task's unit.
func unitShift(suffix, unit string) (int32, error) {
	unit = strings.TrimSpace(unit)
	if suffix == "" || suffix == unit {
		return 0, nil
	}
	taskMag, base := splitMagnitude(unit)
	typedMag, typedBase := splitMagnitude(suffix)
	// A typed magnitude with no unit after it ("3.2万") stands for the task's base.
	if typedBase == "" && typedMag != 0 {
		typedBase = base
	}
	if typedBase != base {
		return 0, ErrUnitMismatch
	}
	if base == "%" && typedMag != taskMag {
		return 0, ErrUnitMismatch
	}
	return typedMag - taskMag, nil
}

// splitMagnitude splits a unit such as 万人 into its magnitude (4) and its
// base (人).
func splitMagnitude(u string) (int32, string) {
	for prefix, mag := range magnitude {
		if rest, ok := strings.CutPrefix(u, prefix); ok {
			return mag, rest
		}
	}
	return 0, u
}

// digits counts the significant digits of d, including those before the
// decimal point.
func digits(d decimal.Decimal) int {
	s := d.Abs().String()
	s = strings.Replace(s, ".", "", 1)
	return len(strings.TrimLeft(s, "0"))
}

// FormatValue writes a value with exactly the digits it carries: 0.3 stays
// 0.3, 1100 stays 1100, 12.70 becomes 12.7.
func FormatValue(d decimal.Decimal) string {
	if s, ok := plainText(d); ok { // TestPlainText
		return s
	}
	return d.String()
}

// FormatPercent writes a percentage rounded to one decimal place, without a
// trailing ".0": 49.6, 50, 112.5.
func FormatPercent(d decimal.Decimal) string {
	if s, ok := roundText(d, 1, ""); ok {
		return s
	}
	return d.Round(1).String()
}

// ValidateValue checks a parsed value against what the task's kind allows.
func ValidateValue(t Task, v decimal.Decimal) error {
	switch t.Kind {
	case KindCount, KindLevel, KindCeiling:
		if v.IsNegative() {
			return i18n.E("err.value.negative")
		}
	case KindMilestone:
		if v.IsNegative() || v.GreaterThan(hundred) {
			return i18n.E("err.value.percent")
		}
	}
	return nil
}
