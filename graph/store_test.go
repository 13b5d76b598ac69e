package graph

import (
	"context"
	"os"
	"strings"
	"testing"
)

func TestOpenUnknownDriver(t *testing.T) {
	if _, err := Open(context.Background(), "nosuch", Config{}); err == nil {
		t.Error("unknown driver opened")
	}
}

func TestAliasesRule(t *testing.T) {
	got := Aliases("无锡新洁能股份有限公司", []string{"无锡新洁能股份有限公司", "新洁能", "管委会", "公司", "新洁能", "本公司", "X"})
	if len(got) != 1 || got[0] != "新洁能" {
		t.Errorf("Aliases = %v, want [新洁能] (generic words and the name itself left out)", got)
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
