package graph

import (
	"fmt"
	"strings"
)

// SchemaMarkdown renders the model as the tables of docs/schema.md (the
// part between its model markers): a test fails when the two disagree, and
// `go generate ./graph` rewrites the file.
func SchemaMarkdown() string {
	var b strings.Builder
	b.WriteString("| label | key | properties | what it is | example |\n|---|---|---|---|---|\n")
	for _, n := range Nodes {
		var props []string
		for _, p := range n.Props {
			if p.Name != n.Key {
				props = append(props, propDoc(p))
			}
		}
		kind := ""
		switch {
		case n.Entity:
			kind = " (entity: exists while an article mentions it)"
		case n.Owned:
			kind = " (owned by one article)"
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s%s | `%s` |\n", n.Label, n.Key, strings.Join(props, "; "), n.Doc, kind, n.Example)
	}
	b.WriteString("\n| relationship | from → to | properties | what it says | example |\n|---|---|---|---|---|\n")
	for _, r := range Rels {
		var ends []string
		for _, e := range r.Ends {
			ends = append(ends, e.From+" → "+e.To)
		}
		var props []string
		for _, p := range r.Props {
			props = append(props, propDoc(p))
		}
		owner := " (goes with its `article`)"
		if r.FromArticle {
			owner = " (goes with its article)"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s%s | `%s` |\n", r.Type, strings.Join(ends, ", "), strings.Join(props, "; "), r.Doc, owner, r.Example)
	}
	return b.String()
}

func propDoc(p Prop) string {
	return fmt.Sprintf("`%s` (%s): %s", p.Name, p.Kind, p.Doc)
}

// Markers around the generated part of docs/schema.md.
const (
	SchemaBegin = "<!-- model:begin (generated from graph/schema.go by go generate ./graph; do not edit) -->"
	SchemaEnd   = "<!-- model:end -->"
)

//go:generate go run ./schemadoc ../docs/schema.md
