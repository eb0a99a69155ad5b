package store

import (
	"reflect"
	"strings"
	"testing"
)

// The fast reader's repeated-key check (keyBit) must not mistake two keys
// of one record type for each other, or every record would take the slow
// path.
func TestKeyBitsDistinct(t *testing.T) {
	for _, v := range []any{taskRecord{}, urgeRecord{}, updateRecord{}, reviewRecord{}} {
		seen := map[uint64]string{}
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
			if other, dup := seen[keyBit(name)]; dup {
				t.Errorf("%s: keys %q and %q share a bit", rt.Name(), other, name)
			}
			seen[keyBit(name)] = name
		}
	}
}

// hasControl finds a control byte anywhere, and nothing else.
func TestHasControl(t *testing.T) {
	for i := range 40 {
		for _, c := range []byte{0, 0x1f, 0x20, 0x7f, 0x80, 0xff} {
			b := []byte(strings.Repeat("a", 40))
			b[i] = c
			if got := hasControl(string(b)); got != (c < 0x20) {
				t.Errorf("byte %#x at %d: %v", c, i, got)
			}
		}
	}
	if hasControl("停车位 1500 个\u00a0") {
		t.Error("Chinese text has no control byte")
	}
}
