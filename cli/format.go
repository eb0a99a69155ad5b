package cli

import (
	"github.com/shopspring/decimal"

	"duban/i18n"
	"duban/model"
)

// targetText is a task's target as the report writes it (1500个, 8%左右),
// or the word for a milestone, whose target is its completion.
func targetText(l i18n.Lang, t model.Task) string {
	if t.Kind == model.KindMilestone {
		return l.T("kind.milestone")
	}
	return t.TargetText()
}

// actualText is the latest value, or — before the first update.
func actualText(e model.Eval) string {
	if !e.Actual.Valid {
		return "-"
	}
	return model.FormatValue(e.Actual.Decimal)
}

// percentText is a nullable percentage, or — when there is none.
func percentText(p decimal.NullDecimal) string {
	if !p.Valid {
		return "-"
	}
	return model.FormatPercent(p.Decimal) + "%"
}

// statusText is the status label, with the overdue-report flag.
func statusText(l i18n.Lang, e model.Eval) string {
	s := model.MarkReturned(l, l.T("status."+string(e.Status)), e.Returned())
	if e.Stale && e.Status != model.StatusNoReport {
		s += "/" + l.T("cli.stale.short")
	}
	return s
}
