package draft

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"
	"unicode/utf8"

	"duban/i18n"
)

// units are the units a target may carry, exactly as reports write them;
// the longer ones first so that 万平方米 is not read as 平方米.
var units = []string{"个百分点", "万平方米", "平方米", "万人次", "人次", "万人", "万户", "万亩", "万个",
	"万元", "亿元", "元", "微克/立方米", "万吨", "万千瓦", "公里", `台\(套\)`, "台（套）", "台", "套", "家", "个", "项", "名",
	"座", "处", "条", "件", "所", "户", "人", "亩", "辆", "栋", "吨", "场", "%"}

// figureRE is a figure and its unit, with the spaces reports put between.
var figureRE = lazyRegexp(`(\d+(?:\.\d+)?)\s*(` + strings.Join(units, "|") + `)`)

// figure is a target found in a piece of a clause.
type figure struct {
	value, unit, qual, kind, why string
	start, end                   int // byte offsets of the figure in the piece
}

var (
	afterQualRE  = lazyRegexp(`^\s*(左右|以上|以内|以下)`)
	beforeQualRE = lazyRegexp(`(超过|不低于|不少于|控制在)\s*$`)
	// scopeRE: a figure right after these words counts what the work
	// covers (聚焦15个产业链), not what it produces.
	scopeRE = lazyRegexp(`(聚焦|围绕|着眼|依托|涉及|针对|涵盖)\s*$`)
	// durationRE: 3个月, 5年 are durations, not targets.
	// popRE: N 万 + a few characters + a word for people.
	popRE = lazyRegexp(`(\d+(?:\.\d+)?)\s*万[^\d，、“”]{0,4}?(人口|群众|居民|农民)`)
	// coverRE: 10公里半径全覆盖 measures the reach of a coverage goal.
	coverRE    = lazyRegexp(`^[^，、]{0,8}全覆盖`)
	durationRE = lazyRegexp(`^\s*(月|年|周|天|小时|工作日|以来|之内)`)
	ceilingRE  = lazyRegexp(`(下降|降低|减少|控制在)`)
	growthRE   = lazyRegexp(`(增长|增速|增幅)`)
	levelRE    = lazyRegexp(`(达到|提高到|提升到|稳定在|保持|占比|比重|率)`)
	// oneOffRE: an award or designation (创建…1个) is won once.
	oneOffRE = lazyRegexp(`(创建|创成|获评|获批|申报|争创|评为)`)
)

// figures finds the targets of one piece of a clause (a 、-separated
// item). Where the piece has several figures, the last is the target and
// the earlier ones describe it (过50亿元项目20个).
func figures(piece string, trace *tracer) []figure {
	var out []figure
	for _, m := range figureRE.FindAllStringSubmatchIndex(piece, -1) {
		before, after := piece[:m[0]], piece[m[1]:]
		pr, _ := utf8.DecodeLastRuneInString(before)
		switch {
		case pr != utf8.RuneError && (pr < 128 && (pr == '.' || pr == '+' || pr == '-' || pr == '/' || isLatin(pr))):
			note(trace, "draft.trace.name", piece[m[0]:m[1]])
			continue
		case strings.HasSuffix(strings.TrimRight(before, " "), "第"):
			note(trace, "draft.trace.ordinal", piece[m[0]:m[1]])
			continue
		case scopeRE.MatchString(before):
			note(trace, "draft.trace.scope", piece[m[0]:m[1]], strings.TrimSpace(scopeRE.FindString(before)))
			continue
		case durationRE.MatchString(after):
			note(trace, "draft.trace.duration", piece[m[0]:m[1]])
			continue
		case strings.HasPrefix(after, "+"):
			continue
		case strings.Count(before, "“") > strings.Count(before, "”"):
			note(trace, "draft.trace.quoted", piece[m[0]:m[1]])
			continue
		case coverRE.MatchString(after):
			note(trace, "draft.trace.cover", piece[m[0]:m[1]])
			continue
		}
		f := figure{value: piece[m[2]:m[3]], unit: piece[m[4]:m[5]], start: m[0], end: m[1]}
		if f.unit == "台（套）" {
			f.unit = "台(套)"
		}
		if q := afterQualRE.FindStringSubmatch(after); q != nil {
			f.qual = q[1]
			f.end += len(q[0])
		}
		bq := beforeQualRE.FindStringSubmatch(before)
		if bq != nil && bq[1] != "控制在" {
			f.qual = bq[1]
		}
		switch {
		case ceilingRE.MatchString(before) || f.qual == "以内" || f.qual == "以下":
			f.kind, f.why = "ceiling", "上限（"+firstOf(ceilingRE.FindString(before), f.qual)+"）"
		case (f.unit == "%" || f.unit == "个百分点") && growthRE.MatchString(before):
			f.kind, f.why = "growth", "增速（"+growthRE.FindString(before)+"）"
		case f.unit == "%" || f.unit == "个百分点" || levelRE.MatchString(before):
			f.kind, f.why = "level", "水平（"+firstOf(levelRE.FindString(before), f.unit)+"）"
		default:
			f.kind, f.why = "count", "数量"
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		// 7 万农村人口: a number of people written with the noun between;
		// the unit is 万人.
		if m := popRE.FindStringSubmatchIndex(piece); m != nil {
			out = append(out, figure{value: piece[m[2]:m[3]], unit: "万人", kind: "count", why: "人数（万…人口）", start: m[0], end: m[1]})
		}
	}
	if len(out) > 1 {
		for _, f := range out[:len(out)-1] {
			note(trace, "draft.trace.attr", strings.TrimSpace(piece[f.start:f.end]))
		}
		out = out[len(out)-1:]
	}
	return out
}

func isLatin(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// tracer collects the lines of an explanation, in the interface language.
type tracer struct {
	lang  i18n.Lang
	lines []string
}

// note adds the label key with args to the explanation, if there is one.
func note(trace *tracer, key string, args ...any) {
	if trace != nil {
		trace.lines = append(trace.lines, trace.lang.T(key, args...))
	}
}

var (
	sentenceRE = lazyRegexp(`[^。！？!?；;]+`)
	clauseRE   = lazyRegexp(`[^，,：:]+`)
	// strongRE are completion events a supervisor can check.
	strongRE = lazyRegexp(`(建成|竣工|开工|开馆|通车|投产|完成|启动|组建|挂牌|举办|办好|清零|纳入|全覆盖|形成|^升级改造|^改造|^打通|^疏通|参加.{0,20}(博览会|展会|交易会|会展))`)
	// weakMilestoneRE are kept as milestones, marked borderline.
	weakMilestoneRE = lazyRegexp(`(建立|创建|开展.*(试点|研究)|出台|设立|达到.{0,8}标准)`)
	// campaignRE: 创建 used as a noun (…创建, 创建活动, 创建的) names an
	// ongoing campaign, not a title to win.
	campaignRE = lazyRegexp(`创建(活动|工作|的)|创建$`)
	// meansRE: a clause of means or purpose (以…为抓手, 按照…, 让…) frames
	// the tasks around it and is none itself.
	meansRE = lazyRegexp(`^(以|按照|依照|通过|围绕|让|使|为了)`)
	// softRE: ongoing work; alone it makes no milestone.
	softRE = lazyRegexp(`^(拓展|推进|加快|推动|争取|深化|持续|继续|积极|大力|着力|不断|支持|鼓励|努力|加强|加大|探索|进一步|全力|强化|坚持|落实|扩大|提升|优化|完善)`)
	// vagueRE: no single object to check: "一批" before its noun (建立一批
	// 中心), systems and mechanisms, outcomes described as a state.
	vagueRE = lazyRegexp(`(一批[^等、]|建立健全|健全|体系|机制|长效|常态|局面|格局|态势|氛围)`)
	// hardRE: completion events that keep a clause a milestone even after
	// a soft verb (加快建成…).
	hardRE = lazyRegexp(`(建成|竣工|开工|全覆盖)`)
	quoteR = strings.NewReplacer("“", "", "”", "", "‘", "", "’", "", "\"", "", " ", "", "《", "", "》", "")
	// tailVerbRE: the verb of level and ceiling wording before the figure.
	tailVerbRE = lazyRegexp(`(达到|提高到|提升到|稳定在|控制在|超过|不低于|不少于)$`)
	leadRE     = lazyRegexp(`^(确保|力争|全年|其中|实现|完成|推进|推动|加快|全面|继续|新增了)+`)
)

// read drafts the rows of a block. A sentence ends at 。；！？; a clause
// at ，：; a clause's items are separated by 、. 力争 at the head of a
// clause carries over the rest of its sentence.
func (b block) read(leads *Leads, trace *tracer) []Row {
	var rows []Row
	item := 0
	add := func(r Row) {
		item++
		r.ID = fmt.Sprintf("%d.%d.%02d", b.chap, b.sec, item)
		r.Chapter, r.Section, r.Line = b.chapter, b.section, b.line
		r.Lead = leads.Lead(r.Source + r.Name)
		if r.Lead == "" {
			r.Lead = leads.Lead(b.section)
		}
		if r.Lead != "" {
			r.Why += "；牵头单位为默认"
		}
		rows = append(rows, r)
		note(trace, "draft.trace.row", r.ID, r.Kind, r.Qualifier, r.Target, r.Unit, r.Name)
	}
	for _, sent := range sentenceRE.FindAllString(b.body, -1) {
		carry := ""
		for _, clause := range clauseRE.FindAllString(sent, -1) {
			clause = strings.TrimSpace(clause)
			if clause == "" {
				continue
			}
			note(trace, "draft.trace.clause", clause)
			if strings.HasPrefix(clause, "力争") {
				carry = "力争"
			}
			pieces := strings.Split(clause, "、")
			found := false
			for pi, piece := range pieces {
				for _, f := range figures(piece, trace) {
					found = true
					q := firstOf(f.qual, carry)
					why := f.why
					if carry != "" && f.qual == "" {
						why += "；“力争”管到句末"
					}
					conf := "高"
					if strings.Contains(clause, "其中") {
						why += "；其中：分项目标"
						conf = "中"
					}
					n := 1
					head := leadRE.ReplaceAllString(quoteR.Replace(piece[:f.start]), "")
					if strings.HasSuffix(head, "各") {
						head = strings.TrimSuffix(head, "各")
						// 新建、改造、开放厕所各200座: one row per listed action.
						k := pi
						for k > 0 && len(figureRE.FindStringIndex(pieces[k-1])) == 0 {
							k--
						}
						n = pi - k + 1
						if n > 1 {
							conf = "中"
							why += fmt.Sprintf("；“各”：%d 项各一行", n)
							noun := head
							for j := k; j <= pi; j++ {
								name := leadRE.ReplaceAllString(quoteR.Replace(pieces[j]), "")
								if j == pi {
									name = head
								} else {
									name += trailingNoun(noun)
								}
								add(b.figureRow(f, q, name, clause, conf, why))
							}
							continue
						}
					}
					head = tailVerbRE.ReplaceAllString(head, "")
					if strings.HasSuffix(head, "等") {
						// 建成甲镇等22个污水处理厂: the examples give way
						// to what is counted.
						head = ""
					}
					if utf8.RuneCountInString(head) <= 2 {
						// 打造100个示范村: the object follows the figure.
						head += strings.TrimLeft(quoteR.Replace(piece[f.end:]), "个家项名座处条件所户")
					}
					add(b.figureRow(f, q, head, clause, conf, why))
				}
			}
			if found {
				continue
			}
			switch {
			case b.chap == 0:
				// The expected targets are figures; their qualitative
				// goals (环境进一步改善) are not drafted.
			case meansRE.MatchString(clause):
				note(trace, "draft.trace.means", meansRE.FindString(clause))
			case campaignRE.MatchString(clause):
				note(trace, "draft.trace.campaign")
			case softRE.MatchString(clause) && !hardRE.MatchString(clause):
				if strongRE.MatchString(clause) || weakMilestoneRE.MatchString(clause) {
					note(trace, "draft.trace.soft", softRE.FindString(clause))
				}
			case vagueRE.MatchString(clause):
				if strongRE.MatchString(clause) || weakMilestoneRE.MatchString(clause) {
					note(trace, "draft.trace.vague", vagueRE.FindString(clause))
				}
			case strongRE.MatchString(clause):
				v := strongRE.FindString(clause)
				add(b.milestoneRow(clause, "中", "节点：“"+v+"”是可核验的完成事件"))
			case weakMilestoneRE.MatchString(clause):
				v := weakMilestoneRE.FindString(clause)
				add(b.milestoneRow(clause, "低", "节点（边界）：“"+v+"”完成与否需核定"))
			}
		}
	}
	return rows
}

// trailingNoun is the object shared by a 、-list of actions: in
// 开放厕所 after the two-character action 开放, 厕所.
func trailingNoun(last string) string {
	r := []rune(last)
	if len(r) > 2 {
		return string(r[2:])
	}
	return ""
}

func (b block) figureRow(f figure, q, name, clause, conf, why string) Row {
	name = strings.Trim(name, "，、 等的")
	if name == "" {
		name = quoteR.Replace(clause)
	}
	pacing := "linear"
	if f.kind == "count" && len(f.value) == 1 && f.value >= "1" && f.value <= "4" && oneOffRE.MatchString(clause) {
		pacing = "one-off"
		why += "；称号或认定：一次完成"
	}
	return Row{Name: name, Kind: f.kind, Target: f.value, Unit: f.unit, Qualifier: q,
		Source: clause, Pacing: pacing, Confidence: conf, Why: "定量：" + why}
}

func (b block) milestoneRow(clause, conf, why string) Row {
	name := []rune(leadRE.ReplaceAllString(quoteR.Replace(clause), ""))
	if len(name) > 32 {
		name = name[:32]
	}
	q := ""
	if strings.HasPrefix(clause, "力争") {
		q = "力争"
	}
	return Row{Name: string(name), Kind: "milestone", Target: "100", Unit: "%", Qualifier: q,
		Source: clause, Pacing: "one-off", Confidence: conf, Why: why}
}

// Leads is the keyword table of default lead departments.
type Leads struct{ keys, depts []string }

//go:embed leads.tsv
var leadsTSV string

// DefaultLeads is the table shipped in leads.tsv.
var DefaultLeads = ParseLeads(leadsTSV)

// ParseLeads reads a table of "keyword<TAB>department" lines; blank lines
// and lines starting with # are skipped.
func ParseLeads(s string) *Leads {
	l := &Leads{}
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		ln := strings.TrimSpace(sc.Text())
		if ln == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		k, d, ok := strings.Cut(ln, "\t")
		if !ok {
			continue
		}
		l.keys, l.depts = append(l.keys, strings.TrimSpace(k)), append(l.depts, strings.TrimSpace(d))
	}
	return l
}

// Lead is the department of the first keyword of the table found in s.
func (l *Leads) Lead(s string) string {
	if l == nil {
		return ""
	}
	for i, k := range l.keys {
		if strings.Contains(s, k) {
			return l.depts[i]
		}
	}
	return ""
}
