package report

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// writeBook writes workbook f to w with its parts in one fixed order, so
// the same data gives the same bytes every time (`ssh … export --format
// xlsx` and the local command agree byte for byte). excelize writes the
// worksheets in the order of a map whose seed differs from one workbook to
// the next; here the parts are copied as they are compressed, without
// inflating them again, sorted by name ([Content_Types].xml first).
func writeBook(w io.Writer, f *excelize.File) error {
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return err
	}
	parts := slices.Clone(zr.File)
	slices.SortFunc(parts, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	zw := zip.NewWriter(w)
	for _, p := range parts {
		r, err := p.OpenRaw()
		if err != nil {
			return err
		}
		pw, err := zw.CreateRaw(&p.FileHeader)
		if err != nil {
			return err
		}
		if _, err := io.Copy(pw, r); err != nil {
			return err
		}
	}
	return zw.Close()
}
