package draft

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixtures drafts three invented report excerpts, labelled by hand
// (testdata/*.labels: kind, target, unit, qualifier and a part of the
// source of every task a reader would draft), and wants exactly the
// labelled rows.
func TestFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) < 3 {
		t.Fatalf("fixtures: %v", files)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lab, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".labels")
			if err != nil {
				t.Fatal(err)
			}
			rows := Draft(string(raw), DefaultLeads)
			used := make([]bool, len(rows))
			n := 0
			for _, ln := range strings.Split(strings.TrimSpace(string(lab)), "\n") {
				if strings.HasPrefix(ln, "#") {
					continue
				}
				n++
				c := strings.Split(ln, "\t")
				found := false
				for i, r := range rows {
					if !used[i] && r.Kind == c[0] && r.Target == c[1] && r.Unit == c[2] && r.Qualifier == c[3] &&
						strings.Contains(r.Source, c[4]) {
						used[i], found = true, true
						break
					}
				}
				if !found {
					t.Errorf("not drafted: %s", ln)
				}
			}
			for i, r := range rows {
				if !used[i] {
					t.Errorf("drafted but not labelled: %s %s %s%s%s %s", r.ID, r.Kind, r.Qualifier, r.Target, r.Unit, r.Source)
				}
			}
			if len(rows) != n {
				t.Errorf("%d rows, %d labels", len(rows), n)
			}
		})
	}
}
