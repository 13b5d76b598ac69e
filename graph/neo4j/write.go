package neo4j

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newskg/graph"
)

// Apply carries out a change in one transaction, retried by the driver on
// transient errors (a deadlock between two shards writing side by side is
// one): graph.Apply is the whole of the work, so a retry starts it again
// from the top. Rows are bound as UNWIND parameters in chunks of the batch
// size.
func (s *Store) Apply(ctx context.Context, c graph.Change) error {
	if c.Empty() {
		return nil
	}
	if s.readOnly {
		return fmt.Errorf("neo4j: the store is open read-only")
	}
	sess := s.session(ctx, true)
	defer sess.Close(ctx)
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, graph.Apply(&boltTx{ctx: ctx, tx: tx, batch: s.batchSize}, c)
	})
	if err != nil {
		return fmt.Errorf("neo4j: %w", err)
	}
	return nil
}

// boltTx is graph.Tx over one managed transaction.
type boltTx struct {
	ctx   context.Context
	tx    neo4j.ManagedTransaction
	batch int
}

// trace (KG_TRACE=1) prints each statement with its time on stderr.
var trace = os.Getenv("KG_TRACE") != ""

func traced(q string, rows int) func() {
	if !trace {
		return func() {}
	}
	t0 := time.Now()
	return func() {
		fmt.Fprintf(os.Stderr, "%8.1f ms %6d rows  %.120s\n", float64(time.Since(t0).Microseconds())/1000, rows, q)
	}
}

func (t *boltTx) Read(q string, params map[string]any) ([][]any, error) {
	defer traced(q, 0)()
	res, err := t.tx.Run(t.ctx, q, params)
	if err != nil {
		return nil, err
	}
	var out [][]any
	for res.Next(t.ctx) {
		out = append(out, res.Record().Values)
	}
	return out, res.Err()
}

func (t *boltTx) Exec(q string, params map[string]any) error {
	rows := 0
	if r, ok := params["rows"].([]any); ok {
		rows = len(r)
	}
	defer traced(q, rows)()
	res, err := t.tx.Run(t.ctx, q, params)
	if err != nil {
		return err
	}
	_, err = res.Consume(t.ctx)
	return err
}

// Put runs UNWIND $rows AS r body over the rows, as maps of the columns'
// names; an absent value is nil, which Neo4j does not store.
func (t *boltTx) Put(body func(graph.Row) string, cols []graph.Prop, rows [][]any) error {
	q := "UNWIND $rows AS r " + body(graph.Unwound{})
	for i := 0; i < len(rows); i += t.batch {
		chunk := rows[i:min(len(rows), i+t.batch)]
		maps := make([]any, len(chunk))
		for k, r := range chunk {
			m := make(map[string]any, len(cols))
			for j, c := range cols {
				m[c.Name] = bolt(graph.Canon(c.Kind, r[j]))
			}
			maps[k] = m
		}
		if err := t.Exec(q, map[string]any{"rows": maps}); err != nil {
			return err
		}
	}
	return nil
}

// bolt gives the driver a value it can send: lists as []any.
func bolt(v any) any {
	switch x := v.(type) {
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case []int64:
		out := make([]any, len(x))
		for i, n := range x {
			out[i] = n
		}
		return out
	}
	return v
}

func (t *boltTx) CreateNodes(n graph.NodeType, rows [][]any) error {
	return graph.StatementTx{Put: t.Put}.CreateNodes(n, rows)
}

func (t *boltTx) CreateRels(r graph.RelType, e graph.End, rows [][]any) error {
	return graph.StatementTx{Put: t.Put}.CreateRels(r, e, rows)
}

// Lock MERGEs the entities and takes their write locks (a property set
// and removed again), in name order: a second writer touching one of them
// waits for this transaction to commit, then reads what it wrote.
func (t *boltTx) Lock(label string, names []string) error {
	rows := make([][]any, len(names))
	for i, n := range names {
		rows[i] = []any{n}
	}
	lock := func(r graph.Row) string {
		return fmt.Sprintf("MERGE (n:%s {name: %s}) SET n.kg_lock = true REMOVE n.kg_lock", label, r.Field("name"))
	}
	return t.Put(lock, []graph.Prop{{Name: "name", Kind: graph.String}}, rows)
}
