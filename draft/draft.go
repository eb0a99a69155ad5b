// Package draft reads a government work report (政府工作报告) and drafts
// its year plan: one row per quantitative target and per milestone of the
// 主要预期目标 paragraph and the 重点工作 chapters, in the plan-import
// columns, each with the rule that produced it. The rules are general:
// none names a phrase of a particular report.
package draft

import (
	"strings"
	"unicode/utf8"

	"duban/i18n"
)

// Row is one drafted task. The fields up to Source are the plan-import
// columns (see model.PlanColumns); Pacing, Confidence and Why say how the
// task is to be judged and which rule found it. Line is the report line
// the paragraph starts on.
type Row struct {
	ID, Chapter, Section, Name, Kind string
	Target, Unit, Qualifier, Lead    string
	Source                           string
	Pacing, Confidence, Why          string
	Line                             int
}

// Columns are the columns of a draft CSV: the plan columns, then pacing,
// confidence and why.
var Columns = []string{"id", "chapter", "section", "name", "kind", "target", "unit",
	"qualifier", "baseline", "lead", "partners", "due", "source", "pacing", "confidence", "why"}

// Record is the CSV row of r, in Columns order. Baseline, partners and due
// are left empty: the plan's end is the due date of every drafted task.
func (r Row) Record() []string {
	return []string{r.ID, r.Chapter, r.Section, r.Name, r.Kind, r.Target, r.Unit, r.Qualifier,
		"", r.Lead, "", "", r.Source, r.Pacing, r.Confidence, r.Why}
}

// GoalsChapter is the chapter (and section) of the 主要预期目标 rows.
const GoalsChapter = "主要预期目标"

// para is a paragraph of the report with the line it starts on.
type para struct {
	text string
	line int
}

var (
	// topHeadRE is a part heading: 一、 二. 三． with or without spaces.
	topHeadRE = lazyRegexp(`^[一二三四五六七八九十]+\s*[、.．]\s*(.+)$`)
	// chapHeadRE is a chapter heading: （一） (一) in full or half width.
	chapHeadRE = lazyRegexp(`^[（(]\s*[一二三四五六七八九十]+\s*[）)]\s*[、.．]?\s*(.+)$`)
	// pageMarkRE is a line a page break leaves: "-", "- 3 -", "3", "第3页".
	pageMarkRE = lazyRegexp(`^[-—–\s]*(第?\s*\d+\s*页?)?[-—–\s]*$`)
)

// planPart reports whether a part heading announces the year's plan
// (targets and tasks) rather than the review of the past year or the
// government's own conduct (政府自身建设).
func planPart(h string) bool {
	for _, k := range []string{"回顾", "总结", "自身建设"} {
		if strings.Contains(h, k) {
			return false
		}
	}
	for _, k := range []string{"任务", "重点", "目标", "安排", "打算", "部署"} {
		if strings.Contains(h, k) {
			return true
		}
	}
	return false
}

// normalize maps full-width digits, signs and spaces to ASCII, rune for
// rune, so that figures read the same however they were typed.
func normalize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '％':
			return '%'
		case r == '．':
			return '.'
		case r == '\u3000' || r == '\u00a0' || r == '\t':
			return ' '
		case r == '\ufeff':
			return -1
		}
		return r
	}, s)
}

// heading returns the title of a heading paragraph and whether it is a
// part (level 1) or chapter (level 2) heading; 0 if it is no heading.
func heading(p string) (string, int) {
	if utf8.RuneCountInString(p) > 40 || strings.Contains(p, "。") {
		return "", 0
	}
	if m := topHeadRE.FindStringSubmatch(p); m != nil {
		return strings.TrimSpace(m[1]), 1
	}
	if m := chapHeadRE.FindStringSubmatch(p); m != nil {
		return strings.TrimSpace(m[1]), 2
	}
	return "", 0
}

// paragraphs splits text into paragraphs at blank lines, drops page
// markers, and joins a paragraph that stops mid-sentence (no closing
// punctuation) with the next one: a page break inside a word.
func paragraphs(text string) []para {
	var out []para
	var cur strings.Builder
	start := 0
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, para{s, start})
		}
		cur.Reset()
	}
	for i, ln := range strings.Split(normalize(strings.ReplaceAll(text, "\r", "")), "\n") {
		ln = strings.TrimSpace(ln)
		switch {
		case ln == "":
			flush()
		case pageMarkRE.MatchString(ln):
		default:
			if cur.Len() == 0 {
				start = i + 1
			}
			cur.WriteString(ln)
		}
	}
	flush()
	// Join page-break splits.
	var joined []para
	for _, p := range out {
		if n := len(joined); n > 0 {
			prev := joined[n-1].text
			if _, lv := heading(prev); lv == 0 && !endsSentence(prev) {
				if _, lv2 := heading(p.text); lv2 == 0 {
					joined[n-1].text = prev + p.text
					continue
				}
			}
		}
		joined = append(joined, p)
	}
	return joined
}

// endsSentence reports whether s ends with closing punctuation.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？!?；;：:”」）)…", r)
}

// Draft reads a report's text and drafts its plan, in the report's order.
func Draft(text string, leads *Leads) []Row {
	var rows []Row
	walk(text, func(b block) { rows = append(rows, b.read(leads, nil)...) })
	return rows
}

// Explain shows how the paragraph at a report line (1-based) is read: its
// place in the plan, each clause and the rule that kept or left it. ok is
// false when the line is outside the plan part.
func Explain(text string, line int, leads *Leads, lang i18n.Lang) (trace []string, ok bool) {
	tr := &tracer{lang: lang}
	walk(text, func(b block) {
		if ok || line < b.line || line > b.last {
			return
		}
		ok = true
		note(tr, "draft.trace.para", b.line, b.chapter, b.section)
		b.read(leads, tr)
	})
	return tr.lines, ok
}

// block is one paragraph of the plan with its place.
type block struct {
	chapter, section string
	chap, sec        int
	body             string
	line, last       int
}

// walk finds the plan part of the report and calls f with each paragraph
// of it: the 主要预期目标 paragraph (the figures after its colon) and the
// paragraphs of the 重点工作 chapters, whose lead sentence names the
// section. The review of the past year, the closing address (各位代表…)
// and the glossary (名词解释) are left out.
func walk(text string, f func(block)) {
	ps := paragraphs(text)
	inPlan := false
	chap, sec := 0, 0
	chapter := ""
	for i, p := range ps {
		last := p.line
		if i+1 < len(ps) {
			last = ps[i+1].line - 1
		}
		if strings.HasPrefix(p.text, "名词解释") || strings.HasPrefix(p.text, "附") && utf8.RuneCountInString(p.text) < 12 {
			return
		}
		title, lv := heading(p.text)
		switch lv {
		case 1:
			inPlan = planPart(title)
			chapter = ""
			continue
		case 2:
			if inPlan {
				chap++
				sec = 0
				chapter = title
			}
			continue
		}
		if !inPlan {
			continue
		}
		if strings.HasPrefix(p.text, "各位代表") {
			// The closing address ends the chapters.
			chapter = ""
			continue
		}
		if chapter == "" {
			// Before the chapters: only the expected-targets paragraph.
			k := strings.Index(p.text, "预期目标")
			if k < 0 {
				continue
			}
			body := p.text[k:]
			if c := strings.IndexAny(body, "：:"); c >= 0 {
				body = body[c+len(string([]rune(body[c:])[0])):]
			}
			f(block{chapter: GoalsChapter, section: GoalsChapter, chap: 0, sec: 1, body: body, line: p.line, last: last})
			continue
		}
		sec++
		section, body := chapter, p.text
		if k := strings.Index(p.text, "。"); k > 0 && utf8.RuneCountInString(p.text[:k]) <= 24 {
			section, body = p.text[:k], p.text[k+len("。"):]
		}
		f(block{chapter: chapter, section: section, chap: chap, sec: sec, body: body, line: p.line, last: last})
	}
}
