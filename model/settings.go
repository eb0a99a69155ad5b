package model

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"duban/i18n"
)

// Settings are a plan's judgement settings beside Threshold and
// CycleMonths: how far ahead is 超进度, how wide a 左右 band is, the
// ranking score of each status and the release lag of statistics whose
// cadence names no lag. Every judgement reads them through the plan
// (status, ranking, bulletin categories).
//
// The zero Settings stands for the defaults (DefaultSettings), so a plan
// built without them, or read from a file written before they existed,
// judges as duban always has. Any Settings that CheckSettings accepts is
// non-zero (Ahead and Scores.Done are at least 1).
type Settings struct {
	Ahead        int             // 超进度: points ahead of 序时进度
	TolRate      decimal.Decimal // half-width of a 左右 band on a rate (% or 个百分点), in percentage points
	TolAmount    decimal.Decimal // half-width of a 左右 band on any other figure, in percent of the figure
	Scores       Scores          // ranking score of a task by its standing
	LagMonthly   int             // days after a month's end its statistics are out ("monthly" without +N)
	LagQuarterly int             // days after a quarter's end ("quarterly" without +N)
}

// Scores are the 考核 points of a task by its standing, averaged per lead
// department for the ranking. They never increase from Done to NoReport.
type Scores struct {
	Done     int // 已完成, and 超进度
	OnTrack  int // 正常 (达进度)
	Behind   int // 滞后
	AtRisk   int // 严重滞后
	NoReport int // 未填报
}

// Default judgement settings.
const (
	DefaultTolRate      = "0.5" // percentage points
	DefaultTolAmount    = "2"   // percent of the figure
	DefaultLagMonthly   = 15
	DefaultLagQuarterly = 20
)

var (
	defaultTolRate   = decimal.RequireFromString(DefaultTolRate)
	defaultTolAmount = decimal.RequireFromString(DefaultTolAmount)
)

// DefaultSettings are the settings of a plan that sets none; 超进度 is
// the plan's threshold (threshold) ahead of schedule.
func DefaultSettings(threshold int) Settings {
	if threshold <= 0 {
		threshold = DefaultThreshold
	}
	return Settings{
		Ahead:     threshold,
		TolRate:   defaultTolRate,
		TolAmount: defaultTolAmount,
		Scores: Scores{Done: ScoreDone, OnTrack: ScoreOnTrack, Behind: ScoreBehind,
			AtRisk: ScoreAtRisk, NoReport: ScoreNoReport},
		LagMonthly:   DefaultLagMonthly,
		LagQuarterly: DefaultLagQuarterly,
	}
}

// IsZero reports whether s is the zero Settings, which stands for the
// defaults.
func (s Settings) IsZero() bool { return s.Ahead == 0 && s.Scores.Done == 0 }

// Judgement returns the settings the plan judges by: its own, or the
// defaults when it has none.
func (p Plan) Judgement() Settings {
	if p.Settings.IsZero() {
		return DefaultSettings(p.Threshold)
	}
	return p.Settings
}

// The keys of `duban plan set`, in the order `duban plan show` lists them.
const (
	SetThreshold    = "threshold"
	SetCycle        = "cycle"
	SetAhead        = "ahead"
	SetTolRate      = "tolerance.rate"
	SetTolAmount    = "tolerance.amount"
	SetScoreDone    = "score.done"
	SetScoreOnTrack = "score.on_track"
	SetScoreBehind  = "score.behind"
	SetScoreAtRisk  = "score.at_risk"
	SetScoreNone    = "score.no_report"
	SetLagMonthly   = "release.monthly"
	SetLagQuarterly = "release.quarterly"
)

// SettingKeys lists every plan setting key.
var SettingKeys = []string{SetThreshold, SetCycle, SetAhead, SetTolRate, SetTolAmount,
	SetScoreDone, SetScoreOnTrack, SetScoreBehind, SetScoreAtRisk, SetScoreNone,
	SetLagMonthly, SetLagQuarterly}

// Setting returns the plan's value of setting key in its text form, and
// whether the key is known.
func (p Plan) Setting(key string) (string, bool) {
	s := p.Judgement()
	itoa := strconv.Itoa
	switch key {
	case SetThreshold:
		return itoa(p.threshold()), true
	case SetCycle:
		return itoa(p.cycle()), true
	case SetAhead:
		return itoa(s.Ahead), true
	case SetTolRate:
		return s.TolRate.String(), true
	case SetTolAmount:
		return s.TolAmount.String(), true
	case SetScoreDone:
		return itoa(s.Scores.Done), true
	case SetScoreOnTrack:
		return itoa(s.Scores.OnTrack), true
	case SetScoreBehind:
		return itoa(s.Scores.Behind), true
	case SetScoreAtRisk:
		return itoa(s.Scores.AtRisk), true
	case SetScoreNone:
		return itoa(s.Scores.NoReport), true
	case SetLagMonthly:
		return itoa(s.LagMonthly), true
	case SetLagQuarterly:
		return itoa(s.LagQuarterly), true
	}
	return "", false
}

// Settable ranges: whole numbers for points, months and days; decimals
// for the tolerances.
var settingRange = map[string][2]int64{
	SetThreshold: {1, 100}, SetCycle: {1, 12}, SetAhead: {1, 100},
	SetTolRate: {0, 10}, SetTolAmount: {0, 50},
	SetScoreDone: {1, 100}, SetScoreOnTrack: {0, 100}, SetScoreBehind: {0, 100},
	SetScoreAtRisk: {0, 100}, SetScoreNone: {0, 100},
	SetLagMonthly: {0, 90}, SetLagQuarterly: {0, 90},
}

// SetSettings returns the plan with each setting of kv (key, value in
// text form, as `duban plan set KEY VALUE …` takes them) set, the values
// checked together (so the scores may be moved in one go), or a
// one-sentence error naming the key and what it accepts; the plan is
// unchanged then.
func (p Plan) SetSettings(kv [][2]string) (Plan, error) {
	q := p
	q.Threshold, q.CycleMonths = p.threshold(), p.cycle()
	s := p.Judgement()
	touched := false // a key of Settings (not Threshold or CycleMonths) is set
	for _, x := range kv {
		key, value := x[0], x[1]
		rg, ok := settingRange[key]
		if !ok {
			return p, i18n.E("err.plan.setting.key", key, strings.Join(SettingKeys, ", "))
		}
		value = strings.TrimSpace(fullWidth.Replace(value))
		bad := func() (Plan, error) { return p, i18n.E("err.plan.setting.value", key, value, rg[0], rg[1]) }
		var n int
		var d decimal.Decimal
		if key == SetTolRate || key == SetTolAmount {
			v, err := decimal.NewFromString(value)
			if err != nil || v.LessThan(decimal.NewFromInt(rg[0])) || v.GreaterThan(decimal.NewFromInt(rg[1])) || v.Exponent() < -4 {
				return bad()
			}
			d = v
		} else {
			v, err := strconv.ParseInt(value, 10, 32)
			if err != nil || v < rg[0] || v > rg[1] {
				return bad()
			}
			n = int(v)
		}
		touched = touched || (key != SetThreshold && key != SetCycle)
		switch key {
		case SetThreshold:
			q.Threshold = n
		case SetCycle:
			q.CycleMonths = n
		case SetAhead:
			s.Ahead = n
		case SetTolRate:
			s.TolRate = d
		case SetTolAmount:
			s.TolAmount = d
		case SetScoreDone:
			s.Scores.Done = n
		case SetScoreOnTrack:
			s.Scores.OnTrack = n
		case SetScoreBehind:
			s.Scores.Behind = n
		case SetScoreAtRisk:
			s.Scores.AtRisk = n
		case SetScoreNone:
			s.Scores.NoReport = n
		case SetLagMonthly:
			s.LagMonthly = n
		case SetLagQuarterly:
			s.LagQuarterly = n
		}
	}
	if !touched {
		return q, nil // Threshold and CycleMonths only: the settings stay as they are (defaults follow the threshold)
	}
	if err := CheckSettings(s); err != nil {
		return p, err
	}
	q.Settings = s
	return q, nil
}

// CheckSettings validates a complete set of settings (as the store holds
// them): every value within its range, the scores never increasing from
// 已完成 to 未填报 (so that a department on schedule always outranks one
// whose tasks are all 严重滞后).
func CheckSettings(s Settings) error {
	ints := []struct {
		key string
		v   int
	}{{SetAhead, s.Ahead}, {SetScoreDone, s.Scores.Done}, {SetScoreOnTrack, s.Scores.OnTrack},
		{SetScoreBehind, s.Scores.Behind}, {SetScoreAtRisk, s.Scores.AtRisk}, {SetScoreNone, s.Scores.NoReport},
		{SetLagMonthly, s.LagMonthly}, {SetLagQuarterly, s.LagQuarterly}}
	for _, x := range ints {
		rg := settingRange[x.key]
		if int64(x.v) < rg[0] || int64(x.v) > rg[1] {
			return i18n.E("err.plan.setting.value", x.key, strconv.Itoa(x.v), rg[0], rg[1])
		}
	}
	for _, x := range []struct {
		key string
		v   decimal.Decimal
	}{{SetTolRate, s.TolRate}, {SetTolAmount, s.TolAmount}} {
		rg := settingRange[x.key]
		if x.v.LessThan(decimal.NewFromInt(rg[0])) || x.v.GreaterThan(decimal.NewFromInt(rg[1])) {
			return i18n.E("err.plan.setting.value", x.key, x.v.String(), rg[0], rg[1])
		}
	}
	sc := s.Scores
	if sc.Done < sc.OnTrack || sc.OnTrack < sc.Behind || sc.Behind < sc.AtRisk || sc.AtRisk < sc.NoReport {
		return i18n.E("err.plan.setting.scores", sc.Done, sc.OnTrack, sc.Behind, sc.AtRisk, sc.NoReport)
	}
	return nil
}
