package model

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"duban/i18n"
)

// Plausibility rules (§3 of the monthly cycle). A value that is valid but
// looks like a typing mistake is a Warning: it is saved only once the
// person confirms it (Update.Confirmed). Nothing is ever clamped or changed.
//   - a count more than OverTarget times its target (WarnOverTarget);
//   - a value a power of ten off the last report, 10^3.5 times it or more,
//     or that small a share of it: the 万/亿 slip (WarnMagnitude);
//   - a cumulative figure (count, milestone) below the last report
//     (WarnDecrease), which also needs a 进展情况 that says why.
//
// Where the value written with 万 or 亿 would be plausible, the warning
// names it: "50000公里 是目标的 500 倍，是否把 5 误写成 5万？".

// OverTarget is how many times its target a count may reach before the
// value is a warning.
const OverTarget = 3

// Warning kinds.
const (
	WarnOverTarget = "over_target"
	WarnMagnitude  = "magnitude"
	WarnDecrease   = "decrease"
)

// Warning is one plausibility warning about a new value.
type Warning struct {
	Kind string      // WarnOverTarget, WarnMagnitude or WarnDecrease
	Msg  *i18n.Error // the sentence naming the likely mistake
}

// Text renders the warning in language l.
func (w Warning) Text(l i18n.Lang) string { return w.Msg.Text(l) }

// PlausibilityError refuses an unconfirmed update with warnings; match it
// with errors.As. Saving it again with Update.Confirmed set goes through.
type PlausibilityError struct {
	TaskID   string
	Warnings []Warning
}

func (e *PlausibilityError) Error() string { return e.Text(i18n.En) }

// Text renders the warnings in language l, one sentence.
func (e *PlausibilityError) Text(l i18n.Lang) string {
	parts := make([]string, len(e.Warnings))
	for i, w := range e.Warnings {
		parts[i] = w.Text(l)
	}
	return l.T("err.plausible", e.TaskID, strings.Join(parts, l.T("err.plausible.sep")))
}

// LastReport is the report a new one dated asOf is compared with: the
// latest in history (sorted as by SortUpdates) dated on or before asOf that
// was not returned (a returned report is the mistake being corrected).
func LastReport(history []Update, asOf time.Time) *Update {
	for i := len(history) - 1; i >= 0; i-- {
		if u := &history[i]; !u.AsOf.After(asOf) && u.Review != ReviewReturned {
			return u
		}
	}
	return nil
}

var (
	tenThousand   = decimal.New(1, 4)
	hundredMillon = decimal.New(1, 8)
	// magnitudeSlip: a ratio to the last report from which a value looks
	// a power of ten off (10^3.5).
	magnitudeSlip = decimal.RequireFromString("3162.28")
	// thirty: how far from the last report the value's own digits may be
	// for a 万/亿 slip to be the likely mistake.
	thirty = decimal.NewFromInt(30)
)

// Plausible returns the warnings about u's value for task t, last being
// the report it follows (LastReport; nil for a first report).
func Plausible(t Task, last *Update, u Update) []Warning {
	var out []Warning
	v := u.Value
	val := FormatValue(v) + t.Unit
	// The value's own digits with 万 or 亿: 50000 is 5 and 万.
	base, mag := v, ""
	switch {
	case v.Abs().GreaterThanOrEqual(hundredMillon):
		base, mag = v.Div(hundredMillon), "亿"
	case v.Abs().GreaterThanOrEqual(tenThousand):
		base, mag = v.Div(tenThousand), "万"
	}
	slip := func(plausible bool) string {
		if mag == "" || !plausible {
			return ""
		}
		return FormatValue(base)
	}
	over := false
	if t.Kind == KindCount && t.Target.IsPositive() && v.GreaterThan(t.Target.Mul(decimal.NewFromInt(OverTarget))) {
		over = true
		ratio := ratioText(v.Div(t.Target))
		limit := t.Target.Mul(decimal.NewFromInt(OverTarget))
		if b := slip(base.LessThanOrEqual(limit)); b != "" {
			out = append(out, Warning{WarnOverTarget, &i18n.Error{Key: "warn.target.slip", Args: []any{val, ratio, b, b + mag}}})
		} else {
			out = append(out, Warning{WarnOverTarget, &i18n.Error{Key: "warn.target", Args: []any{val, ratio, t.TargetText()}}})
		}
	}
	if last == nil {
		return out
	}
	lv := last.Value
	lastText := FormatValue(lv) + t.Unit
	if !over && t.Kind != KindMilestone && !lv.IsZero() && !v.IsZero() && lv.IsPositive() == v.IsPositive() {
		r := v.Div(lv)
		switch {
		case r.GreaterThanOrEqual(magnitudeSlip):
			if b := slip(base.Div(lv).LessThan(thirty) && base.Mul(thirty).GreaterThan(lv)); b != "" {
				out = append(out, Warning{WarnMagnitude, &i18n.Error{Key: "warn.jump.slip", Args: []any{val, lastText, ratioText(r), b, b + mag}}})
			} else {
				out = append(out, Warning{WarnMagnitude, &i18n.Error{Key: "warn.jump", Args: []any{val, lastText, ratioText(r)}}})
			}
		case r.Mul(magnitudeSlip).LessThanOrEqual(decimal.NewFromInt(1)):
			inv, m := decimal.NewFromInt(1).Div(r), "万"
			if inv.GreaterThanOrEqual(decimal.New(1, 6)) {
				m = "亿"
			}
			out = append(out, Warning{WarnMagnitude, &i18n.Error{Key: "warn.drop", Args: []any{val, lastText,
				ratioText(inv), FormatValue(v) + m, FormatValue(v)}}})
		}
	}
	if t.Kind.Paced() && v.LessThan(lv) {
		out = append(out, Warning{WarnDecrease, &i18n.Error{Key: "warn.decrease", Args: []any{val, lastText, FormatDate(last.AsOf)}}})
	}
	return out
}

// ratioText writes a ratio as the warning says it: 500, 2.5.
func ratioText(r decimal.Decimal) string {
	if r.GreaterThanOrEqual(decimal.NewFromInt(10)) {
		return r.Round(0).String()
	}
	return r.Round(1).String()
}

// CheckPlausible applies the plausibility rules to a new update u of task
// t with history (sorted as by SortUpdates, reviews applied). It returns
// the warnings, and an error: a cumulative figure below the last report
// without a 进展情况 that explains it (a note, and not the last report's
// own), whether confirmed or not; else, when there are warnings and u is
// not Confirmed, a *PlausibilityError.
func CheckPlausible(t Task, history []Update, u Update) ([]Warning, error) {
	last := LastReport(history, u.AsOf)
	ws := Plausible(t, last, u)
	for _, w := range ws {
		if w.Kind != WarnDecrease {
			continue
		}
		note := NoteText(u.Note)
		if note == "" || note == NoteText(last.Note) {
			return ws, i18n.E("err.update.decrease", FormatValue(last.Value)+t.Unit, FormatValue(u.Value)+t.Unit)
		}
	}
	if len(ws) > 0 && !u.Confirmed {
		return ws, &PlausibilityError{TaskID: t.ID, Warnings: ws}
	}
	return ws, nil
}
