// Package bulk writes the graph as files for bulk loading instead of through
// a store: CSV in the layout `neo4j-admin database import full` reads (the
// fastest way to fill a fresh Neo4j with a very large corpus), or JSON Lines
// for other tools. Both are rendered from the model in graph (labels, keys,
// property kinds), and hold the graph a fresh `kg ingest` of the same files
// builds. Relationships and per-article nodes stream to disk as articles
// arrive; only the named entities (and the names articles use for them)
// are kept in memory, to write each entity once with its aliases.
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

// ArrayDelimiter separates the elements of a list in one CSV field
// (import.sh passes it to neo4j-admin); cleaned text never holds it.
const ArrayDelimiter = "\x1f"

// Exporter receives articles' facts and writes them under Dir.
type Exporter struct {
	Dir      string
	format   string
	entities map[graph.Ref][]string // entity → every name articles use for it
	csvs     map[string]*csvFile    // file name → writer
	nodes    *jsonFile
	rels     *jsonFile
	counts   map[string]int64 // "node:Label" or "rel:TYPE" → rows
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
	e := &Exporter{Dir: dir, format: format, entities: map[graph.Ref][]string{}, csvs: map[string]*csvFile{}, counts: map[string]int64{}}
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

// neo4jType is the header type of a property kind in neo4j-admin's CSV.
func neo4jType(k graph.Kind) string {
	return [...]string{"", ":long", ":double", ":string[]", ":long[]"}[k]
}

// nodeHeader is the header of a label's node file: the key as its ID
// (stored as a property of that name), then every other property.
func nodeHeader(n graph.NodeType) []string {
	h := []string{n.Key + ":ID(" + n.Label + ")"}
	for _, p := range n.Props {
		if p.Name != n.Key {
			h = append(h, p.Name+neo4jType(p.Kind))
		}
	}
	return h
}

func relHeader(t graph.RelType, e graph.End) []string {
	h := []string{":START_ID(" + e.From + ")", ":END_ID(" + e.To + ")"}
	for _, p := range t.Props {
		h = append(h, p.Name+neo4jType(p.Kind))
	}
	return h
}

// field writes a canonical value as a CSV field; absent is the empty
// field, which neo4j-admin does not store.
func field(k graph.Kind, v any) (string, error) {
	v = graph.Canon(k, v)
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case []string:
		for _, s := range x {
			if strings.Contains(s, ArrayDelimiter) {
				return "", fmt.Errorf("export: a list element holds U+001F: %q", s)
			}
		}
		return strings.Join(x, ArrayDelimiter), nil
	case []int64:
		parts := make([]string, len(x))
		for i, n := range x {
			parts[i] = strconv.FormatInt(n, 10)
		}
		return strings.Join(parts, ArrayDelimiter), nil
	}
	return "", fmt.Errorf("export: value %T", v)
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
	return c.w.Write(row)
}

// writeNode writes one node (props canonical, the key among them).
func (e *Exporter) writeNode(n graph.NodeType, props graph.Props) error {
	e.counts["node:"+n.Label]++
	if e.format == FormatJSONL {
		return e.nodes.enc.Encode(map[string]any{"labels": []string{n.Label}, "properties": props})
	}
	row := []string{fmt.Sprint(props[n.Key])}
	for _, p := range n.Props {
		if p.Name == n.Key {
			continue
		}
		s, err := field(p.Kind, props[p.Name])
		if err != nil {
			return err
		}
		row = append(row, s)
	}
	return e.csvRow("nodes_"+n.Label+".csv", nodeHeader(n), row)
}

type ref struct {
	Label string `json:"label"`
	Key   string `json:"key"`
	Value string `json:"value"`
}

func refOf(r graph.Ref) ref {
	n, _ := graph.NodeTypeOf(r.Label)
	return ref{r.Label, n.Key, r.Key}
}

// writeRel writes one relationship.
func (e *Exporter) writeRel(t graph.RelType, from, to graph.Ref, props graph.Props) error {
	e.counts["rel:"+t.Type]++
	if e.format == FormatJSONL {
		return e.rels.enc.Encode(map[string]any{"type": t.Type, "start": refOf(from), "end": refOf(to), "properties": props})
	}
	row := []string{from.Key, to.Key}
	for _, p := range t.Props {
		s, err := field(p.Kind, props[p.Name])
		if err != nil {
			return err
		}
		row = append(row, s)
	}
	return e.csvRow("rels_"+t.Type+"_"+from.Label+"_"+to.Label+".csv", relHeader(t, graph.End{From: from.Label, To: to.Label}), row)
}

// Add writes one article's facts. Articles must be distinct (one per
// content hash), as they are after pipeline.Export's plan.
func (e *Exporter) Add(f graph.Facts) error {
	art, _ := graph.NodeTypeOf(graph.LabelArticle)
	if err := e.writeNode(art, f.Article); err != nil {
		return err
	}
	mentions, _ := graph.RelTypeOf(graph.RelMentions)
	for _, m := range f.Mentions {
		names, _ := m.Props["names"].([]string)
		e.entities[m.Entity] = append(e.entities[m.Entity], names...)
		if err := e.writeRel(mentions, graph.Ref{Label: graph.LabelArticle, Key: f.ID()}, m.Entity, m.Props); err != nil {
			return err
		}
	}
	for _, n := range f.Nodes {
		t, _ := graph.NodeTypeOf(n.Label)
		if err := e.writeNode(t, n.Props); err != nil {
			return err
		}
	}
	for _, r := range f.Rels {
		t, _ := graph.RelTypeOf(r.Type)
		if err := e.writeRel(t, r.From, r.To, r.Props); err != nil {
			return err
		}
	}
	return nil
}

// Close writes the entity nodes (aliases and shared names by
// graph.Aliases, the rule the
// stores follow) and the model's fingerprint node, for neo4j-admin also
// import.sh, and flushes every file. It returns the count of every label
// and relationship type written.
func (e *Exporter) Close() (*graph.Stats, error) {
	refs := make([]graph.Ref, 0, len(e.entities))
	for r := range e.entities {
		refs = append(refs, r)
	}
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].Label != refs[j].Label {
			return refs[i].Label < refs[j].Label
		}
		return refs[i].Key < refs[j].Key
	})
	// who goes by each name, for the split into aliases and shared names
	users := map[string]int{}
	others := make(map[graph.Ref][]string, len(refs))
	for _, r := range refs {
		others[r] = graph.OtherNames(r.Key, e.entities[r])
		for _, n := range others[r] {
			users[n]++
		}
	}
	shared := func(n string) bool { return users[n] > 1 }
	var errs []string
	for _, r := range refs {
		n, _ := graph.NodeTypeOf(r.Label)
		if err := e.writeNode(n, graph.EntityProps(r.Label, r.Key, others[r], shared)); err != nil {
			errs = append(errs, err.Error())
			break
		}
	}
	if e.format == FormatNeo4jAdmin {
		// the fingerprint node kg's Neo4j driver looks for: an imported
		// database takes incremental ingests like one kg wrote
		if err := e.csvRow("meta_KgMeta.csv", []string{"key:ID(KgMeta)", "fingerprint"}, []string{"model", graph.Fingerprint()}); err != nil {
			errs = append(errs, err.Error())
		}
	}
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
	st := &graph.Stats{Nodes: map[string]int64{}, Relationships: map[string]int64{}}
	for k, n := range e.counts {
		if l, ok := strings.CutPrefix(k, "node:"); ok {
			st.Nodes[l] += n
		} else if t, ok := strings.CutPrefix(k, "rel:"); ok {
			st.Relationships[t] += n
		}
	}
	return st, nil
}

// ImportArgs are the arguments of `neo4j-admin database import full` that
// load the files of dir (written by an exporter in the neo4j-admin format)
// into database, an absolute path for each file.
func ImportArgs(dir, database string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	// the database first: the file options take several values each, and
	// would take a name after them for a file
	args := []string{database, "--overwrite-destination", "--array-delimiter=U+001F", "--multiline-fields=true", "--id-type=string"}
	for _, en := range entries {
		n := en.Name()
		path := filepath.Join(abs, n)
		switch {
		case strings.HasPrefix(n, "nodes_") && strings.HasSuffix(n, ".csv"):
			args = append(args, "--nodes="+strings.TrimSuffix(strings.TrimPrefix(n, "nodes_"), ".csv")+"="+path)
		case strings.HasPrefix(n, "meta_") && strings.HasSuffix(n, ".csv"):
			args = append(args, "--nodes="+strings.TrimSuffix(strings.TrimPrefix(n, "meta_"), ".csv")+"="+path)
		case strings.HasPrefix(n, "rels_") && strings.HasSuffix(n, ".csv"):
			typ, _, _ := strings.Cut(strings.TrimPrefix(n, "rels_"), "_"+firstLabel(n))
			args = append(args, "--relationships="+typ+"="+path)
		}
	}
	return args, nil
}

// firstLabel finds the start label in rels_TYPE_From_To.csv (types hold
// underscores, labels do not).
func firstLabel(file string) string {
	parts := strings.Split(strings.TrimSuffix(file, ".csv"), "_")
	if len(parts) < 4 {
		return ""
	}
	return parts[len(parts)-2]
}

// writeImportScript writes the neo4j-admin command that loads the files.
func (e *Exporter) writeImportScript() error {
	args, err := ImportArgs(e.Dir, "${1:-neo4j}")
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("#!/bin/sh\n# Load these files into a new, empty Neo4j database (stop Neo4j first):\n#   sh import.sh [DATABASE]\n")
	b.WriteString("# Then connect kg once (kg stats --neo4j-uri …) to create the constraints and indexes.\n")
	b.WriteString("cd \"$(dirname \"$0\")\" && neo4j-admin database import full \"${1:-neo4j}\"")
	for _, a := range args[1:] {
		if i := strings.Index(a, "="+e.absDir()); i >= 0 { // relative paths in the script
			a = a[:i+1] + strings.TrimPrefix(a[i+1:], e.absDir()+"/")
		}
		fmt.Fprintf(&b, " \\\n  '%s'", a)
	}
	b.WriteString("\n")
	return os.WriteFile(filepath.Join(e.Dir, "import.sh"), []byte(b.String()), 0o755)
}

func (e *Exporter) absDir() string {
	abs, _ := filepath.Abs(e.Dir)
	return abs
}
