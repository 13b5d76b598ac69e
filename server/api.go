package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"newskg/graph"
	"newskg/graph/cypher"
	"newskg/queries"
)

// Limits of what one request may ask for.
const (
	maxSearch    = 100
	maxNeighbors = 500
	maxRows      = 5000
	maxBody      = 1 << 20
)

// EntityRef names an entity node: its label and key, written
// Label:name in URLs (/api/entity/Person:崔荣国).
type EntityRef struct {
	Label string `json:"label"`
	Name  string `json:"name"`
	ID    string `json:"id"`
}

func ref(label, name string) EntityRef {
	return EntityRef{Label: label, Name: name, ID: label + ":" + name}
}

// parseRef reads Label:name; the label must be an entity label.
func parseRef(id string) (EntityRef, error) {
	label, name, ok := strings.Cut(id, ":")
	if !ok || name == "" {
		return EntityRef{}, badRequest("entity id %q: want Label:name, e.g. Person:崔荣国", id)
	}
	for _, l := range graph.EntityLabels {
		if l == label {
			return ref(label, name), nil
		}
	}
	return EntityRef{}, badRequest("entity id %q: %q is not an entity label (%s)", id, label, strings.Join(graph.EntityLabels, ", "))
}

// intParam reads a bounded integer query parameter.
func intParam(r *http.Request, name string, def, maxV int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, badRequest("%s=%q: want a whole number from 1 to %d", name, v, maxV)
	}
	if n > maxV {
		return 0, badRequest("%s=%d is more than the most this endpoint gives (%d)", name, n, maxV)
	}
	return n, nil
}

// simplified converts typed text to the script the graph holds.
func (s *Server) simplified(text string) (string, error) {
	if s.cfg.Simplify == nil {
		return text, nil
	}
	return s.cfg.Simplify(text)
}

// SearchHit is one entity a search found.
type SearchHit struct {
	EntityRef
	Aliases  []string `json:"aliases,omitempty"`
	Shared   []string `json:"shared,omitempty"`
	Articles int64    `json:"articles"` // how many articles mention it
	Exact    bool     `json:"exact"`    // the name or an alias is the query
}

// SearchResult is the answer of /api/search.
type SearchResult struct {
	Query  string                 `json:"query"` // as searched, in Simplified script
	ByType map[string][]SearchHit `json:"by_type"`
	Total  int                    `json:"total"`
}

// search finds entities whose name holds q, or whose alias or shared
// name is q, in either script; exact matches first, then by how many
// articles mention them.
func (s *Server) search(r *http.Request) (any, error) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		return nil, badRequest("search: give a name, e.g. /api/search?q=崔榮國")
	}
	if len([]rune(q)) > 100 {
		return nil, badRequest("search: %d characters is too long for a name", len([]rune(q)))
	}
	limit, err := intParam(r, "limit", 20, maxSearch)
	if err != nil {
		return nil, err
	}
	if q, err = s.simplified(q); err != nil {
		return nil, err
	}
	found, err := s.candidates(r, q)
	if err != nil {
		return nil, err
	}
	out := SearchResult{Query: q, ByType: map[string][]SearchHit{}}
	for _, l := range graph.EntityLabels {
		hits := found[l]
		for i := range hits {
			h := &hits[i]
			h.Exact = h.Name == q || contains(h.Aliases, q) || contains(h.Shared, q)
		}
		if len(hits) == 0 {
			continue
		}
		// exact ones and the shortest names first, before counting
		sort.Slice(hits, func(i, j int) bool {
			if hits[i].Exact != hits[j].Exact {
				return hits[i].Exact
			}
			if len(hits[i].Name) != len(hits[j].Name) {
				return len(hits[i].Name) < len(hits[j].Name)
			}
			return hits[i].Name < hits[j].Name
		})
		if len(hits) > limit {
			hits = hits[:limit]
		}
		names := make([]any, len(hits))
		for i, h := range hits {
			names[i] = h.Name
		}
		counts, err := s.cfg.Store.Query(r.Context(), fmt.Sprintf(
			"UNWIND $names AS x MATCH (e:%s {name: x}) MATCH (a:Article)-[:MENTIONS]->(e) RETURN e.name, count(a)", l),
			map[string]any{"names": names})
		if err != nil {
			return nil, err
		}
		n := map[string]int64{}
		for _, row := range counts.Values {
			n[str(row[0])] = num(row[1])
		}
		for i := range hits {
			hits[i].Articles = n[hits[i].Name]
		}
		sort.SliceStable(hits, func(i, j int) bool {
			if hits[i].Exact != hits[j].Exact {
				return hits[i].Exact
			}
			return hits[i].Articles > hits[j].Articles
		})
		out.ByType[l] = hits
		out.Total += len(hits)
	}
	return out, nil
}

// candidates are the entities a search finds, by label: on Neo4j through
// the full-text index of names and aliases (CJK analyzer; the query is
// one phrase) plus shared names, elsewhere by CONTAINS over names and
// equality with aliases and shared names.
func (s *Server) candidates(r *http.Request, q string) (map[string][]SearchHit, error) {
	out := map[string][]SearchHit{}
	seen := map[string]bool{}
	add := func(label string, row []any) {
		h := SearchHit{EntityRef: ref(label, str(row[0])), Aliases: strs(row[1]), Shared: strs(row[2])}
		if !seen[h.ID] && isEntity(label) {
			seen[h.ID] = true
			out[label] = append(out[label], h)
		}
	}
	if s.cfg.Driver == "neo4j" {
		phrase := `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(q) + `"`
		rows, err := s.cfg.Store.Query(r.Context(), "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score "+
			"RETURN labels(node)[0] AS label, node.name, node.aliases, node.shared ORDER BY score DESC LIMIT 1000", map[string]any{"q": phrase})
		if err != nil {
			return nil, err
		}
		for _, row := range rows.Values {
			add(str(row[0]), row[1:])
		}
	}
	for _, l := range graph.EntityLabels {
		where := "e.name CONTAINS $q OR $q IN e.aliases OR $q IN e.shared"
		if s.cfg.Driver == "neo4j" {
			where = "$q IN e.shared" // the index has the rest
		}
		rows, err := s.cfg.Store.Query(r.Context(), fmt.Sprintf("MATCH (e:%s) WHERE %s RETURN e.name, e.aliases, e.shared", l, where), map[string]any{"q": q})
		if err != nil {
			return nil, err
		}
		for _, row := range rows.Values {
			add(l, row)
		}
	}
	return out, nil
}

// Edge is one fact relationship of an entity, with its evidence.
type Edge struct {
	Type     string         `json:"type"`
	Outgoing bool           `json:"outgoing"` // from the entity to Other
	Other    EntityRef      `json:"other"`
	Props    map[string]any `json:"props"`
	Article  string         `json:"article,omitempty"`
	Evidence string         `json:"evidence,omitempty"`
}

// NameUse is a name an article used for the entity.
type NameUse struct {
	Name     string   `json:"name"`
	Articles []string `json:"articles"` // ids
}

// ArticleRef is an article as a link.
type ArticleRef struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Published string   `json:"published,omitempty"`
	Sources   []string `json:"sources"`
	Count     int64    `json:"count"` // mentions of the entity in it
}

// Figure is a figure that measures the entity.
type Figure struct {
	Text     string `json:"text"`
	Value    any    `json:"value"`
	Unit     string `json:"unit,omitempty"`
	Metric   string `json:"metric,omitempty"`
	Period   string `json:"period,omitempty"`
	Year     any    `json:"year,omitempty"`
	Kind     string `json:"kind,omitempty"`
	Evidence string `json:"evidence"`
	Article  string `json:"article"`
}

// EntityPage is the answer of /api/entity/{id}.
type EntityPage struct {
	EntityRef
	Props    map[string]any `json:"props"`
	Names    []NameUse      `json:"names"`
	Articles []ArticleRef   `json:"articles"`
	// MoreArticles counts the articles not listed (the newest come first)
	MoreArticles  int      `json:"more_articles"`
	Edges         []Edge   `json:"edges"`      // at most limit, the rest counted
	MoreEdges     int      `json:"more_edges"` // fact edges not listed
	Positions     []Edge   `json:"positions"`  // HOLDS_POSITION, in time order
	MorePositions int      `json:"more_positions"`
	Figures       []Figure `json:"figures"` // by year, then metric
	MoreFigures   int      `json:"more_figures"`
}

// What an entity page lists at most; a hub (中国 in the news corpus) has
// thousands of each, counted instead.
const (
	pageArticles  = 100
	pagePositions = 200
	pageFigures   = 300
)

// entity gathers what the graph holds about one entity.
func (s *Server) entity(r *http.Request) (any, error) {
	e, err := parseRef(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	limit, err := intParam(r, "limit", 60, maxNeighbors)
	if err != nil {
		return nil, err
	}
	if e.Name, err = s.simplified(e.Name); err != nil {
		return nil, err
	}
	e = ref(e.Label, e.Name)
	ctx, st := r.Context(), s.cfg.Store
	p := map[string]any{"n": e.Name}
	rows, err := st.Query(ctx, fmt.Sprintf("MATCH (e:%s {name: $n}) RETURN e", e.Label), p)
	if err != nil {
		return nil, err
	}
	if len(rows.Values) == 0 {
		return nil, notFound("no %s named %s in the graph", e.Label, e.Name)
	}
	page := EntityPage{EntityRef: e, Props: nodeProps(rows.Values[0][0]), Names: []NameUse{}, Articles: []ArticleRef{}, Edges: []Edge{}, Positions: []Edge{}, Figures: []Figure{}}

	rows, err = st.Query(ctx, fmt.Sprintf("MATCH (a:Article)-[m:MENTIONS]->(e:%s {name: $n}) RETURN a.id, a.title, a.published, a.sources, m.names, m.count", e.Label), p)
	if err != nil {
		return nil, err
	}
	used := map[string][]string{}
	for _, row := range rows.Values {
		a := ArticleRef{ID: str(row[0]), Title: str(row[1]), Published: str(row[2]), Sources: strs(row[3]), Count: num(row[5])}
		page.Articles = append(page.Articles, a)
		for _, n := range strs(row[4]) {
			used[n] = append(used[n], a.ID)
		}
	}
	sort.Slice(page.Articles, func(i, j int) bool {
		if page.Articles[i].Published != page.Articles[j].Published {
			return page.Articles[i].Published > page.Articles[j].Published
		}
		return page.Articles[i].ID < page.Articles[j].ID
	})
	if len(page.Articles) > pageArticles {
		page.MoreArticles = len(page.Articles) - pageArticles
		page.Articles = page.Articles[:pageArticles]
	}
	for _, n := range sortedKeys(used) {
		ids := used[n]
		sort.Strings(ids)
		page.Names = append(page.Names, NameUse{Name: n, Articles: ids})
	}

	edges, err := s.edgesOf(r, e)
	if err != nil {
		return nil, err
	}
	for _, x := range edges {
		if x.Type == graph.RelHoldsPosition {
			page.Positions = append(page.Positions, x)
		}
	}
	sort.SliceStable(page.Positions, func(i, j int) bool {
		di, dj := dateOf(page.Positions[i]), dateOf(page.Positions[j])
		if di != dj {
			return di < dj
		}
		return page.Positions[i].Other.Name < page.Positions[j].Other.Name
	})
	if len(page.Positions) > pagePositions {
		page.MorePositions = len(page.Positions) - pagePositions
		page.Positions = page.Positions[:pagePositions]
	}
	if len(edges) > limit {
		page.MoreEdges = len(edges) - limit
		edges = edges[:limit]
	}
	page.Edges = edges

	if e.Label != graph.LabelPerson && e.Label != graph.LabelPlan {
		rows, err = st.Query(ctx, fmt.Sprintf("MATCH (f:Figure)-[:MEASURES]->(e:%s {name: $n}) RETURN f.text, f.value, f.unit, f.metric, f.period, f.year, f.kind, f.evidence, f.article", e.Label), p)
		if err != nil {
			return nil, err
		}
		for _, row := range rows.Values {
			page.Figures = append(page.Figures, Figure{Text: str(row[0]), Value: row[1], Unit: str(row[2]), Metric: str(row[3]), Period: str(row[4]), Year: row[5], Kind: str(row[6]), Evidence: str(row[7]), Article: str(row[8])})
		}
		sort.SliceStable(page.Figures, func(i, j int) bool {
			a, b := fmt.Sprint(page.Figures[i].Year), fmt.Sprint(page.Figures[j].Year)
			if a != b {
				return a < b
			}
			return page.Figures[i].Metric < page.Figures[j].Metric
		})
	}
	if len(page.Figures) > pageFigures {
		page.MoreFigures = len(page.Figures) - pageFigures
		page.Figures = page.Figures[:pageFigures]
	}
	return page, nil
}

// edgesOf reads every fact relationship between the entity and another
// entity, both ways, as the model declares them (one query per type and
// end pair: neither dialect's label functions are needed). Sorted by
// type, then the other end.
func (s *Server) edgesOf(r *http.Request, e EntityRef) ([]Edge, error) {
	var out []Edge
	for _, t := range graph.Rels {
		if t.FromArticle || t.Type == graph.RelMeasures {
			continue // MENTIONS and REPORTS are the article's; figures have their table
		}
		for _, end := range t.Ends {
			for _, outgoing := range []bool{true, false} {
				mine, other := end.From, end.To
				pattern := "(e:%s {name: $n})-[r:%s]->(o:%s)"
				if !outgoing {
					mine, other = end.To, end.From
					pattern = "(e:%s {name: $n})<-[r:%s]-(o:%s)"
				}
				if mine != e.Label {
					continue
				}
				if !isEntity(other) {
					continue
				}
				rows, err := s.cfg.Store.Query(r.Context(), "MATCH "+fmt.Sprintf(pattern, e.Label, t.Type, other)+" RETURN o.name, r", map[string]any{"n": e.Name})
				if err != nil {
					return nil, err
				}
				for _, row := range rows.Values {
					props := relProps(row[1])
					x := Edge{Type: t.Type, Outgoing: outgoing, Other: ref(other, str(row[0])), Props: props, Article: str(props["article"]), Evidence: str(props["evidence"])}
					out = append(out, x)
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		return out[i].Other.ID < out[j].Other.ID
	})
	return out, nil
}

// Mention is one span of the article text naming an entity or a figure.
type Mention struct {
	Start  int64     `json:"start"` // rune offsets in the text
	End    int64     `json:"end"`
	Entity EntityRef `json:"entity"`
}

// ArticlePage is the answer of /api/article/{id}.
type ArticlePage struct {
	ID       string         `json:"id"`
	Props    map[string]any `json:"props"`
	Mentions []Mention      `json:"mentions"`
	Figures  []Mention      `json:"figures"`
}

func (s *Server) article(r *http.Request) (any, error) {
	id := r.PathValue("id")
	if len(id) != 64 || strings.Trim(id, "0123456789abcdef") != "" {
		return nil, badRequest("article id %q: want the 64 hex digits of its sha256", id)
	}
	ctx, st := r.Context(), s.cfg.Store
	p := map[string]any{"id": id}
	rows, err := st.Query(ctx, "MATCH (a:Article {id: $id}) RETURN a", p)
	if err != nil {
		return nil, err
	}
	if len(rows.Values) == 0 {
		return nil, notFound("no article %s in the graph", id)
	}
	page := ArticlePage{ID: id, Props: nodeProps(rows.Values[0][0]), Mentions: []Mention{}, Figures: []Mention{}}
	for _, l := range graph.EntityLabels {
		rows, err := st.Query(ctx, fmt.Sprintf("MATCH (a:Article {id: $id})-[m:MENTIONS]->(e:%s) RETURN e.name, m.`starts`, m.`ends`", l), p)
		if err != nil {
			return nil, err
		}
		for _, row := range rows.Values {
			starts, ends := ints(row[1]), ints(row[2])
			for i := range starts {
				if i < len(ends) {
					page.Mentions = append(page.Mentions, Mention{Start: starts[i], End: ends[i], Entity: ref(l, str(row[0]))})
				}
			}
		}
	}
	sort.Slice(page.Mentions, func(i, j int) bool { return page.Mentions[i].Start < page.Mentions[j].Start })
	rows, err = st.Query(ctx, "MATCH (a:Article {id: $id})-[:REPORTS]->(f:Figure) RETURN f.`start`, f.`end`, f.text", p)
	if err != nil {
		return nil, err
	}
	for _, row := range rows.Values {
		page.Figures = append(page.Figures, Mention{Start: num(row[0]), End: num(row[1]), Entity: EntityRef{Label: graph.LabelFigure, Name: str(row[2])}})
	}
	sort.Slice(page.Figures, func(i, j int) bool { return page.Figures[i].Start < page.Figures[j].Start })
	return page, nil
}

// QueryRequest is the body of POST /api/query.
type QueryRequest struct {
	Cypher string         `json:"cypher"`
	Params map[string]any `json:"params"`
}

// QueryResult is a table and, where its rows hold nodes and
// relationships, a graph of them.
type QueryResult struct {
	Columns   []string `json:"columns"`
	Rows      [][]any  `json:"rows"`
	Truncated bool     `json:"truncated"`
	Graph     *Graph   `json:"graph,omitempty"`
}

// Graph is the nodes and relationships of a result, joined by the store's
// ids.
type Graph struct {
	Nodes []GraphNode `json:"nodes"`
	Rels  []GraphRel  `json:"rels"`
}

// GraphNode is a node to draw.
type GraphNode struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Name  string `json:"name"`
}

// GraphRel is a relationship to draw.
type GraphRel struct {
	From string `json:"from"`
	To   string `json:"to"`
	Type string `json:"type"`
}

// query runs read-only Cypher: the guard refuses writes, LOAD FROM, COPY
// and more than one statement; parameters must be exactly those it uses.
func (s *Server) query(r *http.Request) (any, error) {
	var req QueryRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
	dec.UseNumber()
	if err := dec.Decode(&req); err != nil {
		return nil, badRequest("query: the body must be JSON {\"cypher\": \"…\", \"params\": {…}}: %v", err)
	}
	if strings.TrimSpace(req.Cypher) == "" {
		return nil, badRequest("query: no cypher given")
	}
	if err := cypher.CheckReadOnly(req.Cypher); err != nil {
		return nil, &apiError{http.StatusForbidden, "query refused: " + err.Error()}
	}
	params := map[string]any{}
	for k, v := range req.Params {
		switch x := v.(type) {
		case json.Number:
			if n, err := x.Int64(); err == nil {
				params[k] = n
			} else if f, err := x.Float64(); err == nil {
				params[k] = f
			}
		case string:
			conv, err := s.simplified(x)
			if err != nil {
				return nil, err
			}
			params[k] = conv
		case bool:
			params[k] = x
		default:
			return nil, badRequest("query: parameter %s must be text, a number or true/false, not %T", k, v)
		}
	}
	if err := cypher.CheckParams(req.Cypher, params); err != nil {
		return nil, badRequest("query: %v", err)
	}
	rows, err := s.cfg.Store.Query(r.Context(), req.Cypher, params)
	if err != nil {
		if r.Context().Err() != nil {
			return nil, r.Context().Err()
		}
		return nil, badRequest("%v", err)
	}
	out := QueryResult{Columns: rows.Columns, Rows: rows.Values}
	if len(out.Rows) > maxRows {
		out.Rows, out.Truncated = out.Rows[:maxRows], true
	}
	if out.Rows == nil {
		out.Rows = [][]any{}
	}
	out.Graph = graphOf(out.Rows)
	return out, nil
}

// graphOf collects the nodes and relationships in rows (paths are lists
// of nodes), nil when there are none.
func graphOf(rows [][]any) *Graph {
	g := &Graph{Nodes: []GraphNode{}, Rels: []GraphRel{}}
	seen := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case graph.Node:
			if x.ID != "" && !seen[x.ID] {
				seen[x.ID] = true
				label := strings.Join(x.Labels, ":")
				name := str(x.Props["name"])
				if name == "" {
					name = str(x.Props["title"])
				}
				if name == "" {
					name = str(x.Props["text"])
				}
				g.Nodes = append(g.Nodes, GraphNode{ID: x.ID, Label: label, Name: truncate(name, 40)})
			}
		case graph.Rel:
			if x.From != "" {
				g.Rels = append(g.Rels, GraphRel{From: x.From, To: x.To, Type: x.Type})
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, row := range rows {
		for _, v := range row {
			walk(v)
		}
	}
	if len(g.Nodes) == 0 {
		return nil
	}
	// a relationship whose ends were not returned is not drawn
	kept := g.Rels[:0]
	for _, rel := range g.Rels {
		if seen[rel.From] && seen[rel.To] {
			kept = append(kept, rel)
		}
	}
	g.Rels = kept
	return g
}

func (s *Server) library(r *http.Request) (any, error) {
	return queries.Library(s.cfg.Driver)
}

// StatusPage is the answer of /api/status.
type StatusPage struct {
	Status
	Nodes         map[string]int64 `json:"nodes"`
	Relationships map[string]int64 `json:"relationships"`
	LastIngest    string           `json:"last_ingest,omitempty"` // the newest article's ingested_at
}

func (s *Server) statusAPI(r *http.Request) (any, error) {
	st, err := s.cfg.Store.Stats(r.Context())
	if err != nil {
		return nil, err
	}
	page := StatusPage{Status: s.statusNow(), Nodes: st.Nodes, Relationships: st.Relationships}
	rows, err := s.cfg.Store.Query(r.Context(), "MATCH (a:Article) RETURN max(a.ingested_at)", nil)
	if err != nil {
		return nil, err
	}
	if len(rows.Values) == 1 {
		page.LastIngest = str(rows.Values[0][0])
	}
	return page, nil
}
