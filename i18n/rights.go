package i18n

// Sentences of the rights and invariants the store decides: who acts, a
// batch refused for its foreign tasks, users' keys and departments.
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			"err.actor.unknown":     {"本数据库没有用户 %s：--user 须是 duban user list 列出的用户之一。", "This database has no user %s: --user must name one of those duban user list shows."},
			"err.access.batch":      {"%s 不能提交这批填报：其中 %d 个任务不由你的部门牵头：%s。未保存任何数据。", "%s cannot submit these updates: %d of their tasks are not led by your department: %s. Nothing was saved."},
			"err.access.batch.task": {"%s（%s）", "%s (%s)"},
			"err.access.batch.sep":  {"、", ", "},
			"err.access.batch.more": {"，另有 %d 个", ", and %d more"},
			"err.user.key.bad":      {"用户 %s 的公钥 %q 无效。", "The key %[2]q of user %[1]s is not valid."},
			"err.user.nodept":       {"填报员 %s 须至少有一个部门。", "Staff user %s needs at least one department."},
			"err.user.dept.unknown": {"当前计划中没有任务由“%s”牵头或配合，请检查部门名称。", "No task of the current plan is led or partnered by %q; check the department's name."},
		}
	})
}
