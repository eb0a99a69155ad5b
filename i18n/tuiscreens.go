package i18n

// Labels of the TUI's 本月填报 grid, the batch review and the screens
// added with them (package tui).
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			"tui.demo.short":          {"演示", "demo"},
			"tui.ov.more.chapters":    {"另有 %d 个，按 f 按篇章筛选", "%d more: f filters by chapter"},
			"tui.pick.on":             {"（已选，enter 取消）", " (on; enter takes it off)"},
			"tui.help.queue":          {"审核队列", "Review queue"},
			"tui.detail.at":           {"（%s）", " (%s)"},
			"tui.tab.grid":            {"本月", "Month"},
			"tui.key.grid":            {"本月填报", "month"},
			"tui.grid.title":          {"本月填报", "Month's reports"},
			"tui.grid.info":           {"截至 %s  共 %d 项，已填 %d 项", "as of %s  %d tasks, %d filled in"},
			"tui.grid.choose":         {"选择要填报本月的部门（enter 确定）", "Choose the department whose month to report (enter)"},
			"tui.grid.nodept":         {"没有可填报的部门：请管理员为您设置部门。", "No department to report for: ask an administrator to set yours."},
			"tui.grid.none":           {"该部门没有牵头的任务。", "The department leads no task."},
			"tui.grid.empty":          {"未填写：本次不填报（不是 0）", "Empty: not reported this time (not zero)"},
			"tui.grid.col.last":       {"上次填报", "Last"},
			"tui.grid.col.value":      {"本期累计完成", "Cumulative"},
			"tui.grid.col.tp":         {"序时进度", "Time %"},
			"tui.grid.col.need":       {"需月均完成", "Need/month"},
			"tui.grid.key.next":       {"下一行", "next row"},
			"tui.grid.key.prev":       {"上一行", "previous row"},
			"tui.grid.key.texts":      {"进展/问题/措施", "texts"},
			"tui.grid.key.same":       {"沿用上次", "same as last"},
			"tui.grid.key.save":       {"保存本月", "save month"},
			"tui.grid.key.pick":       {"选择", "choose"},
			"tui.grid.problem":        {"第 %d 行 %s：%s", "row %d %s: %s"},
			"tui.grid.warned":         {"未保存：%d 行的数值可能有误，见下方；如无误，再按 ctrl+s 确认保存。", "Not saved: %d rows look mistaken, listed below; if they are right, press ctrl+s again to save them."},
			"tui.grid.refused":        {"未保存：%d 行有问题，见下方；改正后再保存。", "Not saved: %d rows have problems, listed below; correct them and save again."},
			"tui.grid.nothing":        {"没有填写任何一行：空行表示本次不填报。", "No row is filled in: an empty row is not reported."},
			"tui.grid.storerefused":   {"未保存（全部未保存）：%s", "Not saved (nothing was): %s"},
			"tui.grid.saved":          {"已保存 %d 项填报（截至 %s），一次提交。", "Saved %d reports (as of %s) in one transaction."},
			"tui.review.key.dept":     {"按部门筛选", "by department"},
			"tui.review.key.status":   {"按状态筛选", "by status"},
			"tui.review.key.month":    {"通过本部门当月", "approve the month"},
			"tui.review.col.delta":    {"较审定", "Change"},
			"tui.review.filtered":     {"显示 %d 项：%s", "showing %d: %s"},
			"tui.review.future":       {"报告日期晚于查看日期 %s", "dated after the viewed %s"},
			"tui.review.month.title":  {"通过一个部门当月的填报", "Approve a department's month"},
			"tui.review.month.prompt": {"通过 %s %s 的全部 %d 条待审核填报？", "Approve the pending reports of %s for %s, %d of them?"},
			"tui.review.month.ok":     {"已通过 %d 条填报：%s", "Approved %d reports: %s"},
		}
	})
}
