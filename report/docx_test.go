package report

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"duban/model"
)

// docxPart reads one part of a .docx package.
func docxPart(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("docx is not a zip: %v", err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("docx has no %s", name)
	return nil
}

// wordDoc is the part of WordprocessingML the test reads.
type wordDoc struct {
	Paras []struct {
		Align struct {
			Val string `xml:"val,attr"`
		} `xml:"pPr>jc"`
		Runs []struct {
			Font struct {
				EastAsia string `xml:"eastAsia,attr"`
			} `xml:"rPr>rFonts"`
			Size struct {
				Val int `xml:"val,attr"`
			} `xml:"rPr>sz"`
			Text string `xml:"t"`
		} `xml:"r"`
	} `xml:"body>p"`
	Sect struct {
		PgSz struct {
			W int `xml:"w,attr"`
			H int `xml:"h,attr"`
		} `xml:"pgSz"`
		PgMar struct {
			Top    int `xml:"top,attr"`
			Bottom int `xml:"bottom,attr"`
			Left   int `xml:"left,attr"`
			Right  int `xml:"right,attr"`
		} `xml:"pgMar"`
	} `xml:"body>sectPr"`
}

type wordPara struct {
	text, font string
	size       int
	align      string
}

func readDocx(t *testing.T, data []byte) (wordDoc, []wordPara) {
	t.Helper()
	var d wordDoc
	if err := xml.Unmarshal(docxPart(t, data, "word/document.xml"), &d); err != nil {
		t.Fatalf("document.xml: %v", err)
	}
	var ps []wordPara
	for _, p := range d.Paras {
		wp := wordPara{align: p.Align.Val}
		for _, r := range p.Runs {
			wp.text += r.Text
			wp.font, wp.size = r.Font.EastAsia, r.Size.Val
		}
		ps = append(ps, wp)
	}
	return d, ps
}

// mm converts millimetres to twips, rounded.
func mm(v float64) int { return int(v*1440/25.4 + 0.5) }

func TestDocxBulletinLayout(t *testing.T) {
	s := snapWith(t)
	rows := rowsOf(s)
	o := zhOpts()
	o.Number = "株督通〔2019〕6号"
	o.Since = asOf.AddDate(0, -1, 0)
	d, ps := readDocx(t, exportBytes(t, "docx", s, rows, o))

	if d.Sect.PgSz.W != mm(210) || d.Sect.PgSz.H != mm(297) {
		t.Errorf("page %d×%d twips, want A4 %d×%d", d.Sect.PgSz.W, d.Sect.PgSz.H, mm(210), mm(297))
	}
	m := d.Sect.PgMar
	if m.Top != mm(37) || m.Bottom != mm(35) || m.Left != mm(28) || m.Right != mm(26) {
		t.Errorf("margins %+v, want top 37 bottom 35 left 28 right 26 mm", m)
	}
	// Title in 小标宋 二号 (22 pt), centred.
	var title *wordPara
	for i := range ps {
		if strings.HasSuffix(ps[i].text, "推进情况通报") {
			title = &ps[i]
			break
		}
	}
	if title == nil || title.font != "方正小标宋简体" || title.size != 44 || title.align != "center" {
		t.Fatalf("title paragraph %+v, want 方正小标宋简体 44 half-points centred", title)
	}
	// Level-1 sections 一、二、… in 黑体, in order; level-2 in 楷体; body 仿宋 三号.
	want := []string{"一、总体情况", "二、各牵头单位推进情况（红黑榜）", "三、欠进度任务", "四、未按期填报任务", "五、督办事项", "六、", "七、下一步工作要求"}
	var h1 []string
	var body, h2 int
	for _, p := range ps {
		switch p.font {
		case "黑体":
			if p.text != "演示数据" {
				h1 = append(h1, p.text)
			}
		case "楷体_GB2312":
			h2++
			if !strings.HasPrefix(p.text, "（") {
				t.Errorf("level-2 heading %q without （一）", p.text)
			}
		case "仿宋_GB2312":
			body++
			if p.size != 32 {
				t.Errorf("body paragraph %q at %d half-points, want 32 (三号)", p.text, p.size)
			}
		}
	}
	if len(h1) != len(want) {
		t.Fatalf("level-1 headings %q, want %d", h1, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(h1[i], w) {
			t.Errorf("heading %d is %q, want %q…", i+1, h1[i], w)
		}
	}
	if h2 < 2 || body < 5 {
		t.Errorf("%d level-2 headings and %d body paragraphs", h2, body)
	}
	if !strings.Contains(string(docxPart(t, exportBytes(t, "docx", s, rows, o), "word/footer1.xml")), "PAGE") {
		t.Error("footer has no page number field")
	}
	if ps[0].text != o.Number && ps[1].text != o.Number {
		t.Errorf("文号 %q not at the head", o.Number)
	}
}

// The figures of the docx, md and html bulletins equal the JSON export's.
func TestBulletinFiguresEqualJSON(t *testing.T) {
	s := snapWith(t)
	rows := rowsOf(s)
	var doc struct {
		Tasks []struct {
			ID           string       `json:"id"`
			Progress     *json.Number `json:"progress"`
			TimeProgress json.Number  `json:"time_progress"`
			Status       model.Status `json:"status"`
		} `json:"tasks"`
	}
	if err := json.Unmarshal(exportBytes(t, "json", s, rows, zhOpts()), &doc); err != nil {
		t.Fatal(err)
	}
	n := map[model.Status]int{}
	for _, x := range doc.Tasks {
		n[x.Status]++
	}
	if n[model.StatusBehind] == 0 || n[model.StatusAtRisk] == 0 || n[model.StatusDone] == 0 {
		t.Fatalf("fixture lacks statuses: %v", n)
	}
	total := len(doc.Tasks)
	behind := n[model.StatusBehind] + n[model.StatusAtRisk]
	texts := bulletinTexts(t, s, rows)
	for f, text := range texts {
		for _, w := range []string{
			"共 " + strconv.Itoa(total) + " 项",
			"已完成 " + strconv.Itoa(n[model.StatusDone]) + " 项（" + share(n[model.StatusDone], total) + "）",
			"欠进度 " + strconv.Itoa(behind) + " 项（" + share(behind, total) + "）",
			"未填报 " + strconv.Itoa(n[model.StatusNoReport]) + " 项",
			"欠进度任务（" + strconv.Itoa(behind) + " 项）",
		} {
			if !strings.Contains(text, w) {
				t.Errorf("%s does not state %q", f, w)
			}
		}
	}
	// Every lagging task's 完成率 and 序时进度 as the JSON has them.
	for _, x := range doc.Tasks {
		if x.Status != model.StatusBehind && x.Status != model.StatusAtRisk {
			continue
		}
		var line string
		for _, l := range strings.Split(texts["docx"], "\n") {
			if strings.Contains(l, x.ID+" ") {
				line = l
				break
			}
		}
		if line == "" {
			t.Errorf("docx does not list lagging task %s", x.ID)
			continue
		}
		if x.Progress != nil {
			if p := model.PercentText(decimal.RequireFromString(x.Progress.String())); !strings.Contains(line, p) {
				t.Errorf("task %s: docx line %q lacks 完成率 %s%%", x.ID, line, p)
			}
		}
		// Rate targets (增长) are not paced by the calendar and state no 序时进度.
		if tp := model.PercentText(decimal.RequireFromString(x.TimeProgress.String())); strings.Contains(line, "序时进度") && !strings.Contains(line, "序时进度 "+tp) {
			t.Errorf("task %s: docx line %q lacks 序时进度 %s%%", x.ID, line, tp)
		}
	}
}

func TestCNNum(t *testing.T) {
	for n, w := range map[int]string{1: "一", 9: "九", 10: "十", 12: "十二", 20: "二十", 23: "二十三"} {
		if g := cnNum(n); g != w {
			t.Errorf("cnNum(%d) = %q, want %q", n, g, w)
		}
	}
}

// Open 督办 items are a section of the bulletin in every format, each with
// its department, the supervisor's comment and the reply-by date.
func TestBulletinListsOpenUrges(t *testing.T) {
	s := snapWith(t)
	for i := range s.Tasks {
		if s.Tasks[i].ID == "5.3.05" {
			s.Tasks[i].Urged = &model.Urge{By: "李督查", At: asOf, Comment: "请说明进度滞后原因",
				ReplyBy: asOf.AddDate(0, 0, 7)}
		}
	}
	rows := rowsOf(s)
	texts := bulletinTexts(t, s, rows)
	for f, text := range texts {
		for _, w := range []string{"五、督办事项（1 项）", "5.3.05 ", "李督查 于 2019-06-30 督办：请说明进度滞后原因；限 2019-07-07 前回复。"} {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q", f, w)
			}
		}
	}
}

// bulletinTexts is the 通报 of rows as docx (its paragraphs' text), md and
// html, by format.
func bulletinTexts(t *testing.T, s *model.Snapshot, rows []model.Row) map[string]string {
	t.Helper()
	_, ps := readDocx(t, exportBytes(t, "docx", s, rows, zhOpts()))
	var docx strings.Builder
	for _, p := range ps {
		docx.WriteString(p.text + "\n")
	}
	return map[string]string{
		"docx": docx.String(),
		"md":   string(exportBytes(t, "md", s, rows, zhOpts())),
		"html": string(exportBytes(t, "html", s, rows, zhOpts())),
	}
}
