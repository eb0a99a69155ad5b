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
