package seed

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"duban/model"
)

var header = []string{"id", "chapter", "section", "name", "kind", "target", "unit",
	"qualifier", "baseline", "lead", "partners", "due", "source", "pacing", "release"}

const (
	colID = iota
	colChapter
	colSection
	colName
	colKind
	colTarget
	colUnit
	colQualifier
	colBaseline
	colLead
	colPartners
	colDue
	colSource
	colPacing
	colRelease
)

// Pinned shape of the plan: any accidental addition or deletion fails.
var (
	wantPerChapter = map[string]int{
		"主要预期目标":      5,
		"致力推动产业高质量发展": 25,
		"致力推进城乡统筹发展":  34,
		"致力深化改革开放":    15,
		"致力打好三大攻坚战":   11,
		"致力保障和改善民生":   39,
	}
	wantMilestones   = 52
	wantQuantitative = 77
	wantTotal        = 129
)

var chapterTitles = []string{
	"主要预期目标",
	"致力推动产业高质量发展",
	"致力推进城乡统筹发展",
	"致力深化改革开放",
	"致力打好三大攻坚战",
	"致力保障和改善民生",
}

var kinds = map[string]bool{"count": true, "growth": true, "level": true, "ceiling": true, "milestone": true}

var qualifiers = map[string]bool{"": true, "左右": true, "以上": true, "超过": true, "力争": true, "以内": true}

func readPlan(t *testing.T) [][]string {
	t.Helper()
	if len(PlanCSV) == 0 {
		t.Fatal("PlanCSV is empty")
	}
	if bytes.HasPrefix(PlanCSV, []byte("\xef\xbb\xbf")) {
		t.Fatal("PlanCSV starts with a BOM")
	}
	if !utf8.Valid(PlanCSV) {
		t.Fatal("PlanCSV is not valid UTF-8")
	}
	r := csv.NewReader(bytes.NewReader(PlanCSV))
	r.FieldsPerRecord = len(header)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("parse PlanCSV: %v", err)
	}
	if len(recs) < 2 {
		t.Fatal("PlanCSV has no rows")
	}
	if strings.Join(recs[0], ",") != strings.Join(header, ",") {
		t.Fatalf("header = %q, want %q", recs[0], header)
	}
	return recs[1:]
}

func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// planText is the stripped report from section 二 up to the glossary: the
// only part of the report that tasks may come from.
func planText(t *testing.T) (full string, from, to int) {
	t.Helper()
	full = stripSpace(Report)
	from = strings.Index(full, "二、2019年形势和任务")
	to = strings.Index(full, "名词解释")
	if from < 0 || to < 0 || to <= from {
		t.Fatalf("report sections not found (二 at %d, 名词解释 at %d)", from, to)
	}
	return full, from, to
}

var idRE = regexp.MustCompile(`^(\d)\.(\d+)\.(\d{2})$`)

func parseID(id string) (c, s, i int, ok bool) {
	m := idRE.FindStringSubmatch(id)
	if m == nil {
		return 0, 0, 0, false
	}
	c, _ = strconv.Atoi(m[1])
	s, _ = strconv.Atoi(m[2])
	i, _ = strconv.Atoi(m[3])
	return c, s, i, true
}

func TestHeaderAndIDs(t *testing.T) {
	rows := readPlan(t)
	seen := map[string]bool{}
	pc, ps, pi := -1, 0, 0
	for n, row := range rows {
		id := row[colID]
		c, s, i, ok := parseID(id)
		if !ok {
			t.Errorf("row %d: id %q does not match C.S.II", n+1, id)
			continue
		}
		if seen[id] {
			t.Errorf("duplicate id %s", id)
		}
		seen[id] = true
		// Document order, with no gaps: chapters 0..5 in turn, paragraphs
		// 1.. within a chapter, items 01.. within a paragraph.
		switch {
		case c == pc && s == ps:
			if i != pi+1 {
				t.Errorf("%s: item follows %d.%d.%02d out of sequence", id, pc, ps, pi)
			}
		case c == pc:
			if s != ps+1 || i != 1 {
				t.Errorf("%s: paragraph follows %d.%d.%02d out of sequence", id, pc, ps, pi)
			}
		default:
			if c != pc+1 || s != 1 || i != 1 {
				t.Errorf("%s: chapter follows %d.%d.%02d out of sequence", id, pc, ps, pi)
			}
		}
		pc, ps, pi = c, s, i
		if c >= len(chapterTitles) {
			t.Errorf("%s: chapter %d out of range", id, c)
			continue
		}
		if row[colChapter] != chapterTitles[c] {
			t.Errorf("%s: chapter %q, want %q", id, row[colChapter], chapterTitles[c])
		}
		if c == 0 && row[colSection] != "主要预期目标" {
			t.Errorf("%s: section %q, want 主要预期目标", id, row[colSection])
		}
	}
	if pc != len(chapterTitles)-1 {
		t.Errorf("last chapter is %d, want %d", pc, len(chapterTitles)-1)
	}
}

// TestSectionsAreLeadPhrases checks that each section is a paragraph lead
// phrase of the report ("加快发展先进制造业。") and that one paragraph
// number maps to one lead phrase.
func TestSectionsAreLeadPhrases(t *testing.T) {
	rows := readPlan(t)
	full, from, to := planText(t)
	byPara := map[string]string{}
	for _, row := range rows {
		c, s, _, ok := parseID(row[colID])
		if !ok || c == 0 {
			continue
		}
		sec := row[colSection]
		key := fmt.Sprintf("%d.%d", c, s)
		if prev, ok := byPara[key]; ok && prev != sec {
			t.Errorf("%s: section %q, but paragraph %s is %q", row[colID], sec, key, prev)
		}
		byPara[key] = sec
		if sec == "" || strings.ContainsAny(sec, "。，") {
			t.Errorf("%s: bad section %q", row[colID], sec)
			continue
		}
		p := strings.Index(full[from:to], stripSpace(sec)+"。")
		if p < 0 {
			t.Errorf("%s: section %q is not a lead phrase in the report", row[colID], sec)
		}
	}
}

// fullWidth writes ASCII digits and '.' as their full-width forms.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r - '0' + '０'
		case r == '.':
			return '．'
		}
		return r
	}, s)
}

func isNumRune(r rune) bool {
	return (r >= '0' && r <= '9') || (r >= '０' && r <= '９') || r == '.' || r == '．'
}

// containsNumber reports whether num occurs in s as a whole number, not as
// part of a longer one ("10" is not in "100" nor in "2.10").
func containsNumber(s, num string) bool {
	for _, n := range []string{num, fullWidth(num)} {
		for off := 0; ; {
			p := strings.Index(s[off:], n)
			if p < 0 {
				break
			}
			p += off
			before, _ := utf8.DecodeLastRuneInString(s[:p])
			after, _ := utf8.DecodeRuneInString(s[p+len(n):])
			if (p == 0 || !isNumRune(before)) && (p+len(n) == len(s) || !isNumRune(after)) {
				return true
			}
			off = p + len(n)
		}
	}
	return false
}

func TestContainsNumber(t *testing.T) {
	cases := []struct {
		s, n string
		want bool
	}{
		{"新增停车位1500个", "1500", true},
		{"新增停车位1500个", "150", false},
		{"新增停车位1500个", "500", false},
		{"增长10%", "10", true},
		{"增长100%", "10", false},
		{"休耕12.7万亩", "12.7", true},
		{"休耕12.7万亩", "12", false},
		{"休耕12.7万亩", "7", false},
		{"新增１５００个", "1500", true},
	}
	for _, c := range cases {
		if got := containsNumber(c.s, c.n); got != c.want {
			t.Errorf("containsNumber(%q, %q) = %v, want %v", c.s, c.n, got, c.want)
		}
	}
}

// TestNothingInvented: every source is a verbatim clause of sections 二/三,
// sources follow the report's order, and every figure is in its own clause.
func TestNothingInvented(t *testing.T) {
	rows := readPlan(t)
	full, from, to := planText(t)
	last := from
	for _, row := range rows {
		id, src := row[colID], stripSpace(row[colSource])
		if src == "" {
			t.Errorf("%s: empty source", id)
			continue
		}
		if n := utf8.RuneCountInString(src); n > 80 {
			t.Errorf("%s: source is %d characters, too long for a clause", id, n)
		}
		if strings.Contains(src, "。") {
			t.Errorf("%s: source spans sentences: %q", id, src)
		}
		p := strings.Index(full[from:to], src)
		if p < 0 {
			if strings.Contains(full, src) {
				t.Errorf("%s: source %q is outside sections 二 and 三", id, src)
			} else {
				t.Errorf("%s: source %q does not occur in the report", id, src)
			}
			continue
		}
		// The first occurrence at or after the previous row's keeps document order.
		q := strings.Index(full[last:to], src)
		if q < 0 {
			t.Errorf("%s: source %q is out of document order", id, src)
			continue
		}
		last += q
		if row[colKind] != "milestone" && !containsNumber(src, row[colTarget]) {
			t.Errorf("%s: target %s does not occur in source %q", id, row[colTarget], src)
		}
		if q := row[colQualifier]; q != "" && q != "力争" && !strings.Contains(src, q) {
			t.Errorf("%s: qualifier %q not in source %q", id, q, src)
		}
		if b := row[colBaseline]; b != "" && !containsNumber(full[from:to], b) {
			t.Errorf("%s: baseline %s not stated in sections 二/三", id, b)
		}
		if u := row[colUnit]; row[colKind] != "milestone" && !strings.Contains(src, u) &&
			!strings.Contains(src, strings.TrimSuffix(u, "人")) {
			t.Errorf("%s: unit %q not in source %q", id, u, src)
		}
	}
}

var numRE = regexp.MustCompile(`^\d+(\.\d+)?$`)

func TestFields(t *testing.T) {
	rows := readPlan(t)
	start, _ := time.Parse(time.DateOnly, PeriodStart)
	end, _ := time.Parse(time.DateOnly, PeriodEnd)
	if start.IsZero() || end.IsZero() || !start.Before(end) {
		t.Fatalf("bad period %s..%s", PeriodStart, PeriodEnd)
	}
	leads := map[string]bool{}
	// 部: the party departments, e.g. 市委宣传部, which runs 全民阅读 since the 2018 reform.
	deptRE := regexp.MustCompile(`^市\p{Han}+(局|委员会|办公室|工会|联合会|部)$`)
	for _, row := range rows {
		id := row[colID]
		kind := row[colKind]
		if !kinds[kind] {
			t.Errorf("%s: unknown kind %q", id, kind)
		}
		if n := utf8.RuneCountInString(row[colName]); n < 2 || n > 16 || row[colName] != strings.TrimSpace(row[colName]) {
			t.Errorf("%s: name %q should be 2–16 characters", id, row[colName])
		}
		tg := row[colTarget]
		if !numRE.MatchString(tg) {
			t.Errorf("%s: target %q is not a non-negative decimal", id, tg)
		} else if v, err := strconv.ParseFloat(tg, 64); err != nil || v < 0 {
			t.Errorf("%s: target %q: %v", id, tg, err)
		}
		if kind == "milestone" {
			if tg != "100" || row[colUnit] != "%" {
				t.Errorf("%s: milestone target/unit = %s/%s, want 100/%%", id, tg, row[colUnit])
			}
		} else if row[colUnit] == "" {
			t.Errorf("%s: empty unit", id)
		}
		if (kind == "growth") && row[colUnit] != "%" {
			t.Errorf("%s: growth unit %q, want %%", id, row[colUnit])
		}
		if !qualifiers[row[colQualifier]] {
			t.Errorf("%s: unknown qualifier %q", id, row[colQualifier])
		}
		if b := row[colBaseline]; b != "" && !numRE.MatchString(b) {
			t.Errorf("%s: baseline %q is not a decimal", id, b)
		}
		d, err := time.Parse(time.DateOnly, row[colDue])
		if err != nil {
			t.Errorf("%s: due %q: %v", id, row[colDue], err)
		} else if d.Before(start) || d.After(end) {
			t.Errorf("%s: due %s outside %s..%s", id, row[colDue], PeriodStart, PeriodEnd)
		}
		lead := row[colLead]
		if !deptRE.MatchString(lead) {
			t.Errorf("%s: lead %q is not a department name", id, lead)
		}
		leads[lead] = true
		if p := row[colPartners]; p != "" {
			seen := map[string]bool{}
			for _, d := range strings.Split(p, "、") {
				if !deptRE.MatchString(d) {
					t.Errorf("%s: partner %q is not a department name", id, d)
				}
				if d == lead || seen[d] {
					t.Errorf("%s: partner %q repeats", id, d)
				}
				seen[d] = true
			}
		}
	}
	if n := len(leads); n < 15 || n > 30 {
		t.Errorf("%d distinct lead departments, want 15–30", n)
	}
}

func TestPinnedCounts(t *testing.T) {
	rows := readPlan(t)
	per := map[string]int{}
	milestones, quant := 0, 0
	for _, row := range rows {
		per[row[colChapter]]++
		if row[colKind] == "milestone" {
			milestones++
		} else {
			quant++
		}
	}
	if len(rows) != wantTotal {
		t.Errorf("%d tasks, want %d", len(rows), wantTotal)
	}
	for ch, want := range wantPerChapter {
		if per[ch] != want {
			t.Errorf("chapter %s: %d tasks, want %d", ch, per[ch], want)
		}
	}
	for ch := range per {
		if _, ok := wantPerChapter[ch]; !ok {
			t.Errorf("unexpected chapter %q", ch)
		}
	}
	if milestones != wantMilestones || quant != wantQuantitative {
		t.Errorf("milestone/quantitative = %d/%d, want %d/%d", milestones, quant, wantMilestones, wantQuantitative)
	}
}

func TestMainTargets(t *testing.T) {
	rows := readPlan(t)
	want := map[string]string{ // source without spaces -> target
		"地区生产总值增长8%左右":   "8",
		"规模工业增加值增长7.5%":  "7.5",
		"固定资产投资增长10%":    "10",
		"一般公共预算收入增长7%":   "7",
		"社会消费品零售总额增长10%": "10",
	}
	got := 0
	for _, row := range rows {
		if row[colChapter] != "主要预期目标" && !strings.HasPrefix(row[colID], "0.") {
			continue
		}
		got++
		src := stripSpace(row[colSource])
		tg, ok := want[src]
		if !ok {
			t.Errorf("%s: %q is not one of the five 主要预期目标", row[colID], src)
			continue
		}
		delete(want, src)
		if row[colTarget] != tg || row[colKind] != "growth" || row[colUnit] != "%" {
			t.Errorf("%s: %s/%s/%s, want growth/%s/%%", row[colID], row[colKind], row[colTarget], row[colUnit], tg)
		}
	}
	if got != 5 || len(want) != 0 {
		t.Errorf("%d 主要预期目标 rows, missing %v", got, want)
	}
}

// TestAnchors pins a few well-known tasks that other packages and docs cite.
func TestAnchors(t *testing.T) {
	rows := readPlan(t)
	anchors := map[string][4]string{ // id -> name, kind, target, unit
		"0.1.01": {"地区生产总值增长", "growth", "8", "%"},
		"2.2.12": {"新建城区厕所", "count", "200", "座"},
		"5.1.01": {"新增城镇就业", "count", "5", "万人"},
		"5.3.05": {"新增停车位", "count", "1500", "个"},
		"5.3.10": {"自然村通水泥（沥青）路", "count", "1100", "公里"},
		"5.6.01": {"市博物馆美术馆搬迁竣工开馆", "milestone", "100", "%"},
	}
	for _, row := range rows {
		a, ok := anchors[row[colID]]
		if !ok {
			continue
		}
		delete(anchors, row[colID])
		got := [4]string{row[colName], row[colKind], row[colTarget], row[colUnit]}
		if got != a {
			t.Errorf("%s = %v, want %v", row[colID], got, a)
		}
	}
	for id := range anchors {
		t.Errorf("anchor %s missing", id)
	}
}

func TestConstants(t *testing.T) {
	if PlanID != "zhuzhou-2019" || PlanTitle == "" {
		t.Errorf("PlanID/PlanTitle = %q/%q", PlanID, PlanTitle)
	}
	if !strings.Contains(stripSpace(Report), "三、2019年重点工作") {
		t.Error("Report does not contain section 三")
	}
}

// TestPacingAndRelease: every pacing profile and release cadence of the
// shipped plan is valid, the designations and awards the report promises
// are one-off, and the official statistics carry a release cadence.
func TestPacingAndRelease(t *testing.T) {
	rows := readPlan(t)
	by := map[string][]string{}
	for _, row := range rows {
		by[row[colID]] = row
		if _, err := model.ParsePacing(row[colPacing], 2019); err != nil {
			t.Errorf("%s: pacing %q: %v", row[colID], row[colPacing], err)
		}
		if _, err := model.ParseRelease(row[colRelease]); err != nil {
			t.Errorf("%s: release %q: %v", row[colID], row[colRelease], err)
		}
	}
	for _, id := range []string{"2.3.01", "2.3.02", "2.3.10", "3.2.07"} {
		if by[id][colPacing] != model.PacingOneOff {
			t.Errorf("%s %s: pacing %q, want one-off", id, by[id][colName], by[id][colPacing])
		}
	}
	for _, id := range []string{"0.1.01", "0.1.02", "0.1.03", "0.1.04", "0.1.05"} {
		if by[id][colRelease] == "" {
			t.Errorf("%s %s: no release cadence", id, by[id][colName])
		}
	}
	if by["5.6.07"][colLead] != "市委宣传部" {
		t.Errorf("5.6.07 lead %q", by["5.6.07"][colLead])
	}
	// 善治示范村: rural governance, led by the rural work office in 市农业农村局
	// with the bodies of its three pillars as partners (see the package doc).
	if r := by["2.3.16"]; r[colLead] != "市农业农村局" || r[colPartners] != "市委组织部、市委宣传部、市民政局、市司法局" {
		t.Errorf("2.3.16 lead %q partners %q", r[colLead], r[colPartners])
	}
}
