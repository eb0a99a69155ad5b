package model

import (
	"reflect"
	"testing"
)

// TestStatedSettings: a plan file states the settings off their defaults
// (ahead's default following the threshold), and reading them back onto
// any plan gives every setting as it was.
func TestStatedSettings(t *testing.T) {
	base := Plan{ID: "p"}
	other, err := base.SetSettings([][2]string{{SetTolAmount, "5"}, {SetCycle, "3"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		set  [][2]string
		want [][2]string
	}{
		{nil, nil},
		{[][2]string{{SetThreshold, "15"}}, [][2]string{{SetThreshold, "15"}}}, // ahead follows it: not stated
		{[][2]string{{SetThreshold, "15"}, {SetAhead, "15"}}, [][2]string{{SetThreshold, "15"}}},
		{[][2]string{{SetAhead, "8"}, {SetTolRate, "0.30"}}, [][2]string{{SetAhead, "8"}, {SetTolRate, "0.3"}}},
		{[][2]string{{SetTolRate, "0.5"}, {SetScoreBehind, "60"}}, [][2]string{{SetScoreBehind, "60"}}},
	} {
		p, err := base.SetSettings(c.set)
		if err != nil {
			t.Fatal(err)
		}
		got := p.StatedSettings()
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v: stated %v, want %v", c.set, got, c.want)
		}
		if len(got) == 0 {
			continue
		}
		back, err := other.WithStatedSettings(got)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range SettingKeys {
			g, _ := back.Setting(k)
			w, _ := p.Setting(k)
			if g != w {
				t.Errorf("%v: %s read back %s, want %s", c.set, k, g, w)
			}
		}
	}
	// Stating none keeps a plan's own; a bad one leaves it unchanged.
	if q, _ := other.WithStatedSettings(nil); !reflect.DeepEqual(q, other) {
		t.Errorf("no settings stated: %+v", q)
	}
	if q, err := other.WithStatedSettings([][2]string{{SetAhead, "0"}}); err == nil || !reflect.DeepEqual(q, other) {
		t.Errorf("a bad setting: %v, %+v", err, q)
	}
}
