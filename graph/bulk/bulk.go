// Package bulk writes the graph as files for bulk loading instead of through
// a store: CSV in the layout `neo4j-admin database import full` reads (the
// fastest way to fill a fresh Neo4j with a very large corpus), or JSON Lines
// for other tools. Relationships and per-article nodes stream to disk as
// articles arrive; only the set of named entities (name and aliases) is
// kept in memory, to write each entity once.
package bulk

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"newskg/graph"
)

// Formats.
const (
	FormatNeo4jAdmin = "neo4j-admin"
	FormatJSONL      = "jsonl"
)

// Exporter receives articles' facts and writes them under Dir.
type Exporter struct {
	Dir      string
	format   string
	entities map[string]map[string][]string // label -> name -> aliases
	csvs     map[string]*csvFile            // file name -> writer
	nodes    *jsonFile
	rels     *jsonFile
	counts   map[string]int64 // file name (CSV) or label/type (JSONL) -> rows
}

type csvFile struct {
	f *os.File
	w *csv.Writer
}

type jsonFile struct {
	f   *os.File
	enc *json.Encoder
}

// New makes an exporter writing format into dir (created if needed).
func New(dir, format string) (*Exporter, error) {
	if format != FormatNeo4jAdmin && format != FormatJSONL {
		return nil, fmt.Errorf("export format %q: want %s or %s", format, FormatNeo4jAdmin, FormatJSONL)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	e := &Exporter{Dir: dir, format: format, entities: map[string]map[string][]string{}, csvs: map[string]*csvFile{}, counts: map[string]int64{}}
	if format == FormatJSONL {
		var err error
		if e.nodes, err = createJSON(filepath.Join(dir, "nodes.jsonl")); err != nil {
			return nil, err
		}
		if e.rels, err = createJSON(filepath.Join(dir, "relationships.jsonl")); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func createJSON(path string) (*jsonFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	return &jsonFile{f: f, enc: enc}, nil
}

// csvRow appends a row to a CSV file, creating it with its header.
func (e *Exporter) csvRow(name string, header []string, row []string) error {
	c, ok := e.csvs[name]
	if !ok {
		f, err := os.Create(filepath.Join(e.Dir, name))
		if err != nil {
			return err
		}
		c = &csvFile{f: f, w: csv.NewWriter(f)}
		e.csvs[name] = c
		if err := c.w.Write(header); err != nil {
			return err
		}
	}
	e.counts[name]++
	return c.w.Write(row)
}

type ref struct {
	Label string `json:"label"`
	Key   string `json:"key"`
	Value string `json:"value"`
}

func (e *Exporter) node(label string, props map[string]any) error {
	e.counts["node:"+label]++
	return e.nodes.enc.Encode(map[string]any{"labels": []string{label}, "properties": props})
}

func (e *Exporter) rel(typ string, start, end ref, props map[string]any) error {
	e.counts["rel:"+typ]++
	return e.rels.enc.Encode(map[string]any{"type": typ, "start": start, "end": end, "properties": props})
}

// Add writes one article's facts. Articles must be distinct (as they are
// after extraction: one per content hash).
func (e *Exporter) Add(f graph.Facts) error {
	a := f.Article
	for _, en := range f.Entities {
		m := e.entities[en.Label]
		if m == nil {
			m = map[string][]string{}
			e.entities[en.Label] = m
		}
		m[en.Name] = union(m[en.Name], en.Names[1:], en.Name)
	}
	if e.format == FormatJSONL {
		return e.addJSONL(f)
	}
	rows := []struct {
		name   string
		header []string
		row    []string
	}{{"nodes_Article.csv", []string{"id:ID(Article)", "file", "title", "published", "script", "encoding", "ingested_at"},
		[]string{a.ID, a.File, a.Title, a.Published, a.Script, a.Encoding, a.IngestedAt}}}
	for _, en := range f.Entities {
		rows = append(rows, struct {
			name   string
			header []string
			row    []string
		}{"rels_MENTIONS_" + en.Label + ".csv", []string{":START_ID(Article)", ":END_ID(" + en.Label + ")", "count:long"}, []string{a.ID, en.Name, strconv.Itoa(en.Count)}})
	}
	for _, r := range rows {
		if err := e.csvRow(r.name, r.header, r.row); err != nil {
			return err
		}
	}
	for _, g := range f.Figures {
		year := ""
		if g.Year != 0 {
			year = strconv.FormatInt(g.Year, 10)
		}
		if err := e.csvRow("nodes_Figure.csv", []string{"id:ID(Figure)", "text", "value:double", "unit", "subject", "year:long", "article", "evidence"},
			[]string{g.ID, g.Text, strconv.FormatFloat(g.Value, 'f', -1, 64), g.Unit, g.Subject, year, a.ID, g.Evidence}); err != nil {
			return err
		}
		if err := e.csvRow("rels_REPORTS.csv", []string{":START_ID(Article)", ":END_ID(Figure)"}, []string{a.ID, g.ID}); err != nil {
			return err
		}
	}
	for _, p := range f.Positions {
		if err := e.csvRow("rels_HOLDS_POSITION_"+p.OrgLabel+".csv", []string{":START_ID(Person)", ":END_ID(" + p.OrgLabel + ")", "title", "article", "evidence"},
			[]string{p.Person, p.Org, p.Title, a.ID, p.Evidence}); err != nil {
			return err
		}
	}
	for _, p := range f.Issued {
		if err := e.csvRow("rels_ISSUED_"+p.IssuerLabel+".csv", []string{":START_ID(" + p.IssuerLabel + ")", ":END_ID(Plan)", "date", "article", "evidence"},
			[]string{p.Issuer, p.Plan, p.Date, a.ID, p.Evidence}); err != nil {
			return err
		}
	}
	return nil
}

func (e *Exporter) addJSONL(f graph.Facts) error {
	a := f.Article
	art := ref{graph.LabelArticle, "id", a.ID}
	if err := e.node(graph.LabelArticle, map[string]any{"id": a.ID, "file": a.File, "title": a.Title, "published": a.Published, "script": a.Script, "encoding": a.Encoding, "ingested_at": a.IngestedAt}); err != nil {
		return err
	}
	for _, en := range f.Entities {
		if err := e.rel(graph.RelMentions, art, ref{en.Label, "name", en.Name}, map[string]any{"count": en.Count}); err != nil {
			return err
		}
	}
	for _, g := range f.Figures {
		props := map[string]any{"id": g.ID, "text": g.Text, "value": g.Value, "unit": g.Unit, "subject": g.Subject, "year": nil, "article": a.ID, "evidence": g.Evidence}
		if g.Year != 0 {
			props["year"] = g.Year
		}
		if err := e.node(graph.LabelFigure, props); err != nil {
			return err
		}
		if err := e.rel(graph.RelReports, art, ref{graph.LabelFigure, "id", g.ID}, map[string]any{}); err != nil {
			return err
		}
	}
	for _, p := range f.Positions {
		if err := e.rel(graph.RelHoldsPosition, ref{graph.LabelPerson, "name", p.Person}, ref{p.OrgLabel, "name", p.Org}, map[string]any{"title": p.Title, "article": a.ID, "evidence": p.Evidence}); err != nil {
			return err
		}
	}
	for _, p := range f.Issued {
		if err := e.rel(graph.RelIssued, ref{p.IssuerLabel, "name", p.Issuer}, ref{graph.LabelPlan, "name", p.Plan}, map[string]any{"date": p.Date, "article": a.ID, "evidence": p.Evidence}); err != nil {
			return err
		}
	}
	return nil
}

func union(have, add []string, self string) []string {
	seen := map[string]bool{self: true}
	for _, h := range have {
		seen[h] = true
	}
	for _, a := range add {
		if !seen[a] {
			seen[a] = true
			have = append(have, a)
		}
	}
	return have
}

// Close writes the entity nodes and, for neo4j-admin, import.sh, and
// flushes every file. It returns the row count of every node label and
// relationship type written.
func (e *Exporter) Close() (*graph.Stats, error) {
	labels := make([]string, 0, len(e.entities))
	for l := range e.entities {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	for _, l := range labels {
		names := make([]string, 0, len(e.entities[l]))
		for n := range e.entities[l] {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			aliases := e.entities[l][n]
			var err error
			if e.format == FormatJSONL {
				err = e.node(l, map[string]any{"name": n, "aliases": aliases})
			} else {
				err = e.csvRow("nodes_"+l+".csv", []string{"name:ID(" + l + ")", "aliases:string[]"}, []string{n, joinArray(aliases)})
			}
			if err != nil {
				return nil, err
			}
		}
	}
	var errs []string
	for _, c := range e.csvs {
		c.w.Flush()
		if err := c.w.Error(); err != nil {
			errs = append(errs, err.Error())
		}
		if err := c.f.Close(); err != nil {
			errs = append(errs, err.Error())
		}
	}
	for _, j := range []*jsonFile{e.nodes, e.rels} {
		if j != nil {
			if err := j.f.Close(); err != nil {
				errs = append(errs, err.Error())
			}
		}
	}
	if e.format == FormatNeo4jAdmin {
		if err := e.writeImportScript(); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("export: %s", strings.Join(errs, "; "))
	}
	return e.stats(), nil
}

// joinArray joins a string[] value with neo4j-admin's default array
// delimiter; a ';' inside a name becomes the full-width '；'.
func joinArray(vals []string) string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = strings.ReplaceAll(v, ";", "；")
	}
	return strings.Join(out, ";")
}

func (e *Exporter) stats() *graph.Stats {
	st := &graph.Stats{Nodes: map[string]int64{}, Relationships: map[string]int64{}}
	for name, n := range e.counts {
		switch {
		case strings.HasPrefix(name, "node:"):
			st.Nodes[strings.TrimPrefix(name, "node:")] += n
		case strings.HasPrefix(name, "rel:"):
			st.Relationships[strings.TrimPrefix(name, "rel:")] += n
		case strings.HasPrefix(name, "nodes_"):
			st.Nodes[strings.TrimSuffix(strings.TrimPrefix(name, "nodes_"), ".csv")] += n
		case strings.HasPrefix(name, "rels_"):
			st.Relationships[relType(name)] += n
		}
	}
	return st
}

// relType reads the type from rels_TYPE[_Label].csv.
func relType(file string) string {
	t := strings.TrimSuffix(strings.TrimPrefix(file, "rels_"), ".csv")
	for _, l := range append([]string{graph.LabelFigure}, graph.EntityLabels...) {
		t = strings.TrimSuffix(t, "_"+l)
	}
	return t
}

// writeImportScript writes the neo4j-admin command that loads the files.
func (e *Exporter) writeImportScript() error {
	var names []string
	for n := range e.csvs {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("#!/bin/sh\n# Load these files into a new, empty Neo4j database (stop Neo4j first):\n#   sh import.sh [DATABASE]\n")
	b.WriteString("cd \"$(dirname \"$0\")\" && neo4j-admin database import full --overwrite-destination --array-delimiter=';' \\\n")
	for _, n := range names {
		switch {
		case strings.HasPrefix(n, "nodes_"):
			fmt.Fprintf(&b, "  --nodes=%s=%s \\\n", strings.TrimSuffix(strings.TrimPrefix(n, "nodes_"), ".csv"), n)
		case strings.HasPrefix(n, "rels_"):
			fmt.Fprintf(&b, "  --relationships=%s=%s \\\n", relType(n), n)
		}
	}
	b.WriteString("  \"${1:-neo4j}\"\n")
	return os.WriteFile(filepath.Join(e.Dir, "import.sh"), []byte(b.String()), 0o755)
}
