// Package kuzu is the embedded graph store: Kùzu, a Cypher database that
// runs inside the process (no server), used by default and in tests.
//
// Import it for its side effect: graph.Open(ctx, "kuzu", cfg).
package kuzu

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	kz "github.com/kuzudb/go-kuzu"

	"newskg/graph"
)

func init() { graph.Register("kuzu", open) }

// Store is a Kùzu database. Kùzu serialises writes; a mutex keeps the one
// connection to one statement at a time.
type Store struct {
	mu        sync.Mutex
	db        *kz.Database
	conn      *kz.Connection
	batchSize int
	bulkDir   string // set while WriteBulk runs: rows go through CSV files there
}

func open(_ context.Context, cfg graph.Config) (graph.Store, error) {
	if cfg.Path == "" {
		return nil, errors.New("kuzu: no database path (--db)")
	}
	if cfg.ReadOnly {
		if _, err := os.Stat(cfg.Path); err != nil {
			return nil, fmt.Errorf("kuzu: no database at %s (run kg ingest first)", cfg.Path)
		}
	} else if err := os.MkdirAll(filepath.Dir(cfg.Path), 0o755); err != nil {
		return nil, fmt.Errorf("kuzu: %w", err)
	}
	sc := kz.DefaultSystemConfig()
	sc.ReadOnly = cfg.ReadOnly
	sc.BufferPoolSize = 1 << 30 // pages are touched only as used; a bulk transaction needs room
	db, err := kz.OpenDatabase(cfg.Path, sc)
	if err != nil {
		return nil, fmt.Errorf("kuzu: open %s: %w", cfg.Path, err)
	}
	conn, err := kz.OpenConnection(db)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("kuzu: connect %s: %w", cfg.Path, err)
	}
	bs := cfg.BatchSize
	if bs <= 0 {
		bs = 2000
	}
	return &Store{db: db, conn: conn, batchSize: bs}, nil
}

// Close releases the database.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn != nil {
		s.conn.Close()
		s.db.Close()
		s.conn, s.db = nil, nil
	}
	return nil
}

// schema is the model as Kùzu DDL.
func schema() []string {
	var ddl []string
	ddl = append(ddl, "CREATE NODE TABLE IF NOT EXISTS Article(id STRING PRIMARY KEY, file STRING, title STRING, published STRING, script STRING, encoding STRING, ingested_at STRING)")
	for _, l := range graph.EntityLabels {
		ddl = append(ddl, fmt.Sprintf("CREATE NODE TABLE IF NOT EXISTS %s(name STRING PRIMARY KEY, aliases STRING[])", l))
	}
	ddl = append(ddl, "CREATE NODE TABLE IF NOT EXISTS Figure(id STRING PRIMARY KEY, text STRING, value DOUBLE, unit STRING, subject STRING, year INT64, article STRING, evidence STRING)")
	var pairs []string
	for _, l := range graph.EntityLabels {
		pairs = append(pairs, "FROM Article TO "+l)
	}
	ddl = append(ddl, "CREATE REL TABLE IF NOT EXISTS MENTIONS("+strings.Join(pairs, ", ")+", count INT64)")
	ddl = append(ddl, "CREATE REL TABLE IF NOT EXISTS REPORTS(FROM Article TO Figure)")
	ddl = append(ddl, "CREATE REL TABLE IF NOT EXISTS HOLDS_POSITION(FROM Person TO Organization, FROM Person TO Company, title STRING, article STRING, evidence STRING)")
	ddl = append(ddl, "CREATE REL TABLE IF NOT EXISTS ISSUED(FROM Organization TO Plan, FROM Company TO Plan, date STRING, article STRING, evidence STRING)")
	return ddl
}

// EnsureSchema creates the node and relationship tables.
func (s *Store) EnsureSchema(ctx context.Context) error {
	for _, q := range schema() {
		if err := s.exec(q, nil); err != nil {
			return fmt.Errorf("kuzu: schema: %w", err)
		}
	}
	return nil
}

// exec runs one statement and discards its result.
func (s *Store) exec(q string, params map[string]any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.execLocked(q, params)
}

// trace (KG_TRACE=1) prints each write statement with its time on stderr:
// where a slow load spends its time, without a profiler.
var trace = os.Getenv("KG_TRACE") != ""

func (s *Store) execLocked(q string, params map[string]any) error {
	if trace {
		defer func(t0 time.Time) {
			fmt.Fprintf(os.Stderr, "%8.1f ms  %.90s\n", float64(time.Since(t0).Microseconds())/1000, q)
		}(time.Now())
	}
	res, err := s.run(q, params)
	if err != nil {
		return err
	}
	res.Close()
	return nil
}

// run prepares and executes one statement (plain Query when it has no
// parameters); the caller holds the mutex and closes the result.
func (s *Store) run(q string, params map[string]any) (*kz.QueryResult, error) {
	if s.conn == nil {
		return nil, errors.New("kuzu: store is closed")
	}
	if len(params) == 0 {
		return s.conn.Query(q)
	}
	st, err := s.conn.Prepare(q)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return s.conn.Execute(st, params)
}

var paramRef = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)

// usedParams keeps the parameters the query refers to: Kùzu refuses a
// parameter a statement does not use, Neo4j ignores it, and a query library
// run with one set of --param flags should work on both.
func usedParams(q string, params map[string]any) map[string]any {
	out := map[string]any{}
	for _, m := range paramRef.FindAllStringSubmatch(q, -1) {
		if v, ok := params[m[1]]; ok {
			out[m[1]] = v
		}
	}
	return out
}

// Query runs a Cypher query; values are passed only as parameters.
func (s *Store) Query(ctx context.Context, q string, params map[string]any) (*graph.Rows, error) {
	params = usedParams(q, params)
	s.mu.Lock()
	defer s.mu.Unlock()
	res, err := s.run(q, params)
	if err != nil {
		return nil, fmt.Errorf("kuzu: %w", err)
	}
	defer res.Close()
	rows := &graph.Rows{Columns: res.GetColumnNames()}
	for res.HasNext() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t, err := res.Next()
		if err != nil {
			return nil, fmt.Errorf("kuzu: %w", err)
		}
		v, err := t.GetAsSlice()
		t.Close()
		if err != nil {
			return nil, fmt.Errorf("kuzu: %w", err)
		}
		for i := range v {
			v[i] = plain(v[i])
		}
		rows.Values = append(rows.Values, v)
	}
	return rows, nil
}

// plain turns Kùzu's nodes, relationships and paths into the store-neutral
// graph.Node and graph.Rel.
func plain(v any) any {
	switch x := v.(type) {
	case kz.Node:
		return graph.Node{Labels: []string{x.Label}, Props: graph.DropNil(x.Properties)}
	case kz.Relationship:
		return graph.Rel{Type: x.Label, Props: graph.DropNil(x.Properties)}
	case kz.RecursiveRelationship:
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
