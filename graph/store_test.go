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
