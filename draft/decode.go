package draft

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// ErrUnreadable is returned when a file is neither a .docx nor text in
// UTF-8, UTF-16 (with a byte order mark) or GBK/GB18030.
var ErrUnreadable = errors.New("draft: unreadable report")

// Decode turns the bytes of a report file into text. A .docx (a zip
// holding word/document.xml) gives one line per Word paragraph; text is
// read as UTF-8 when valid, as UTF-16 when it starts with a byte order
// mark, and otherwise as GB18030 (a superset of GBK and GB2312).
func Decode(b []byte) (string, error) {
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return decodeDocx(b)
	}
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		d := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		out, err := d.Bytes(b)
		if err != nil {
			return "", ErrUnreadable
		}
		return string(out), nil
	}
	if utf8.Valid(b) {
		return string(b), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	// GB18030 maps every byte sequence somewhere; bytes it cannot read
	// become U+FFFD, and a NUL means binary data.
	if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) || bytes.IndexByte(out, 0) >= 0 {
		return "", ErrUnreadable
	}
	return string(out), nil
}

// decodeDocx reads the paragraphs of word/document.xml: the text runs
// (w:t) of each w:p, tabs as spaces, one paragraph per line.
func decodeDocx(b []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "", ErrUnreadable
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return "", ErrUnreadable
		}
		defer rc.Close()
		var sb strings.Builder
		dec := xml.NewDecoder(io.LimitReader(rc, 64<<20))
		inText := false
		for {
			tok, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return "", ErrUnreadable
			}
			switch t := tok.(type) {
			case xml.StartElement:
				switch t.Name.Local {
				case "t":
					inText = true
				case "tab":
					sb.WriteByte(' ')
				}
			case xml.EndElement:
				switch t.Name.Local {
				case "t":
					inText = false
				case "p":
					sb.WriteString("\n\n")
				}
			case xml.CharData:
				if inText {
					sb.Write(t)
				}
			}
		}
		return sb.String(), nil
	}
	return "", ErrUnreadable
}
