package i18n

// Labels of the plan commands over SSH (cli/plan*.go).
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			"cli.draft.err.tty":      {"请指定工作报告文件，或用 - 从标准输入提供（- < 文件）。", "Name the work report, or give - and the report on stdin (- < file)."},
			"cli.draft.err.toolarge": {"工作报告超过 %d MB，不予读取。", "The work report is over %d MB and is not read."},
		}
	})
}
