package report

import (
	"encoding/json"
	"strings"
	"testing"

	"duban/i18n"
)

// Every export that is passed on states the audit chain head its data was
// read at (sequence and hash), so a distributed 通报 pins the history that
// duban check --anchor verifies later; a file without audit entries states
// none. The csv 明细 stays a bare table.
func TestExportsStateChainHead(t *testing.T) {
	s := snapWith(t)
	rows := rowsOf(s)
	hash := strings.Repeat("0123456789abcdef", 4)
	for _, seq := range []uint64{0, 1234} {
		s.HeadSeq, s.HeadHash = seq, hash
		want := i18n.Zh.T("report.head", seq, hash)
		texts := bulletinTexts(t, s, rows)
		f := openXLSX(t, exportBytes(t, "xlsx", s, rows, zhOpts()))
		cells, err := f.GetRows("汇总")
		if err != nil {
			t.Fatal(err)
		}
		var sheet strings.Builder
		for _, r := range cells {
			sheet.WriteString(strings.Join(r, " ") + "\n")
		}
		texts["xlsx"] = sheet.String()
		for format, text := range texts {
			if has := strings.Contains(text, want); has != (seq > 0) {
				t.Errorf("head %d: %s states it: %v", seq, format, has)
			}
		}
		var doc struct {
			Head *struct {
				Seq  uint64
				Hash string
			} `json:"audit_head"`
		}
		if err := json.Unmarshal(exportBytes(t, "json", s, rows, zhOpts()), &doc); err != nil {
			t.Fatal(err)
		}
		if seq == 0 && doc.Head != nil || seq > 0 && (doc.Head == nil || doc.Head.Seq != seq || doc.Head.Hash != hash) {
			t.Errorf("head %d: json audit_head %+v", seq, doc.Head)
		}
	}
}
