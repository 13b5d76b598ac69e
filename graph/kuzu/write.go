package kuzu

import (
	"context"
	"fmt"

	"newskg/graph"
)

// Write stores a batch of articles in one transaction. Relationships are
// CREATEd, not MERGEd: an article's facts are replaced as a whole, so there
// is nothing to merge with, and relationship MERGE is Kùzu's slow path.
// Nodes are MERGEd before relationships (MERGE of both in one UNWIND
// attaches relationships to the wrong node in Kùzu 0.11).
func (s *Store) Write(ctx context.Context, batch []graph.Facts) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.execLocked("BEGIN TRANSACTION", nil); err != nil {
		return fmt.Errorf("kuzu: begin: %w", err)
	}
	for _, f := range batch {
		if err := ctx.Err(); err != nil {
			s.rollback()
			return err
		}
		if err := s.writeArticle(f); err != nil {
			s.rollback()
			return fmt.Errorf("kuzu: write %s: %w", f.Article.File, err)
		}
	}
	if err := s.deleteOrphans(); err != nil {
		s.rollback()
		return fmt.Errorf("kuzu: cleanup: %w", err)
	}
	if err := s.execLocked("COMMIT", nil); err != nil {
		return fmt.Errorf("kuzu: commit: %w", err)
	}
	return nil
}

// rollback ends a failed transaction; Kùzu may already have rolled it back.
func (s *Store) rollback() { _ = s.execLocked("ROLLBACK", nil) }

// DeleteArticle retracts one article and the entities only it mentioned.
func (s *Store) DeleteArticle(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.execLocked("BEGIN TRANSACTION", nil); err != nil {
		return err
	}
	if err := s.retract(id, "\x00"); err != nil {
		s.rollback()
		return err
	}
	if err := s.deleteOrphans(); err != nil {
		s.rollback()
		return err
	}
	return s.execLocked("COMMIT", nil)
}

// retract deletes every article with the given id or file, with its
// relationships and figures. Kùzu refuses parameters a statement does not
// use, so each statement gets exactly its own.
func (s *Store) retract(id, file string) error {
	ids, err := s.articleIDs(id, file)
	if err != nil || len(ids) == 0 {
		return err
	}
	p := map[string]any{"ids": ids}
	for _, q := range []string{
		"MATCH (a:Article)-[:REPORTS]->(f:Figure) WHERE a.id IN $ids DETACH DELETE f",
		"MATCH ()-[r:HOLDS_POSITION]->() WHERE r.article IN $ids DELETE r",
		"MATCH ()-[r:ISSUED]->() WHERE r.article IN $ids DELETE r",
		"MATCH (a:Article) WHERE a.id IN $ids DETACH DELETE a",
	} {
		if err := s.execLocked(q, p); err != nil {
			return err
		}
	}
	return nil
}

// articleIDs returns the ids of stored articles with this id or file.
func (s *Store) articleIDs(id, file string) ([]any, error) {
	st, err := s.conn.Prepare("MATCH (a:Article) WHERE a.id = $id OR a.file = $file RETURN a.id")
	if err != nil {
		return nil, err
	}
	defer st.Close()
	res, err := s.conn.Execute(st, map[string]any{"id": id, "file": file})
	if err != nil {
		return nil, err
	}
	defer res.Close()
	var ids []any
	for res.HasNext() {
		t, err := res.Next()
		if err != nil {
			return nil, err
		}
		v, err := t.GetValue(0)
		t.Close()
		if err != nil {
			return nil, err
		}
		ids = append(ids, v)
	}
	return ids, nil
}

// deleteOrphans removes entities that no article mentions any more.
func (s *Store) deleteOrphans() error {
	for _, l := range graph.EntityLabels {
		q := fmt.Sprintf("MATCH (n:%s) WHERE NOT EXISTS { MATCH (:Article)-[:MENTIONS]->(n) } DETACH DELETE n", l)
		if err := s.execLocked(q, nil); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) writeArticle(f graph.Facts) error {
	a := f.Article
	if err := s.retract(a.ID, a.File); err != nil {
		return err
	}
	if err := s.execLocked("CREATE (a:Article {id: $id, file: $file, title: $title, published: $published, script: $script, encoding: $encoding, ingested_at: $at})",
		map[string]any{"id": a.ID, "file": a.File, "title": a.Title, "published": a.Published, "script": a.Script, "encoding": a.Encoding, "at": a.IngestedAt}); err != nil {
		return err
	}
	byLabel := map[string][]any{}
	for _, e := range f.Entities {
		names := make([]any, len(e.Names))
		for i, n := range e.Names {
			names[i] = n
		}
		byLabel[e.Label] = append(byLabel[e.Label], map[string]any{"name": e.Name, "names": names, "count": int64(e.Count)})
	}
	for _, l := range graph.EntityLabels {
		rows := byLabel[l]
		if len(rows) == 0 {
			continue
		}
		merge := fmt.Sprintf("UNWIND $rows AS r MERGE (n:%s {name: r.name}) "+
			"ON CREATE SET n.aliases = list_filter(CAST(r.names AS STRING[]), x -> x <> r.name) "+
			"ON MATCH SET n.aliases = list_filter(list_distinct(list_concat(n.aliases, CAST(r.names AS STRING[]))), x -> x <> r.name)", l)
		link := fmt.Sprintf("UNWIND $rows AS r MATCH (a:Article {id: $id}), (n:%s {name: r.name}) CREATE (a)-[:MENTIONS {count: r.count}]->(n)", l)
		if err := s.unwind(merge, rows, nil); err != nil {
			return err
		}
		if err := s.unwind(link, rows, map[string]any{"id": a.ID}); err != nil {
			return err
		}
	}
	var figs []any
	for _, g := range f.Figures {
		figs = append(figs, map[string]any{"id": g.ID, "text": g.Text, "value": g.Value, "unit": g.Unit, "subject": g.Subject, "year": g.Year, "evidence": g.Evidence})
	}
	if err := s.unwind("UNWIND $rows AS r MATCH (a:Article {id: $id}) CREATE (a)-[:REPORTS]->(:Figure {id: r.id, text: r.text, value: r.value, unit: r.unit, subject: r.subject, year: CASE WHEN r.year = 0 THEN CAST(NULL AS INT64) ELSE r.year END, article: $id, evidence: r.evidence})",
		figs, map[string]any{"id": a.ID}); err != nil {
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
		if err := s.unwind(fmt.Sprintf("UNWIND $rows AS r MATCH (p:Person {name: r.person}), (o:%s {name: r.org}) CREATE (p)-[:HOLDS_POSITION {title: r.title, article: $id, evidence: r.evidence}]->(o)", org),
			pos, map[string]any{"id": a.ID}); err != nil {
			return err
		}
		if err := s.unwind(fmt.Sprintf("UNWIND $rows AS r MATCH (o:%s {name: r.issuer}), (p:Plan {name: r.plan}) CREATE (o)-[:ISSUED {date: r.date, article: $id, evidence: r.evidence}]->(p)", org),
			iss, map[string]any{"id": a.ID}); err != nil {
			return err
		}
	}
	return nil
}

// unwind runs an UNWIND statement over rows in chunks of the batch size.
func (s *Store) unwind(q string, rows []any, extra map[string]any) error {
	for i := 0; i < len(rows); i += s.batchSize {
		p := map[string]any{"rows": rows[i:min(len(rows), i+s.batchSize)]}
		for k, v := range extra {
			p[k] = v
		}
		if err := s.execLocked(q, p); err != nil {
			return err
		}
	}
	return nil
}
