package report

// The .docx 通报, laid out in the official document format of GB/T
// 9704-2012 (党政机关公文格式). No maintained Go docx library in the
// project's dependency list covers page setup, footers with page fields
// and East Asian fonts together, so this file writes the few
// WordprocessingML parts by hand with encoding/xml escaping and
// archive/zip: [Content_Types].xml, the package and document
// relationships, word/document.xml and word/footer1.xml.
//
// Layout (twips: 1 mm = 56.7): A4 11906×16838; margins top 37 mm (2098),
// bottom 35 mm (1984), left 28 mm (1587), right 26 mm (1474); body 仿宋
// 三号 (16 pt) on a 22-line grid (exact line pitch 579 twips ≈ 28.9 pt),
// about 28 characters a line; title 小标宋 二号 (22 pt); level-1 headings
// 黑体, level-2 楷体; the page number "— N —" in 宋体 四号 at the foot.

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"duban/model"
)

// Page geometry and fonts of the docx 通报, in twips and half-points.
const (
	docxPageW, docxPageH                  = 11906, 16838
	docxTop, docxBottom                   = 2098, 1984
	docxLeft, docxRight                   = 1587, 1474
	docxLinePitch                         = 579 // (297-37-35) mm / 22 lines
	docxBodySize, docxTitleSize           = 32, 44
	docxFooterSize                        = 28
	fontTitle, fontBody, fontHei, fontKai = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
	fontSong                              = "宋体"
	docxRankLen                           = 5 // departments on each of the 红榜 and 黑榜
)

// docxFallback names the font a machine without the official fonts uses.
var docxFallback = map[string]string{
	fontTitle: "华文中宋", fontBody: "仿宋", fontKai: "楷体", fontHei: "SimHei", fontSong: "SimSun",
}

type docxDoc struct{ b strings.Builder }

func xmlText(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func runProps(font string, size int, bold bool) string {
	p := `<w:rPr><w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `" w:eastAsia="` + font + `" w:cs="` + font + `"/>`
	if bold {
		p += `<w:b/>`
	}
	return p + `<w:sz w:val="` + itoa(size) + `"/><w:szCs w:val="` + itoa(size) + `"/></w:rPr>`
}

// para writes one paragraph: align "" (justified), "center" or "right";
// indent the first line by two characters for body text.
func (d *docxDoc) para(text, font string, size int, align string, indent bool) {
	d.b.WriteString(`<w:p><w:pPr>`)
	d.b.WriteString(`<w:spacing w:line="` + itoa(docxLinePitch) + `" w:lineRule="exact" w:before="0" w:after="0"/>`)
	if indent {
		d.b.WriteString(`<w:ind w:firstLineChars="200" w:firstLine="640"/>`)
	}
	if align == "" {
		align = "both"
	}
	d.b.WriteString(`<w:jc w:val="` + align + `"/>`)
	d.b.WriteString(`</w:pPr><w:r>` + runProps(font, size, false) + `<w:t xml:space="preserve">` + xmlText(text) + `</w:t></w:r></w:p>`)
}

func (d *docxDoc) body(s string) { d.para(s, fontBody, docxBodySize, "", true) }
func (d *docxDoc) h1(s string)   { d.para(s, fontHei, docxBodySize, "", true) }
func (d *docxDoc) h2(s string)   { d.para(s, fontKai, docxBodySize, "", true) }
func (d *docxDoc) blank()        { d.para("", fontBody, docxBodySize, "", false) }
func itoa(n int) string          { return strconv.Itoa(n) }

func writeDocx(w io.Writer, snap *model.Snapshot, rows []model.Row, o Options) error {
	l := o.Lang
	b := newBulletin(snap, rows, o)
	var d docxDoc
	if snap.Plan.Demo {
		d.para(l.T("report.demo"), fontHei, docxBodySize, "center", false)
	}
	if b.Number != "" {
		d.para(b.Number, fontBody, docxBodySize, "center", false)
		d.blank()
	}
	d.para(b.Title, fontTitle, docxTitleSize, "center", false)
	d.blank()
	d.body(b.Subtitle)
	for i, name := range b.sections() {
		d.h1(b.heading(l, i, name))
		switch name {
		case "overall":
			d.body(b.Overall)
		case "ranking":
			// 红榜: the best departments; 黑榜: the worst, worst first.
			// Only scored departments are ranked (model.RedBlack's rule: a
			// department whose figures are all unpublished is on neither list).
			var scored []rankRow
			for _, r := range b.Ranking {
				if r.Score.Valid {
					scored = append(scored, r)
				}
			}
			red, black := scored, []rankRow(nil)
			if n := len(scored); n > 1 {
				k := min(docxRankLen, n/2)
				red, black = scored[:k], scored[n-k:]
			}
			d.h2(subsection(l, 1, l.T("report.bul.h.red")))
			for _, r := range red {
				d.body(b.rankLine(l, r))
			}
			if len(black) > 0 {
				d.h2(subsection(l, 2, l.T("report.bul.h.black")))
				for j := len(black) - 1; j >= 0; j-- {
					d.body(b.rankLine(l, black[j]))
				}
			}
		case "lagging":
			if len(b.Lagging) == 0 {
				d.body(l.T("report.bul.none"))
			}
			for j, r := range b.Lagging {
				d.body(itoa(j+1) + l.T("report.bul.enum") + lagSentence(l, r, func(s string) string { return s }, ""))
			}
		case "unreported":
			if len(b.Unreported) == 0 {
				d.body(l.T("report.bul.none"))
			}
			for _, u := range b.Unreported {
				d.body(l.T("report.md.unreported.dept", u.name, len(u.ids), strings.Join(u.ids, l.T("report.listsep"))))
			}
		case "urged":
			for _, line := range b.urgedLines(l) {
				d.body(line)
			}
		case "changes":
			for j, g := range b.changes() {
				d.h2(subsection(l, j+1, l.T(g.key, len(g.rows))))
				if len(g.rows) == 0 {
					d.body(l.T("report.bul.none"))
				}
				for _, r := range g.rows {
					d.body(changeLine(l, r))
				}
			}
		case "closing":
			d.body(b.Closing)
		}
	}
	d.blank()
	d.blank()
	d.para(b.Issuer, fontBody, docxBodySize, "right", false)
	d.para(b.Date, fontBody, docxBodySize, "right", false)
	if b.Head != "" {
		d.blank()
		d.para(b.Head, fontBody, docxFooterSize, "left", false) // not justified: the hash is one long word
	}

	doc := xml.Header + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>` +
		d.b.String() +
		`<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/>` +
		`<w:pgSz w:w="` + itoa(docxPageW) + `" w:h="` + itoa(docxPageH) + `"/>` +
		`<w:pgMar w:top="` + itoa(docxTop) + `" w:right="` + itoa(docxRight) + `" w:bottom="` + itoa(docxBottom) + `" w:left="` + itoa(docxLeft) + `" w:header="851" w:footer="992" w:gutter="0"/>` +
		`<w:docGrid w:type="lines" w:linePitch="` + itoa(docxLinePitch) + `"/></w:sectPr></w:body></w:document>`
	rp := runProps(fontSong, docxFooterSize, false)
	footer := xml.Header + `<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
		`<w:r>` + rp + `<w:t xml:space="preserve">— </w:t></w:r>` +
		`<w:r>` + rp + `<w:fldChar w:fldCharType="begin"/></w:r><w:r>` + rp + `<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
		`<w:r>` + rp + `<w:fldChar w:fldCharType="separate"/></w:r><w:r>` + rp + `<w:t>1</w:t></w:r><w:r>` + rp + `<w:fldChar w:fldCharType="end"/></w:r>` +
		`<w:r>` + rp + `<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`
	var fonts strings.Builder
	fonts.WriteString(xml.Header + `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">`)
	for _, f := range []string{fontTitle, fontBody, fontHei, fontKai, fontSong} {
		fonts.WriteString(`<w:font w:name="` + f + `"><w:altName w:val="` + docxFallback[f] + `"/><w:charset w:val="86"/></w:font>`)
	}
	fonts.WriteString(`</w:fonts>`)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
			`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/></Types>`},
		{"_rels/.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/_rels/document.xml.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
			`<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/></Relationships>`},
		{"word/document.xml", doc},
		{"word/footer1.xml", footer},
		{"word/fontTable.xml", fonts.String()},
	}
	zw := zip.NewWriter(w)
	for _, p := range parts {
		f, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return err
		}
	}
	return zw.Close()
}
