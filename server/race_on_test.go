//go:build race

package server

// raceEnabled: the race detector slows duban's TUI (pinyin indexing,
// rendering) some twenty-fold, too much for fifty of them on a small
// machine; heavy tests then use the probe screen instead.
const raceEnabled = true
