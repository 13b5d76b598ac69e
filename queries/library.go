// Package queries is the analysts' Cypher library: one question per
// .cypher file, its header comment saying what it answers and which
// parameters it takes ("Params: org (e.g. 无锡高新区)"). The files are
// embedded, so kg serve offers them as one-click examples.
package queries

import (
	"embed"
	"io/fs"
	"sort"
	"strings"

	"newskg/graph/cypher"
)

//go:embed *.cypher
var files embed.FS

// Query is one library query, in the dialect of one store.
type Query struct {
	Name   string  `json:"name"`
	Doc    string  `json:"doc"`
	Params []Param `json:"params"`
	Cypher string  `json:"cypher"`
}

// Param is a parameter with the example its header gives, if any.
type Param struct {
	Name    string `json:"name"`
	Example string `json:"example,omitempty"`
}

// Library lists the queries for a store's driver (kuzu or neo4j): a query
// written once per dialect (shortest_path.kuzu.cypher) is taken in the
// driver's form, under its plain name. Sorted by name.
func Library(driver string) ([]Query, error) {
	names, err := fs.Glob(files, "*.cypher")
	if err != nil {
		return nil, err
	}
	var out []Query
	for _, f := range names {
		base := strings.TrimSuffix(f, ".cypher")
		name, dialect, variant := strings.Cut(base, ".")
		if variant && dialect != driver {
			continue
		}
		b, err := files.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, parse(name, string(b)))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// parse reads a query's header: the comment lines before the first
// statement line are its doc; "Params: a, b (e.g. X and Y)" names the
// examples of the parameters, in order.
func parse(name, text string) Query {
	q := Query{Name: name, Cypher: text}
	var doc []string
	examples := []string(nil)
	for _, line := range strings.Split(text, "\n") {
		c, ok := strings.CutPrefix(strings.TrimSpace(line), "//")
		if !ok {
			break
		}
		c = strings.TrimSpace(c)
		if strings.HasPrefix(c, "kg query") {
			continue
		}
		if i := strings.Index(c, "Params:"); i >= 0 {
			if i > 0 {
				doc = append(doc, strings.TrimSpace(c[:i]))
			}
			examples = exampleValues(c[i:])
			continue
		}
		doc = append(doc, c)
	}
	q.Doc = strings.Join(doc, " ")
	names, _ := cypher.Params(text)
	for i, n := range names {
		p := Param{Name: n}
		if len(examples) == len(names) {
			p.Example = examples[i]
		} else if i == 0 && len(examples) > 0 {
			p.Example = examples[0]
		}
		q.Params = append(q.Params, p)
	}
	return q
}

// exampleValues finds "(e.g. X)" or "(e.g. X and Y)" and returns X, Y.
func exampleValues(s string) []string {
	_, rest, ok := strings.Cut(s, "e.g. ")
	if !ok {
		return nil
	}
	rest, _, _ = strings.Cut(rest, ")")
	rest, _, _ = strings.Cut(rest, ";")
	rest, _, _ = strings.Cut(rest, ", or")
	var out []string
	for _, part := range strings.Split(rest, " and ") {
		part = strings.TrimSpace(part)
		if v, _, _ := strings.Cut(part, ","); v != "" && !strings.Contains(v, " ") {
			out = append(out, v)
		}
	}
	return out
}
