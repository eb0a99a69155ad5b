package i18n

// Labels of the command line: help texts, flags, confirmations and the
// command line's own errors.
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			"cli.error":      {"错误：%s", "Error: %s"},
			"cli.root.short": {"督办：政府工作报告重点工作进度跟踪", "duban: track a government's annual key tasks, target against actual"},
			"cli.root.long": {"督办（duban）跟踪政府工作报告重点工作的目标与实际完成情况，内置株洲市2019年政府工作报告重点工作。\n不带参数运行时打开交互界面。",
				"duban tracks the key tasks of a government work report, target against actual; it ships with the 2019 key tasks of the Zhuzhou municipal government.\nRun without arguments for the interactive screens."},
			"cli.flag.db":            {"数据库文件（默认 $DUBAN_DB 或 ~/.local/share/duban/duban.db）", "database file (default $DUBAN_DB or ~/.local/share/duban/duban.db)"},
			"cli.flag.asof":          {"按此日期查看或填报 (YYYY-MM-DD，默认今天，限于计划期内)", "view or report as of this date (YYYY-MM-DD; default today, within the plan period)"},
			"cli.flag.lang":          {"界面语言：zh 或 en", "interface language: zh or en"},
			"cli.flag.plan":          {"使用此计划（计划编号，默认数据库的当前计划；见 duban plan list）", "use this plan (its id; default the database's current plan; see duban plan list)"},
			"cli.plan.short":         {"管理计划：一个数据库可存多年的计划", "manage plans: one database keeps several years' plans"},
			"cli.plan.long":          {"一个数据库可存多个计划（如 zhuzhou-2019、zhuzhou-2020），各有自己的任务、填报、审核、督办、备注和审计记录；用户和权限属于整个数据库。\n其他命令都作用于当前计划，或 --plan 指定的计划。", "A database keeps several plans (zhuzhou-2019, zhuzhou-2020, …), each with its own tasks, updates, reviews, urges, notes and audit log; users and rights belong to the whole database.\nEvery other command works on the current plan, or the one --plan names."},
			"cli.plan.list.short":    {"列出计划：编号、名称、计划期、任务数、填报数", "list the plans: id, title, period, tasks, updates"},
			"cli.plan.use.short":     {"设为当前计划", "make a plan the current one"},
			"cli.plan.archive.short": {"归档计划：此后只读，仍可查看和导出", "archive a plan: read-only from then on, still shown and exported"},
			"cli.plan.import.short":  {"导入计划：新计划与已有计划并存，或重新导入已有计划", "import a plan beside the others, or re-import an existing one"},
			"cli.plan.import.long":   {"从 csv、xlsx 或 json 导入计划。--id 为新编号时新建计划，原有计划不受影响；为已有编号时重新导入该计划，保留仍在计划中的任务的填报记录。\n新计划的计划期用 --period 开始..结束 给出，或写在文件首行：period,2020-01-01..2020-12-31（json 导出自带计划期）。", "Import a plan from csv, xlsx or json. A new --id makes a new plan, leaving the others untouched; an existing id re-imports that plan, keeping the histories of tasks that remain.\nA new plan's period is given with --period START..END or in the file's first line: period,2020-01-01..2020-12-31 (the json export carries it)."},
			"cli.plan.col.id":        {"编号", "ID"},
			"cli.plan.col.title":     {"计划名称", "Title"},
			"cli.plan.col.period":    {"计划期", "Period"},
			"cli.plan.col.tasks":     {"任务", "Tasks"},
			"cli.plan.col.reports":   {"填报", "Updates"},
			"cli.plan.col.state":     {"状态", "State"},
			"cli.plan.current":       {"当前", "current"},
			"cli.plan.archived":      {"已归档", "archived"},
			"cli.plan.used":          {"当前计划已设为 %s。", "The current plan is now %s."},
			"cli.plan.archiveddone":  {"计划 %s 已归档，此后只读。", "Plan %s is archived: read-only from now on."},
			"cli.plan.import.drynew": {"（试运行）将新建计划 %s（%s），共 %d 项任务。未写入任何内容。", "(dry run) a new plan %s (%s) of %d tasks would be made. Nothing was written."},
			"cli.plan.import.dryold": {"（试运行）将以 %[2]d 项任务重新导入计划 %[1]s（现有 %[3]d 项）。未写入任何内容。", "(dry run) plan %[1]s of %[3]d tasks would be re-imported with %[2]d tasks. Nothing was written."},
			"cli.plan.import.done":   {"已导入计划 %s（%s），共 %d 项任务。", "Imported plan %s (%s): %d tasks."},
			"cli.plan.err.notplan":   {"%s 不是计划文件（是进度填报模板？请用 duban import）。", "%s is not a plan file (a progress template? use duban import)."},
			"cli.plan.err.otherid":   {"%s 是计划 %s 的导出，不是 %s 的。", "%s is the export of plan %s, not of %s."},
			"cli.plan.err.period":    {"计划期 %q 无效：应为 开始..结束，如 2020-01-01..2020-12-31。", "The period %q is not valid: it must be START..END, e.g. 2020-01-01..2020-12-31."},
			"cli.flag.plan.id":       {"计划编号：新编号新建计划，已有编号重新导入（默认当前计划）", "the plan's id: a new id makes a new plan, an existing one re-imports it (default: the current plan)"},
			"cli.flag.plan.title":    {"计划名称", "the plan's title"},
			"cli.flag.plan.period":   {"计划期 开始..结束，如 2020-01-01..2020-12-31", "the plan's period START..END, e.g. 2020-01-01..2020-12-31"},
			"cli.flag.user":          {"以此用户身份操作（默认当前系统用户）", "act as this user (default: the OS user)"},
			"cli.flag.ascii":         {"用 ASCII 字符绘制进度条和边框", "draw bars and borders with ASCII characters"},
			"cli.flag.dept":          {"按部门筛选（牵头或配合单位，可写部分名称）", "filter by department (lead or partner, part of the name is enough)"},
			"cli.flag.chapter":       {"按篇章筛选（名称的一部分或编号，如 5）", "filter by chapter (part of its name, or its number such as 5)"},
			"cli.flag.status":        {"按状态筛选：done|on_track|behind|at_risk|no_report|unpublished 或 已完成/正常/滞后/严重滞后/未填报/数据未发布", "filter by status: done|on_track|behind|at_risk|no_report|unpublished"},
			"cli.flag.search":        {"搜索：中文、编号、拼音首字母或全拼", "search: Chinese text, id, pinyin initials or full pinyin"},
			"cli.flag.stale":         {"只列出未按期填报的任务", "only tasks whose report is overdue"},
			"cli.flag.listformat":    {"输出格式：table 或 json", "output format: table or json"},
			"cli.flag.format":        {"导出格式：xlsx、csv、md、html、docx 或 json", "export format: xlsx, csv, md, html, docx or json"},
			"cli.flag.output":        {"输出文件（默认标准输出）；覆盖普通文件，不碰数据库和设备", "output file (default stdout); replaces regular files only"},
			"cli.flag.template":      {"导出部门进度填报模板 (xlsx，或 --format csv)", "export the department fill-in template (xlsx, or --format csv)"},
			"cli.flag.note":          {"进展情况", "progress made (进展情况)"},
			"cli.flag.problems":      {"存在问题（滞后时必填）", "problems (required when behind schedule)"},
			"cli.flag.next":          {"下一步措施（滞后时必填）", "next steps (required when behind schedule)"},
			"cli.flag.dryrun":        {"只显示将要做的更改，不写入", "show what would change, write nothing"},
			"cli.flag.help":          {"显示 %s 的帮助", "help for %s"},
			"cli.flag.version":       {"显示版本", "show the version"},
			"cli.help.short":         {"显示任一命令的帮助", "help about any command"},
			"cli.completion.short":   {"生成命令行自动补全脚本 (bash、zsh、fish、powershell)", "generate the shell completion script (bash, zsh, fish, powershell)"},
			"cli.completion.shell":   {"生成 %s 的自动补全脚本", "generate the completion script for %s"},
			"cli.flag.nodesc":        {"补全时不显示说明", "disable completion descriptions"},
			"cli.flag.issuer":        {"通报的发文机关（md/html/docx，默认 株洲市人民政府督查室）", "the bulletin's issuing office (md/html/docx)"},
			"cli.flag.number":        {"通报的文号，如 株督通〔2019〕6号", "the bulletin's document number"},
			"cli.flag.date":          {"通报的成文日期 YYYY-MM-DD（默认统计截止日）", "the bulletin's date YYYY-MM-DD (default the as-of date)"},
			"cli.flag.since":         {"上期通报日期 YYYY-MM-DD：列出此后的变化", "the previous bulletin's date YYYY-MM-DD: list what changed since"},
			// cobra's usage template: the help screen's headings.
			"cli.usage.template": {`用法：{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [命令]{{end}}{{if .HasExample}}

示例：
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

命令：{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

选项：
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

全局选项：
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

运行 "{{.CommandPath}} [命令] --help" 查看命令的详细用法。{{end}}
`, `Usage:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Commands:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Global flags:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

Use "{{.CommandPath}} [command] --help" for more about a command.{{end}}
`},
			"cli.flag.reset": {"重新生成演示数据库", "regenerate the demo database"},
			"cli.flag.notui": {"只生成演示数据库，不打开界面", "only create the demo database, do not open the screens"},

			"cli.list.short":       {"列出任务及其完成情况", "list tasks and where they stand"},
			"cli.list.footer":      {"共 %d 项（全部 %d 项），截至 %s。", "%d of %d tasks, as of %s."},
			"cli.stale.short":      {"逾期未报", "overdue"},
			"cli.show.short":       {"查看一项任务：原文、状态、预计和填报记录", "show one task: source, status, projection and history"},
			"cli.show.leaddefault": {"（默认，待确认）", "(default, to be confirmed)"},
			"cli.show.urged":       {"%s 督办：%s（%s 前答复）", "urged by %s: %s (reply by %s)"},
			"cli.show.asof":        {"报告期 %s", "as of %s"},
			"cli.show.points":      {"个百分点", " points"},
			"cli.show.permonth":    {"%s/月", "%s a month"},
			"cli.show.nohistory":   {"尚无填报记录。", "No updates yet."},
			"cli.show.history":     {"填报记录（%d 条，最新在前）：", "Updates (%d, newest first):"},
			"cli.update.short":     {"填报进度：累计完成值（里程碑填百分比）", "record progress: the cumulative value (a percent for milestones)"},
			"cli.update.long": {"填报一项任务的累计完成值。数值可带任务单位，可用全角数字、千分位和“万/亿”（如 3.2万）。\n任务因此滞后于序时进度时，须同时填写 --problems 和 --next。负数请写在 -- 之后。",
				"Record a task's cumulative value. The value may carry the task's unit, full-width digits, thousands separators and 万/亿 (3.2万).\nWhen it leaves the task behind schedule, --problems and --next are required."},
			"cli.update.done":  {"已填报 %s %s：%s（报告期 %s），完成率 %s，状态：%s。", "Recorded %s %s: %s as of %s, progress %s, status: %s."},
			"cli.export.short": {"导出汇总报表或填报模板", "export a summary report or a fill-in template"},
			"cli.export.long": {"按与 list 相同的筛选条件和 --as-of 导出：xlsx（汇总、明细、滞后任务三张表）、csv、md、html、docx（同一份通报）、json。",
				"Export with the same filters and --as-of as list: xlsx (summary, details and lagging sheets), csv, md, html, docx (the same bulletin), json."},
			"cli.export.done":  {"已导出 %d 项任务到 %s。", "Exported %d tasks to %s."},
			"cli.import.short": {"导入计划或已填写的进度填报模板", "import a plan or a filled-in progress template"},
			"cli.import.long": {"导入 csv、xlsx 或 json 文件：计划列（id,chapter,…）的文件替换计划；进度填报模板的每个非空行成为一条填报。\n任何一行有误则全部不导入，并列出每个问题。",
				"Import a csv, xlsx or json file: a file in the plan columns replaces the plan; each non-empty row of a progress template becomes an update.\nIf any row is bad nothing is imported and every problem is listed."},
			"cli.import.dry":      {"（试运行）将导入 %d 条填报，%d 行未填写。未写入任何内容。", "(dry run) %d updates would be recorded, %d rows left empty. Nothing was written."},
			"cli.import.toplan":   {"模板属于计划 %s，导入该计划。", "The template is of plan %s: importing into it."},
			"cli.import.done":     {"已导入 %d 条填报，%d 行未填写。", "Recorded %d updates; %d rows were left empty."},
			"cli.import.plandry":  {"（试运行）将以 %d 项任务替换现有 %d 项任务的计划。未写入任何内容。", "(dry run) the plan of %[2]d tasks would be replaced by %[1]d tasks. Nothing was written."},
			"cli.import.plandone": {"已导入计划，共 %d 项任务。", "Imported the plan: %d tasks."},
			"cli.log.short":       {"查看审计日志（谁在何时做了什么）", "show the audit trail: who did what, when"},
			"cli.log.time":        {"时间", "Time"},
			"cli.log.user":        {"用户", "User"},
			"cli.log.action":      {"操作", "Action"},
			"cli.log.detail":      {"内容", "Detail"},
			"cli.backup.short":    {"热备份数据库到文件（运行中也可备份）", "hot-backup the database to a file"},
			"cli.backup.done":     {"已备份到 %s。", "Backed up to %s."},
			"cli.check.short":     {"检查数据库一致性和审计链", "check the database's consistency and audit chain"},
			"cli.check.ok":        {"%s 检查通过：%d 个计划，%d 项任务，%d 条填报，%d 条审计记录，审计链完整。", "%s is consistent: %d plans, %d tasks, %d updates, %d audit entries, audit chains intact."},
			"cli.demo.short":      {"生成并打开演示数据库（模拟全年填报）", "create and open a demo database with a simulated year of reports"},
			"cli.demo.long": {"在单独的演示数据库中生成2019年计划和模拟的逐月填报（有超前、正常、滞后、严重滞后和未填报的任务），然后打开界面。绝不触碰正式数据库。",
				"Create a separate demo database with the 2019 plan and simulated monthly reports (tasks ahead, on track, behind, at risk and never reported), then open the screens. It never touches the real database."},
			"cli.demo.done": {"演示数据库：%s", "Demo database: %s"},

			"cli.err.command":       {"未知命令 %q，运行 duban --help 查看可用命令。", "Unknown command %q; run duban --help for the commands."},
			"cli.err.flag":          {"未知选项 %s，运行 duban --help 查看可用选项。", "Unknown flag %s; run duban --help for the flags."},
			"cli.err.flagvalue":     {"选项 %s 需要一个值。", "The flag %s needs a value."},
			"cli.err.flagbad":       {"%[2]s 的值 %[1]q 无效。", "The value %[1]q is not valid for %[2]s."},
			"cli.err.args":          {"此命令需要 %s 个参数，实际给了 %s 个，运行时加 --help 查看用法。", "This command takes %s arguments but got %s; add --help for its usage."},
			"cli.err.argsmax":       {"此命令最多接受 %s 个参数，实际给了 %s 个。", "This command takes at most %s arguments but got %s."},
			"cli.err.tty":           {"交互界面需要在终端中运行；在脚本中请使用子命令，如 duban list。", "The interactive screens need a terminal; in scripts use a command such as duban list."},
			"cli.err.nohome":        {"找不到用户主目录，请用 --db 指定数据库文件。", "Cannot find the home directory; name the database with --db."},
			"cli.err.status":        {"未知状态 %q，可选 done、on_track、behind、at_risk、no_report、unpublished。", "Unknown status %q; use done, on_track, behind, at_risk, no_report or unpublished."},
			"cli.err.format":        {"不支持的格式 %q，可选 %s。", "Unsupported format %q; use %s."},
			"cli.err.template":      {"填报模板只能导出为 xlsx 或 csv。", "The fill-in template can only be exported as xlsx or csv."},
			"cli.err.binary":        {"xlsx 和 docx 是二进制文件，请用 -o 指定输出文件。", "xlsx and docx are binary files; name the output file with -o."},
			"cli.err.nodept":        {"没有部门 %q 的任务。", "There are no tasks of the department %q."},
			"cli.err.write":         {"无法写入 %s：%s。", "Cannot write %s: %s."},
			"cli.err.import":        {"%[2]s 中有 %[1]d 个问题，未导入任何内容。", "%[2]s has %[1]d problems; nothing was imported."},
			"cli.err.check":         {"数据库检查发现 %d 个问题。", "The database check found %d problems."},
			"cli.err.demoreal":      {"%s 是正式数据库，演示数据不会写入它。", "%s is a real database; the demo will not write to it."},
			"cli.err.bulletinflags": {"--issuer、--number、--date、--since 只用于 md、html 或 docx 通报。", "--issuer, --number, --date and --since apply only to the md, html or docx bulletin."},
			"cli.err.since":         {"--since %s 须早于统计截止日 %s。", "--since %s must be before the as-of date %s."},
		}
	})
}
