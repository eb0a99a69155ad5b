package model

import (
	"time"

	"github.com/shopspring/decimal"
)

// Kind says how a task's target is measured and paced.
type Kind string

// The five kinds of task. Count and milestone tasks accumulate through the
// year and are paced against the calendar; growth, level and ceiling tasks
// are rates or shares compared with the target itself.
const (
	KindCount     Kind = "count"     // accumulates toward a quantity: 新增停车位1500个
	KindGrowth    Kind = "growth"    // a growth rate: 固定资产投资增长10%
	KindLevel     Kind = "level"     // a level or share: 覆盖率80%
	KindCeiling   Kind = "ceiling"   // lower is better: met while at or under the target
	KindMilestone Kind = "milestone" // a concrete event; progress is a 0–100 estimate
)

// Kinds lists every kind in a stable order.
var Kinds = []Kind{KindCount, KindGrowth, KindLevel, KindCeiling, KindMilestone}

// Valid reports whether k is one of the five kinds.
func (k Kind) Valid() bool {
	for _, v := range Kinds {
		if k == v {
			return true
		}
	}
	return false
}

// Paced reports whether the kind is paced against the calendar (序时进度).
func (k Kind) Paced() bool { return k == KindCount || k == KindMilestone }

// Status is a task's standing at an as-of date.
type Status string

// The statuses, in the order the interface lists them.
const (
	StatusDone     Status = "done"      // 已完成
	StatusOnTrack  Status = "on_track"  // 正常
	StatusBehind   Status = "behind"    // 滞后
	StatusAtRisk   Status = "at_risk"   // 严重滞后
	StatusNoReport Status = "no_report" // 未填报
	// StatusUnpublished: the figure comes from official statistics whose
	// first release of the period is not out yet (数据未发布).
	StatusUnpublished Status = "unpublished"
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusDone, StatusOnTrack, StatusBehind, StatusAtRisk, StatusNoReport, StatusUnpublished}

// Valid reports whether s is one of the five statuses.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Severity orders statuses from best (0) to worst, for "most lagging" sorts.
func (s Status) Severity() int {
	switch s {
	case StatusDone:
		return 0
	case StatusOnTrack:
		return 1
	case StatusUnpublished:
		return 2
	case StatusBehind:
		return 3
	case StatusNoReport:
		return 4
	case StatusAtRisk:
		return 5
	}
	return 6
}

// Review is the review state of an update.
type Review string

// Review states. An update counts as soon as it is saved; review marks it
// approved, or returns it with a comment asking for a correcting update.
const (
	ReviewPending  Review = "pending"
	ReviewApproved Review = "approved"
	ReviewReturned Review = "returned"
	// ReviewSuperseded: a newer report of the task (dated on or after it)
	// came in while this one was pending; it leaves the review queue and
	// stays in the history as 已被后续填报替代.
	ReviewSuperseded Review = "superseded"
)

// Default plan settings.
const (
	DefaultThreshold   = 10 // points behind time progress before a task is 严重滞后
	DefaultCycleMonths = 1  // reporting cycle; longer without an update is 未按期填报
)

// Plan is one annual plan (计划): its period and the thresholds of its colours.
type Plan struct {
	ID          string    // e.g. zhuzhou-2019
	Title       string    // e.g. 株洲市2019年政府工作报告重点工作
	Start       time.Time // first day of the period (UTC midnight)
	End         time.Time // last day of the period, inclusive
	Threshold   int       // points; see DefaultThreshold
	CycleMonths int       // reporting cycle in months; see DefaultCycleMonths
	Demo        bool      // a demonstration database (演示数据), never the real one
	Settings    Settings  // judgement settings (超进度, 左右 bands, scores, release lags); zero: the defaults
}

// Task is one trackable target of a plan (任务/指标).
type Task struct {
	ID          string
	Chapter     string
	Section     string // the paragraph's lead phrase, e.g. 抓好交通拥堵治理
	Name        string
	Kind        Kind
	Target      decimal.Decimal     // milestones: 100 (percent)
	Unit        string              // exactly as the report writes it: 万人, 公里, %
	Qualifier   string              // 左右, 以上, 超过, 力争, or empty
	Baseline    decimal.NullDecimal // subtracted from actual and target where given
	Lead        string              // 牵头单位
	LeadDefault bool                // Lead is duban's shipped default, not yet confirmed by an administrator
	Partners    []string            // 配合单位
	Due         time.Time           // default: the plan's end
	Source      string              // the verbatim clause of the report
	Pacing      string              // pacing profile, compact text form (see ParsePacing); empty: linear
	Release     string              // statistics release cadence (see ParseRelease); empty: reported by the department

	Rev   uint64 // bumped by every change to the task or its history; guards against silent overwrites
	Urged *Urge  // an open 督办 by a supervisor, or nil
}

// Urge is a supervisor's 督办 on a task: a comment and a reply-by date, open
// until the lead department answers with an update.
type Urge struct {
	By      string
	At      time.Time
	Comment string
	ReplyBy time.Time
}

// Update is one progress report (填报) on a task. Updates are never edited
// or deleted; a correction is a new update.
type Update struct {
	Seq      uint64          // store-assigned, increasing
	TaskID   string          //
	Value    decimal.Decimal // cumulative actual, or milestone percent
	AsOf     time.Time       // the reporting date it is as of (报告期)
	Note     string          // 进展情况
	Problems string          // 存在问题
	Next     string          // 下一步措施
	By       string          // user who reported
	At       time.Time       // when it was recorded
	// Confirmed: the person confirmed the value despite plausibility
	// warnings (CheckPlausible); recorded only where there were warnings.
	Confirmed bool

	Review        Review // pending until a supervisor acts
	Reviewer      string
	ReviewComment string
	ReviewedAt    time.Time
}

// Role is what a user may do.
type Role string

// Roles of users.
const (
	RoleStaff      Role = "staff"      // 填报员: updates on tasks their department leads
	RoleSupervisor Role = "supervisor" // 督查室: reviews and urges, cannot change values
	RoleAdmin      Role = "admin"      // all of the above, plus users and departments
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleStaff || r == RoleSupervisor || r == RoleAdmin }

// User is a person known to the database.
type User struct {
	Name  string
	Role  Role
	Depts []string // departments a staff user reports for
	Keys  []string // SSH public keys, authorized_keys format
}

// AuditEntry is one line of the hash-chained audit log.
type AuditEntry struct {
	Seq    uint64
	At     time.Time
	User   string
	Action string // e.g. update, import, seed, review, urge, user
	TaskID string // empty when not about one task
	Detail string // human-readable, e.g. "750 个 as of 2019-06-30"
	// Records are the hashes of the records the change wrote (the store's
	// format); "" in entries written before duban recorded them.
	Records string
	Prev    string // hex SHA-256 of the previous entry
	Hash    string // hex SHA-256 of this entry, Prev included
}
