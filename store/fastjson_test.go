package store

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"duban/model"
)

// pieces of strings that encoding/json writes in every way it can: plain,
// escaped (quotes, backslashes, control characters, <>& and U+2028/9),
// multi-byte and astral.
var pieces = []string{"", "a", "停车位", "1,100", `"`, `\`, "/", "\n", "\t", "\x00", "\x1f", "<", ">", "&",
	"\u2028", "\u2029", "😀", "ｍ²", " ", "{", "}", "[", "]", ":", ","}

func randText(r *rand.Rand) string {
	var b strings.Builder
	for range r.IntN(6) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// TestFastDecodeMatchesJSON: for records written by encoding/json, the
// fast reader gives exactly what encoding/json reads.
func TestFastDecodeMatchesJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 3000; i++ {
		task := taskRecord{ID: randText(r), Chapter: randText(r), Section: randText(r), Name: randText(r), Kind: randText(r),
			Target: randText(r), Unit: randText(r), Qualifier: randText(r), Baseline: randText(r), Lead: randText(r),
			LeadDefault: r.IntN(2) == 0, Due: randText(r), Source: randText(r), Pacing: randText(r), Release: randText(r),
			Rev: r.Uint64() >> r.IntN(64)}
		if r.IntN(2) == 0 {
			for range r.IntN(3) {
				task.Partners = append(task.Partners, randText(r))
			}
		}
		if r.IntN(2) == 0 {
			task.Urged = &urgeRecord{By: randText(r), At: randText(r), Comment: randText(r), ReplyBy: randText(r)}
		}
		up := updateRecord{Seq: r.Uint64(), TaskID: randText(r), Value: randText(r), AsOf: randText(r), Note: randText(r),
			Problems: randText(r), Next: randText(r), By: randText(r), At: randText(r)}
		rv := reviewRecord{Seq: r.Uint64(), Update: r.Uint64N(1000), State: randText(r), By: randText(r), Comment: randText(r), At: randText(r)}
		for _, c := range []struct {
			v    any
			fast func(string) (any, bool)
		}{
			{&task, func(s string) (any, bool) { var x taskRecord; return &x, fastTask(s, &x) }},
			{&up, func(s string) (any, bool) { var x updateRecord; return &x, fastUpdate(s, &x) }},
			{&rv, func(s string) (any, bool) { var x reviewRecord; return &x, fastReview(s, &x) }},
		} {
			b, err := json.Marshal(c.v)
			if err != nil {
				t.Fatal(err)
			}
			// encoding/json replaces invalid UTF-8 (never produced here), so
			// what it reads back is the reference.
			want := reflect.New(reflect.TypeOf(c.v).Elem()).Interface()
			if err := json.Unmarshal(b, want); err != nil {
				t.Fatal(err)
			}
			got, ok := c.fast(string(b))
			if !ok {
				t.Fatalf("fast reader gave up on %s", b)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s\nfast: %+v\njson: %+v", b, got, want)
			}
		}
	}
}

// TestFastDecodeEscapes covers escapes encoding/json reads but does not
// write, and inputs the fast reader must refuse.
func TestFastDecodeEscapes(t *testing.T) {
	for _, in := range []string{
		`{"seq":1,"note":"\ud83d\ude00 \u00e9\/\b\f\r"}`,
		`{"seq":1,"note":"lone \ud800 surrogate \udc00 x"}`,
		`{"seq":1,"note":"\ud800\u0041"}`,
		`{"seq":1 , "note" : "a" , "by":null}`,
		` {"seq":1}  `,
		`{}`,
	} {
		var got, want updateRecord
		if !fastUpdate(in, &got) {
			t.Errorf("gave up on %s", in)
			continue
		}
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: fast %+v, json %+v", in, got, want)
		}
	}
	for _, in := range []string{
		``, `[]`, `{"seq":01}`, `{"seq":-1}`, `{"seq":1.0}`, `{"seq":"1"}`, `{"note":1}`, `{"note":"a"`, `{"note":"a"}x`,
		`{"Note":"a"}`, `{"other":1}`, `{"note":"\x"}`, `{"note":"\u12"}`, `{"seq":1,}`, `{,}`, `{"seq" 1}`,
	} {
		var x updateRecord
		if fastUpdate(in, &x) {
			t.Errorf("accepted %q", in)
		}
	}
	var task taskRecord
	if fastTask(`{"urged":{"by":"a"},"urged":{"at":"b"}}`, &task) {
		t.Error("accepted a repeated urged")
	}
}

// FuzzFastDecode: whatever the input, the fast reader does not panic, and
// when it accepts clean input, encoding/json reads the same.
func FuzzFastDecode(f *testing.F) {
	f.Add(`{"seq":1,"task":"1.2.01","value":"0.3","as_of":"2019-06-30","note":"\u003c停车\"","by":"x","at":""}`)
	f.Add(`{"id":"1","partners":["a","b"],"urged":{"by":"x","reply_by":"2019-01-01"},"rev":3,"lead_default":true}`)
	f.Fuzz(func(t *testing.T, in string) {
		var u, uj updateRecord
		var k, kj taskRecord
		okU, okK := fastUpdate(in, &u), fastTask(in, &k)
		clean := utf8.ValidString(in) && !strings.ContainsFunc(in, func(r rune) bool { return r < 0x20 })
		if !clean {
			return
		}
		if okU {
			if err := json.Unmarshal([]byte(in), &uj); err != nil {
				t.Fatalf("fast accepted what json refuses (%v): %q", err, in)
			}
			if u != uj {
				t.Fatalf("%q: fast %+v, json %+v", in, u, uj)
			}
		}
		if okK {
			if err := json.Unmarshal([]byte(in), &kj); err != nil {
				t.Fatalf("fast accepted what json refuses (%v): %q", err, in)
			}
			if !reflect.DeepEqual(k, kj) {
				t.Fatalf("%q: fast %+v, json %+v", in, k, kj)
			}
		}
	})
}

// TestTaskPacingPersists: a task's pacing profile and release cadence
// survive the store's encoding, with either reader.
func TestTaskPacingPersists(t *testing.T) {
	in := model.Task{ID: "2.3.01", Name: "集聚区", Kind: model.KindCount, Target: decimal.NewFromInt(1),
		Pacing: "nodes:立项@03-31=10;竣工@12-31=100", Release: "quarterly+20"}
	b, err := encodeTask(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, strict := range []bool{false, true} {
		out, err := decodeTaskText(string(b), strict)
		if err != nil || out.Pacing != in.Pacing || out.Release != in.Release {
			t.Errorf("strict=%v: %q %q, %v", strict, out.Pacing, out.Release, err)
		}
	}
}
