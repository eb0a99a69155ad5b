package i18n

// Sentences of check's record hashes and signed chain heads, and of the
// text caps of notes, 督办 and review comments.
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			"err.store.check.rec.differs":     {"%s 中的记录 %s 与审计日志第 %d 条写入时的不同，说明它被改动过。", "In %s, the record %s differs from what audit entry %d wrote, so it was altered."},
			"err.store.check.rec.unlogged":    {"%s 中的记录 %s 不是任何审计记录写入的，说明它是被另外加进来的。", "In %s, the record %s was written by no audit entry, so it was added behind duban's back."},
			"err.store.check.rec.deleted":     {"%s 中的记录 %s 已由审计日志第 %d 条删除，却仍然存在。", "In %s, the record %s was deleted by audit entry %d and yet is there."},
			"err.store.check.rec.missing":     {"审计日志第 %d 条写入的记录 %s 不见了，说明它被删除。", "The record %[2]s that audit entry %[1]d wrote is gone, so it was removed."},
			"err.store.check.rec.between":     {"记录 %s 在审计日志第 %d 条与第 %d 条之间被改动过。", "The record %s was altered between audit entries %d and %d."},
			"err.store.check.meta":            {"数据库文件的元数据页 %d 已损坏，文件读到的可能是最后一次修改之前的状态；请从备份恢复。", "The database file's meta page %d is damaged, so the file may read as it was before its last change; restore it from a backup."},
			"err.store.check.sequence":        {"%s 分区的计数为 %d，但其中记录的最大编号是 %d，说明计数被改动过。", "The %s bucket's counter is %d but its highest record number is %d, so the counter was altered."},
			"err.store.check.audit.records":   {"审计日志第 %d 条的记录哈希无法读取。", "The record hashes of audit entry %d cannot be read."},
			"err.store.check.audit.downgrade": {"审计日志第 %d 条缺少记录哈希，而此前的条目都有，说明它被改写过。", "Audit entry %d has no record hashes although earlier entries have them, so it was rewritten."},
			"err.store.check.sign.none":       {"数据库有带记录哈希的审计条目，却没有签名公钥，说明签名被删除。", "The database has audit entries with record hashes but names no signing key, so the signatures were removed."},
			"err.store.check.sign.other":      {"数据库所记的签名公钥不是旁边的主机密钥 %s 的公钥，说明它被别的密钥重新签过名。", "The signing key the database names is not that of the host key beside it (%s), so it was signed again with another key."},
			"err.store.check.sign.head":       {"审计日志 %s 没有可读的签名链头。", "The audit log %s has no readable signed head."},
			"err.store.check.sign.bad":        {"审计日志 %s 的链头签名无效，说明日志被改写过。", "The signature of the audit log %s's head does not verify, so the log was rewritten."},
			"err.store.check.sign.stale":      {"审计日志 %s 签名时到第 %d 条，现在却到第 %d 条，说明末尾的条目被删除或添加。", "The audit log %s was signed at entry %d but now ends at entry %d, so entries were removed or added at the end."},
			"err.store.sign.key":              {"无法读取或创建签名用的主机密钥 %s：%s。", "Cannot read or create the host key %s that signs the audit log: %s."},
			"err.store.sign.otherkey":         {"数据库 %s 由另一把密钥签名，不是旁边的主机密钥 %s；未作修改。请先运行 duban check 查看，确认无误后用 duban check --resign 改用这把密钥。", "The database %s is signed by another key than the host key beside it (%s); nothing was changed. Run duban check, and if all is well, duban check --resign to sign with this key."},
			"err.store.sign.refuse":           {"数据库 %s 的审计日志 %s 与其签名链头不符，未作修改；请运行 duban check。", "The audit log %[2]s of the database %[1]s does not match its signed head; nothing was changed. Run duban check."},
			"cli.check.key":                   {"签名公钥：%s（%s）", "Signing key: %s (%s)"},
			"cli.check.unsigned":              {"未签名：此文件是旧版 duban 写的，下一次修改时签名。", "Unsigned: an older duban wrote this file; the next change signs it."},
			"cli.check.covered":               {"记录哈希：%d 条记录与审计日志相符；%d 条早于记录哈希，只做了严格解码检查。", "Record hashes: %d records match the audit log; %d predate record hashes and were only decoded strictly."},
			"cli.check.resigned":              {"已改用主机密钥 %s 签名（原为 %s）。", "Now signed with the host key %s (was %s)."},
			"cli.flag.resign":                 {"检查通过后改用数据库旁的主机密钥签名（换了主机密钥或在别处恢复备份后）", "after a passing check, sign with the host key beside the database (after the host key changed or a backup was restored elsewhere)"},
			"store.detail.small":              {"文件只有 %d 字节，容不下一个数据库", "the file has only %d bytes, too few for a database"},
			"store.detail.plan":               {"找不到当前计划 %s", "no current plan %s"},
			"store.detail.bucket":             {"缺少 %s 分区", "no %s bucket"},
			"store.detail.planrec":            {"计划记录无法读取", "the plan record cannot be read"},
			"store.detail.invalid":            {"文件头不是有效的数据库格式", "the file header is not a valid database"},
			"store.detail.version":            {"文件格式版本不符", "the file format version does not match"},
			"store.detail.checksum":           {"元数据页校验和不符", "a meta page checksum does not match"},
			"store.detail.meta":               {"元数据页损坏", "the meta pages are damaged"},
			"store.detail.freelist":           {"空闲页列表损坏", "the freelist is damaged"},
			"store.detail.other":              {"文件结构已损坏", "the file structure is damaged"},
			"field.notetext":                  {"备注", "The note"},
			"field.urgecomment":               {"督办意见", "The 督办 comment"},
			"field.reviewcomment":             {"审核意见", "The review comment"},
		}
	})
}
