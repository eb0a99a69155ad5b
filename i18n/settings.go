package i18n

// Labels of the settings a plan file states.
func init() {
	add(map[string][2]string{
		"settings.err.twice": {"设置项 %s 重复：第 %d 行已设置。", "The setting %s is stated twice: line %d already sets it."},
	})
}
