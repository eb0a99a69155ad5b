package model

import "github.com/shopspring/decimal"

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
