package i18n

// Labels of the settings a plan file states.
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			"settings.cli.export.short": {"导出计划文件（含计划期、名称和非默认设置），可用 plan import 导回", "write the plan file (period, title, settings off their defaults) that plan import reads back"},
			"settings.cli.export.long": {"把当前计划（或 --plan 指定的计划）写成计划文件：首行计划期，其后计划名称、每项与默认值不同的设置一行（setting,KEY,VALUE），再是计划列和每项任务一行。duban plan import 或 duban import 读回时，文件列出的设置即为计划的设置。",
				"Writes the current plan (or --plan's) as a plan file: its period first, then its title, one line per setting that differs from its default (setting,KEY,VALUE), then the plan columns and one row per task. Read back by duban plan import or duban import, the settings the file states are the plan's."},
			"settings.cli.export.done":   {"已导出计划 %s：%d 项任务，%d 项非默认设置，写入 %s。", "Exported plan %s: %d tasks, %d settings off their defaults, to %s."},
			"settings.cli.export.format": {"格式：csv 或 xlsx（默认按 -o 的扩展名，否则 csv）", "format: csv or xlsx (by default from -o's extension, else csv)"},
			"settings.err.twice":         {"设置项 %s 重复：第 %d 行已设置。", "The setting %s is stated twice: line %d already sets it."},
		}
	})
}
