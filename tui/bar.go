package tui

import (
	"math"
	"strconv"
	"strings"
	"unsafe"

	"github.com/shopspring/decimal"

	"duban/model"
)

// bar draws a progress bar of w cells: the filled share pct (percent, capped
// at 100; over-fulfilment shows in the number, not the bar) in the status's
// colour, and a marker at tp, the time progress: where the task should be by
// now. A marker inside the fill means ahead of schedule, beyond it behind.
// tp < 0 draws no marker.
func (st *Styles) bar(w int, pct, tp float64, s model.Status) string {
	if w <= 0 {
		return ""
	}
	fill := 0
	if pct > 0 {
		fill = int(math.Round(math.Min(pct, 100) / 100 * float64(w)))
		if fill == 0 {
			fill = 1 // any progress at all shows
		}
	}
	mark := -1
	if tp >= 0 {
		mark = min(w-1, int(tp/100*float64(w)))
	}
	var b strings.Builder
	b.Grow(w * 8)
	seg := func(k ink, glyph string, n int) {
		if n > 0 {
			b.WriteString(k.paint(strings.Repeat(glyph, n)))
		}
	}
	g := st.g
	if mark < 0 {
		seg(st.Fill[s], g.fill, fill)
		seg(st.Track, g.empty, w-fill)
		return b.String()
	}
	// Fill and track on each side of the marker.
	seg(st.Fill[s], g.fill, min(fill, mark))
	seg(st.Track, g.empty, mark-min(fill, mark))
	b.WriteString(st.Marker.paint(g.marker))
	rest := w - mark - 1
	after := max(0, min(fill-mark-1, rest))
	seg(st.Fill[s], g.fill, after)
	seg(st.Track, g.empty, rest-after)
	return b.String()
}

// pctText formats a percentage as 49.6%, or "-" when there is none
// (model.PercentText, of the animated value while a bar moves).
func pctText(p float64, ok bool) string {
	if !ok {
		return "-"
	}
	return model.PercentText(decimal.NewFromFloat(p))
}

// decPct formats a decimal percentage the model's way (49.6%).
func decPct(d decimal.Decimal) string { return model.PercentText(d) }

// f64 converts a decimal for drawing and sorting; exactness is kept for
// the numbers shown. It gives InexactFloat64's value (the float64 nearest
// the decimal: TestF64MatchesInexact), but for a coefficient of up to 18
// digits by parsing its digits (strconv rounds correctly too) rather than
// through a big.Rat, which allocated 45 MB of the 100,000-task first
// load's garbage: BenchmarkF64, 510–550 → 147–152 ns, 8 allocations → 0.
func f64(d decimal.Decimal) float64 {
	e := d.Exponent()
	if e < -300 || e > 300 || d.NumDigits() > 18 {
		return d.InexactFloat64()
	}
	var buf [32]byte
	b := strconv.AppendInt(buf[:0], d.CoefficientInt64(), 10)
	b = append(b, 'e')
	b = strconv.AppendInt(b, int64(e), 10)
	// ParseFloat keeps no part of its argument when it succeeds, so the
	// digits are passed as a view of buf.
	f, err := strconv.ParseFloat(unsafe.String(&b[0], len(b)), 64)
	if err != nil {
		return d.InexactFloat64()
	}
	return f
}
