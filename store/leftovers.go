package store

import (
	"os"
	"path/filepath"
	"regexp"
)

// leftoverRE matches the temporary files duban makes beside a file named
// base: .base.new-N (creating a database) and .base.tmp-N (a backup or
// export written to base), N being os.CreateTemp's decimal suffix. Nothing
// else is ever removed: a file is a leftover only by this exact name.
func leftoverRE(base string) *regexp.Regexp {
	return regexp.MustCompile(`^\.` + regexp.QuoteMeta(base) + `\.(new|tmp)-[0-9]+$`)
}

// removeLeftovers removes the temporary files a killed run left beside
// path, once the store holds path's lock. A temporary file still locked by
// the process writing it is kept.
func removeLeftovers(path string) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	re := leftoverRE(base)
	for _, e := range ents {
		if !e.Type().IsRegular() || !re.MatchString(e.Name()) {
			continue
		}
		name := filepath.Join(dir, e.Name())
		if unused(name) {
			_ = os.Remove(name)
		}
	}
}
