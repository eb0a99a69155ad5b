package i18n

// Domain words shared by every part of duban: statuses, kinds, review
// states and the names of a task's fields.
func init() {
	add(map[string][2]string{
		"status.done":        {"已完成", "done"},
		"status.on_track":    {"正常", "on track"},
		"status.behind":      {"滞后", "behind"},
		"status.at_risk":     {"严重滞后", "at risk"},
		"status.no_report":   {"未填报", "no report"},
		"status.unpublished": {"数据未发布", "not yet published"},

		"kind.count":     {"数量", "count"},
		"kind.growth":    {"增速", "growth"},
		"kind.level":     {"水平", "level"},
		"kind.ceiling":   {"上限", "ceiling"},
		"kind.milestone": {"里程碑", "milestone"},

		"review.pending":  {"待审核", "pending"},
		"review.approved": {"已通过", "approved"},
		"review.returned": {"已退回", "returned"},

		"field.id":            {"编号", "ID"},
		"field.chapter":       {"篇章", "Chapter"},
		"field.section":       {"段落", "Section"},
		"field.name":          {"任务", "Task"},
		"field.kind":          {"类型", "Kind"},
		"field.target":        {"目标", "Target"},
		"field.unit":          {"单位", "Unit"},
		"field.qualifier":     {"限定", "Qualifier"},
		"field.baseline":      {"基数", "Baseline"},
		"field.lead":          {"牵头单位", "Lead"},
		"field.partners":      {"配合单位", "Partners"},
		"field.due":           {"完成时限", "Due"},
		"field.source":        {"原文", "Source"},
		"field.actual":        {"实际完成", "Actual"},
		"field.progress":      {"完成率", "Progress"},
		"field.time_progress": {"序时进度", "Time progress"},
		"field.status":        {"状态", "Status"},
		"field.need":          {"需月均完成", "Needed per month"},
		"field.projection":    {"预计完成率", "Projected"},
		"field.stale":         {"未按期填报", "Report overdue"},
		"field.as_of":         {"报告日期", "As of"},
		"field.value":         {"数值", "Value"},
		"field.note":          {"进展情况", "Progress made"},
		"field.problems":      {"存在问题", "Problems"},
		"field.next":          {"下一步措施", "Next steps"},
		"field.by":            {"填报人", "By"},
		"field.review":        {"审核", "Review"},
		"field.recorded":      {"录入时间", "Recorded"},
		"field.urged":         {"督办", "Urged"},
		"demo":                {"演示数据", "demo data"},
	})
}
