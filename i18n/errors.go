package i18n

// Error sentences of model and store. Arguments are documented by their
// verbs; keep both languages one sentence each.
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			"err.lang":            {"不支持的界面语言 %q，可选 zh 或 en。", "Unsupported language %q; use zh or en."},
			"err.value.empty":     {"数值为空。", "The value is empty."},
			"err.value.nan":       {"%q 不是数字。", "%q is not a number."},
			"err.value.large":     {"数值 %q 位数过多。", "The value %q has too many digits."},
			"err.value.unit":      {"%q 的单位与任务单位“%s”不符。", "The unit of %q does not match the task's unit %q."},
			"err.value.negative":  {"该任务的数值不能为负数。", "This task's value cannot be negative."},
			"err.value.percent":   {"里程碑任务的进度须为 0 到 100 之间的百分数。", "A milestone's progress must be a percent from 0 to 100."},
			"err.date":            {"日期 %q 无效，格式应为 YYYY-MM-DD。", "The date %q is not valid; use YYYY-MM-DD."},
			"err.date.period":     {"日期 %s 不在计划期 %s 至 %s 内。", "The date %s is outside the plan period %s to %s."},
			"err.task.unknown":    {"没有编号为 %q 的任务。", "There is no task with id %q."},
			"err.update.explain":  {"该数值使任务滞后于序时进度，须填写存在问题和下一步措施。", "This value leaves the task behind schedule, so problems and next steps are required."},
			"err.update.before":   {"报告日期 %s 早于该任务最近一次填报的日期 %s。", "The reporting date %s is earlier than the task's latest update of %s."},
			"err.task.id":         {"任务编号 %q 无效，只能使用字母、数字、点、横线和下划线。", "The task id %q is not valid; use letters, digits, dots, dashes and underscores."},
			"err.task.dup":        {"任务编号 %q 重复。", "The task id %q appears more than once."},
			"err.task.kind":       {"任务 %s 的类型 %q 无效，可选 count、growth、level、ceiling、milestone。", "Task %s has an unknown kind %q; use count, growth, level, ceiling or milestone."},
			"err.task.name":       {"任务 %s 缺少名称。", "Task %s has no name."},
			"err.task.target":     {"任务 %s 的目标值 %q 无效。", "Task %s has an invalid target %q."},
			"err.task.baseline":   {"任务 %s 的基数 %q 无效。", "Task %s has an invalid baseline %q."},
			"err.task.due":        {"任务 %s 的完成时限 %q 无效或不在计划期内。", "Task %s has a due date %q that is invalid or outside the plan period."},
			"err.task.pacing":     {"序时进度方式 %q 无效：可用 linear、one-off、quarterly、monthly-steps、seasonal:十二个月权重、nodes:名称@月-日=百分比;…。", "Pacing %q is invalid: use linear, one-off, quarterly, monthly-steps, seasonal:twelve weights or nodes:name@MM-DD=percent;…."},
			"err.task.release":    {"统计发布周期 %q 无效：可用 monthly+天数、quarterly+天数，或 monthly、quarterly（按计划设定的天数）。", "Release cadence %q is invalid: use monthly+days or quarterly+days, or monthly or quarterly for the plan's lag."},
			"err.task.milestone":  {"里程碑任务 %s 的目标须为 100（%%）。", "Milestone task %s must have target 100 (%%)."},
			"err.task.basetarget": {"任务 %s 的基数不能等于目标值。", "Task %s has a baseline equal to its target."},
			"err.plan.header":     {"计划文件的表头应为 %s。", "The plan file's header must be %s."},
			"err.plan.row":        {"计划文件第 %d 行：%s", "Plan file row %d: %s"},
			"err.plan.fields":     {"应有 %d 列，实有 %d 列。", "expected %d columns, found %d."},
			"err.plan.empty":      {"计划文件中没有任务。", "The plan file has no tasks."},
			"err.plan.csv":        {"计划文件不是有效的 CSV：%s。", "The plan file is not valid CSV: %s."},
		}
	})
}
