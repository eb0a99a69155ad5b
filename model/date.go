package model

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"duban/i18n"
)

// DateLayout is how duban writes dates everywhere: 2019-06-30.
const DateLayout = "2006-01-02"

// dateRE accepts 2019-06-30, 2019/6/30, 2019.6.30 and 2019年6月30日.
// It is compiled on first use, not at start-up.
var dateRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)
})

// ParseDate reads a calendar date and returns it as UTC midnight.
func ParseDate(s string) (time.Time, error) {
	m := dateRE().FindStringSubmatch(strings.TrimSpace(fullWidth.Replace(s)))
	if m == nil {
		return time.Time{}, i18n.E("err.date", s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return time.Time{}, i18n.E("err.date", s) // 2019-02-30 and the like
	}
	return t, nil
}

// FormatDate writes a date as 2019-06-30, or "" for the zero time.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}

// Day truncates t to its calendar day (UTC midnight of its local date).
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Contains reports whether day falls within the plan's period.
func (p Plan) Contains(day time.Time) bool {
	// Fix: compare calendar days; a time later on the period's last day
	// (a reporting date taken from a clock) used to fall outside it.
	day = Day(day)
	return !day.Before(p.Start) && !day.After(p.End)
}

// Clamp moves day into the plan's period: the as-of date of "today" for a
// past or future plan.
func (p Plan) Clamp(day time.Time) time.Time {
	day = Day(day)
	if day.Before(p.Start) {
		return p.Start
	}
	if day.After(p.End) {
		return p.End
	}
	return day
}

// CheckInPeriod returns an error unless day is within the plan's period.
func (p Plan) CheckInPeriod(day time.Time) error {
	if !p.Contains(day) {
		return i18n.E("err.date.period", FormatDate(day), FormatDate(p.Start), FormatDate(p.End))
	}
	return nil
}

// days counts calendar days from a to b, inclusive of both.
func days(a, b time.Time) int {
	return int(b.Sub(a).Hours()/24+0.5) + 1
}

// monthsLeft is the number of months from day to due: whole months after
// day's month, plus the unused share of day's own month. At 2019-06-30 with
// a due date of 2019-12-31 it is 6; at 2019-06-15, 6.5.
func monthsLeft(day, due time.Time) decimal.Decimal {
	if !day.Before(due) {
		return decimal.Zero
	}
	whole := (due.Year()-day.Year())*12 + int(due.Month()) - int(day.Month())
	inMonth := daysIn(day)
	// Due dates before a month's end count that month partly.
	dueFrac := decimal.New(int64(daysIn(due)-due.Day()), 0).Div(decimal.New(int64(daysIn(due)), 0))
	rest := decimal.New(int64(inMonth-day.Day()), 0).Div(decimal.New(int64(inMonth), 0))
	return decimal.New(int64(whole), 0).Add(rest).Sub(dueFrac)
}

// daysIn is the number of days in t's month.
func daysIn(t time.Time) int {
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// addMonths adds n months to a day, clamping to the last day of the
// resulting month: 2019-05-31 plus one month is 2019-06-30, where
// time.AddDate would normalise to 2019-07-01.
func addMonths(day time.Time, n int) time.Time {
	y, m, d := day.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	if last := daysIn(first); d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, time.UTC)
}

// StepMonthEnd steps n month ends from day d: forward (n > 0) to the n-th
// month end after d, back (n < 0) to the n-th before it; n = 0 gives d.
// From any day the steps land on month ends: 2019-01-15 forward is
// 2019-01-31, then 02-28, 03-31; 2019-03-15 back is 02-28.
func StepMonthEnd(d time.Time, n int) time.Time {
	d = Day(d)
	if n == 0 {
		return d
	}
	y, m, day := d.Date()
	if n > 0 && day != daysIn(d) {
		n-- // the first step forward is d's own month end
	}
	return time.Date(y, m+time.Month(n)+1, 0, 0, 0, 0, 0, time.UTC)
}
