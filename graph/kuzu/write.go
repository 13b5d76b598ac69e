package kuzu

import (
	"context"
	"fmt"
	"strings"

	"newskg/graph"
)

// Write stores a batch of articles in one transaction, with a fixed
// number of statements per batch (each UNWINDs the rows of every article):
// Kùzu's cost is per statement far more than per row. Relationships are
// CREATEd, not MERGEd: an article's facts are replaced as a whole, so there
// is nothing to merge with, and relationship MERGE is Kùzu's slow path.
// Nodes are MERGEd before relationships (MERGE of both in one UNWIND
// attaches relationships to the wrong node in Kùzu 0.11).
func (s *Store) Write(ctx context.Context, batch []graph.Facts) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	batch = latestPerFile(batch)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.execLocked("BEGIN TRANSACTION", nil); err != nil {
		return fmt.Errorf("kuzu: begin: %w", err)
	}
	orphans, err := s.writeBatch(batch)
	if err != nil {
		s.rollback()
		files := make([]string, len(batch))
		for i, f := range batch {
			files[i] = f.Article.File
		}
		return fmt.Errorf("kuzu: write %v: %w", files, err)
	}
	if err := s.deleteOrphans(orphans); err != nil {
		s.rollback()
		return fmt.Errorf("kuzu: cleanup: %w", err)
	}
	if err := s.execLocked("COMMIT", nil); err != nil {
		return fmt.Errorf("kuzu: commit: %w", err)
	}
	return nil
}

// latestPerFile keeps, for each file and each id, the last article of the
// batch: the batch then never holds two versions of one file.
func latestPerFile(batch []graph.Facts) []graph.Facts {
	seenFile, seenID := map[string]bool{}, map[string]bool{}
	var out []graph.Facts
	for i := len(batch) - 1; i >= 0; i-- {
		a := batch[i].Article
		if seenFile[a.File] || seenID[a.ID] {
			continue
		}
		seenFile[a.File], seenID[a.ID] = true, true
		out = append(out, batch[i])
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
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
	orphans, err := s.retract([]any{id}, []any{"\x00"})
	if err != nil {
		s.rollback()
		return err
	}
	if err := s.deleteOrphans(orphans); err != nil {
		s.rollback()
		return err
	}
	return s.execLocked("COMMIT", nil)
}

// retract deletes every stored article with one of the ids or files, with
// its relationships and figures, and returns the entities those articles
// mentioned (by label): the only ones that may now be orphans. Kùzu refuses
// parameters a statement does not use, so each statement gets its own.
func (s *Store) retract(ids, files []any) (map[string][]any, error) {
	old, err := s.column("MATCH (a:Article) WHERE a.id IN $ids OR a.file IN $files RETURN a.id", map[string]any{"ids": ids, "files": files})
	if err != nil || len(old) == 0 {
		return nil, err
	}
	p := map[string]any{"ids": old}
	mentioned := map[string][]any{}
	for _, l := range graph.EntityLabels {
		names, err := s.column(fmt.Sprintf("MATCH (a:Article)-[:MENTIONS]->(n:%s) WHERE a.id IN $ids RETURN DISTINCT n.name", l), p)
		if err != nil {
			return nil, err
		}
		mentioned[l] = names
	}
	for _, q := range []string{
		"MATCH (a:Article)-[:REPORTS]->(f:Figure) WHERE a.id IN $ids DETACH DELETE f",
		"MATCH ()-[r:HOLDS_POSITION]->() WHERE r.article IN $ids DELETE r",
		"MATCH ()-[r:ISSUED]->() WHERE r.article IN $ids DELETE r",
		"MATCH (a:Article) WHERE a.id IN $ids DETACH DELETE a",
	} {
		if err := s.execLocked(q, p); err != nil {
			return nil, err
		}
	}
	return mentioned, nil
}

// column runs a query and returns its first column.
func (s *Store) column(q string, params map[string]any) ([]any, error) {
	res, err := s.run(q, params)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	var out []any
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
		out = append(out, v)
	}
	return out, nil
}

// deleteOrphans removes, among the candidates, the entities no article
// mentions any more. Only entities of retracted articles can have become
// orphans, so the cost follows the change, not the size of the graph.
func (s *Store) deleteOrphans(candidates map[string][]any) error {
	for _, l := range graph.EntityLabels {
		names := candidates[l]
		if len(names) == 0 {
			continue
		}
		q := fmt.Sprintf("UNWIND $names AS x MATCH (n:%s {name: x}) WHERE NOT EXISTS { MATCH (:Article)-[:MENTIONS]->(n) } DETACH DELETE n", l)
		if err := s.execLocked(q, map[string]any{"names": names}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) writeBatch(batch []graph.Facts) (map[string][]any, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	var ids, files, arts []any
	for _, f := range batch {
		a := f.Article
		ids, files = append(ids, a.ID), append(files, a.File)
		arts = append(arts, map[string]any{"id": a.ID, "file": a.File, "title": a.Title, "published": a.Published, "script": a.Script, "encoding": a.Encoding, "at": a.IngestedAt})
	}
	orphans, err := s.retract(ids, files)
	if err != nil {
		return nil, err
	}
	if err := s.unwind("UNWIND $rows AS r CREATE (:Article {id: r.id, file: r.file, title: r.title, published: r.published, script: r.script, encoding: r.encoding, ingested_at: r.at})", arts); err != nil {
		return nil, err
	}
	// entities: one row per entity of the batch, its names united
	names := map[string]map[string][]any{} // label -> name -> names
	var order []string
	mentions := map[string][]any{}
	for _, f := range batch {
		for _, e := range f.Entities {
			if names[e.Label] == nil {
				names[e.Label] = map[string][]any{}
			}
			if _, ok := names[e.Label][e.Name]; !ok {
				order = append(order, e.Label+"\x00"+e.Name)
			}
			for _, n := range e.Names {
				names[e.Label][e.Name] = appendNew(names[e.Label][e.Name], n)
			}
			mentions[e.Label] = append(mentions[e.Label], map[string]any{"id": f.Article.ID, "name": e.Name, "count": int64(e.Count)})
		}
	}
	nodes := map[string][]any{}
	for _, k := range order {
		label, name, _ := strings.Cut(k, "\x00")
		nodes[label] = append(nodes[label], map[string]any{"name": name, "names": names[label][name]})
	}
	for _, l := range graph.EntityLabels {
		merge := fmt.Sprintf("UNWIND $rows AS r MERGE (n:%s {name: r.name}) "+
			"ON CREATE SET n.aliases = list_filter(CAST(r.names AS STRING[]), x -> x <> r.name) "+
			"ON MATCH SET n.aliases = list_filter(list_distinct(list_concat(n.aliases, CAST(r.names AS STRING[]))), x -> x <> r.name)", l)
		if err := s.unwind(merge, nodes[l]); err != nil {
			return nil, err
		}
		link := fmt.Sprintf("UNWIND $rows AS r MATCH (a:Article {id: r.id}), (n:%s {name: r.name}) CREATE (a)-[:MENTIONS {count: r.count}]->(n)", l)
		if err := s.unwind(link, mentions[l]); err != nil {
			return nil, err
		}
	}
	var figs []any
	pos, iss := map[string][]any{}, map[string][]any{}
	for _, f := range batch {
		id := f.Article.ID
		for _, g := range f.Figures {
			figs = append(figs, map[string]any{"article": id, "id": g.ID, "text": g.Text, "value": g.Value, "unit": g.Unit, "subject": g.Subject, "year": g.Year, "evidence": g.Evidence})
		}
		for _, p := range f.Positions {
			pos[p.OrgLabel] = append(pos[p.OrgLabel], map[string]any{"article": id, "person": p.Person, "org": p.Org, "title": p.Title, "evidence": p.Evidence})
		}
		for _, p := range f.Issued {
			iss[p.IssuerLabel] = append(iss[p.IssuerLabel], map[string]any{"article": id, "issuer": p.Issuer, "plan": p.Plan, "date": p.Date, "evidence": p.Evidence})
		}
	}
	if err := s.unwind("UNWIND $rows AS r MATCH (a:Article {id: r.article}) CREATE (a)-[:REPORTS]->(:Figure {id: r.id, text: r.text, value: r.value, unit: r.unit, subject: r.subject, year: CASE WHEN r.year = 0 THEN CAST(NULL AS INT64) ELSE r.year END, article: r.article, evidence: r.evidence})", figs); err != nil {
		return nil, err
	}
	for _, org := range graph.OrgLabels {
		if err := s.unwind(fmt.Sprintf("UNWIND $rows AS r MATCH (p:Person {name: r.person}), (o:%s {name: r.org}) CREATE (p)-[:HOLDS_POSITION {title: r.title, article: r.article, evidence: r.evidence}]->(o)", org), pos[org]); err != nil {
			return nil, err
		}
		if err := s.unwind(fmt.Sprintf("UNWIND $rows AS r MATCH (o:%s {name: r.issuer}), (p:Plan {name: r.plan}) CREATE (o)-[:ISSUED {date: r.date, article: r.article, evidence: r.evidence}]->(p)", org), iss[org]); err != nil {
			return nil, err
		}
	}
	return orphans, nil
}

func appendNew(list []any, v string) []any {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

// unwind runs an UNWIND statement over rows in chunks of the batch size.
func (s *Store) unwind(q string, rows []any) error {
	for i := 0; i < len(rows); i += s.batchSize {
		if err := s.execLocked(q, map[string]any{"rows": rows[i:min(len(rows), i+s.batchSize)]}); err != nil {
			return err
		}
	}
	return nil
}
