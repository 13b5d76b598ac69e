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
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"newskg/graph"
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

// EnsureSchema creates a uniqueness constraint on every key and a
// full-text index on entity names. A server without full-text indexes
// still works; analysts then search with CONTAINS.
func (s *Store) EnsureSchema(ctx context.Context) error {
	sess := s.session(ctx, true)
	defer sess.Close(ctx)
	stmts := []string{"CREATE CONSTRAINT article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT figure_id IF NOT EXISTS FOR (n:Figure) REQUIRE n.id IS UNIQUE"}
	for _, l := range graph.EntityLabels {
		stmts = append(stmts, fmt.Sprintf("CREATE CONSTRAINT %s_name IF NOT EXISTS FOR (n:%s) REQUIRE n.name IS UNIQUE", l, l))
	}
	for _, q := range stmts {
		if _, err := sess.Run(ctx, q, nil); err != nil {
			return fmt.Errorf("neo4j: schema: %w", err)
		}
	}
	// optional: servers other than Neo4j may lack full-text indexes
	_, _ = sess.Run(ctx, "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Company|Person|Organization|Plan|Place) ON EACH [n.name]", nil)
	return nil
}

// Query runs a Cypher query, in a read transaction unless the store was
// opened for writing.
func (s *Store) Query(ctx context.Context, q string, params map[string]any) (*graph.Rows, error) {
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
		return graph.Node{Labels: x.Labels, Props: x.Props}
	case dbtype.Relationship:
		return graph.Rel{Type: x.Type, Props: x.Props}
	case dbtype.Path:
		return graph.Plain(x.Nodes, plain)
	case []any:
		return graph.Plain(x, plain)
	}
	return v
}

// Articles returns stored article ids and files.
func (s *Store) Articles(ctx context.Context) (map[string]string, error) {
	return graph.ReadArticles(ctx, s.Query)
}

// Stats counts nodes per label and relationships per type.
func (s *Store) Stats(ctx context.Context) (*graph.Stats, error) {
	return graph.CountStats(ctx, s.Query)
}
