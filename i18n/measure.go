package i18n

// Sentences of check's per-task audit index (store/point.go), found by the
// adversarial re-measure of issue 15: they were English inside Chinese.
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			"err.store.check.auditindex.count":   {"任务审计索引 audit_task 有 %d 个键，而审计日志中指明任务的条目有 %d 条，说明日志或索引被改动过。", "The per-task audit index audit_task holds %d keys for %d log entries naming a task, so the log or the index was altered."},
			"err.store.check.auditindex.missing": {"审计日志第 %d 条（任务 %s）不在任务审计索引 audit_task 中，说明索引被改动过。", "Audit entry %d (task %s) is not in the per-task audit index audit_task, so the index was altered."},
		}
	})
}
