package model

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"duban/i18n"
)

// TestErrorKeysCatalogued: every i18n key this package raises has a
// sentence in both languages, so no user ever sees a bare key.
func TestErrorKeysCatalogued(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	keyRE := regexp.MustCompile(`i18n\.E\("([^"]+)"`)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(src), -1) {
			n++
			key := m[1]
			if !i18n.Has(key) {
				t.Errorf("%s: key %q is not in the i18n catalog", f, key)
				continue
			}
			if zh, en := i18n.Zh.T(key), i18n.En.T(key); zh == en || zh == "" || en == "" {
				t.Errorf("%s: key %q: zh %q, en %q", f, key, zh, en)
			}
		}
	}
	if n < 20 {
		t.Errorf("found only %d keys; is the pattern still right?", n)
	}
}
