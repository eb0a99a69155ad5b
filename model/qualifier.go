package model

import "github.com/shopspring/decimal"

// Qualifiers of a target, as the report writes them, and what each means
// for status and for "done" (see Plan.Met and Evaluate):
//
//	左右           a band: met from the target less the plan's tolerance (by
//	               default 0.5 percentage point for a rate in %, 2% of the
//	               figure otherwise; see Settings);
//	               a ceiling 左右 tolerates the same above it
//	以上, 不低于   at or above the target (the default)
//	超过           strictly above: exactly the figure is not yet met
//	力争           aspirational: judged against the figure, but a near miss
//	               (short by less than twice the plan's threshold) is 滞后, not 严重滞后
//	以内, 以下     a ceiling (kind ceiling): met at or under the target
const (
	QualAbout   = "左右"
	QualAbove   = "以上"
	QualAtLeast = "不低于"
	QualOver    = "超过"
	QualStrive  = "力争"
	QualWithin  = "以内"
	QualBelow   = "以下"
)

// Tolerance is the half-width of a 左右 band around the task's target, in
// the target's unit, from the plan's settings (Settings.TolRate for a rate
// in % or 个百分点, Settings.TolAmount percent of the figure otherwise);
// zero for any other qualifier.
func (p Plan) Tolerance(t Task) decimal.Decimal {
	if t.Qualifier != QualAbout {
		return decimal.Zero
	}
	s := p.Judgement()
	if t.Unit == "%" || t.Unit == "个百分点" {
		return s.TolRate
	}
	return t.Target.Abs().Mul(s.TolAmount).Div(hundred)
}

// Met reports whether value v meets the task's target, its qualifier
// applied with the plan's tolerances: the one rule behind 已完成 for counts
// and milestones and behind 正常/已完成 for rates.
func (p Plan) Met(t Task, v decimal.Decimal) bool {
	if t.Kind == KindCeiling {
		return v.LessThanOrEqual(t.Target.Add(p.Tolerance(t)))
	}
	prog := t.ProgressOf(v)
	switch t.Qualifier {
	case QualOver:
		return prog.GreaterThan(hundred)
	case QualAbout:
		return prog.GreaterThanOrEqual(t.ProgressOf(t.Target.Sub(p.Tolerance(t))))
	}
	return prog.GreaterThanOrEqual(hundred)
}

// riskThreshold is the number of points short at which a task is 严重滞后:
// the plan's threshold, doubled for an aspirational (力争) target.
func (p Plan) riskThreshold(t Task) decimal.Decimal {
	th := int64(p.threshold())
	if t.Qualifier == QualStrive {
		th *= 2
	}
	return decimal.NewFromInt(th)
}
