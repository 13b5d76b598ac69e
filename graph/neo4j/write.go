package neo4j

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newskg/graph"
)

// Write stores a batch of articles, each in its own transaction (retried
// by the driver on transient errors), so an article is never half-written
// and later articles' MERGEs see the nodes earlier ones committed (servers
// differ in how much of a transaction's own writes a MERGE sees). Every
// statement MERGEs, so several machines writing shards of one corpus into
// one database stay consistent. Entities left without any article are
// removed once the batch is committed (only needed when an old version was
// retracted); an interrupted cleanup is redone by the next write that
// retracts something.
func (s *Store) Write(ctx context.Context, batch []graph.Facts) error {
	sess := s.session(ctx, true)
	defer sess.Close(ctx)
	retracted := 0
	for _, f := range batch {
		// The old version goes first, in its own transaction: a MERGE in
		// the same transaction could meet the relationships it deletes.
		// Should the process stop between the two, the article is absent,
		// never half there, and the next ingest writes it.
		n, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			return retract(ctx, tx, f.Article.ID, f.Article.File)
		})
		if err != nil {
			return fmt.Errorf("neo4j: retract %s: %w", f.Article.File, err)
		}
		retracted += n.(int)
		_, err = sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			return nil, s.writeArticle(ctx, tx, f)
		})
		if err != nil {
			return fmt.Errorf("neo4j: write %s: %w", f.Article.File, err)
		}
	}
	if retracted == 0 {
		return nil // new articles leave no entity without an article
	}
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, deleteOrphans(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("neo4j: cleanup: %w", err)
	}
	return nil
}

// DeleteArticle retracts one article.
func (s *Store) DeleteArticle(ctx context.Context, id string) error {
	sess := s.session(ctx, true)
	defer sess.Close(ctx)
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return retract(ctx, tx, id, "\x00")
	})
	if err != nil {
		return err
	}
	_, err = sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, deleteOrphans(ctx, tx)
	})
	return err
}

func run(ctx context.Context, tx neo4j.ManagedTransaction, q string, p map[string]any) error {
	res, err := tx.Run(ctx, q, p)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

// retract deletes every article with this id or file, with its facts,
// and says how many there were.
func retract(ctx context.Context, tx neo4j.ManagedTransaction, id, file string) (int, error) {
	res, err := tx.Run(ctx, "MATCH (a:Article) WHERE a.id = $id OR a.file = $file RETURN a.id AS id", map[string]any{"id": id, "file": file})
	if err != nil {
		return 0, err
	}
	var ids []any
	for res.Next(ctx) {
		if v, ok := res.Record().Values[0].(string); ok {
			ids = append(ids, v)
		}
	}
	if err := res.Err(); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	p := map[string]any{"ids": ids}
	for _, q := range []string{
		"MATCH ()-[r:HOLDS_POSITION]->() WHERE r.article IN $ids DELETE r",
		"MATCH ()-[r:ISSUED]->() WHERE r.article IN $ids DELETE r",
		"MATCH (a:Article)-[:REPORTS]->(f:Figure) WHERE a.id IN $ids DETACH DELETE f",
		"MATCH (a:Article) WHERE a.id IN $ids DETACH DELETE a",
	} {
		if err := run(ctx, tx, q, p); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// deleteOrphans removes entities no article mentions any more.
func deleteOrphans(ctx context.Context, tx neo4j.ManagedTransaction) error {
	for _, l := range graph.EntityLabels {
		q := fmt.Sprintf("MATCH (n:%s) WHERE NOT EXISTS { MATCH (n)<-[:MENTIONS]-(:Article) } DETACH DELETE n", l)
		if err := run(ctx, tx, q, nil); err != nil {
			return err
		}
	}
	return nil
}

// mergedAliases reads the aliases stored for rows' entities and returns
// each row with its aliases united with the article's names. The union is
// computed here rather than in Cypher so that the statement stays in the
// subset every Bolt server evaluates (no reduce, no list comprehension).
func mergedAliases(ctx context.Context, tx neo4j.ManagedTransaction, label string, rows []any) ([]any, error) {
	var names []any
	for _, r := range rows {
		names = append(names, r.(map[string]any)["name"])
	}
	res, err := tx.Run(ctx, fmt.Sprintf("UNWIND $names AS x MATCH (n:%s {name: x}) RETURN n.name AS name, n.aliases AS aliases", label), map[string]any{"names": names})
	if err != nil {
		return nil, err
	}
	stored := map[string][]any{}
	for res.Next(ctx) {
		v := res.Record().Values
		name, _ := v[0].(string)
		if list, ok := v[1].([]any); ok {
			stored[name] = list
		}
	}
	if err := res.Err(); err != nil {
		return nil, err
	}
	out := make([]any, len(rows))
	for i, r := range rows {
		m := r.(map[string]any)
		name := m["name"].(string)
		seen := map[string]bool{name: true}
		aliases := []any{}
		for _, a := range append(stored[name], m["names"].([]any)...) {
			if s, ok := a.(string); ok && !seen[s] {
				seen[s] = true
				aliases = append(aliases, s)
			}
		}
		out[i] = map[string]any{"name": name, "aliases": aliases, "count": m["count"]}
	}
	return out, nil
}

func (s *Store) writeArticle(ctx context.Context, tx neo4j.ManagedTransaction, f graph.Facts) error {
	a := f.Article
	if err := run(ctx, tx, "MERGE (a:Article {id: $id}) SET a.file = $file, a.title = $title, a.published = $published, a.script = $script, a.encoding = $encoding, a.ingested_at = $at",
		map[string]any{"id": a.ID, "file": a.File, "title": a.Title, "published": a.Published, "script": a.Script, "encoding": a.Encoding, "at": a.IngestedAt}); err != nil {
		return err
	}
	id := map[string]any{"id": a.ID}
	byLabel := map[string][]any{}
	for _, e := range f.Entities {
		names := make([]any, len(e.Names))
		for i, n := range e.Names {
			names[i] = n
		}
		byLabel[e.Label] = append(byLabel[e.Label], map[string]any{"name": e.Name, "names": names, "count": int64(e.Count)})
	}
	for _, l := range graph.EntityLabels {
		if len(byLabel[l]) == 0 {
			continue
		}
		rows, err := mergedAliases(ctx, tx, l, byLabel[l])
		if err != nil {
			return err
		}
		if err := s.unwind(ctx, tx, fmt.Sprintf("UNWIND $rows AS r MERGE (n:%s {name: r.name}) SET n.aliases = r.aliases", l), rows, nil); err != nil {
			return err
		}
		if err := s.unwind(ctx, tx, fmt.Sprintf("UNWIND $rows AS r MATCH (a:Article {id: $id}), (n:%s {name: r.name}) MERGE (a)-[m:MENTIONS]->(n) SET m.count = r.count", l), rows, id); err != nil {
			return err
		}
	}
	var figs []any
	for _, g := range f.Figures {
		row := map[string]any{"id": g.ID, "text": g.Text, "value": g.Value, "unit": g.Unit, "subject": g.Subject, "evidence": g.Evidence, "year": nil}
		if g.Year != 0 {
			row["year"] = g.Year
		}
		figs = append(figs, row)
	}
	// nodes first, then relationships: one simple clause per statement
	if err := s.unwind(ctx, tx, "UNWIND $rows AS r MERGE (f:Figure {id: r.id}) SET f.text = r.text, f.value = r.value, f.unit = r.unit, f.subject = r.subject, f.year = r.year, f.article = $id, f.evidence = r.evidence", figs, id); err != nil {
		return err
	}
	if err := s.unwind(ctx, tx, "UNWIND $rows AS r MATCH (a:Article {id: $id}), (f:Figure {id: r.id}) MERGE (a)-[:REPORTS]->(f)", figs, id); err != nil {
		return err
	}
	for _, org := range graph.OrgLabels {
		var pos, iss []any
		for _, p := range f.Positions {
			if p.OrgLabel == org {
				pos = append(pos, map[string]any{"person": p.Person, "org": p.Org, "title": p.Title, "evidence": p.Evidence})
			}
		}
		for _, p := range f.Issued {
			if p.IssuerLabel == org {
				iss = append(iss, map[string]any{"issuer": p.Issuer, "plan": p.Plan, "date": p.Date, "evidence": p.Evidence})
			}
		}
		if err := s.unwind(ctx, tx, fmt.Sprintf("UNWIND $rows AS r MATCH (p:Person {name: r.person}), (o:%s {name: r.org}) MERGE (p)-[h:HOLDS_POSITION {title: r.title, article: $id}]->(o) SET h.evidence = r.evidence", org), pos, id); err != nil {
			return err
		}
		if err := s.unwind(ctx, tx, fmt.Sprintf("UNWIND $rows AS r MATCH (o:%s {name: r.issuer}), (p:Plan {name: r.plan}) MERGE (o)-[i:ISSUED {article: $id}]->(p) SET i.date = r.date, i.evidence = r.evidence", org), iss, id); err != nil {
			return err
		}
	}
	return nil
}

// unwind runs an UNWIND statement over rows in chunks of the batch size.
func (s *Store) unwind(ctx context.Context, tx neo4j.ManagedTransaction, q string, rows []any, extra map[string]any) error {
	for i := 0; i < len(rows); i += s.batchSize {
		p := map[string]any{"rows": rows[i:min(len(rows), i+s.batchSize)]}
		for k, v := range extra {
			p[k] = v
		}
		if err := run(ctx, tx, q, p); err != nil {
			return err
		}
	}
	return nil
}
