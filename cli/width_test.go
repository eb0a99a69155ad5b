package cli

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"duban/i18n"
	"duban/internal/benchcpu"
	"duban/internal/genplan"
	"duban/model"
)

// cellWidth agrees with ansi.StringWidth on what tables hold and on what
// falls back to it.
func TestCellWidth(t *testing.T) {
	for _, s := range []string{"", "5.3.05", "新增停车位", "市城市管理和综合执法局", "1500个", "83.3%",
		"（含）", "：", "「引号」", "…", "—", "·", "ａｂｃ", "¥￥", "é", "e\u0301", "👍", "👨‍👩‍👧", "\x1b[1m粗\x1b[0m",
		"㐀", "ﾊﾝｶｸ", "\t", "한국어", "Ω", "ß", "a\u200db"} {
		if got, want := cellWidth(s), ansi.StringWidth(s); got != want {
			t.Errorf("cellWidth(%q) = %d, ansi.StringWidth = %d", s, got, want)
		}
	}
}

// truncateCells cuts as ansi.Truncate does.
func TestTruncateCells(t *testing.T) {
	for _, s := range []string{"", "abc", "新增停车位建设第十项工作推进情况", "a新增停车位", "市城市管理和综合执法局", "👍新增停车位建设", "e\u0301新增停车位建设"} {
		for m := 1; m <= 12; m++ {
			if got, want := truncateCells(s, m), ansi.Truncate(s, m, "…"); got != want {
				t.Errorf("truncateCells(%q, %d) = %q, ansi.Truncate = %q", s, m, got, want)
			}
		}
	}
}

// BenchmarkTableWrite10k formats a list-shaped table of 10,000 Chinese
// rows as writeList does (grow, add, write), the names long enough to be
// cut. The cells' texts are made before the timer starts and the table is
// written to io.Discard, so what is measured is the table's own work.
func BenchmarkTableWrite10k(b *testing.B) {
	names := make([]string, 5)
	for i := range names {
		names[i] = "新增停车位建设第" + strings.Repeat("十", i) + "项工作推进情况"
	}
	start := benchcpu.Now()
	for b.Loop() {
		tb := &table{header: []string{"编号", "名称", "目标", "实际", "完成率", "时间进度", "状态", "牵头单位"},
			right: map[int]bool{2: true, 3: true, 4: true, 5: true}, max: map[int]int{1: 28, 7: 22}}
		tb.grow(10000)
		for i := range 10000 {
			tb.add("5.3.05", names[i%5], "1500个", "750个", "50.0%", "49.6%", "滞后（3个月未报）", "市城市管理和综合执法局")
		}
		if err := tb.write(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	benchcpu.Report(b, start)
}

// BenchmarkWriteList10k is `duban list`'s formatting of a generated plan
// of 10,000 tasks with three reports each (internal/genplan, the file the
// side-by-side script measures): the cells' texts by their formatters,
// then the table, to io.Discard.
func BenchmarkWriteList10k(b *testing.B) {
	p, tasks := genplan.Plan("gen-2019", 10000)
	s := &model.Snapshot{Plan: p, Tasks: tasks, History: map[string][]model.Update{}}
	for i, t := range tasks {
		for m := 1; m <= 3; m++ {
			u := genplan.Report(t, m)
			u.Seq = uint64(3*i + m)
			s.History[t.ID] = append(s.History[t.ID], u)
		}
	}
	rows := s.Evaluate(time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC))
	e := &env{stdout: io.Discard, lang: i18n.Zh, asOf: "2019-06-30", now: time.Now}
	start := benchcpu.Now()
	for b.Loop() {
		if err := e.writeList(s, rows); err != nil {
			b.Fatal(err)
		}
	}
	benchcpu.Report(b, start)
}
