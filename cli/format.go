package cli

import (
	"duban/i18n"
	"duban/model"
)

// The table cells of a task: each fact is written by its one formatter in
// model or i18n, the same the screens and the exports use.

// targetText is a task's target as every surface shows it (1500个, 8%左右,
// 里程碑 for a milestone).
func targetText(l i18n.Lang, t model.Task) string { return t.TargetLabel(l) }

// actualText is the latest value, or - before the first update.
func actualText(e model.Eval) string { return model.NullValueText(e.Actual) }

// statusText is the status label, with the overdue-report flag.
func statusText(l i18n.Lang, e model.Eval) string {
	s := model.StatusLabel(l, e)
	if e.Stale && e.Status != model.StatusNoReport {
		s += "/" + l.T("cli.stale.short")
	}
	return s
}
