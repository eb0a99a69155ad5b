package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"duban/i18n"
)

// bbolt's own refusals are said in Chinese inside the Chinese sentence
// (issue 15 §7: "file size too small 4096").
func TestBoltErrorsTranslated(t *testing.T) {
	s := openTest(t)
	path := s.Path()
	s.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"one page", b[:4096], "文件只有 4096 字节"},
		{"meta damaged", func() []byte {
			c := append([]byte{}, b...)
			c[pageHeaderSize+56] ^= 1 // both meta pages' checksums
			c[4096+pageHeaderSize+56] ^= 1
			return c
		}(), "元数据页校验和不符"},
	} {
		p := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".db")
		if err := os.WriteFile(p, c.data, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Open(p, Options{ReadOnly: true})
		msg := i18n.Message(i18n.Zh, err)
		if err == nil || !strings.Contains(msg, c.want) {
			t.Errorf("%s: %q, want %q", c.name, msg, c.want)
		}
		if strings.Contains(msg, "file size") || strings.Contains(msg, "invalid") || strings.Contains(msg, "checksum") {
			t.Errorf("%s: English inside the Chinese sentence: %q", c.name, msg)
		}
	}
}
