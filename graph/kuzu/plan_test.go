package kuzu

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"newskg/graph"
)

// planChecker is graph.Tx over a real transaction that, before each row
// statement runs, has Kùzu plan it both ways Put may run it and fails the
// test when a plan reads a whole table for a key: as UNWIND's rows, a scan
// crossed with the rows (Kùzu 0.11 plans a MATCH on a field of the row that
// way, see graph.Unwound.Match: 100–160 ms a statement in a large store and
// growing with it); as a statement a row, anything but the key's index.
type planChecker struct {
	*kuzuTx
	t       *testing.T
	checked int
}

func (p *planChecker) Put(body func(graph.Row) string, cols []graph.Prop, rows [][]any) error {
	if len(rows) > 0 && strings.Contains(body(graph.Unwound{}), "MATCH") {
		tab, err := newTable(cols, rows[:1])
		if err != nil {
			return err
		}
		plan, err := p.Read("EXPLAIN "+tab.unwindPrefix()+body(graph.Unwound{}), map[string]any{"rows": tab.params()})
		if err != nil {
			return err
		}
		if strings.Contains(fmt.Sprint(plan), "CROSS_PRODUCT") {
			p.t.Errorf("a scan crossed with the rows in the plan of\n%s", body(graph.Unwound{}))
		}
		params := map[string]any{}
		for i, c := range cols {
			params[graph.ParamName(i)] = graph.Canon(c.Kind, rows[0][i])
		}
		q := body(graph.Params{Cols: cols})
		plan, err = p.Read("EXPLAIN "+q, params)
		if err != nil {
			return err
		}
		text := fmt.Sprint(plan)
		if scans := strings.Count(text, "SCAN_NODE_TABLE"); scans != strings.Count(text, "PRIMARY_KEY_SCAN_NODE_TABLE") || scans != strings.Count(q, "MATCH (") {
			p.t.Errorf("%d node scans (%d by key) for %d MATCHes in the plan of\n%s", scans, strings.Count(text, "PRIMARY_KEY_SCAN_NODE_TABLE"), strings.Count(q, "MATCH ("), q)
		}
		p.checked++
	}
	return p.kuzuTx.Put(body, cols, rows)
}

func (p *planChecker) CreateNodes(n graph.NodeType, rows [][]any) error {
	return graph.StatementTx{Put: p.Put}.CreateNodes(n, rows)
}

func (p *planChecker) CreateRels(r graph.RelType, e graph.End, rows [][]any) error {
	return graph.StatementTx{Put: p.Put}.CreateRels(r, e, rows)
}

// Every statement of an ingest that finds stored nodes by key (the ends
// of relationships, entities whose names change, articles whose files
// moved, orphans) is planned without a scan crossed with its rows.
func TestKeyedStatementsAreJoinedNotCrossed(t *testing.T) {
	ctx := context.Background()
	s, err := openDB(ctx, graph.Config{Path: filepath.Join(t.TempDir(), "kg.kuzu")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.EnsureSchema(ctx); err != nil {
		t.Fatal(err)
	}
	article := func(id, person string) graph.Facts {
		return graph.Facts{
			Article: graph.Props{"id": id, "sources": []string{id + ".txt"}, "title": "标题", "text": "正文", "ingested_at": "2026-01-01T00:00:00Z"},
			Mentions: []graph.MentionRow{{Entity: graph.Ref{Label: graph.LabelPerson, Key: person},
				Props: graph.Props{"count": int64(1), "names": []string{person, "崔荣國"}, "starts": []int64{0}, "ends": []int64{3}}}},
			Nodes: []graph.NodeRow{{Label: graph.LabelFigure, Props: graph.Props{"id": id + "-f", "article": id, "text": "3家", "value": 3.0}}},
			Rels:  []graph.RelRow{{Type: graph.RelReports, From: graph.Ref{Label: graph.LabelArticle, Key: id}, To: graph.Ref{Label: graph.LabelFigure, Key: id + "-f"}, Props: graph.Props{}}},
		}
	}
	changes := []graph.Change{
		{Write: []graph.Facts{article("a", "崔荣国"), article("b", "王强")}},
		// a new version of a, b's file renamed: orphans, aliases and
		// sources are set by key
		{Write: []graph.Facts{article("a", "李明")}, Sources: map[string][]string{"b": {"b2.txt"}}},
	}
	checked := 0
	for _, c := range changes {
		if err := s.execLocked("BEGIN TRANSACTION", nil); err != nil {
			t.Fatal(err)
		}
		p := &planChecker{kuzuTx: &kuzuTx{s: s}, t: t}
		if err := graph.Apply(p, c); err != nil {
			t.Fatal(err)
		}
		if err := s.execLocked("COMMIT", nil); err != nil {
			t.Fatal(err)
		}
		checked += p.checked
	}
	if checked < 6 {
		t.Fatalf("only %d keyed statements planned", checked)
	}
}
