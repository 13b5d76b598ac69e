package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// Store is a graph database holding the knowledge graph. Implementations
// live in sub-packages (graph/kuzu, graph/neo4j) and register themselves
// with Register; callers use Open.
type Store interface {
	// EnsureSchema creates tables, constraints and indexes that are
	// missing, and refuses a store made with another model.
	EnsureSchema(ctx context.Context) error
	// Articles returns the stored articles' ids and their sources.
	Articles(ctx context.Context) (map[string][]string, error)
	// Apply carries out a change in one transaction (see graph.Apply):
	// all of it or, on error, none of it.
	Apply(ctx context.Context, c Change) error
	// Query runs a Cypher query with parameters.
	Query(ctx context.Context, cypher string, params map[string]any) (*Rows, error)
	// Stats counts nodes by label and relationships by type.
	Stats(ctx context.Context) (*Stats, error)
	Close() error
}

// A ValueError is a value a store cannot hold (a limit of its driver),
// found before the transaction writes anything. Trying again refuses it
// again: a caller writing many articles at once writes them apart to
// find the one that holds it, and the others land.
type ValueError struct {
	Prop   string // the property
	Value  string // the value, cut to 80 bytes
	Reason string // what the store cannot hold
}

func (e *ValueError) Error() string {
	v := e.Value
	if len(v) > 80 {
		v = strings.ToValidUTF8(v[:80], "") + "…"
	}
	return fmt.Sprintf("%s: %s: %q", e.Prop, e.Reason, v)
}

// BulkApplier is implemented by stores with a faster path for large
// changes (the embedded store loads rows from files instead of
// parameters). Same contract as Apply; callers use it when they have
// thousands of articles at hand, as `kg ingest --bulk` and `kg bench` do.
type BulkApplier interface {
	ApplyBulk(ctx context.Context, c Change) error
}

// LogCompactor is implemented by stores whose write-ahead log every open
// replays (the embedded store). A process that keeps such a store open
// and writes to it from time to time (kg serve --watch) compacts the log
// after each round, as closing the store would: otherwise a process
// killed later leaves the log of all its rounds to replay.
type LogCompactor interface {
	// CompactLog checkpoints when the log is long enough to slow the
	// next open, and does nothing otherwise.
	CompactLog(ctx context.Context) error
}

// CompactLog compacts s's log when it has one.
func CompactLog(ctx context.Context, s Store) error {
	if c, ok := s.(LogCompactor); ok {
		return c.CompactLog(ctx)
	}
	return nil
}

// ApplyBulk applies c through the store's bulk path when it has one.
func ApplyBulk(ctx context.Context, s Store, c Change) error {
	if b, ok := s.(BulkApplier); ok {
		return b.ApplyBulk(ctx, c)
	}
	return s.Apply(ctx, c)
}

// Rows is a query's result.
type Rows struct {
	Columns []string
	Values  [][]any
}

// Stats are the store's counts.
type Stats struct {
	Nodes         map[string]int64
	Relationships map[string]int64
}

// Total sums a count map.
func Total(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

// Config says where a store is and how to reach it.
type Config struct {
	Path      string // embedded stores: the database directory
	URI       string // server stores: e.g. bolt://localhost:7687
	User      string
	Password  string // never logged
	Database  string
	BatchSize int  // rows per UNWIND statement; 0 means the driver's default
	ReadOnly  bool // open for reading only (kg query without --write)
	// RetryTime bounds a server driver's own retries of a transaction
	// (Neo4j driver default: 30s); 0 keeps the default.
	RetryTime time.Duration
	// LockWait is how long an embedded store waits for another process
	// holding the database (0: 10 s when read-only, no wait for writing).
	LockWait time.Duration
}

// Opener opens a store of one driver.
type Opener func(ctx context.Context, cfg Config) (Store, error)

var (
	mu      sync.Mutex
	drivers = map[string]Opener{}
)

// Register makes a driver available by name; it panics on a duplicate, as
// database/sql does.
func Register(name string, open Opener) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := drivers[name]; dup {
		panic("graph: Register called twice for driver " + name)
	}
	drivers[name] = open
}

// Drivers lists the registered driver names.
func Drivers() []string {
	mu.Lock()
	defer mu.Unlock()
	var out []string
	for n := range drivers {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Open opens a store with the named driver.
func Open(ctx context.Context, driver string, cfg Config) (Store, error) {
	mu.Lock()
	open, ok := drivers[driver]
	mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("graph: unknown store %q (have %s)", driver, strings.Join(Drivers(), ", "))
	}
	return open(ctx, cfg)
}

// Node is a node in a query result, the same whichever store answered.
type Node struct {
	Labels []string       `json:"labels"`
	Props  map[string]any `json:"properties"`
	// ID is the store's own id of the node, to join it with the ends of
	// relationships in the same result (never compared across stores).
	ID string `json:"-"`
}

// String shows a node as (:Label name) or (:Label id).
func (n Node) String() string {
	label := strings.Join(n.Labels, ":")
	for _, k := range []string{"name", "text", "file", "id"} {
		if v, ok := n.Props[k]; ok && v != nil && v != "" {
			return fmt.Sprintf("(:%s %v)", label, v)
		}
	}
	return "(:" + label + ")"
}

// Rel is a relationship in a query result.
type Rel struct {
	Type  string         `json:"type"`
	Props map[string]any `json:"properties"`
	// From and To are the store's ids of its ends (see Node.ID).
	From, To string `json:"-"`
}

func (r Rel) String() string { return "[:" + r.Type + "]" }

// DropNil removes absent properties (Kùzu returns every column of a table).
func DropNil(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if v != nil {
			out[k] = v
		}
	}
	return out
}

// QueryFunc runs a read query; both drivers' Query has this shape.
type QueryFunc func(ctx context.Context, cypher string, params map[string]any) (*Rows, error)

// A BackgroundStatter is a Store that counts itself on a connection of its
// own while its caller plans and extracts; its next write waits for the
// count, so the count is of the store before it.
type BackgroundStatter interface {
	StatsInBackground(ctx context.Context) (wait func() (*Stats, error))
}

// StatsBefore counts s for a summary of what the caller's writes change:
// in the background when s can, else at once.
func StatsBefore(ctx context.Context, s Store) (wait func() (*Stats, error)) {
	if b, ok := s.(BackgroundStatter); ok {
		return b.StatsInBackground(ctx)
	}
	st, err := s.Stats(ctx)
	return func() (*Stats, error) { return st, err }
}

// ReadArticles is Store.Articles written once over a driver's Query.
func ReadArticles(ctx context.Context, query QueryFunc) (map[string][]string, error) {
	rows, err := query(ctx, "MATCH (a:Article) RETURN a.id AS id, a.sources AS sources", nil)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, r := range rows.Values {
		id, _ := r[0].(string)
		out[id] = stringList(r[1])
	}
	return out, nil
}

// CountStats is Store.Stats written once over a driver's Query: a count
// per label and per relationship type, from the model's fixed lists.
func CountStats(ctx context.Context, query QueryFunc) (*Stats, error) {
	st := &Stats{Nodes: map[string]int64{}, Relationships: map[string]int64{}}
	count := func(q string) (int64, error) {
		rows, err := query(ctx, q, nil)
		if err != nil {
			return 0, err
		}
		if len(rows.Values) != 1 || len(rows.Values[0]) != 1 {
			return 0, fmt.Errorf("count query answered %v", rows.Values)
		}
		switch v := rows.Values[0][0].(type) {
		case int64:
			return v, nil
		case uint64:
			return int64(v), nil
		case float64:
			return int64(v), nil
		}
		return 0, fmt.Errorf("count query answered %T", rows.Values[0][0])
	}
	for _, l := range append([]string{LabelArticle, LabelFigure}, EntityLabels...) {
		n, err := count(fmt.Sprintf("MATCH (n:%s) RETURN count(n) AS c", l))
		if err != nil {
			return nil, err
		}
		st.Nodes[l] = n
	}
	for _, t := range RelTypes {
		n, err := count(fmt.Sprintf("MATCH ()-[r:%s]->() RETURN count(r) AS c", t))
		if err != nil {
			return nil, err
		}
		st.Relationships[t] = n
	}
	return st, nil
}

// Plain converts each element with conv: drivers use it to turn their
// lists, paths and nodes into the store-neutral values of Rows.
func Plain[T any](xs []T, conv func(any) any) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = conv(x)
	}
	return out
}
