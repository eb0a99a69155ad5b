package model

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"duban/i18n"
)

// valueSentinels are the parser's errors callers test with errors.Is.
var valueSentinels = map[string]error{
	"ErrEmptyValue":    ErrEmptyValue,
	"ErrNotANumber":    ErrNotANumber,
	"ErrValueTooLarge": ErrValueTooLarge,
	"ErrUnitMismatch":  ErrUnitMismatch,
}

func TestParseValue(t *testing.T) {
	cases := []struct {
		name string
		in   string
		unit string
		want string // FormatValue of the result
	}{
		{"plain integer", "750", "个", "750"},
		{"thousands separator", "1,100", "公里", "1100"},
		{"thousands separator and fraction", "1,100.5", "公里", "1100.5"},
		{"several groups", "1,234,567", "个", "1234567"},
		{"full-width digits", "３.２", "万人", "3.2"},
		{"full-width separator and point", "１，１００．５", "公里", "1100.5"},
		{"ideographic full stop as point", "３。２", "万人", "3.2"},
		{"surrounding spaces", "  750 ", "个", "750"},
		{"ideographic space", "\u3000750\u3000", "个", "750"},
		{"magnitude of the task's unit", "3.2万", "万人", "3.2"},
		{"base unit scaled down", "32000人", "万人", "3.2"},
		{"base unit with a separator", "32,000人", "万人", "3.2"},
		{"the task's unit", "3.2万人", "万人", "3.2"},
		{"the task's unit after a space", "3.2 万人", "万人", "3.2"},
		{"bare unit", "750个", "个", "750"},
		{"magnitude scaled up", "3.2万", "个", "32000"},
		{"magnitude and unit scaled up", "3.2万个", "个", "32000"},
		{"亿 of 亿元", "50亿", "亿元", "50"},
		{"亿元 of 亿元", "50亿元", "亿元", "50"},
		{"万元 to 亿元", "5000万元", "亿元", "0.5"},
		{"元 to 亿元", "120000000元", "亿元", "1.2"},
		{"亿 to 万元", "1.2亿", "万元", "12000"},
		{"percent", "80%", "%", "80"},
		{"full-width percent", "80％", "%", "80"},
		{"percent without the sign", "80", "%", "80"},
		{"万亩", "12.7万亩", "万亩", "12.7"},
		{"亩 to 万亩", "127000亩", "万亩", "12.7"},
		{"0.3 stays 0.3", "0.3", "万人", "0.3"},
		{"1.2 stays 1.2", "1.2", "万人", "1.2"},
		{"trailing zero dropped", "12.70", "万亩", "12.7"},
		{"leading zeros dropped", "007", "个", "7"},
		{"zero", "0", "个", "0"},
		{"negative growth", "-2.5", "%", "-2.5"},
		{"explicit plus", "+2.5", "%", "2.5"},
		{"negative with magnitude", "-3万", "个", "-30000"},
		{"task without a unit", "42", "", "42"},
		{"magnitude for a task without a unit", "3万", "", "30000"},
		{"unit with spaces around it", "5", " 个 ", "5"},
		{"18 digits", "123456789012345678", "个", "123456789012345678"},
		{"18 digits with a point", "1234567890.12345678", "个", "1234567890.12345678"},
		{"18 digits scaled down", "123456789012345678人", "万人", "12345678901234.5678"},
		{"tiny fraction", "0.0000000000000000000001", "个", "0.0000000000000000000001"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := ParseValue(c.in, c.unit)
			if err != nil {
				t.Fatalf("ParseValue(%q, %q): %v", c.in, c.unit, err)
			}
			if got := FormatValue(v); got != c.want {
				t.Errorf("ParseValue(%q, %q) = %s, want %s", c.in, c.unit, got, c.want)
			}
			// What is shown reads back as the same value.
			back, err := ParseValue(FormatValue(v), c.unit)
			if err != nil || !back.Equal(v) {
				t.Errorf("re-parse of %q = %s, %v; want %s", FormatValue(v), back, err, v)
			}
		})
	}
}

func TestParseValueErrors(t *testing.T) {
	cases := []struct {
		name string
		in   string
		unit string
		want error // one of valueSentinels
	}{
		{"empty", "", "个", ErrEmptyValue},
		{"spaces", "  ", "个", ErrEmptyValue},
		{"ideographic space", "\u3000", "个", ErrEmptyValue},
		{"letters", "abc", "个", ErrNotANumber},
		{"NaN", "NaN", "个", ErrNotANumber},
		{"Inf", "Inf", "个", ErrNotANumber},
		{"-Inf", "-Inf", "个", ErrNotANumber},
		{"+Inf", "+Inf", "个", ErrNotANumber},
		{"huge exponent", "1e999", "个", ErrNotANumber},
		{"exponent", "1e3", "个", ErrNotANumber},
		{"capital exponent", "1E3", "个", ErrNotANumber},
		{"bad group", "1,00", "个", ErrNotANumber},
		{"bad leading group", "1234,567", "个", ErrNotANumber},
		{"separator first", ",100", "个", ErrNotANumber},
		{"separator last", "1,000,", "个", ErrNotANumber},
		{"two points", "1.2.3", "个", ErrNotANumber},
		{"trailing point", "5.", "个", ErrNotANumber},
		{"leading point", ".5", "个", ErrNotANumber},
		{"sign only", "-", "个", ErrNotANumber},
		{"double sign", "--5", "个", ErrNotANumber},
		{"trailing sign", "5-", "个", ErrNotANumber},
		{"point only", ".", "个", ErrNotANumber},
		{"hex", "0x10", "个", ErrNotANumber},
		{"digits after the unit", "3万2", "个", ErrNotANumber},
		{"a range", "3-5", "个", ErrNotANumber},
		{"unit mismatch", "12公里", "个", ErrUnitMismatch},
		{"magnitude for percent", "3万", "%", ErrUnitMismatch},
		{"percent for a count", "80%", "个", ErrUnitMismatch},
		{"other base with magnitude", "3万元", "万人", ErrUnitMismatch},
		{"40 digits", strings.Repeat("1234567890", 4), "个", ErrValueTooLarge},
		{"19 digits", "1234567890123456789", "个", ErrValueTooLarge},
		{"many fraction digits", "0." + strings.Repeat("1", 19), "个", ErrValueTooLarge},
		{"magnitude pushes over the limit", "100000000000000亿", "个", ErrValueTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := ParseValue(c.in, c.unit)
			if err == nil {
				t.Fatalf("ParseValue(%q, %q) = %s, want an error", c.in, c.unit, v)
			}
			for name, s := range valueSentinels {
				if got, want := errors.Is(err, s), s == c.want; got != want {
					t.Errorf("ParseValue(%q, %q) = %v; errors.Is(%s) = %v, want %v", c.in, c.unit, err, name, got, want)
				}
			}
			// The error is localized, in both languages, and says what was typed.
			var le i18n.Localized
			if !errors.As(err, &le) {
				t.Fatalf("error %T is not i18n.Localized", err)
			}
			if zh, en := le.Text(i18n.Zh), le.Text(i18n.En); zh == en || strings.Contains(en, "err.") {
				t.Errorf("Text: zh %q, en %q", zh, en)
			}
			if c.want != ErrEmptyValue && !strings.Contains(err.Error(), c.in) {
				t.Errorf("error %q does not quote the input %q", err, c.in)
			}
		})
	}
}

// TestSentinelsMatchByKey: errors.Is works across distinct *i18n.Error
// values with the same key, and does not confuse keys.
func TestSentinelsMatchByKey(t *testing.T) {
	for name, s := range valueSentinels {
		t.Run(name, func(t *testing.T) {
			var e *i18n.Error
			if !errors.As(s, &e) {
				t.Fatalf("%s is %T, not *i18n.Error", name, s)
			}
			if !i18n.Has(e.Key) {
				t.Errorf("%s has key %q missing from the catalog", name, e.Key)
			}
			same := i18n.E(e.Key, "typed text")
			if !errors.Is(same, s) {
				t.Errorf("errors.Is(E(%q, ...), %s) = false", e.Key, name)
			}
			wrapped := &RowError{Row: 3, Err: same}
			if !errors.Is(wrapped, s) {
				t.Errorf("errors.Is through RowError = false")
			}
			for other, o := range valueSentinels {
				if other != name && errors.Is(s, o) {
					t.Errorf("errors.Is(%s, %s) = true", name, other)
				}
			}
		})
	}
}

func TestFormatValue(t *testing.T) {
	cases := []struct {
		in   decimal.Decimal
		want string
	}{
		{dec("0.3"), "0.3"},
		{dec("0.1").Add(dec("0.2")), "0.3"},
		{dec("1.2"), "1.2"},
		{dec("12.70"), "12.7"},
		{dec("1100"), "1100"},
		{dec("-2.50"), "-2.5"},
		{dec("0"), "0"},
		{dec("3.2").Shift(4), "32000"},
		{dec("32000").Shift(-4), "3.2"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			if got := FormatValue(c.in); got != c.want {
				t.Errorf("FormatValue(%s) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestFormatPercent(t *testing.T) {
	cases := []struct {
		in   decimal.Decimal
		want string
	}{
		{decimal.NewFromInt(18100).Div(decimal.NewFromInt(365)), "49.6"},
		{dec("50"), "50"},
		{dec("50.00"), "50"},
		{dec("112.5"), "112.5"},
		{dec("99.95"), "100"},
		{dec("99.94"), "99.9"},
		{dec("0.04"), "0"},
		{dec("-0.04"), "0"},
		{dec("-10"), "-10"},
		{dec("100"), "100"},
	}
	for _, c := range cases {
		t.Run(c.in.String(), func(t *testing.T) {
			if got := FormatPercent(c.in); got != c.want {
				t.Errorf("FormatPercent(%s) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	cases := []struct {
		in   string
		want string // "" means rejected
	}{
		{"2019-06-30", "2019-06-30"},
		{"2019/6/30", "2019-06-30"},
		{"2019/06/30", "2019-06-30"},
		{"2019.6.30", "2019-06-30"},
		{"2019年6月30日", "2019-06-30"},
		{"2019年06月30日", "2019-06-30"},
		{"2019年6月30", "2019-06-30"},
		{"２０１９年６月３０日", "2019-06-30"},
		{"２０１９－０６－３０", "2019-06-30"},
		{" 2019-06-30 ", "2019-06-30"},
		{"2019-1-1", "2019-01-01"},
		{"2019-12-31", "2019-12-31"},
		{"2020-02-29", "2020-02-29"},
		{"2019-02-29", ""},
		{"2019-02-30", ""},
		{"2019-13-01", ""},
		{"2019-00-10", ""},
		{"2019-04-31", ""},
		{"2019-06-00", ""},
		{"", ""},
		{"   ", ""},
		{"yesterday", ""},
		{"2019-6", ""},
		{"19-06-30", ""},
		{"2019-06-30T10:00:00Z", ""},
		{"2019-06-30x", ""},
		{"2019--06-30", ""},
		{"2019-006-30", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseDate(c.in)
			if c.want == "" {
				if err == nil {
					t.Fatalf("ParseDate(%q) = %s, want an error", c.in, FormatDate(got))
				}
				if !isKey(err, "err.date") {
					t.Errorf("ParseDate(%q) error %v, want err.date", c.in, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", c.in, err)
			}
			if FormatDate(got) != c.want || got.Location().String() != "UTC" || got.Hour() != 0 {
				t.Errorf("ParseDate(%q) = %v, want %s UTC midnight", c.in, got, c.want)
			}
		})
	}
}

// FuzzParseValue: ParseValue never panics, and every value it accepts
// round-trips exactly through FormatValue with the same unit.
func FuzzParseValue(f *testing.F) {
	seeds := [][2]string{
		{"750", "个"}, {"1,100", "公里"}, {"1,100.5", "公里"}, {"３.２", "万人"}, {"3.2万", "万人"},
		{"32000人", "万人"}, {"3.2万人", "万人"}, {"750个", "个"}, {"3.2万", "个"}, {"50亿", "亿元"},
		{"5000万元", "亿元"}, {"80%", "%"}, {"0.3", "%"}, {"12.70", "万亩"}, {"", "个"}, {"  ", "个"},
		{"abc", "个"}, {"NaN", "个"}, {"Inf", "个"}, {"-Inf", "个"}, {"1e999", "个"}, {"1e3", "个"},
		{"1,00", "个"}, {"1.2.3", "个"}, {"12公里", "个"}, {"3万", "%"}, {strings.Repeat("9", 40), "个"},
		{"-2.5", "%"}, {"0.00000001亿", "个"}, {"123456789012345678人", "万人"}, {"99999999999999999.9亿", "元"},
		{"-0", "个"}, {"-0.0万", "万"}, {"+.5", "个"}, {"1,234.5万元", "亿元"}, {"１，２３４．５", ""},
		{"5 万 人", "万人"}, {"\xff\xfe", "个"}, {"3\u00a0万", "个"}, {"7", "万"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, s, unit string) {
		v, err := ParseValue(s, unit)
		if err != nil {
			var e *i18n.Error
			if !errors.As(err, &e) || !i18n.Has(e.Key) {
				t.Fatalf("ParseValue(%q, %q): error %v is not a catalogued i18n error", s, unit, err)
			}
			matched := 0
			for _, sentinel := range valueSentinels {
				if errors.Is(err, sentinel) {
					matched++
				}
			}
			if matched != 1 {
				t.Fatalf("ParseValue(%q, %q): error %v matches %d sentinels", s, unit, err, matched)
			}
			return
		}
		if digits(v) > maxDigits {
			t.Fatalf("ParseValue(%q, %q) = %s: more than %d digits", s, unit, v, maxDigits)
		}
		shown := FormatValue(v)
		back, err := ParseValue(shown, unit)
		if err != nil {
			t.Fatalf("ParseValue(%q, %q) = %s, but its display %q does not parse: %v", s, unit, v, shown, err)
		}
		if !back.Equal(v) || FormatValue(back) != shown {
			t.Fatalf("ParseValue(%q, %q) = %s, re-parsed as %s", s, unit, shown, FormatValue(back))
		}
	})
}
