// Command schemadoc rewrites the generated tables of docs/schema.md from
// the model in graph/schema.go: go generate ./graph.
package main

import (
	"fmt"
	"os"
	"strings"

	"newskg/graph"
)

func main() {
	path := "../docs/schema.md"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	doc := string(b)
	i, j := strings.Index(doc, graph.SchemaBegin), strings.Index(doc, graph.SchemaEnd)
	if i < 0 || j < i {
		fmt.Fprintf(os.Stderr, "%s has no model markers\n", path)
		os.Exit(1)
	}
	doc = doc[:i+len(graph.SchemaBegin)] + "\n" + graph.SchemaMarkdown() + doc[j:]
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
