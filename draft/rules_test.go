package draft

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"duban/i18n"
)

// report wraps invented paragraphs into the smallest report with a plan.
func report(paras ...string) string {
	return "一、去年工作回顾\n\n去年新增企业 9 家。\n\n二、今年重点工作\n\n（一）测试篇章\n\n" +
		strings.Join(paras, "\n\n") + "\n"
}

// got is the short form of a row the rule tests compare.
func got(rows []Row) []string {
	var out []string
	for _, r := range rows {
		if r.Kind == "milestone" {
			out = append(out, "milestone "+r.Qualifier+" "+r.Source)
		} else {
			out = append(out, r.Kind+" "+r.Qualifier+r.Target+r.Unit)
		}
	}
	return out
}

// Each rule of the reading, on an invented sentence.
func TestRules(t *testing.T) {
	cases := []struct{ name, para, want string }{
		{"growth", "试验段落。全县税收增长 9%。", "growth 9%"},
		{"level", "试验段落。绿化覆盖率达到 45%。", "level 45%"},
		{"ceiling by 下降", "试验段落。单位能耗下降 4%。", "ceiling 4%"},
		{"ceiling by 控制在…以内", "试验段落。事故起数控制在 20 起、死亡人数控制在 8 人以内。", "ceiling 以内8人"},
		{"count", "试验段落。新建污水管网 36 公里。", "count 36公里"},
		{"left, 左右", "试验段落。新增就业 4000 人左右。", "count 左右4000人"},
		{"以上", "试验段落。引进人才 300 名以上。", "count 以上300名"},
		{"超过", "试验段落。社会投资超过 80 亿元。", "count 超过80亿元"},
		{"不低于", "试验段落。民生支出不低于 75%。", "level 不低于75%"},
		{"确保 is a commitment, no qualifier", "试验段落。确保新增学位 900 个。", "count 900个"},
		{"力争 carries to the end of its sentence", "试验段落。力争新引进项目 40 个，新签约项目 30 个。新开工项目 20 个。",
			"count 力争40个|count 力争30个|count 20个"},
		{"several figures in one clause", "试验段落。新增科技企业 12 家、孵化平台 3 个。", "count 12家|count 3个"},
		{"各: one row per listed action", "试验段落。新建、改造、提质农贸市场各 6 个。", "count 6个|count 6个|count 6个"},
		{"其中", "试验段落。培训农民 5000 人次，其中新型职业农民 800 人次。", "count 5000人次|count 800人次"},
		{"the last figure of an item is the target", "试验段落。引进投资过 10 亿元项目 6 个。", "count 6个"},
		{"scope: 聚焦", "试验段落。聚焦 6 个重点领域开展整治。", ""},
		{"ordinal: 第", "试验段落。举办第 4 次招商推介会。", "milestone  举办第 4 次招商推介会"},
		{"duration", "试验段落。用 3 个月时间开展专项整治。", ""},
		{"a figure in quotes is a name", "试验段落。落实“20 条”惠企措施。", ""},
		{"a figure of a name: PM2.5", "试验段落。新建 PM10 监测站点 12 个。", "count 12个"},
		{"a coverage reach is a milestone", "试验段落。实现 5 公里范围内便民服务全覆盖。", "milestone  实现 5 公里范围内便民服务全覆盖"},
		{"N 万 … 人口", "试验段落。解决 3.2 万山区人口出行难题。", "count 3.2万人"},
		{"full-width digits", "试验段落。新增停车泊位１２００个。", "count 1200个"},
		{"unit written with brackets", "试验段落。更新环卫车辆 40 台（套）。", "count 40台(套)"},
		{"个百分点", "试验段落。城镇化率提高 1.5 个百分点。", "level 1.5个百分点"},
		{"milestone by a completion event", "试验段落。建成市民服务中心。", "milestone  建成市民服务中心"},
		{"soft verb alone is no milestone", "试验段落。加快推进智慧城市建设。", ""},
		{"a soft verb before 建成 stays a milestone", "试验段落。加快建成城南水厂。", "milestone  加快建成城南水厂"},
		{"一批 before its noun is vague", "试验段落。建成一批口袋公园。", ""},
		{"创建 as a campaign", "试验段落。开展文明城市创建活动。", ""},
		{"means clause", "试验段落。以园区建设为抓手。", ""},
		{"borderline 创建 kept, marked low", "试验段落。创建省级园林城市。", "milestone  创建省级园林城市"},
		{"力争 on a milestone", "试验段落。力争东环路通车。", "milestone 力争 力争东环路通车"},
		{"a state is no milestone", "试验段落。形成全民参与的良好氛围。", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := strings.Join(got(Draft(report(c.para), DefaultLeads)), "|")
			if g != c.want {
				t.Errorf("%s\n got %q\nwant %q", c.para, g, c.want)
			}
		})
	}
}

func TestParts(t *testing.T) {
	text := "一、2020年工作回顾\n\n全年新增企业 9 家。\n\n" +
		"二．2021 年目标任务\n\n今年的总体要求是：稳中求进。\n\n今年主要预期目标是：地区生产总值增长 6%左右。\n\n" +
		"(一)  产业发展\n\n做强工业。新增企业 30 家，引进项\n\n— 2 —\n\n目 12 个。\n\n" +
		"各位代表！新增 99 家。\n\n三、加强政府自身建设\n\n压减一般性支出 10%。\n\n名词解释：\n\n1. 新增 5 家。\n"
	rows := Draft(text, DefaultLeads)
	g := strings.Join(got(rows), "|")
	if g != "growth 左右6%|count 30家|count 12个" {
		t.Fatalf("rows = %q", g)
	}
	if rows[0].Chapter != GoalsChapter || rows[0].ID != "0.1.01" {
		t.Errorf("goal row = %+v", rows[0])
	}
	if r := rows[2]; r.Chapter != "产业发展" || r.Section != "做强工业" || r.ID != "1.1.02" || r.Source != "引进项目 12 个" {
		t.Errorf("page-break row = %+v", r)
	}
}

func TestOneOffPacingAndConfidence(t *testing.T) {
	rows := Draft(report("试验段落。力争创建国家级示范区 1 个。创建省级园林城市。"), DefaultLeads)
	if len(rows) != 2 || rows[0].Pacing != "one-off" || rows[1].Confidence != "低" || !strings.Contains(rows[1].Why, "边界") {
		t.Errorf("rows = %+v", rows)
	}
	if rows := Draft(report("试验段落。新增企业 3 家。"), DefaultLeads); rows[0].Pacing != "linear" {
		t.Errorf("pacing = %q", rows[0].Pacing)
	}
}

func TestLeads(t *testing.T) {
	l := ParseLeads("# comment\n停车场\t甲局\n停车\t乙局\n\nbad line\n")
	if l.Lead("新建停车场 3 个") != "甲局" || l.Lead("新增停车位") != "乙局" || l.Lead("植树") != "" {
		t.Errorf("leads = %+v", l)
	}
	rows := Draft(report("试验段落。新增公交线路 4 条。"), DefaultLeads)
	if rows[0].Lead != "市交通运输局" || !strings.Contains(rows[0].Why, "默认") {
		t.Errorf("row = %+v", rows[0])
	}
}

func TestExplain(t *testing.T) {
	text := report("试验段落。聚焦 6 个领域，新增企业 3 家。")
	trace, ok := Explain(text, 9, DefaultLeads, i18n.Zh)
	all := strings.Join(trace, "\n")
	if !ok || !strings.Contains(all, "范围") || !strings.Contains(all, "→ 1.1.01 count 3家") {
		t.Errorf("trace = %s", all)
	}
	if _, ok := Explain(text, 3, DefaultLeads, i18n.Zh); ok {
		t.Error("a line of the review was explained")
	}
}

func TestDecode(t *testing.T) {
	want := "二、今年任务\n\n新增停车位１２００个。"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(want)
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(want)
	u16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(want)
	for name, in := range map[string]string{"utf8": want, "utf8 bom": "\ufeff" + want, "gbk": gbk, "utf16le": u16, "utf16be": u16be} {
		if got, err := Decode([]byte(in)); err != nil || got != want {
			t.Errorf("%s: %q, %v", name, got, err)
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<?xml version="1.0"?><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>二、今年任务</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>新增停车位</w:t></w:r><w:r><w:t xml:space="preserve">１２００个。</w:t></w:r></w:p></w:body></w:document>`))
	zw.Close()
	if got, err := Decode(buf.Bytes()); err != nil || strings.TrimSpace(got) != want {
		t.Errorf("docx: %q, %v", got, err)
	}
	if _, err := Decode([]byte("PK\x03\x04broken")); err != ErrUnreadable {
		t.Errorf("broken docx: %v", err)
	}
	if _, err := Decode([]byte{0x81, 0x30, 0xff, 0xff, 0xff}); err != ErrUnreadable {
		t.Errorf("binary: %v", err)
	}
}

// BenchmarkDraft60k drafts a 60,000-character report (the 2019 report's
// plan paragraphs repeated); the goal is under 200 ms.
func BenchmarkDraft60k(b *testing.B) {
	base := strings.ReplaceAll(seedReport(), "名词解释", "")
	var sb strings.Builder
	for sb.Len() < 3*60000 || len([]rune(sb.String())) < 60000 {
		sb.WriteString(base)
	}
	text := string([]rune(sb.String())[:60000])
	b.ResetTimer()
	for range b.N {
		Draft(text, DefaultLeads)
	}
}

// A row's name is the clause's object: without the qualifier and the
// verb of level wording, and what is counted when examples come first.
func TestNames(t *testing.T) {
	for para, want := range map[string]string{
		"试验段落。确保林木覆盖率达到 66%。":     "林木覆盖率",
		"试验段落。建成甲镇、乙镇等 5 个污水处理厂。": "污水处理厂",
		"试验段落。打造 30 个美丽屋场。":       "打造美丽屋场",
		"试验段落。力争新增“专精特新”企业 10 家。": "新增专精特新企业",
	} {
		rows := Draft(report(para), DefaultLeads)
		if len(rows) != 1 || rows[0].Name != want {
			t.Errorf("%s: %+v, want name %q", para, rows, want)
		}
	}
}

// The shipped report as a Word file drafts the same rows as its text.
func TestDocxDraftsLikeText(t *testing.T) {
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0"?><w:document xmlns:w="w"><w:body>`)
	for _, ln := range strings.Split(seedReport(), "\n") {
		if ln = strings.TrimSpace(ln); ln != "" {
			doc.WriteString("<w:p><w:r><w:t>")
			xmlEscape(&doc, ln)
			doc.WriteString("</w:t></w:r></w:p>")
		}
	}
	doc.WriteString(`</w:body></w:document>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(doc.String()))
	zw.Close()
	text, err := Decode(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	a, b := Draft(text, DefaultLeads), Draft(seedReport(), DefaultLeads)
	if len(a) != len(b) {
		t.Fatalf("docx: %d rows, text: %d", len(a), len(b))
	}
	for i := range a {
		a[i].Line, b[i].Line = 0, 0
		if a[i] != b[i] {
			t.Errorf("row %d: docx %+v, text %+v", i, a[i], b[i])
		}
	}
}

func xmlEscape(w *strings.Builder, s string) {
	strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").WriteString(w, s)
}
