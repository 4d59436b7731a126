package native

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// FuzzJSONTree checks the fast scanner against encoding/json: same verdict on
// validity (except the duplicate keys and depth it rejects on purpose), and a
// rewrite that decodes to the same value.
func FuzzJSONTree(f *testing.F) {
	for _, s := range []string{`{"a": [1, 2.5e3, -0, true, false, null, "x\u00e9\"\\"]}`, `[]`, `{}`, `"s"`, `{"a":1,"a":2}`, ` [ {"k" : [ ] } ] `, "\"\xff\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tree, err := parseJSONTree(data)
		if !json.Valid(data) {
			if err == nil {
				t.Fatal("invalid JSON accepted")
			}
			return
		}
		if err != nil {
			if strings.Contains(err.Error(), "duplicate key") || strings.Contains(err.Error(), "too deeply") {
				return
			}
			t.Fatalf("valid JSON rejected: %v", err)
		}
		var b bytes.Buffer
		writeNBJSON(&b, tree, 1, 0)
		var want, got any
		d1 := json.NewDecoder(bytes.NewReader(data))
		d1.UseNumber()
		d2 := json.NewDecoder(bytes.NewReader(b.Bytes()))
		d2.UseNumber()
		if d1.Decode(&want) != nil || d2.Decode(&got) != nil || !reflect.DeepEqual(want, got) {
			t.Fatalf("rewrite changed the value:\n%s\n%s", data, b.Bytes())
		}
	})
}

func TestJSONTreeOffsets(t *testing.T) {
	src := []byte("{\n \"a\": [\n  1,\n  {\"b\": \"c\"}\n ]\n}")
	tree, err := parseJSONTree(src)
	if err != nil {
		t.Fatal(err)
	}
	b := tree.get("a").items[1].get("b")
	if l, c := lineCol(src, b.off); l != 4 || c != 9 {
		t.Fatalf("offset of \"c\" at %d:%d", l, c)
	}
}
