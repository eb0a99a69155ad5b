package store

import (
	"errors"
	"testing"

	"duban/i18n"
	"duban/model"
)

// A plan record without settings (every file written before them) reads
// as the defaults; one with some keys takes the defaults for the rest.
func TestDecodePlanSettings(t *testing.T) {
	old := []byte(`{"id":"p","title":"t","start":"2019-01-01","end":"2019-12-31","threshold":15,"cycle_months":1}`)
	p, err := decodePlan(old)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Settings.IsZero() {
		t.Errorf("old record: settings %+v", p.Settings)
	}
	if v, _ := p.Setting(model.SetAhead); v != "15" {
		t.Errorf("old record: 超进度 %s, want the threshold 15", v)
	}
	some := []byte(`{"id":"p","title":"t","start":"2019-01-01","end":"2019-12-31","threshold":10,"cycle_months":1,"settings":{"score.on_track":"85","tolerance.rate":"0.3"}}`)
	if p, err = decodePlan(some); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{model.SetScoreOnTrack: "85", model.SetTolRate: "0.3", model.SetScoreDone: "100", model.SetTolAmount: "2", model.SetAhead: "10", model.SetLagQuarterly: "20"}
	for k, w := range want {
		if v, _ := p.Setting(k); v != w {
			t.Errorf("%s = %s, want %s", k, v, w)
		}
	}
	for _, bad := range []string{`{"score.on_track":"x"}`, `{"nosuch":"1"}`, `{"score.done":"50"}`} {
		rec := []byte(`{"id":"p","title":"t","start":"2019-01-01","end":"2019-12-31","threshold":10,"cycle_months":1,"settings":` + bad + `}`)
		if _, err := decodePlan(rec); err == nil {
			t.Errorf("settings %s read without an error", bad)
		}
	}
}

// SetPlanSettings persists, re-encodes to the same record, and refuses
// bad values and archived plans without writing.
func TestSetPlanSettings(t *testing.T) {
	s := openTest(t)
	id := s.CurrentPlan()
	p, err := s.SetPlanSettings(testActor, id, [][2]string{{model.SetScoreBehind, "60"}, {model.SetTolAmount, "1.5"}})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range model.SettingKeys {
		a, _ := p.Setting(k)
		b, _ := snap.Plan.Setting(k)
		if a != b {
			t.Errorf("%s: set %s, read back %s", k, a, b)
		}
	}
	if v, _ := snap.Plan.Setting(model.SetTolAmount); v != "1.5" {
		t.Errorf("tolerance.amount read back %s", v)
	}
	audit := len(mustAudit(t, s))
	if _, err := s.SetPlanSettings(testActor, id, [][2]string{{model.SetScoreBehind, "95"}}); !errors.Is(err, i18n.E("err.plan.setting.scores")) {
		t.Errorf("rising scores: %v", err)
	}
	if err := s.ArchivePlan(testActor, id); err != nil {
		t.Fatal(err)
	}
	audit++
	if _, err := s.SetPlanSettings(testActor, id, [][2]string{{model.SetAhead, "5"}}); !errors.Is(err, ErrArchived) {
		t.Errorf("archived plan: %v", err)
	}
	if n := len(mustAudit(t, s)); n != audit {
		t.Errorf("refused changes were audited: %d entries, want %d", n, audit)
	}
	snap2, _ := s.Snapshot()
	if v, _ := snap2.Plan.Setting(model.SetScoreBehind); v != "60" {
		t.Errorf("score.behind %s after refusals", v)
	}
}

func mustAudit(t *testing.T, s *Store) []model.AuditEntry {
	t.Helper()
	a, err := s.Audit("")
	if err != nil {
		t.Fatal(err)
	}
	return a
}
