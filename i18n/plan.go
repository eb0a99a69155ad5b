package i18n

// Labels of a plan's judgement settings (duban plan show / plan set).
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			"err.plan.setting.key":    {"没有设置项 %q；可设置：%s。", "There is no setting %q; the settings are: %s."},
			"err.plan.setting.value":  {"设置项 %s 的值 %q 无效：应为 %d 到 %d 之间的数。", "The value %[2]q of setting %[1]s is not valid: it must be a number from %[3]d to %[4]d."},
			"err.plan.setting.scores": {"考核分值须从已完成到未填报逐档不升（现为 %d、%d、%d、%d、%d）。", "The scores must not rise from done to not reported (they would be %d, %d, %d, %d, %d)."},

			"cli.plan.show.short": {"查看计划的评判设置：严重滞后阈值、超进度、左右容差、考核分值、统计发布滞后", "show a plan's judgement settings: thresholds, 左右 tolerances, ranking scores, statistics release lags"},
			"cli.plan.set.short":  {"修改计划的评判设置（仅管理员；已归档计划不可改）", "change a plan's judgement settings (administrators only; not an archived plan)"},
			"cli.plan.set.long": {"设置当前计划（或 --plan 指定的计划）的评判设置，可一次给出多对 设置项 值。所有状态、排名和通报分类都按这些设置评判。设置项见 duban plan show。",
				"Set judgement settings of the current plan (or the one --plan names); several KEY VALUE pairs may be given at once. Every status, ranking and bulletin category is judged by them. See duban plan show for the keys."},
			"cli.plan.set.args":     {"应给出成对的 设置项 值，如 duban plan set score.behind 60。", "Give settings as KEY VALUE pairs, e.g. duban plan set score.behind 60."},
			"cli.plan.set.done":     {"计划 %s：%s 由 %s 改为 %s。", "Plan %s: %s changed from %s to %s."},
			"cli.plan.show.head":    {"计划 %s 的评判设置（%s）：", "Judgement settings of plan %s (%s):"},
			"cli.plan.show.key":     {"设置项", "Key"},
			"cli.plan.show.value":   {"值", "Value"},
			"cli.plan.show.default": {"默认", "Default"},
			"cli.plan.show.desc":    {"说明", "Meaning"},

			"plan.setting.threshold":         {"严重滞后阈值：落后序时进度的百分点数", "points behind schedule that make 严重滞后"},
			"plan.setting.cycle":             {"填报周期（月）：超过即未按期填报", "months without an update before it is overdue"},
			"plan.setting.ahead":             {"超进度：领先序时进度至少多少个百分点", "points ahead of schedule that make 超进度"},
			"plan.setting.tolerance.rate":    {"“左右”容差（比率）：目标上下多少个百分点", "左右 band of a rate: ± percentage points"},
			"plan.setting.tolerance.amount":  {"“左右”容差（数量）：目标值的百分之几", "左右 band of an amount: ± percent of target"},
			"plan.setting.score.done":        {"考核分值：已完成、超进度", "score of a task done or 超进度"},
			"plan.setting.score.on_track":    {"考核分值：正常（达进度）", "score of a task on track"},
			"plan.setting.score.behind":      {"考核分值：滞后", "score of a task behind"},
			"plan.setting.score.at_risk":     {"考核分值：严重滞后", "score of a task at risk"},
			"plan.setting.score.no_report":   {"考核分值：未填报", "score of a task not reported"},
			"plan.setting.release.monthly":   {"月度统计（发布周期 monthly）发布滞后天数", "release lag of \"monthly\" statistics, days"},
			"plan.setting.release.quarterly": {"季度统计（发布周期 quarterly）发布滞后天数", "release lag of \"quarterly\" statistics, days"},
		}
	})
}
