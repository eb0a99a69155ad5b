package model

import "testing"

func TestStepMonthEnd(t *testing.T) {
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2019-01-31", 1, "2019-02-28"},
		{"2019-02-28", 1, "2019-03-31"},
		{"2019-01-15", 1, "2019-01-31"}, // from any day: its own month end first
		{"2019-01-01", 1, "2019-01-31"},
		{"2019-01-15", 2, "2019-02-28"},
		{"2019-03-15", -1, "2019-02-28"},
		{"2019-03-31", -1, "2019-02-28"},
		{"2019-03-31", -3, "2018-12-31"},
		{"2019-05-31", 1, "2019-06-30"},
		{"2019-06-30", 1, "2019-07-31"},
		{"2020-01-31", 1, "2020-02-29"}, // leap year
		{"2019-12-31", 1, "2020-01-31"},
		{"2019-06-15", 0, "2019-06-15"},
	}
	for _, c := range cases {
		if got := FormatDate(StepMonthEnd(date(c.from), c.n)); got != c.want {
			t.Errorf("StepMonthEnd(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
		}
	}
	// Stepping twelve times from January 31 visits every month end.
	d := date("2019-01-31")
	for m := 2; m <= 12; m++ {
		d = StepMonthEnd(d, 1)
		if d.Day() != daysIn(d) || int(d.Month()) != m {
			t.Fatalf("step %d: %s", m, FormatDate(d))
		}
	}
}
