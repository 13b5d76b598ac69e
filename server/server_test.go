package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newskg/extract/textnorm"
	"newskg/graph"
	"newskg/graph/graphtest"
	"newskg/graph/neo4j/neo4jtest"
	"newskg/server"
)

func newServer(t *testing.T, s graph.Store, driver string) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(newHandler(t, s, driver))
	t.Cleanup(ts.Close)
	return ts
}

// newHandler is the site over s, names converted as kg serve converts them.
func newHandler(t testing.TB, s graph.Store, driver string) http.Handler {
	t.Helper()
	norm, err := textnorm.New()
	if err != nil {
		t.Fatal(err)
	}
	return server.New(server.Config{Store: s, Driver: driver, Simplify: func(x string) (string, error) { return norm.Simplify(x) }}).Handler()
}

func TestMain(m *testing.M) { os.Exit(neo4jtest.Main(m)) }

func seedsServer(t *testing.T) *httptest.Server {
	t.Helper()
	s := graphtest.TempKuzu(t)
	graphtest.Ingest(t, s, graphtest.SeedsDir(t))
	return newServer(t, s, "kuzu")
}

// seedsServers are a server over the seeds in each store there is: the
// embedded one, and Neo4j when the test has one (see neo4jtest).
func seedsServers(t *testing.T) map[string]*httptest.Server {
	t.Helper()
	out := map[string]*httptest.Server{"kuzu": seedsServer(t)}
	if neo4jtest.Launcher() != "" || os.Getenv("NEO4J_URI") != "" {
		s := neo4jtest.Empty(t)
		graphtest.Ingest(t, s, graphtest.SeedsDir(t))
		out["neo4j"] = newServer(t, s, "neo4j")
	} else if os.Getenv("KG_REQUIRE_NEO4J") != "" {
		t.Fatal("no Neo4j for the API tests (set NEO4J_LAUNCHER)")
	}
	return out
}

// get fetches path and decodes the JSON answer into v, returning the
// status.
func get(t *testing.T, ts *httptest.Server, path string, v any) int {
	t.Helper()
	res, err := http.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, res, v)
}

func post(t *testing.T, ts *httptest.Server, path, body string, v any) int {
	t.Helper()
	res, err := http.Post(ts.URL+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, res, v)
}

func decode(t *testing.T, res *http.Response, v any) int {
	t.Helper()
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s: content type %q: %s", res.Request.URL.Path, ct, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v: %s", res.Request.URL.Path, err, b)
	}
	return res.StatusCode
}

func TestAPIOnSeeds(t *testing.T) {
	for driver, ts := range seedsServers(t) {
		t.Run(driver, func(t *testing.T) { apiOnSeeds(t, ts, driver) })
	}
}

func apiOnSeeds(t *testing.T, ts *httptest.Server, driver string) {
	t.Run("search in Traditional script", func(t *testing.T) {
		var r server.SearchResult
		if code := get(t, ts, "/api/search?q="+url.QueryEscape("崔榮國"), &r); code != 200 {
			t.Fatalf("status %d", code)
		}
		hits := r.ByType["Person"]
		if r.Query != "崔荣国" || len(hits) == 0 || hits[0].Name != "崔荣国" || !hits[0].Exact || hits[0].Articles < 2 {
			t.Fatalf("search 崔榮國 = %+v", r)
		}
	})
	// what a search must find, and whether as an exact match (name or alias)
	for _, c := range []struct {
		q, label, name string
		exact          bool
	}{
		{"高新區", "Organization", "无锡高新区", false}, // part of a name, in Traditional script
		{"新洁能", "Company", "无锡新洁能股份有限公司", true}, // an alias
	} {
		t.Run("search "+c.q, func(t *testing.T) {
			var r server.SearchResult
			get(t, ts, "/api/search?q="+url.QueryEscape(c.q), &r)
			for _, h := range r.ByType[c.label] {
				if h.Name == c.name && h.Exact == c.exact {
					return
				}
			}
			t.Errorf("%s does not find %s %s (exact %v): %+v", c.q, c.label, c.name, c.exact, r)
		})
	}
	t.Run("entity: a person's posts in time order, with evidence", func(t *testing.T) {
		var e server.EntityPage
		if code := get(t, ts, "/api/entity/"+url.PathEscape("Person:崔荣国"), &e); code != 200 {
			t.Fatalf("status %d", code)
		}
		if len(e.Positions) < 4 || len(e.Articles) < 4 {
			t.Fatalf("崔荣国: %d positions, %d articles", len(e.Positions), len(e.Articles))
		}
		last := ""
		for _, p := range e.Positions {
			d, _ := p.Props["date"].(string)
			if d == "" {
				d = "9999"
			}
			if d < last {
				t.Errorf("positions out of time order: %s after %s", d, last)
			}
			last = d
			if p.Evidence == "" || p.Article == "" || !strings.Contains(p.Evidence, "崔荣国") {
				t.Errorf("a position without its sentence: %+v", p)
			}
		}
	})
	t.Run("entity: who holds which post in 无锡高新区", func(t *testing.T) {
		var e server.EntityPage
		get(t, ts, "/api/entity/"+url.PathEscape("Organization:无锡高新区")+"?limit=500", &e)
		holders := map[string]bool{}
		for _, p := range e.Positions {
			if !p.Outgoing && p.Other.Label == "Person" {
				holders[p.Other.Name+" "+fmt.Sprint(p.Props["title"])] = true
			}
		}
		for _, want := range []string{"崔荣国 党工委书记", "章金伟 管委会副主任"} {
			if !holders[want] {
				t.Errorf("无锡高新区's page lacks %s: %v", want, holders)
			}
		}
		if len(e.Figures) == 0 {
			t.Error("无锡高新区 has no figures")
		}
	})
	t.Run("entity: the neighbourhood limit counts the rest", func(t *testing.T) {
		var all, some server.EntityPage
		get(t, ts, "/api/entity/"+url.PathEscape("Organization:无锡高新区")+"?limit=500", &all)
		get(t, ts, "/api/entity/"+url.PathEscape("Organization:无锡高新区")+"?limit=5", &some)
		if len(some.Edges) != 5 || some.MoreEdges != len(all.Edges)-5 {
			t.Errorf("limit 5: %d edges and %d more, of %d", len(some.Edges), some.MoreEdges, len(all.Edges))
		}
	})
	t.Run("article: text and mentions by offset", func(t *testing.T) {
		var e server.EntityPage
		get(t, ts, "/api/entity/"+url.PathEscape("Person:崔荣国"), &e)
		var a server.ArticlePage
		if code := get(t, ts, "/api/article/"+e.Articles[0].ID, &a); code != 200 {
			t.Fatalf("status %d", code)
		}
		text := []rune(a.Props["text"].(string))
		n := 0
		for _, m := range a.Mentions {
			if m.Entity.Name == "崔荣国" {
				n++
				if got := string(text[m.Start:m.End]); got != "崔荣国" {
					t.Errorf("mention at [%d,%d) reads %q", m.Start, m.End, got)
				}
			}
		}
		if n == 0 || len(a.Figures) == 0 {
			t.Errorf("article: %d mentions of 崔荣国, %d figures", n, len(a.Figures))
		}
	})
	t.Run("the Traditional article keeps its original", func(t *testing.T) {
		var r server.QueryResult
		post(t, ts, "/api/query", `{"cypher": "MATCH (a:Article) WHERE a.script = 'traditional' RETURN a.id"}`, &r)
		if len(r.Rows) == 0 {
			t.Fatal("no Traditional article among the seeds")
		}
		var a server.ArticlePage
		get(t, ts, "/api/article/"+r.Rows[0][0].(string), &a)
		if o, _ := a.Props["original"].(string); !strings.Contains(o, "崔榮國") {
			t.Error("the article page lacks the Traditional original")
		}
	})
	t.Run("query with parameters, and a graph of its nodes", func(t *testing.T) {
		var r server.QueryResult
		code := post(t, ts, "/api/query", `{"cypher": "MATCH (p:Person {name: $n})-[h:HOLDS_POSITION]->(o) RETURN p, h, o", "params": {"n": "崔榮國"}}`, &r)
		if code != 200 || len(r.Rows) == 0 || r.Graph == nil || len(r.Graph.Rels) == 0 || len(r.Graph.Nodes) < 2 {
			t.Fatalf("status %d, %d rows, graph %+v", code, len(r.Rows), r.Graph)
		}
		for _, rel := range r.Graph.Rels {
			if rel.From == "" || rel.To == "" || rel.Type != "HOLDS_POSITION" {
				t.Errorf("relationship without its ends: %+v", rel)
			}
		}
	})
	t.Run("library and status", func(t *testing.T) {
		var lib []map[string]any
		get(t, ts, "/api/queries", &lib)
		if len(lib) < 10 {
			t.Errorf("library of %d queries", len(lib))
		}
		var st server.StatusPage
		get(t, ts, "/api/status", &st)
		if st.Nodes["Article"] != 5 || st.LastIngest == "" || st.Driver != driver {
			t.Errorf("status: %+v", st)
		}
	})
}

// Every bad request is a 4xx with a message that says what to do.
func TestAPIRefusesBadInput(t *testing.T) {
	ts := seedsServer(t)
	for _, c := range []struct {
		method, path, body string
		code               int
		says               string
	}{
		{"GET", "/api/search", "", 400, "give a name"},
		{"GET", "/api/search?q=x&limit=100000", "", 400, "more than"},
		{"GET", "/api/search?q=x&limit=-1", "", 400, "whole number"},
		{"GET", "/api/entity/" + url.PathEscape("Person:无此人"), "", 404, "no Person named"},
		{"GET", "/api/entity/nolabel", "", 400, "Label:name"},
		{"GET", "/api/entity/" + url.PathEscape("Figure:x"), "", 400, "not an entity label"},
		{"GET", "/api/entity/" + url.PathEscape("Person:崔荣国") + "?limit=1000000", "", 400, "more than"},
		{"GET", "/api/article/" + strings.Repeat("0", 64), "", 404, "no article"},
		{"GET", "/api/article/not-an-id", "", 400, "64 hex digits"},
		{"POST", "/api/query", `{"cypher": "MATCH (n) DETACH DELETE n"}`, 403, "refused"},
		{"POST", "/api/query", `{"cypher": "LOAD FROM '/etc/passwd' RETURN *"}`, 403, "refused"},
		{"POST", "/api/query", `{"cypher": "CREATE (:Person {name: 'x'})"}`, 403, "refused"},
		{"POST", "/api/query", `{"cypher": "MATCH (p:Person) RETURN p LIMIT 1; MATCH (n) DELETE n"}`, 403, "refused"},
		{"POST", "/api/query", `{"cypher": "MATCH (p:Person {name: $n}) RETURN p"}`, 400, "$n"},
		{"POST", "/api/query", `{"cypher": "MATCH (p:Person {name: $n}) RETURN p", "params": {"n": {"a": 1}}}`, 400, "text, a number"},
		{"POST", "/api/query", `{"cypher": "MATCH (p:Person) RETURN p", "params": {"unused": 1}}`, 400, "not used"},
		{"POST", "/api/query", `not json`, 400, "must be JSON"},
		{"POST", "/api/query", `{"cypher": ""}`, 400, "no cypher"},
		{"POST", "/api/query", `{"cypher": "MATCH (p:Nope) RETURN p"}`, 400, ""},
		{"GET", "/api/query", "", 405, "POST a JSON body"},
		{"GET", "/api/nosuch", "", 404, "no such API endpoint"},
	} {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, ts.URL+c.path, strings.NewReader(c.body))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.code {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, c.code, b)
			}
			var e struct{ Error string }
			if err := json.Unmarshal(b, &e); err != nil || e.Error == "" || !strings.Contains(e.Error, c.says) {
				t.Errorf("answer %s: want an error saying %q", b, c.says)
			}
		})
	}
}

func TestUIAndHealth(t *testing.T) {
	ts := seedsServer(t)
	for _, p := range []string{"/", "/app.js", "/style.css", "/some/deep/link"} {
		res, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || len(b) == 0 {
			t.Errorf("%s: status %d, %d bytes", p, res.StatusCode, len(b))
		}
		if (p == "/" || p == "/some/deep/link") && !strings.Contains(string(b), "app.js") {
			t.Errorf("%s is not the page", p)
		}
	}
	var h map[string]string
	if code := get(t, ts, "/healthz", &h); code != 200 || h["status"] != "ok" {
		t.Errorf("healthz: %d %v", code, h)
	}
}

// the built assets are the ones the sources make (npm run build)
func TestAssetsAreBuilt(t *testing.T) {
	for _, f := range []string{"index.html", "style.css"} {
		src, err1 := os.ReadFile(filepath.Join("ui", "src", f))
		dst, err2 := os.ReadFile(filepath.Join("ui", "dist", f))
		if err1 != nil || err2 != nil || string(src) != string(dst) {
			t.Errorf("ui/dist/%s differs from ui/src/%s: run npm run build in server/ui", f, f)
		}
	}
	if st, err := os.Stat(filepath.Join("ui", "dist", "app.js")); err != nil || st.Size() < 100_000 {
		t.Error("ui/dist/app.js is missing or not a bundle: run npm ci && npm run build in server/ui")
	}
}
