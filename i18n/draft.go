package i18n

// Labels of `duban plan draft`.
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			"cli.draft.short":          {"从政府工作报告起草重点工作任务分解表", "draft the key-task plan from a government work report"},
			"cli.draft.long":           {"读取政府工作报告（.txt 为 UTF-8、GBK/GB18030 或 UTF-16，或 .docx），从主要预期目标和重点工作章节起草计划：每个定量目标和节点任务一行，按报告顺序。\n输出为计划导入列，另加 pacing、confidence（可信度）和 why（所用规则）列；牵头单位为按关键词推定的默认值，请核改后用 duban plan import 导入。", "Reads a government work report (.txt in UTF-8, GBK/GB18030 or UTF-16, or .docx) and drafts the plan of its expected targets and key-work chapters: one row per quantitative target and per milestone, in the report's order.\nThe output has the plan-import columns plus pacing, confidence and why (the rule used); lead departments are keyword defaults. Review the draft, then import it with duban plan import."},
			"cli.draft.flag.format":    {"输出格式：csv 或 md", "output format: csv or md"},
			"cli.draft.flag.out":       {"写入此文件（默认标准输出）", "write to this file (default: standard output)"},
			"cli.draft.flag.explain":   {"显示报告第 LINE 行所在段落的解读过程", "show how the paragraph at report line LINE is read"},
			"cli.draft.done":           {"已起草 %d 项任务（定量 %d，节点 %d），写入 %s。", "Drafted %d tasks (%d quantitative, %d milestones) into %s."},
			"cli.draft.err.unreadable": {"无法读取报告 %s：不是 .docx，也不是 UTF-8、GBK/GB18030 或 UTF-16 文本。", "Cannot read the report %s: it is neither a .docx nor UTF-8, GBK/GB18030 or UTF-16 text."},
			"cli.draft.err.empty":      {"报告 %s 中没有找到计划部分（主要预期目标或重点工作章节）的任务。", "No tasks found in the plan part (expected targets or key-work chapters) of the report %s."},
			"cli.draft.err.line":       {"第 %d 行不在报告的计划部分。", "Line %d is not in the plan part of the report."},
			"draft.trace.name":         {"  略去 %q：数字属于名称或编号", "  left out %q: the number is part of a name or code"},
			"draft.trace.ordinal":      {"  略去 %q：序数（第…）", "  left out %q: an ordinal (第…)"},
			"draft.trace.scope":        {"  略去 %q：范围而非产出（%s）", "  left out %q: scope, not output (%s)"},
			"draft.trace.duration":     {"  略去 %q：时长", "  left out %q: a duration"},
			"draft.trace.quoted":       {"  略去 %q：引号内的名称", "  left out %q: a name in quotes"},
			"draft.trace.cover":        {"  略去 %q：覆盖范围（…全覆盖）", "  left out %q: the reach of a coverage goal (…全覆盖)"},
			"draft.trace.attr":         {"  略去 %q：修饰后面的目标", "  left out %q: it describes the target after it"},
			"draft.trace.row":          {"  → %s %s %s%s%s %s", "  → %s %s %s%s%s %s"},
			"draft.trace.clause":       {"分句：%s", "clause: %s"},
			"draft.trace.means":        {"  不作任务：方式或目的分句（%s…）", "  no task: a clause of means or purpose (%s…)"},
			"draft.trace.campaign":     {"  不作节点：“创建”指持续的创建活动", "  no milestone: 创建 names an ongoing campaign"},
			"draft.trace.soft":         {"  不作节点：以持续性动词“%s”开头", "  no milestone: it opens with the ongoing verb %s"},
			"draft.trace.vague":        {"  不作节点：无可核验的对象（%s）", "  no milestone: nothing single to check (%s)"},
			"draft.trace.para":         {"第 %d 行：篇章“%s”，段落“%s”", "line %d: chapter %s, section %s"},
		}
	})
}
