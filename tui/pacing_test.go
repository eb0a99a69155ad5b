package tui

import (
	"fmt"
	"strings"
	"testing"
)

// pacingFake is the fake backend that can also set a task's pacing.
type pacingFake struct{ *fakeBackend }

func (f pacingFake) SetPacing(taskID, pacing, release string) error {
	by := f.actorName()
	return f.change(fmt.Sprintf("pacing %s %s %s %s", taskID, pacing, release, by), func() error {
		i, err := f.task(taskID)
		if err != nil {
			return err
		}
		f.snap.Tasks[i].Pacing, f.snap.Tasks[i].Release = pacing, release
		f.snap.Tasks[i].Rev++
		return nil
	})
}

// TestAdminPacing: e on a task's detail also sets its pacing profile and
// release cadence; an invalid profile is refused in the dialog.
func TestAdminPacing(t *testing.T) {
	fb := &fakeBackend{snap: fixtureSnapshot(t)}
	m := modelAs(t, pacingFake{fb}, "")
	m = goTo(t, m, "5.3.05")
	m = press(t, m, "enter", "ctrl+o")
	if m.screen != screenDialog || m.dialog().kind != dlgDepts || len(m.dialog().fields) != 4 {
		t.Fatalf("ctrl+o: %v, %d fields (%q)", m.screen, len(m.dialog().fields), m.status)
	}
	m = press(t, m, "tab", "tab", "ctrl+u", "text:weekly", "enter")
	if !strings.Contains(m.dialog().err, "序时进度方式") || m.dialog().focus != 2 {
		t.Errorf("bad pacing: %q, focus %d", m.dialog().err, m.dialog().focus)
	}
	m = press(t, m, "ctrl+u", "text:nodes:开工@05-31=30;竣工@12-31=100")
	m = pressRun(t, m, "enter")
	if got := fb.lastCall(); got != "pacing 5.3.05 nodes:开工@05-31=30;竣工@12-31=100  测试员" {
		t.Fatalf("call %q", got)
	}
	if out := plain(m); !strings.Contains(out, "节点计划：开工 05-31 30%") {
		t.Errorf("the detail lacks the node plan:\n%s", out)
	}
}
