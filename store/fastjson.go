package store

import (
	"encoding/binary"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// A reader for the JSON records of encode.go, for the hot paths (Snapshot
// reads every task and update: 40,000 records for a 10,000-task plan).
// This reader walks a record once, and a string without escapes is a
// substring of the record: Snapshot reads records in bbolt's memory and
// copies out such substrings (decoder, decode.go); the other callers pass
// records already copied.
//
// Kept after measuring it against the libraries (issue 8 §4),
// BenchmarkDecodeRecords: the 110,000 records of a 10,000-task plan with
// 100,000 updates (33 MB), decoded into the record types, on the 2-core
// build machine:
//
//	fastjson (this file)              256 ms  128 MB/s   241,000 allocs
//	json v2 (go-json-experiment)      521 ms   63 MB/s   346,499 allocs
//	encoding/json                   1,060 ms   31 MB/s 1,486,000 allocs
//
// json v2 is twice as slow, encoding/json four times; the format stays
// JSON, so no migration. json v2 is the strict decoder every record falls
// back to (strictJSON) and the one Check uses.
//
// It reads what encoding/json.Marshal writes: objects, strings (with every
// escape Marshal uses, including \u003c and surrogate pairs), numbers,
// true, false, null and arrays. Anything else makes it give up (ok false),
// and the caller decodes the record with the strict decoder instead, which
// then also reports the error. It also gives up on a key it does not know
// and on numbers JSON does not allow. Unlike encoding/json it neither rejects control
// characters inside strings nor replaces invalid UTF-8 with U+FFFD: it gives
// up on a record holding either (newLexer), and on a repeated key, so that
// what it reads is what the strict decoder (strictJSON) would.
type lexer struct {
	s    string
	i    int
	ok   bool
	seen uint64 // a bit per key read (keyBit), to give up on a repeated key
	// list, when not nil, is where strList puts an array's strings (reused
	// from record to record: the caller copies them out) instead of a new
	// slice; it holds a non-nil empty slice, so that [] reads as empty, not
	// as null.
	list *[]string
}

// newLexer starts reading record s. It gives up at once on a record that
// is not valid UTF-8 or holds a control byte: Marshal writes neither (not
// even whitespace), and the strict decoder then reports the error.
func newLexer(s string) lexer {
	return lexer{s: s, ok: !hasControl(s) && utf8.ValidString(s)}
}

// hasControl reports whether s holds a byte below 0x20, eight bytes at a
// time (a byte b < 0x20 is one where b - 0x20 borrows and b's top bit is
// clear).
func hasControl(s string) bool {
	const lo, hi = 0x2020202020202020, 0x8080808080808080
	i := 0
	if len(s) >= 8 {
		p := unsafe.Pointer(unsafe.StringData(s))
		for ; i+8 <= len(s); i += 8 {
			w := binary.LittleEndian.Uint64(unsafe.Slice((*byte)(unsafe.Add(p, i)), 8))
			if (w-lo)&^w&hi != 0 {
				return true
			}
		}
	}
	for ; i < len(s); i++ {
		if s[i] < 0x20 {
			return true
		}
	}
	return false
}

// keyBit is a key's bit in seen: two keys of one record type never share
// one (TestKeyBitsDistinct), so a shared bit means a repeated key.
func keyBit(k string) uint64 {
	if k == "" {
		return 1
	}
	return 1 << ((len(k) + int(k[0])*3 + int(k[len(k)-1])*18) % 64)
}

func (l *lexer) fail() { l.ok = false; l.i = len(l.s) }

func (l *lexer) ws() {
	for l.i < len(l.s) {
		switch l.s[l.i] {
		case ' ', '\t', '\n', '\r':
			l.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (l *lexer) peek() byte {
	l.ws()
	if l.i < len(l.s) {
		return l.s[l.i]
	}
	return 0
}

func (l *lexer) expect(c byte) bool {
	if l.peek() != c {
		l.fail()
		return false
	}
	l.i++
	return true
}

// end checks that nothing but space follows.
func (l *lexer) end() bool {
	l.ws()
	return l.ok && l.i == len(l.s)
}

// open reads the '{' that starts an object.
func (l *lexer) open() bool { return l.expect('{') }

// key reads the key of the object's next member and the ':' after it; ok
// is false at the object's closing '}' (or on an error, which l.ok tells).
// first says whether this is the first member. A loop over the members
// reads the value after each key:
//
//	for first := true; ; first = false {
//		key, ok := l.key(first)
//		if !ok {
//			break
//		}
//		… read the value for key …
//	}
//
// (No callback: a closure would make the record escape to the heap.)
func (l *lexer) key(first bool) (key string, ok bool) {
	if !l.ok {
		return "", false
	}
	c := l.peek()
	if c == '}' && first {
		l.i++
		return "", false
	}
	if !first {
		if c == '}' {
			l.i++
			return "", false
		}
		if c != ',' {
			l.fail()
			return "", false
		}
		l.i++
	}
	key = l.str()
	if b := keyBit(key); l.seen&b != 0 {
		l.fail()
	} else {
		l.seen |= b
	}
	if !l.expect(':') {
		return "", false
	}
	return key, l.ok
}

// str reads a string.
func (l *lexer) str() string {
	if l.peek() != '"' {
		l.fail()
		return ""
	}
	l.i++
	j := strings.IndexByte(l.s[l.i:], '"')
	if j < 0 {
		l.fail()
		return ""
	}
	if seg := l.s[l.i : l.i+j]; strings.IndexByte(seg, '\\') < 0 {
		l.i += j + 1
		return seg
	}
	return l.unescape()
}

// unescape reads the rest of a string that has escapes, as encoding/json
// does (a lone surrogate becomes U+FFFD).
func (l *lexer) unescape() string {
	var b strings.Builder
	for l.i < len(l.s) {
		c := l.s[l.i]
		switch {
		case c == '"':
			l.i++
			return b.String()
		case c < 0x20:
			l.fail()
			return ""
		case c != '\\':
			b.WriteByte(c)
			l.i++
			continue
		}
		if l.i+1 >= len(l.s) {
			break
		}
		e := l.s[l.i+1]
		l.i += 2
		switch e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r := l.u4()
			if r < 0 {
				l.fail()
				return ""
			}
			if utf16.IsSurrogate(r) {
				save := l.i
				r2 := rune(-1)
				if strings.HasPrefix(l.s[l.i:], `\u`) {
					l.i += 2
					r2 = l.u4()
				}
				if d := utf16.DecodeRune(r, r2); d != unicode.ReplacementChar {
					r = d
				} else {
					l.i = save
					r = unicode.ReplacementChar
				}
			}
			b.WriteRune(r)
		default:
			l.fail()
			return ""
		}
	}
	l.fail()
	return ""
}

// u4 reads four hex digits, or returns -1.
func (l *lexer) u4() rune {
	if l.i+4 > len(l.s) {
		return -1
	}
	n, err := strconv.ParseUint(l.s[l.i:l.i+4], 16, 32)
	if err != nil {
		return -1
	}
	l.i += 4
	return rune(n)
}

// literal reads a number, true, false or null as written.
func (l *lexer) literal() string {
	l.ws()
	j := l.i
	for j < len(l.s) {
		c := l.s[j]
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '-' || c == '+' || c == '.' || c == 'E' {
			j++
			continue
		}
		break
	}
	lit := l.s[l.i:j]
	l.i = j
	if lit == "" {
		l.fail()
	}
	return lit
}

// strVal reads a string or null (which leaves a string field empty).
func (l *lexer) strVal() string {
	if l.peek() == 'n' {
		if l.literal() != "null" {
			l.fail()
		}
		return ""
	}
	return l.str()
}

func (l *lexer) uintVal() uint64 {
	lit := l.literal()
	if lit == "null" {
		return 0
	}
	n, err := strconv.ParseUint(lit, 10, 64)
	if err != nil || len(lit) > 1 && lit[0] == '0' {
		l.fail() // JSON has no leading zeros
	}
	return n
}

func (l *lexer) boolVal() bool {
	switch l.literal() {
	case "true":
		return true
	case "false", "null":
		return false
	}
	l.fail()
	return false
}

// strList reads an array of strings, or null.
func (l *lexer) strList() []string {
	if l.peek() == 'n' {
		if l.literal() != "null" {
			l.fail()
		}
		return nil
	}
	if !l.expect('[') {
		return nil
	}
	out := []string{}
	if l.list != nil {
		out = (*l.list)[:0]
		defer func() { *l.list = out[:0] }()
	}
	if l.peek() == ']' {
		l.i++
		return out
	}
	for l.ok {
		out = append(out, l.str())
		switch l.peek() {
		case ',':
			l.i++
		case ']':
			l.i++
			return out
		default:
			l.fail()
		}
	}
	return nil
}

// fastTask reads a taskRecord.
func fastTask(s string, r *taskRecord) bool { return fastTaskList(s, r, nil) }

// fastTaskList is fastTask with the partners read into *list (see
// lexer.list), when list is not nil.
func fastTaskList(s string, r *taskRecord, list *[]string) bool {
	l := newLexer(s)
	l.list = list
	if !l.open() {
		return false
	}
	for first := true; ; first = false {
		key, ok := l.key(first)
		if !ok {
			break
		}
		switch key {
		case "id":
			r.ID = l.strVal()
		case "chapter":
			r.Chapter = l.strVal()
		case "section":
			r.Section = l.strVal()
		case "name":
			r.Name = l.strVal()
		case "kind":
			r.Kind = l.strVal()
		case "target":
			r.Target = l.strVal()
		case "unit":
			r.Unit = l.strVal()
		case "qualifier":
			r.Qualifier = l.strVal()
		case "baseline":
			r.Baseline = l.strVal()
		case "lead":
			r.Lead = l.strVal()
		case "lead_default":
			r.LeadDefault = l.boolVal()
		case "partners":
			r.Partners = l.strList()
		case "due":
			r.Due = l.strVal()
		case "source":
			r.Source = l.strVal()
		case "pacing":
			r.Pacing = l.strVal()
		case "release":
			r.Release = l.strVal()
		case "rev":
			r.Rev = l.uintVal()
		case "urged":
			if r.Urged != nil {
				l.fail() // encoding/json would merge the two
			} else if l.peek() == 'n' {
				if l.literal() != "null" {
					l.fail()
				}
			} else {
				r.Urged = l.urge()
			}
		default:
			l.fail()
		}
	}
	return l.end()
}

// urge reads an urgeRecord.
func (l *lexer) urge() *urgeRecord {
	u := &urgeRecord{}
	if !l.open() {
		return nil
	}
	outer := l.seen // the urge's keys are its own
	l.seen = 0
	defer func() { l.seen = outer }()
	for first := true; ; first = false {
		key, ok := l.key(first)
		if !ok {
			break
		}
		switch key {
		case "by":
			u.By = l.strVal()
		case "at":
			u.At = l.strVal()
		case "comment":
			u.Comment = l.strVal()
		case "reply_by":
			u.ReplyBy = l.strVal()
		default:
			l.fail()
		}
	}
	return u
}

// fastUpdate reads an updateRecord.
func fastUpdate(s string, r *updateRecord) bool {
	l := newLexer(s)
	if !l.open() {
		return false
	}
	for first := true; ; first = false {
		key, ok := l.key(first)
		if !ok {
			break
		}
		switch key {
		case "seq":
			r.Seq = l.uintVal()
		case "task":
			r.TaskID = l.strVal()
		case "value":
			r.Value = l.strVal()
		case "as_of":
			r.AsOf = l.strVal()
		case "note":
			r.Note = l.strVal()
		case "problems":
			r.Problems = l.strVal()
		case "next":
			r.Next = l.strVal()
		case "by":
			r.By = l.strVal()
		case "at":
			r.At = l.strVal()
		case "confirmed":
			r.Confirmed = l.boolVal()
		default:
			l.fail()
		}
	}
	return l.end()
}

// fastReview reads a reviewRecord.
func fastReview(s string, r *reviewRecord) bool {
	l := newLexer(s)
	if !l.open() {
		return false
	}
	for first := true; ; first = false {
		key, ok := l.key(first)
		if !ok {
			break
		}
		switch key {
		case "seq":
			r.Seq = l.uintVal()
		case "update":
			r.Update = l.uintVal()
		case "state":
			r.State = l.strVal()
		case "by":
			r.By = l.strVal()
		case "comment":
			r.Comment = l.strVal()
		case "at":
			r.At = l.strVal()
		default:
			l.fail()
		}
	}
	return l.end()
}
