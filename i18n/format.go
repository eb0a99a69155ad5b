package i18n

// Labels of the one-formatter-per-fact work (helper "format").
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			// The audit chain head an export was read at (model.Snapshot.HeadSeq,
			// HeadHash): quoted with the file, duban check --anchor verifies it.
			"report.head": {"审计链头 %d:%s（duban check --anchor 可核验本文件所据数据）",
				"Audit chain head %d:%s (duban check --anchor verifies the data of this file)"},
		}
	})
}
