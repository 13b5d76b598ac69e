package graph

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestOpenUnknownDriver(t *testing.T) {
	if _, err := Open(context.Background(), "nosuch", Config{}); err == nil {
		t.Error("unknown driver opened")
	}
}

func TestAliasesRule(t *testing.T) {
	for _, c := range []struct {
		name         string
		used         []string
		sharedBy     []string // names another entity goes by
		aliases, shr string
	}{
		{"无锡新洁能股份有限公司", []string{"无锡新洁能股份有限公司", "新洁能", "管委会", "公司", "新洁能", "本公司", "X"}, nil, "新洁能", ""},
		// two companies both called 中石化 in the articles: neither owns it
		{"中国石油化工股份有限公司", []string{"中国石油化工股份有限公司", "中石化", "中国石化"}, []string{"中石化"}, "中国石化", "中石化"},
		{"崔荣国", []string{"崔荣国"}, nil, "", ""},
	} {
		shared := func(n string) bool { return slices.Contains(c.sharedBy, n) }
		a, s := Aliases(c.name, c.used, shared)
		if strings.Join(a, ",") != c.aliases || strings.Join(s, ",") != c.shr {
			t.Errorf("Aliases(%s) = %v, %v; want [%s], [%s] (generic words and the name itself left out, shared names apart)", c.name, a, s, c.aliases, c.shr)
		}
	}
}

func TestCanonDropsEmpty(t *testing.T) {
	for _, c := range []struct {
		k Kind
		v any
	}{{String, ""}, {Strings, []string{}}, {Ints, []int64(nil)}, {Int, nil}, {String, 3}} {
		if got := Canon(c.k, c.v); got != nil {
			t.Errorf("Canon(%v, %#v) = %#v, want absent", c.k, c.v, got)
		}
	}
	if Canon(Float, int64(3)) != 3.0 || Canon(Int, 3) != int64(3) {
		t.Error("numbers not made canonical")
	}
}

// docs/schema.md shows the model as it is.
func TestSchemaDocMatchesModel(t *testing.T) {
	b, err := os.ReadFile("../docs/schema.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, SchemaBegin), strings.Index(doc, SchemaEnd)
	if i < 0 || j < i {
		t.Fatal("docs/schema.md lacks the model markers")
	}
	if got := strings.TrimSpace(doc[i+len(SchemaBegin) : j]); got != strings.TrimSpace(SchemaMarkdown()) {
		t.Error("docs/schema.md and graph/schema.go disagree: run go generate ./graph")
	}
}

// The two ways a statement refers to its row, as drivers run them.
func TestRowRendering(t *testing.T) {
	person, _ := NodeTypeOf(LabelPerson)
	cols := []Prop{{Name: "kg_from", Kind: String}, {Name: "kg_to", Kind: String}, {Name: "count", Kind: Int}}
	for _, c := range []struct{ got, want string }{
		{Unwound{}.Field("count"), "r.`count`"},
		{Unwound{}.Match("b", person, "kg_to", "a"), "WITH a, r, r.`kg_to` AS kg_b MATCH (b:Person {`name`: kg_b})"},
		{Params{Cols: cols}.Field("count"), "$p2"},
		{Params{Cols: cols}.Match("b", person, "kg_to", "a"), "MATCH (b:Person {`name`: $p1})"},
	} {
		if c.got != c.want {
			t.Errorf("got  %s\nwant %s", c.got, c.want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a field not in the row rendered")
		}
	}()
	Params{Cols: cols}.Field("names")
}
