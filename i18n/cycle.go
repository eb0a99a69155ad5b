package i18n

// Labels of the monthly cycle: plausibility warnings, confirmation,
// idempotent imports, superseded reviews, returned marks.
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			"err.plausible":     {"%s：%s", "%s: %s"},
			"err.plausible.sep": {"；", "; "},
			"warn.target.slip":  {"%s 是目标的 %s 倍，是否把 %s 误写成 %s？", "%s is %s times the target: was %s mistyped as %s?"},
			"warn.target":       {"%[1]s 是目标（%[3]s）的 %[2]s 倍，请核对数值和单位。", "%[1]s is %[2]s times the target (%[3]s): check the figure and its unit."},
			"warn.jump.slip":    {"%s 是上次填报（%s）的 %s 倍，是否把 %s 误写成 %s？", "%[1]s is %[3]s times the last report (%[2]s): was %[4]s mistyped as %[5]s?"},
			"warn.jump":         {"%s 是上次填报（%s）的 %s 倍，请核对数量级。", "%[1]s is %[3]s times the last report (%[2]s): check the order of magnitude."},
			"warn.drop":         {"%s 只有上次填报（%s）的 %s 分之一，是否把 %s 误写成 %s？", "%[1]s is 1/%[3]s of the last report (%[2]s): was %[4]s mistyped as %[5]s?"},
			"warn.decrease":     {"累计值 %[1]s 低于 %[3]s 填报的 %[2]s", "the cumulative %[1]s is below the %[2]s reported for %[3]s"},
			"err.update.decrease": {"累计值从 %s 降到 %s，须在进展情况中说明原因（如更正上次的数字）。",
				"The cumulative figure falls from %s to %s: say why in the progress note (e.g. a correction of the last figure)."},

			"review.superseded":     {"已被后续填报替代", "superseded by a later report"},
			"tui.review.superseded": {"已被后续填报替代", "superseded"},
			"cycle.tui.confirm":     {"%s 如数值无误，再按 Enter 确认保存。", "%s If the figure is right, press Enter again to save it."},

			"cli.flag.confirm":        {"确认保存有合理性提示的数值（如超过目标 3 倍、疑似万/亿误写）", "save a value despite plausibility warnings (over 3× the target, a likely 万/亿 slip)"},
			"cli.err.plausible":       {"%s 如数值无误，请加 --confirm 重新提交。", "%s If the figure is right, run it again with --confirm."},
			"cli.flag.acceptwarn":     {"导入有合理性提示的行（--dry-run 逐行列出提示）", "import rows with plausibility warnings (--dry-run lists them)"},
			"cli.import.warned":       {"提示 %s", "warning %s"},
			"cli.import.warnings":     {"%d 行有合理性提示，请逐行核对。", "%d rows have plausibility warnings; check each."},
			"cli.err.import.warnings": {"%d 行有合理性提示，未导入任何数据；核对无误后加 --accept-warnings 导入。", "%d rows have plausibility warnings and nothing was imported; once checked, import with --accept-warnings."},
			"cli.import.nothing":      {"没有新的填报（%d 行与最近一次填报相同，%d 行未填写）。", "No new reports (%d rows repeat the latest report, %d rows left empty)."},
			"cli.import.same":         {"%d 行与最近一次填报相同，未重复记录。", "%d rows repeat the latest report and were not recorded again."},
			"cli.show.future":         {"晚于查看日期 %s", "after the viewed date %s"},
			"cli.show.future.note":    {"其中 %d 条填报晚于查看日期 %s，未计入上面的状态。", "%d of these reports are dated after the viewed date %s and do not count above."},

			"mark.returned":        {"%s（已退回）", "%s (returned)"},
			"mark.returned.rows":   {"其中 %d 项任务的最近填报已被退回、待更正：%s。", "The latest report of %d tasks was returned for correction: %s."},
			"mark.returned.sep":    {"、", ", "},
			"report.template.asof": {"截至日期", "As of"},
		}
	})
}
