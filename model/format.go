package model

import (
	"github.com/shopspring/decimal"

	"duban/i18n"
)

// One function per displayed fact: every surface (screens, CLI, exports)
// writes a target, a value, a percentage and a status through these (and
// i18n.Status, i18n.Kind), so they cannot drift apart.

// PercentText is a percentage as the screens, the CLI and the text exports
// show it: 49.6%, 112.5%, 50% (FormatPercent, then the sign).
func PercentText(d decimal.Decimal) string {
	var buf [24]byte
	return string(append(AppendRounded(buf[:0], d, 1), '%')) // FormatPercent(d) + "%", in one string
}

// NullPercentText is PercentText of a percentage that may be missing
// (nothing reported yet): "-" then.
func NullPercentText(p decimal.NullDecimal) string {
	if !p.Valid {
		return "-"
	}
	return PercentText(p.Decimal)
}

// NullValueText is a value that may be missing (the actual before the
// first update) as FormatValue writes it, or "-".
func NullValueText(v decimal.NullDecimal) string {
	if !v.Valid {
		return "-"
	}
	return FormatValue(v.Decimal)
}

// FormatScore writes a ranking score (Group.Score) with at most one
// decimal: 95, 81.7; "-" when nothing is scored.
func FormatScore(s decimal.NullDecimal) string {
	if !s.Valid {
		return "-"
	}
	return s.Decimal.Round(1).String()
}

// prefixQualifiers are written before the figure (超过1000亿元, 力争2.7%);
// the others (左右, 以上, 以内) follow it, as the report writes them.
var prefixQualifiers = map[string]bool{"超过": true, "力争": true, "不低于": true, "达到": true,
	"不少于": true, "确保": true, "控制在": true}

// TargetText is the task's target as the report would write it: 1500个,
// 8%左右, 超过1000亿元. A milestone's target is its completion, so it has
// no figure: TargetText returns "" for milestones.
func (t Task) TargetText() string {
	if t.Kind == KindMilestone {
		return ""
	}
	return t.Qualify(FormatValue(t.Target) + t.Unit)
}

// TargetLabel is the target as every surface shows it in a target column:
// TargetText, or for a milestone, whose target is its completion, the
// kind's label (里程碑).
func (t Task) TargetLabel(l i18n.Lang) string {
	if t.Kind == KindMilestone {
		return i18n.Kind(l, KindMilestone)
	}
	return t.TargetText()
}

// Qualify writes figure s with the task's qualifier where the report puts
// it: 力争 + s, s + 左右.
func (t Task) Qualify(s string) string {
	switch {
	case t.Qualifier == "":
		return s
	case prefixQualifiers[t.Qualifier]:
		return t.Qualifier + s
	default:
		return s + t.Qualifier
	}
}

// RoundNeed rounds a required pace per remaining month (Eval.NeedPerMonth)
// to the two decimals every surface shows.
func RoundNeed(d decimal.Decimal) decimal.Decimal { return d.Round(2) }

// NeedText is a required pace per remaining month as text: 125, 0.33.
func NeedText(d decimal.Decimal) string {
	var buf [24]byte
	return string(AppendRounded(buf[:0], d, 2)) // FormatValue(RoundNeed(d)), without its big.Int arithmetic
}
