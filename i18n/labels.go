package i18n

// Status is the label of a task status (a model.Status: done, on_track,
// behind, at_risk, no_report, unpublished): 已完成, 正常, 滞后, 严重滞后,
// 未填报, 数据未发布. The one wording of the screens, the CLI and every
// export.
func Status[S ~string](l Lang, s S) string { return l.T("status." + string(s)) }

// Kind is the label of a task kind (a model.Kind: count, growth, level,
// ceiling, milestone): 累计量, 增长率, 水平值, 控制上限, 里程碑, the same on
// every surface.
func Kind[K ~string](l Lang, k K) string { return l.T("kind." + string(k)) }
