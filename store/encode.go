package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/shopspring/decimal"

	"duban/model"
)

// Records are JSON. The model types are not encoded directly so that the
// file format is written down here and does not move when a model type
// gains a field. Conventions:
//   - decimals are strings holding exactly the digits recorded ("0.3"),
//     written with Decimal.String rather than Decimal.MarshalJSON so that
//     the package-global decimal.MarshalJSONWithoutQuotes (which an export
//     may set for its own JSON) cannot change the file format;
//   - calendar dates are "YYYY-MM-DD", "" for none;
//   - instants (when something was recorded) are RFC 3339 in UTC with
//     nanoseconds.
//
// Decoders copy everything out of bbolt's memory (json.Unmarshal always
// does), so decoded values stay valid after the transaction.
//
// Decoding is strict (strictJSON): a record is read only when it is valid
// UTF-8 JSON naming exactly the fields of its record type (case-sensitive,
// none twice, none unknown) with values of their types. A damaged key or
// text is refused as corrupt rather than read as a missing field or as
// U+FFFD.

// instantLayout is how recording times are written.
const instantLayout = time.RFC3339Nano

type planRecord struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Start       string `json:"start"`
	End         string `json:"end"`
	Threshold   int    `json:"threshold"`
	CycleMonths int    `json:"cycle_months"`
	Demo        bool   `json:"demo,omitempty"`
	// Settings (model.Settings) by key, values in text form; absent in a
	// file written before them, or while the plan sets none: the defaults.
	Settings map[string]string `json:"settings,omitempty"`
}

type taskRecord struct {
	ID          string      `json:"id"`
	Chapter     string      `json:"chapter"`
	Section     string      `json:"section"`
	Name        string      `json:"name"`
	Kind        string      `json:"kind"`
	Target      string      `json:"target"`
	Unit        string      `json:"unit"`
	Qualifier   string      `json:"qualifier,omitempty"`
	Baseline    string      `json:"baseline,omitempty"` // "" for none
	Lead        string      `json:"lead"`
	LeadDefault bool        `json:"lead_default,omitempty"`
	Partners    []string    `json:"partners,omitempty"`
	Due         string      `json:"due"`
	Source      string      `json:"source"`
	Pacing      string      `json:"pacing,omitempty"`
	Release     string      `json:"release,omitempty"`
	Rev         uint64      `json:"rev"`
	Urged       *urgeRecord `json:"urged,omitempty"`
}

type urgeRecord struct {
	By      string `json:"by"`
	At      string `json:"at"`
	Comment string `json:"comment"`
	ReplyBy string `json:"reply_by"`
}

// updateRecord is an update as reported; its review state lives in the
// reviews bucket, so the record is never rewritten.
type updateRecord struct {
	Seq      uint64 `json:"seq"`
	TaskID   string `json:"task"`
	Value    string `json:"value"`
	AsOf     string `json:"as_of"`
	Note     string `json:"note,omitempty"`
	Problems string `json:"problems,omitempty"`
	Next     string `json:"next,omitempty"`
	By       string `json:"by"`
	At       string `json:"at"`
	// Confirmed: saved despite plausibility warnings (model.CheckPlausible).
	Confirmed bool `json:"confirmed,omitempty"`
}

type reviewRecord struct {
	Seq     uint64 `json:"seq"`    // the review's own number
	Update  uint64 `json:"update"` // the update it reviews
	State   string `json:"state"`
	By      string `json:"by"`
	Comment string `json:"comment,omitempty"`
	At      string `json:"at"`
}

type userRecord struct {
	Name  string   `json:"name"`
	Role  string   `json:"role"`
	Depts []string `json:"depts,omitempty"`
	Keys  []string `json:"keys,omitempty"`
}

type auditRecord struct {
	Seq     uint64 `json:"seq"`
	At      string `json:"at"`
	User    string `json:"user"`
	Action  string `json:"action"`
	TaskID  string `json:"task,omitempty"`
	Detail  string `json:"detail"`
	Records string `json:"records,omitempty"` // see recordsOf; absent in entries written before it
	Prev    string `json:"prev"`
	Hash    string `json:"hash"`
}

// maxRecord bounds a record's size: far above any (an import's audit entry
// for 200,000 tasks is under 20 MB), so that a damaged length in a page is
// refused rather than copied.
const maxRecord = 64 << 20

var errRecordSize = errors.New("record too large")

// strictJSON decodes a record strictly (see the top of the file), with the
// json v2 decoder: it rejects invalid UTF-8, duplicate and case-variant
// names by default, and unknown ones with RejectUnknownMembers.
func strictJSON(b []byte, v any) error {
	if len(b) > maxRecord {
		return errRecordSize
	}
	if !utf8.Valid(b) {
		return errors.New("invalid UTF-8")
	}
	return jsonv2.Unmarshal(b, v, jsonv2.RejectUnknownMembers(true))
}

// be64 encodes a sequence number as a key.
func be64(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n)
	return b
}

// updateKey is the key of an update: its task's id, a 0 byte, and its
// seq, so that each task's updates are adjacent and in recording order.
// Task ids cannot hold a 0 byte (model.ValidateTask).
func updateKey(taskID string, seq uint64) []byte {
	k := make([]byte, 0, len(taskID)+9)
	k = append(k, taskID...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint64(k, seq)
}

// updatePrefix is the common start of a task's update keys.
func updatePrefix(taskID string) []byte { return append([]byte(taskID), 0) }

// errBadKey reports a key that is not in its bucket's format.
var errBadKey = errors.New("malformed key")

// splitUpdateKey splits an update key into task id and seq.
func splitUpdateKey(k []byte) (id string, seq uint64, ok bool) {
	n := len(k) - 9
	if n < 1 || k[n] != 0 {
		return "", 0, false
	}
	return string(k[:n]), binary.BigEndian.Uint64(k[n+1:]), true
}

// reviewKey is the key of a review: the update's seq, then the review's.
func reviewKey(update, review uint64) []byte {
	b := make([]byte, 16)
	binary.BigEndian.PutUint64(b, update)
	binary.BigEndian.PutUint64(b[8:], review)
	return b
}

func formatInstant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(instantLayout)
}

func parseInstant(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(instantLayout, s)
}

// parseDay reads a "YYYY-MM-DD" date; the common case without time.Parse,
// which is a measurable share of a snapshot.
func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, e1 := strconv.Atoi(s[:4])
		m, e2 := strconv.Atoi(s[5:7])
		d, e3 := strconv.Atoi(s[8:])
		if e1 == nil && e2 == nil && e3 == nil && s[5] != '+' && s[8] != '+' && s[5] != '-' && s[8] != '-' {
			t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
			if t.Year() == y && int(t.Month()) == m && t.Day() == d {
				return t, nil
			}
		}
	}
	return time.Parse(model.DateLayout, s)
}

// instant normalises a recording time as it will read back: UTC, no
// monotonic clock reading.
func instant(t time.Time) time.Time { return t.UTC().Round(0) }

func encodePlan(p model.Plan) ([]byte, error) {
	return json.Marshal(planRecord{
		ID: p.ID, Title: p.Title, Start: model.FormatDate(p.Start), End: model.FormatDate(p.End),
		Threshold: p.Threshold, CycleMonths: p.CycleMonths, Demo: p.Demo, Settings: encodeSettings(p),
	})
}

func decodePlan(b []byte) (model.Plan, error) {
	var r planRecord
	if err := strictJSON(b, &r); err != nil {
		return model.Plan{}, err
	}
	p := model.Plan{ID: r.ID, Title: r.Title, Threshold: r.Threshold, CycleMonths: r.CycleMonths, Demo: r.Demo}
	var err error
	if p, err = decodeSettings(p, r.Settings); err != nil {
		return p, err
	}
	if p.Start, err = parseDay(r.Start); err != nil {
		return p, err
	}
	if p.End, err = parseDay(r.End); err != nil {
		return p, err
	}
	return p, nil
}

func encodeTask(t model.Task) ([]byte, error) {
	r := taskRecord{
		ID: t.ID, Chapter: t.Chapter, Section: t.Section, Name: t.Name, Kind: string(t.Kind),
		Target: t.Target.String(), Unit: t.Unit, Qualifier: t.Qualifier,
		Lead: t.Lead, LeadDefault: t.LeadDefault, Partners: t.Partners,
		Due: model.FormatDate(t.Due), Source: t.Source, Pacing: t.Pacing, Release: t.Release, Rev: t.Rev,
	}
	if t.Baseline.Valid {
		r.Baseline = t.Baseline.Decimal.String()
	}
	if u := t.Urged; u != nil {
		r.Urged = &urgeRecord{By: u.By, At: formatInstant(u.At), Comment: u.Comment, ReplyBy: model.FormatDate(u.ReplyBy)}
	}
	return json.Marshal(r)
}

// decodeTask decodes a task record with the fast reader (fastjson.go),
// falling back to encoding/json. decodeTaskText does the same for a record
// already copied out of bbolt, or with encoding/json alone when strict.
func decodeTask(b []byte) (model.Task, error) {
	if len(b) > maxRecord {
		return model.Task{}, errRecordSize
	}
	return decodeTaskText(string(b), false)
}

// decodeTaskText decodes a task record; strict uses encoding/json only.
func decodeTaskText(s string, strict bool) (model.Task, error) {
	var t model.Task
	err := decodeTaskInto(s, strict, nil, &t)
	return t, err
}

// decodeTaskInto is decodeTaskText into *t, with the strings copied by d
// (nil: the task's strings are slices of s).
func decodeTaskInto(s string, strict bool, d *decoder, t *model.Task) error {
	var r taskRecord // on the stack: the strict decoder gets its own
	if strict || !fastTaskList(s, &r, d.scratch()) {
		var sr taskRecord
		if err := strictJSON([]byte(s), &sr); err != nil {
			return err
		}
		r = sr
	}
	*t = model.Task{
		ID: d.str(r.ID), Chapter: d.same(fChapter, r.Chapter), Section: d.same(fSection, r.Section),
		Name: d.str(r.Name), Kind: model.Kind(d.same(fKind, r.Kind)), Unit: d.same(fUnit, r.Unit),
		Qualifier: d.same(fQualifier, r.Qualifier), Lead: d.same(fLead, r.Lead), LeadDefault: r.LeadDefault,
		Partners: d.list(r.Partners), Source: d.same(fSource, r.Source), Pacing: d.same(fPacing, r.Pacing),
		Release: d.same(fRelease, r.Release), Rev: r.Rev,
	}
	var err error
	if t.Target, err = d.decimal(r.Target); err != nil {
		return fmt.Errorf("target: %w", err)
	}
	if r.Baseline != "" {
		b, err := d.decimal(r.Baseline)
		if err != nil {
			return fmt.Errorf("baseline: %w", err)
		}
		t.Baseline = decimal.NewNullDecimal(b)
	}
	if t.Due, err = parseDay(r.Due); err != nil {
		return err
	}
	if u := r.Urged; u != nil {
		t.Urged = &model.Urge{By: d.str(u.By), Comment: d.str(u.Comment)}
		if t.Urged.At, err = parseInstant(u.At); err != nil {
			return err
		}
		if t.Urged.ReplyBy, err = parseDay(u.ReplyBy); err != nil {
			return err
		}
	}
	return nil
}

func encodeUpdate(u model.Update) ([]byte, error) {
	return json.Marshal(updateRecord{
		Seq: u.Seq, TaskID: u.TaskID, Value: u.Value.String(), AsOf: model.FormatDate(u.AsOf),
		Note: u.Note, Problems: u.Problems, Next: u.Next, By: u.By, At: formatInstant(u.At), Confirmed: u.Confirmed,
	})
}

// decodeUpdate decodes an update record; its review state is pending
// until mergeReview applies the latest review.
func decodeUpdate(b []byte) (model.Update, error) {
	if len(b) > maxRecord {
		return model.Update{}, errRecordSize
	}
	return decodeUpdateText(string(b), false)
}

// decodeUpdateText decodes an update record; strict uses encoding/json only.
func decodeUpdateText(s string, strict bool) (model.Update, error) {
	var u model.Update
	err := decodeUpdateInto(s, strict, nil, &u)
	return u, err
}

// decodeUpdateInto is decodeUpdateText into *u, with the strings copied
// by d (nil: the update's strings are slices of s).
func decodeUpdateInto(s string, strict bool, d *decoder, u *model.Update) error {
	var r updateRecord // on the stack: the strict decoder gets its own
	if strict || !fastUpdate(s, &r) {
		var sr updateRecord
		if err := strictJSON([]byte(s), &sr); err != nil {
			*u = model.Update{}
			return err
		}
		r = sr
	}
	*u = model.Update{Seq: r.Seq, TaskID: d.same(fTask, r.TaskID), Note: d.same(fNote, r.Note),
		Problems: d.same(fProblems, r.Problems), Next: d.same(fNext, r.Next),
		By: d.same(fBy, r.By), Review: model.ReviewPending, Confirmed: r.Confirmed}
	var err error
	if u.Value, err = d.decimal(r.Value); err != nil {
		return fmt.Errorf("value: %w", err)
	}
	if u.AsOf, err = parseDay(r.AsOf); err != nil {
		return err
	}
	if u.At, err = parseInstant(r.At); err != nil {
		return err
	}
	return nil
}

func encodeReview(r reviewRecord) ([]byte, error) { return json.Marshal(r) }

func decodeReview(b []byte) (reviewRecord, error) {
	if len(b) > maxRecord {
		return reviewRecord{}, errRecordSize
	}
	return decodeReviewText(string(b), false)
}

// decodeReviewText decodes a review record; strict uses encoding/json only.
func decodeReviewText(s string, strict bool) (reviewRecord, error) {
	r, _, err := decodeReviewAt(s, strict)
	return r, err
}

// decodeReviewAt is decodeReviewText, also returning the review's time.
func decodeReviewAt(s string, strict bool) (reviewRecord, time.Time, error) {
	var r reviewRecord // on the stack: the strict decoder gets its own
	var err error
	if strict || !fastReview(s, &r) {
		var sr reviewRecord
		err = strictJSON([]byte(s), &sr)
		r = sr
	}
	if err == nil {
		switch model.Review(r.State) {
		case model.ReviewApproved, model.ReviewReturned, model.ReviewPending, model.ReviewSuperseded:
		default:
			err = fmt.Errorf("unknown review state %q", r.State)
		}
	}
	var at time.Time
	if err == nil {
		at, err = parseInstant(r.At)
	}
	return r, at, err
}

// mergeReview applies a review record to its update.
func mergeReview(u *model.Update, r reviewRecord) {
	u.Review = model.Review(r.State)
	u.Reviewer = r.By
	u.ReviewComment = r.Comment
	u.ReviewedAt, _ = parseInstant(r.At) // validated by decodeReview
}

func encodeUser(u model.User) ([]byte, error) {
	return json.Marshal(userRecord{Name: u.Name, Role: string(u.Role), Depts: u.Depts, Keys: u.Keys})
}

func decodeUser(b []byte) (model.User, error) {
	var r userRecord
	if err := strictJSON(b, &r); err != nil {
		return model.User{}, err
	}
	return model.User{Name: r.Name, Role: model.Role(r.Role), Depts: r.Depts, Keys: r.Keys}, nil
}

func encodeAudit(e model.AuditEntry) ([]byte, error) {
	return json.Marshal(auditRecord{Seq: e.Seq, At: formatInstant(e.At), User: e.User, Action: e.Action,
		TaskID: e.TaskID, Detail: e.Detail, Records: e.Records, Prev: e.Prev, Hash: e.Hash})
}

func decodeAudit(b []byte) (model.AuditEntry, error) {
	var r auditRecord
	if err := strictJSON(b, &r); err != nil {
		return model.AuditEntry{}, err
	}
	at, err := parseInstant(r.At)
	return model.AuditEntry{Seq: r.Seq, At: at, User: r.User, Action: r.Action, TaskID: r.TaskID,
		Detail: r.Detail, Records: r.Records, Prev: r.Prev, Hash: r.Hash}, err
}
