// Package neo4j is the production graph store: Neo4j over Bolt with the
// official driver. Writes are parameterised UNWIND … MERGE statements in
// batches inside ExecuteWrite, so the driver retries transient errors;
// labels and relationship types come only from graph's fixed model.
//
// Import it for its side effect: graph.Open(ctx, "neo4j", cfg).
package neo4j

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"newskg/graph"
	"newskg/graph/cypher"
)

func init() { graph.Register("neo4j", open) }

// Store is a Neo4j database reached over Bolt.
type Store struct {
	driver    neo4j.DriverWithContext
	database  string
	batchSize int
	readOnly  bool
}

func open(ctx context.Context, cfg graph.Config) (graph.Store, error) {
	auth := neo4j.NoAuth()
	if cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	d, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		if cfg.RetryTime > 0 {
			c.MaxTransactionRetryTime = cfg.RetryTime
		}
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: %s: %w", cfg.URI, err)
	}
	vctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := d.VerifyConnectivity(vctx); err != nil {
		d.Close(ctx)
		return nil, fmt.Errorf("neo4j: cannot reach %s as user %q: %w", cfg.URI, cfg.User, err)
	}
	bs := cfg.BatchSize
	if bs <= 0 {
		bs = 5000
	}
	return &Store{driver: d, database: cfg.Database, batchSize: bs, readOnly: cfg.ReadOnly}, nil
}

// Close closes the driver.
func (s *Store) Close() error { return s.driver.Close(context.Background()) }

func (s *Store) session(ctx context.Context, write bool) neo4j.SessionWithContext {
	mode := neo4j.AccessModeRead
	if write {
		mode = neo4j.AccessModeWrite
	}
	return s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: mode})
}

// schema is the model as Neo4j constraints and indexes: a uniqueness
// constraint on every key, an index on the `article` of everything an
// article owns (retraction finds it by that), and a full-text index of
// entity names and aliases with the CJK analyzer (the standard one splits
// Chinese into single characters, so 高新区 would match any name with 高).
func schema() []string {
	var out []string
	for _, n := range graph.Nodes {
		out = append(out, fmt.Sprintf("CREATE CONSTRAINT %s_%s IF NOT EXISTS FOR (n:%s) REQUIRE n.%s IS UNIQUE", n.Label, n.Key, n.Label, graph.Quote(n.Key)))
		if n.Owned {
			out = append(out, fmt.Sprintf("CREATE INDEX %s_article IF NOT EXISTS FOR (n:%s) ON (n.article)", n.Label, n.Label))
		}
	}
	for _, r := range graph.Rels {
		if !r.FromArticle {
			out = append(out, fmt.Sprintf("CREATE INDEX %s_article IF NOT EXISTS FOR ()-[r:%s]-() ON (r.article)", r.Type, r.Type))
		}
	}
	return out
}

// FullTextIndex is the full-text index of entity names and aliases.
const FullTextIndex = "entity_names"

func fullTextStatement() string {
	return fmt.Sprintf("CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH [n.name, n.aliases] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}",
		FullTextIndex, strings.Join(graph.EntityLabels, "|"))
}

// EnsureSchema creates what schema() lists, recreates a full-text index
// made with another analyzer (databases of earlier kg versions), and
// records the model's fingerprint in a (:KgMeta) node: a database written
// by a kg with another model is refused.
func (s *Store) EnsureSchema(ctx context.Context) error {
	sess := s.session(ctx, !s.readOnly)
	defer sess.Close(ctx)
	want := graph.Fingerprint()
	res, err := sess.Run(ctx, "MATCH (m:KgMeta {key: 'model'}) RETURN m.fingerprint", nil)
	if err != nil {
		return fmt.Errorf("neo4j: schema: %w", err)
	}
	var have any
	if res.Next(ctx) {
		have = res.Record().Values[0]
	}
	if err := res.Err(); err != nil {
		return fmt.Errorf("neo4j: schema: %w", err)
	}
	if have != nil && have != want {
		return fmt.Errorf("neo4j: the database was written by another version of kg (model %v, this kg's %s): ingest into an empty database", have, want)
	}
	if have == nil {
		res, err := sess.Run(ctx, "MATCH (a:Article) RETURN count(a) AS n", nil)
		if err == nil && res.Next(ctx) {
			if n, _ := res.Record().Values[0].(int64); n > 0 {
				return fmt.Errorf("neo4j: the database holds %d articles written by an earlier version of kg: ingest into an empty database", n)
			}
		}
	}
	if s.readOnly {
		return nil
	}
	for _, q := range schema() {
		if _, err := sess.Run(ctx, q, nil); err != nil {
			return fmt.Errorf("neo4j: schema: %w", err)
		}
	}
	res, err = sess.Run(ctx, "SHOW FULLTEXT INDEXES YIELD name, options WHERE name = $n RETURN options.indexConfig['fulltext.analyzer']", map[string]any{"n": FullTextIndex})
	if err != nil {
		return fmt.Errorf("neo4j: schema: %w", err)
	}
	if res.Next(ctx) && res.Record().Values[0] != "cjk" {
		if _, err := sess.Run(ctx, "DROP INDEX "+FullTextIndex, nil); err != nil {
			return fmt.Errorf("neo4j: schema: recreating the full-text index: %w", err)
		}
	}
	if _, err := sess.Run(ctx, fullTextStatement(), nil); err != nil {
		return fmt.Errorf("neo4j: schema: %w", err)
	}
	if _, err := sess.Run(ctx, "MERGE (m:KgMeta {key: 'model'}) SET m.fingerprint = $f", map[string]any{"f": want}); err != nil {
		return fmt.Errorf("neo4j: schema: %w", err)
	}
	return nil
}

// Query runs a Cypher query, in a read transaction unless the store was
// opened for writing.
//
// A store opened read-only also refuses what cypher.CheckReadOnly refuses
// (LOAD CSV reads files inside a read transaction).
func (s *Store) Query(ctx context.Context, q string, params map[string]any) (*graph.Rows, error) {
	if s.readOnly {
		if err := cypher.CheckReadOnly(q); err != nil {
			return nil, fmt.Errorf("neo4j: refused on a read-only store: %w", err)
		}
	}
	sess := s.session(ctx, !s.readOnly)
	defer sess.Close(ctx)
	work := func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, q, params)
		if err != nil {
			return nil, err
		}
		keys, err := res.Keys()
		if err != nil {
			return nil, err
		}
		rows := &graph.Rows{Columns: keys}
		for res.Next(ctx) {
			vals := make([]any, len(keys))
			for i, v := range res.Record().Values {
				vals[i] = plain(v)
			}
			rows.Values = append(rows.Values, vals)
		}
		return rows, res.Err()
	}
	var out any
	var err error
	if s.readOnly {
		out, err = sess.ExecuteRead(ctx, work)
	} else {
		out, err = sess.ExecuteWrite(ctx, work)
	}
	if err != nil {
		return nil, fmt.Errorf("neo4j: %w", err)
	}
	return out.(*graph.Rows), nil
}

// plain turns driver values into maps and lists.
func plain(v any) any {
	switch x := v.(type) {
	case dbtype.Node:
		return graph.Node{Labels: x.Labels, Props: x.Props, ID: x.ElementId}
	case dbtype.Relationship:
		return graph.Rel{Type: x.Type, Props: x.Props, From: x.StartElementId, To: x.EndElementId}
	case dbtype.Path:
		return graph.Plain(x.Nodes, plain)
	case []any:
		return graph.Plain(x, plain)
	}
	return v
}

// Articles returns stored article ids and sources.
func (s *Store) Articles(ctx context.Context) (map[string][]string, error) {
	return graph.ReadArticles(ctx, s.Query)
}

// Stats counts nodes per label and relationships per type.
func (s *Store) Stats(ctx context.Context) (*graph.Stats, error) {
	return graph.CountStats(ctx, s.Query)
}
