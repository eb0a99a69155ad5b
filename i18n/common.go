package i18n

// Domain words shared by every part of duban: statuses and kinds (the one
// set every surface shows, through Status and Kind), review states and the
// names of a task's fields.
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			"status.done":        {"已完成", "Done"},
			"status.on_track":    {"正常", "On track"},
			"status.behind":      {"滞后", "Behind"},
			"status.at_risk":     {"严重滞后", "At risk"},
			"status.no_report":   {"未填报", "No report"},
			"status.unpublished": {"数据未发布", "Unpublished"},

			"kind.count":     {"累计量", "count"},
			"kind.growth":    {"增长率", "growth rate"},
			"kind.level":     {"水平值", "level"},
			"kind.ceiling":   {"控制上限", "ceiling"},
			"kind.milestone": {"里程碑", "milestone"},

			"review.pending":  {"待审核", "pending"},
			"review.approved": {"已通过", "approved"},
			"review.returned": {"已退回", "returned"},

			"field.id":             {"编号", "ID"},
			"field.chapter":        {"篇章", "Chapter"},
			"field.section":        {"段落", "Section"},
			"field.name":           {"任务", "Task"},
			"field.kind":           {"类型", "Kind"},
			"field.target":         {"目标", "Target"},
			"field.unit":           {"单位", "Unit"},
			"field.qualifier":      {"限定", "Qualifier"},
			"field.baseline":       {"基数", "Baseline"},
			"field.lead":           {"牵头单位", "Lead"},
			"field.partners":       {"配合单位", "Partners"},
			"field.due":            {"完成时限", "Due"},
			"field.source":         {"原文", "Source"},
			"field.actual":         {"实际完成", "Actual"},
			"field.progress":       {"完成率", "Progress"},
			"field.time_progress":  {"序时进度", "Time progress"},
			"field.pacing":         {"序时方式", "Pacing"},
			"field.release":        {"数据发布", "Statistics"},
			"pacing.linear":        {"按日均匀推进", "linear, day by day"},
			"pacing.one-off":       {"一次性（获评、认定等，到期前不计滞后）", "one-off (an award or designation: not behind before its due date)"},
			"pacing.quarterly":     {"按季度阶梯", "quarterly steps"},
			"pacing.monthly-steps": {"按月阶梯", "monthly steps"},
			"pacing.seasonal":      {"季节性，各月权重 %s", "seasonal, monthly weights %s"},
			"pacing.nodes":         {"节点计划：%s", "node plan: %s"},
			"release.monthly":      {"统计局按月发布，月后约 %d 天", "published monthly, about %d days after the month"},
			"release.quarterly":    {"统计局按季发布，季后约 %d 天", "published quarterly, about %d days after the quarter"},
			"release.next":         {"；预计下次发布 %s", "; next expected %s"},
			"field.status":         {"状态", "Status"},
			"field.need":           {"需月均完成", "Needed per month"},
			"field.projection":     {"预计完成率", "Projected"},
			"field.stale":          {"未按期填报", "Report overdue"},
			"field.as_of":          {"报告日期", "As of"},
			"field.value":          {"数值", "Value"},
			"field.note":           {"进展情况", "Progress made"},
			"field.problems":       {"存在问题", "Problems"},
			"field.next":           {"下一步措施", "Next steps"},
			"field.by":             {"填报人", "By"},
			"field.review":         {"审核", "Review"},
			"field.recorded":       {"录入时间", "Recorded"},
			"field.urged":          {"督办", "Urged"},
			"demo":                 {"演示数据", "demo data"},
		}
	})
}
