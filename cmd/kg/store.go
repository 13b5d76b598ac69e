package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"newskg/graph"
	_ "newskg/graph/kuzu"  // embedded store, the default
	_ "newskg/graph/neo4j" // Neo4j over Bolt
)

// storeFlags are the flags every command that talks to the graph shares.
type storeFlags struct {
	store, db, uri, user, database string
	batch                          int
	wait                           time.Duration
}

func addStoreFlags(fs *flag.FlagSet) *storeFlags {
	s := &storeFlags{}
	fs.StringVar(&s.store, "store", "", "graph store: kuzu (embedded, default) or neo4j (default when --neo4j-uri is set)")
	fs.StringVar(&s.db, "db", "./data/kg.kuzu", "Kùzu database directory")
	fs.StringVar(&s.uri, "neo4j-uri", os.Getenv("NEO4J_URI"), "Neo4j Bolt URI, e.g. bolt://localhost:7687 (env NEO4J_URI); the password is read from NEO4J_PASSWORD")
	fs.StringVar(&s.user, "neo4j-user", envOr("NEO4J_USER", "neo4j"), "Neo4j user (env NEO4J_USER)")
	fs.StringVar(&s.database, "neo4j-database", envOr("NEO4J_DATABASE", ""), "Neo4j database (default: the server's default)")
	fs.IntVar(&s.batch, "batch-size", 0, "rows per UNWIND statement (default 2000 for Kùzu, 5000 for Neo4j)")
	fs.DurationVar(&s.wait, "wait", 10*time.Second, "how long a reader waits for another process writing the embedded store (kg ingest, kg watch) before giving up")
	return s
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// driver is the store the flags name.
func (s *storeFlags) driver() string {
	if s.store != "" {
		return s.store
	}
	if s.uri != "" {
		return "neo4j"
	}
	return "kuzu"
}

func (s *storeFlags) open(ctx context.Context, readOnly bool) (graph.Store, error) {
	driver := s.driver()
	cfg := graph.Config{Path: s.db, URI: s.uri, User: s.user, Password: os.Getenv("NEO4J_PASSWORD"), Database: s.database, BatchSize: s.batch, ReadOnly: readOnly}
	if readOnly {
		cfg.LockWait = max(s.wait, time.Millisecond)
	}
	if driver == "neo4j" && cfg.URI == "" {
		return nil, fmt.Errorf("--store neo4j needs --neo4j-uri (or NEO4J_URI)")
	}
	st, err := graph.Open(ctx, driver, cfg)
	if err != nil {
		return nil, err
	}
	// read-only, this checks that the store holds this kg's model
	if err := st.EnsureSchema(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}
