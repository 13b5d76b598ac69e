package kuzu

import (
	"errors"
	"reflect"
	"testing"

	"newskg/graph"
)

var (
	namesProp  = graph.Prop{Name: "names", Kind: graph.Strings}
	startsProp = graph.Prop{Name: "starts", Kind: graph.Ints}
)

// A relationship's list is stored as one string and read back as the
// list it was, whatever its elements hold besides the markers; an empty
// list is absent, as on every other path.
func TestRelationshipListsReadBackAsLists(t *testing.T) {
	for _, c := range []struct {
		p    graph.Prop
		list any
		want any
	}{
		{namesProp, []string{"无锡高新区", "高新区"}, []any{"无锡高新区", "高新区"}},
		{namesProp, []string{"甲,乙", "[列表]", "{丁}", "null", " 前 ", `戊'"\`}, []any{"甲,乙", "[列表]", "{丁}", "null", " 前 ", `戊'"\`}},
		{namesProp, []string{"崔荣国"}, []any{"崔荣国"}},
		{startsProp, []int64{0, 12, 4096}, []any{int64(0), int64(12), int64(4096)}},
		{startsProp, []int64{7}, []any{int64(7)}},
		{namesProp, []string{}, nil},
		{startsProp, nil, nil},
	} {
		j, err := joinList(c.p, c.list)
		if err != nil {
			t.Errorf("%v: %v", c.list, err)
			continue
		}
		if j == nil {
			if c.want != nil {
				t.Errorf("%v stored as nothing", c.list)
			}
			continue
		}
		s, err := encode(graph.Prop{Name: c.p.Name, Kind: graph.String}, j)
		if err != nil {
			t.Errorf("%v: the joined list refused: %v", c.list, err)
			continue
		}
		if got := splitList(s); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v read back as %#v", c.list, got)
		}
	}
}

// What the markers could be mistaken in is refused before anything is
// written, as a graph.ValueError (its article fails alone), and a string
// that is no list is read back as it is.
func TestListMarkersAreNeverAmbiguous(t *testing.T) {
	refused := []struct {
		what string
		err  error
	}{
		{"an empty element", second(joinList(namesProp, []string{"a", ""}))},
		{"an element holding U+001F", second(joinList(namesProp, []string{"a\x1fb"}))},
		{"an element holding U+001C", second(joinList(namesProp, []string{"a\x1cb"}))},
		{"an element holding U+001E, the bulk files' quote", second(joinList(namesProp, []string{"a\x1eb"}))},
		{"a string starting with U+001F", second(encode(graph.Prop{Name: "title", Kind: graph.String}, "\x1f标题"))},
		{"a string starting with U+001C", second(encode(graph.Prop{Name: "title", Kind: graph.String}, "\x1c12"))},
		{"a node list element holding U+001C", second(encode(graph.Prop{Name: "sources", Kind: graph.Strings}, []string{"a\x1c.txt"}))},
	}
	for _, c := range refused {
		var ve *graph.ValueError
		if !errors.As(c.err, &ve) {
			t.Errorf("%s: %v, want a graph.ValueError", c.what, c.err)
		}
	}
	for _, s := range []string{"无锡高新区", "a\x1fb", "", "12"} {
		if got := splitList(s); got != s {
			t.Errorf("%q read back as %#v", s, got)
		}
	}
}

func second[T any](_ T, err error) error { return err }
