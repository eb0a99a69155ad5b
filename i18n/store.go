package i18n

// Error sentences of package store. Arguments are documented by their
// verbs; keep both languages one sentence each.
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			// Opening and creating the file.
			"err.store.locked":      {"数据库 %s 正被另一个进程使用，请先关闭它再试。", "The database %s is in use by another process; close it and try again."},
			"err.store.locked.pid":  {"数据库 %s 正被另一个进程（PID %d）使用，请先关闭它再试。", "The database %s is in use by another process (PID %d); close it and try again."},
			"err.store.locked.self": {"数据库 %s 已在本程序中打开，不能再打开一次。", "The database %s is already open in this program and cannot be opened twice."},
			"err.store.notduban":    {"%s 不是 duban 数据库。", "%s is not a duban database."},
			"err.store.foreign":     {"%s 是 bbolt 数据库，但不是 duban 的数据库。", "%s is a bbolt database but not a duban one."},
			"err.store.empty":       {"%s 是空文件，不是 duban 数据库；要新建数据库，请指定一个尚不存在的文件。", "%s is an empty file, not a duban database; to create a new database, give a file name that does not exist yet."},
			"err.store.dir":         {"%s 是目录，不是 duban 数据库文件。", "%s is a directory, not a duban database file."},
			"err.store.missing":     {"数据库 %s 不存在。", "The database %s does not exist."},
			"err.store.truncated":   {"数据库 %s 已损坏：文件只有 %d 字节，应至少有 %d 字节（可能被截断），请从备份恢复。", "The database %s is damaged: the file has %d bytes but needs at least %d (it was probably cut short); restore it from a backup."},
			"err.store.corrupt":     {"数据库 %s 已损坏（%s），请从备份恢复。", "The database %s is damaged (%s); restore it from a backup."},
			"err.store.newer":       {"数据库 %s 的结构版本为 %d，本程序只支持到版本 %d，请升级 duban 后再打开。", "The database %s has schema version %d but this duban supports only up to version %d; upgrade duban to open it."},
			"err.store.older":       {"数据库 %s 的结构版本 %d 较旧，须以读写方式打开一次以升级到版本 %d。", "The database %s has the old schema version %d and must be opened read-write once to upgrade it to version %d."},
			"err.store.open":        {"无法打开数据库 %s：%s。", "Cannot open the database %s: %s."},
			"err.store.create":      {"无法创建数据库 %s：%s。", "Cannot create the database %s: %s."},
			"err.store.seed":        {"无法载入初始计划：%s", "Cannot load the initial plan: %s"},

			// Using an open store.
			"err.store.closed":   {"数据库已关闭。", "The database is closed."},
			"err.store.readonly": {"数据库以只读方式打开，不能修改。", "The database is open read-only and cannot be changed."},
			"err.store.io":       {"读写数据库 %s 时出错：%s。", "Reading or writing the database %s failed: %s."},

			// Changes.
			"err.store.conflict":       {"任务 %s 在你读取之后已被修改，请刷新后再试。", "Task %s was changed after you read it; reload it and try again."},
			"err.store.conflict.by":    {"任务 %s 在你读取之后已由 %s 填报了 %s，请刷新后再试。", "Task %s was updated by %s to %s after you read it; reload it and try again."},
			"err.store.batch":          {"第 %d 条填报未能保存，全部填报均未写入：%s", "Update %d could not be saved, so none were: %s"},
			"err.store.by":             {"未指明是谁做的这项修改。", "The change does not say who made it."},
			"err.store.update.unknown": {"没有编号为 %d 的填报。", "There is no update number %d."},
			"err.store.review.state":   {"审核结果 %q 无效，可选 approved（通过）或 returned（退回）。", "The review result %q is not valid; use approved or returned."},
			"err.store.review.comment": {"退回填报时须写明退回意见。", "Returning an update requires a comment saying why."},
			"err.store.lead":           {"牵头单位不能为空。", "The lead department cannot be empty."},
			"err.store.user.unknown":   {"没有名为 %q 的用户。", "There is no user named %q."},
			"err.store.user.name":      {"用户名 %q 无效：不能为空，也不能含空白或控制字符。", "The user name %q is not valid: it cannot be empty or contain spaces or control characters."},
			"err.store.user.role":      {"用户 %s 的角色 %q 无效，可选 staff、supervisor 或 admin。", "User %s has an unknown role %q; use staff, supervisor or admin."},
			"err.store.plan.id":        {"计划缺少编号。", "The plan has no id."},
			"err.store.plan.period":    {"计划期 %s 至 %s 无效。", "The plan period %s to %s is not valid."},
			"err.store.plan.unknown":   {"数据库中没有计划 %q。", "The database has no plan %q."},
			"err.store.plan.archived":  {"计划 %s 已归档，只读。", "Plan %s is archived and read-only."},
			"err.store.plan.exists":    {"计划 %s 已存在。", "Plan %s already exists."},
			"err.store.backup.self":    {"不能把数据库备份到它自己（%s）。", "The database cannot be backed up onto itself (%s)."},
			"err.store.backup":         {"备份到 %s 失败：%s。", "The backup to %s failed: %s."},

			// Check: problems found in an open database.
			"err.store.check.bolt":           {"数据库文件结构有问题：%s。", "The database file's structure is damaged: %s."},
			"err.store.check.bucket":         {"数据库缺少 %s 分区。", "The database is missing its %s bucket."},
			"err.store.check.record":         {"%s 中的记录 %s 无法读取：%s。", "In %s, the record %s cannot be read: %s."},
			"err.store.check.schema":         {"数据库的结构版本记录 %q 无效。", "The database's schema version %q is not valid."},
			"err.store.check.orphan":         {"填报索引中的第 %d 条填报找不到。", "Update %d in the update index cannot be found."},
			"err.store.check.review":         {"审核记录 %d 指向不存在的填报 %d。", "Review %d refers to update %d, which does not exist."},
			"err.store.digest.bad":           {"摘要不完整或已损坏，请运行 duban check 并从备份恢复", "the digest is cut short or damaged; run duban check and restore from a backup"},
			"err.store.check.digest.differs": {"任务 %s 的摘要与其任务、填报和审核记录不一致（显示的内容被改动过，或文件损坏）。", "The digest of task %s differs from its task, update and review records (what is shown was altered, or the file is damaged)."},
			"err.store.check.digest.missing": {"任务 %s 没有摘要，列表和导出中不会出现它。", "Task %s has no digest, so lists and exports leave it out."},
			"err.store.check.digest.orphan":  {"摘要 %s 没有对应的任务。", "The digest %s belongs to no task of the plan."},
			"err.store.check.audit.seq":      {"审计日志在第 %d 条之后缺了第 %d 条，说明有记录被删除。", "The audit log jumps from entry %d to entry %d, so entries were removed."},
			"err.store.check.audit.hash":     {"审计日志第 %d 条的内容与其哈希值不符，说明它被改动过。", "Audit entry %d does not match its hash, so it was altered."},
			"err.store.check.audit.chain":    {"审计日志第 %d 条没有接上前一条的哈希值，日志链已断。", "Audit entry %d does not carry the previous entry's hash, so the chain is broken."},
			"err.store.check.audit.tail":     {"审计日志只到第 %d 条，但已写过 %d 条，说明末尾的记录被删除。", "The audit log ends at entry %d although %d were written, so the last entries were removed."},
		}
	})
}
