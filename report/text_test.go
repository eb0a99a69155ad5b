package report

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"duban/i18n"
	"duban/model"
)

func TestExportMarkdownGolden(t *testing.T) {
	s := snapWith(t)
	rows := rowsOf(s)
	golden(t, "report.zh.md", exportBytes(t, "md", s, rows, zhOpts()))
	golden(t, "report.en.md", exportBytes(t, "md", s, rows, Options{AsOf: asOf, Lang: i18n.En}))
}

func TestExportMarkdown(t *testing.T) {
	s := snapWith(t)
	s.Plan.Demo = true
	rows := rowsOf(s)
	md := string(exportBytes(t, "md", s, rows, zhOpts()))
	for _, want := range []string{
		"# 株洲市2019年政府工作报告重点工作推进情况通报\n",
		"> **演示数据**",
		"已完成 23 项（17.8%）",
		"红榜（得分最高）：",
		"| 牵头单位 | 任务数 | 已完成 | 超进度 | 达进度 | 欠进度 | 未填报 | 数据未发布 | 平均完成率 | 得分 |",
		"## 三、欠进度任务（43 项）",
		"## 四、未按期填报任务（26 项）",
		"## 五、督办事项（0 项）",
		"## 六、下一步工作要求",
		"1. **0.1.05 社会消费品零售总额增长**（市商务局）：严重滞后。",
		// Text a department typed cannot break the layout: no table columns,
		// emphasis, HTML or links, and one line.
		`存在问题：资金未到位 \| 征拆\*受阻\* \<b\>粗\</b\> 另有\[链接\](http://x)。`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	sum := s.Summarize(rows, asOf)
	lines := strings.Split(md, "\n")
	tableRows := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "| 市") {
			tableRows++
			if n := strings.Count(strings.ReplaceAll(l, `\|`, ""), "|"); n != 11 {
				t.Errorf("table row with %d bars: %s", n, l)
			}
		}
	}
	if tableRows != len(sum.Depts) {
		t.Errorf("%d department rows, want %d", tableRows, len(sum.Depts))
	}
}

func TestExportHTMLGolden(t *testing.T) {
	s := snapWith(t)
	golden(t, "report.zh.html", exportBytes(t, "html", s, rowsOf(s), zhOpts()))
}

func TestExportHTML(t *testing.T) {
	s := snapWith(t)
	s.Plan.Demo = true
	rows := rowsOf(s)
	out := exportBytes(t, "html", s, rows, zhOpts())
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var (
		h1, demo    string
		cards       int
		statusSpans []*html.Node
		detailRows  []*html.Node
		bold        []string
		external    []string
		styles      strings.Builder
		barWidths   []string
	)
	var walk func(n *html.Node, inDetail bool)
	walk = func(n *html.Node, inDetail bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "link", "img", "iframe", "object", "embed", "base":
				external = append(external, "<"+n.Data+">")
			case "h1":
				h1 = text(n)
			case "style":
				styles.WriteString(text(n))
			case "b":
				bold = append(bold, text(n))
			case "table":
				if attr(n, "class") == "detail" {
					inDetail = true
				}
			case "tr":
				if inDetail && n.Parent != nil && n.Parent.Data == "tbody" {
					detailRows = append(detailRows, n)
				}
			}
			for _, a := range n.Attr {
				if a.Key == "src" || a.Key == "href" {
					external = append(external, a.Key+"="+a.Val)
				}
				if a.Key == "style" {
					if strings.HasPrefix(a.Val, "width:") {
						barWidths = append(barWidths, a.Val)
					}
					styles.WriteString(a.Val)
				}
			}
			cls := attr(n, "class")
			switch {
			case cls == "demo":
				demo = text(n)
			case strings.HasPrefix(cls, "card "):
				cards++
			case strings.HasPrefix(cls, "st st-") && inDetail:
				statusSpans = append(statusSpans, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inDetail)
		}
	}
	walk(doc, false)

	if len(external) > 0 {
		t.Errorf("external resources or scripts: %v", external)
	}
	if css := styles.String(); strings.Contains(css, "url(") || strings.Contains(css, "@import") || strings.Contains(css, "@font-face") {
		t.Error("CSS loads something from outside")
	}
	if !strings.Contains(styles.String(), "@media print") || !strings.Contains(styles.String(), "size:A4 landscape") {
		t.Error("no print styles")
	}
	if h1 != "株洲市2019年政府工作报告重点工作推进情况通报" || demo != "演示数据" {
		t.Errorf("h1 %q demo %q", h1, demo)
	}
	if cards != len(model.Statuses) {
		t.Errorf("%d status cards", cards)
	}
	if len(detailRows) != len(rows) || len(statusSpans) != len(rows) {
		t.Fatalf("%d detail rows, %d status labels, want %d", len(detailRows), len(statusSpans), len(rows))
	}
	for i, r := range rows {
		sp := statusSpans[i]
		if attr(sp, "class") != "st st-"+string(r.Eval.Status) || text(sp) != i18n.Status(i18n.Zh, r.Eval.Status) {
			t.Errorf("%s: status %q %q", r.Task.ID, attr(sp, "class"), text(sp))
		}
		if first := detailRows[i].FirstChild; text(first) != r.Task.ID {
			t.Errorf("row %d is %q, want %s", i, text(first), r.Task.ID)
		}
	}
	for _, b := range bold {
		if b == "粗" {
			t.Error("text typed by a department became markup")
		}
	}
	if !bytes.Contains(out, []byte("&lt;b&gt;粗&lt;/b&gt;")) {
		t.Error("escaped text missing")
	}
	for _, w := range barWidths {
		v := strings.TrimSuffix(strings.TrimPrefix(w, "width:"), "%")
		if v == "" || strings.HasPrefix(v, "-") || len(v) > 5 {
			t.Errorf("bar %q", w)
		}
	}
	if len(barWidths) == 0 {
		t.Error("no CSS bars")
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}
