package kuzu

import (
	"context"
	"fmt"
	"os"
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
	return s.write(ctx, batch, false)
}

// WriteBulk is Write for large batches (thousands of articles): the same
// statements read their rows from CSV files with LOAD FROM instead of
// binding them as parameters, several times faster per row, in one
// transaction as well. Its temporary files go to the system's temporary
// folder and are removed when it returns.
func (s *Store) WriteBulk(ctx context.Context, batch []graph.Facts) error {
	// Kùzu's CSV reader takes no line break inside a value; extracted
	// text never holds one (sentences end at lines), but a batch that
	// does is written the other way rather than altered.
	return s.write(ctx, batch, csvSafe(batch))
}

// csvSafe reports whether every text of the batch can travel through a
// CSV file unchanged.
func csvSafe(batch []graph.Facts) bool {
	ok := func(vs ...string) bool {
		for _, v := range vs {
			if strings.ContainsAny(v, "\r\n"+listSep) {
				return false
			}
		}
		return true
	}
	for _, f := range batch {
		a := f.Article
		if !ok(a.ID, a.File, a.Title, a.Published, a.Script, a.Encoding, a.IngestedAt) {
			return false
		}
		for _, e := range f.Entities {
			if !ok(e.Name) || !ok(e.Names...) {
				return false
			}
		}
		for _, g := range f.Figures {
			if !ok(g.ID, g.Text, g.Unit, g.Subject, g.Evidence) {
				return false
			}
		}
		for _, p := range f.Positions {
			if !ok(p.Person, p.Org, p.Title, p.Evidence) {
				return false
			}
		}
		for _, p := range f.Issued {
			if !ok(p.Issuer, p.Plan, p.Date, p.Evidence) {
				return false
			}
		}
	}
	return true
}

func (s *Store) write(ctx context.Context, batch []graph.Facts, bulk bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	batch = latestPerFile(batch)
	s.mu.Lock()
	defer s.mu.Unlock()
	if bulk {
		dir, err := os.MkdirTemp("", "newskg-bulk-")
		if err != nil {
			return fmt.Errorf("kuzu: bulk write: %w", err)
		}
		if strings.ContainsAny(dir, `'\`) { // the path goes into LOAD FROM and COPY
			os.RemoveAll(dir)
			return fmt.Errorf("kuzu: bulk write: temporary folder %q holds a quote or backslash; set TMPDIR to a plain path", dir)
		}
		s.bulkDir = dir
		defer func() {
			os.RemoveAll(dir)
			s.bulkDir = ""
			releaseFreedMemory()
		}()
	}
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
		if len(files) > 8 {
			files = append(files[:8], fmt.Sprintf("and %d more", len(files)-8))
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
	var ids, files []any
	arts := newTable(str("id"), str("file"), str("title"), str("published"), str("script"), str("encoding"), str("at"))
	for _, f := range batch {
		a := f.Article
		ids, files = append(ids, a.ID), append(files, a.File)
		arts.add(a.ID, a.File, a.Title, a.Published, a.Script, a.Encoding, a.IngestedAt)
	}
	orphans, err := s.retract(ids, files)
	if err != nil {
		return nil, err
	}
	if err := s.put("CREATE (:Article {id: r.id, file: r.file, title: r.title, published: r.published, script: r.script, encoding: r.encoding, ingested_at: r.at})", arts); err != nil {
		return nil, err
	}
	// entities: one row per entity of the batch, its names united
	names := map[string]map[string][]any{} // label -> name -> names
	var order []string
	mentions := map[string]*table{}
	for _, l := range graph.EntityLabels {
		mentions[l] = newTable(str("id"), str("name"), num("count"))
	}
	for _, f := range batch {
		for _, e := range f.Entities {
			if names[e.Label] == nil {
				names[e.Label] = map[string][]any{}
			}
			if _, ok := names[e.Label][e.Name]; !ok {
				order = append(order, e.Label+"\x00"+e.Name)
				names[e.Label][e.Name] = []any{e.Name}
			}
			for _, n := range e.Names {
				names[e.Label][e.Name] = appendNew(names[e.Label][e.Name], n)
			}
			mentions[e.Label].add(f.Article.ID, e.Name, int64(e.Count))
		}
	}
	nodes := map[string]*table{}
	for _, l := range graph.EntityLabels {
		nodes[l] = newTable(str("name"), list("names"))
	}
	for _, k := range order {
		label, name, _ := strings.Cut(k, "\x00")
		nodes[label].add(name, names[label][name])
	}
	for _, l := range graph.EntityLabels {
		merge := fmt.Sprintf("MERGE (n:%s {name: r.name}) "+
			"ON CREATE SET n.aliases = list_filter(CAST(r.names AS STRING[]), x -> x <> r.name) "+
			"ON MATCH SET n.aliases = list_filter(list_distinct(list_concat(n.aliases, CAST(r.names AS STRING[]))), x -> x <> r.name)", l)
		if err := s.put(merge, nodes[l]); err != nil {
			return nil, err
		}
		if s.bulkDir != "" {
			// relationships between nodes that exist now: COPY, the
			// fastest path, has nothing to merge or coalesce here
			if err := s.copyRels(graph.RelMentions, graph.LabelArticle, l, mentions[l]); err != nil {
				return nil, err
			}
			continue
		}
		link := fmt.Sprintf("MATCH (a:Article {id: r.id}), (n:%s {name: r.name}) CREATE (a)-[:MENTIONS {count: r.count}]->(n)", l)
		if err := s.put(link, mentions[l]); err != nil {
			return nil, err
		}
	}
	figs := newTable(str("article"), str("id"), str("text"), float("value"), str("unit"), str("subject"), year("year"), str("evidence"))
	pos, iss := map[string]*table{}, map[string]*table{}
	for _, org := range graph.OrgLabels {
		pos[org] = newTable(str("article"), str("person"), str("org"), str("title"), str("evidence"))
		iss[org] = newTable(str("article"), str("issuer"), str("plan"), str("date"), str("evidence"))
	}
	for _, f := range batch {
		id := f.Article.ID
		for _, g := range f.Figures {
			figs.add(id, g.ID, g.Text, g.Value, g.Unit, g.Subject, g.Year, g.Evidence)
		}
		for _, p := range f.Positions {
			if t := pos[p.OrgLabel]; t != nil {
				t.add(id, p.Person, p.Org, p.Title, p.Evidence)
			}
		}
		for _, p := range f.Issued {
			if t := iss[p.IssuerLabel]; t != nil {
				t.add(id, p.Issuer, p.Plan, p.Date, p.Evidence)
			}
		}
	}
	if err := s.writeFigures(figs, ids); err != nil {
		return nil, err
	}
	for _, org := range graph.OrgLabels {
		if err := s.put(fmt.Sprintf("MATCH (p:Person {name: r.person}), (o:%s {name: r.org}) CREATE (p)-[:HOLDS_POSITION {title: r.title, article: r.article, evidence: r.evidence}]->(o)", org), pos[org]); err != nil {
			return nil, err
		}
		if err := s.put(fmt.Sprintf("MATCH (o:%s {name: r.issuer}), (p:Plan {name: r.plan}) CREATE (o)-[:ISSUED {date: r.date, article: r.article, evidence: r.evidence}]->(p)", org), iss[org]); err != nil {
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

// writeFigures creates the figures and their REPORTS relationships. On the
// bulk path both are COPYed (a figure is new by construction: its article
// was just created), and the empty strings COPY reads as NULL are restored
// afterwards, so both paths store the same values.
func (s *Store) writeFigures(figs *table, ids []any) error {
	if s.bulkDir == "" {
		return s.put("MATCH (a:Article {id: r.article}) CREATE (a)-[:REPORTS]->(:Figure {id: r.id, text: r.text, value: r.value, unit: r.unit, subject: r.subject, year: CASE WHEN r.year = 0 THEN CAST(NULL AS INT64) ELSE r.year END, article: r.article, evidence: r.evidence})", figs)
	}
	if len(figs.rows) == 0 {
		return nil
	}
	// the Figure table's column order
	nodes := newTable(str("id"), str("text"), float("value"), str("unit"), str("subject"), year("year"), str("article"), str("evidence"))
	reports := newTable(str("from"), str("to"))
	for _, r := range figs.rows {
		nodes.add(r[1], r[2], r[3], r[4], r[5], r[6], r[0], r[7])
		reports.add(r[0], r[1])
	}
	if err := s.copyFile(graph.LabelFigure, nodes, ""); err != nil {
		return err
	}
	if err := s.copyRels(graph.RelReports, graph.LabelArticle, graph.LabelFigure, reports); err != nil {
		return err
	}
	return s.execLocked("MATCH (a:Article)-[:REPORTS]->(f:Figure) WHERE a.id IN $ids AND (f.text IS NULL OR f.unit IS NULL OR f.subject IS NULL OR f.evidence IS NULL) "+
		"SET f.text = coalesce(f.text, ''), f.unit = coalesce(f.unit, ''), f.subject = coalesce(f.subject, ''), f.evidence = coalesce(f.evidence, '')", map[string]any{"ids": ids})
}

// copyRels COPYs t (from key, to key, properties in the table's order)
// into a relationship table between the two labels.
func (s *Store) copyRels(rel, from, to string, t *table) error {
	return s.copyFile(rel, t, fmt.Sprintf(", from='%s', to='%s'", from, to))
}

// copyFile COPYs the rows of t into a table (names are the model's fixed
// labels, never text).
func (s *Store) copyFile(into string, t *table, options string) error {
	return s.fromFile(t, func(file string) string {
		return fmt.Sprintf("COPY %s FROM '%s' (header=true%s)", into, file, options)
	})
}

// fromFile writes t to a CSV file in the bulk folder and runs the statement
// that reads it. The file's path is the only text put into the statement:
// a name of our own making, in a folder checked when it was made.
func (s *Store) fromFile(t *table, statement func(file string) string) error {
	if len(t.rows) == 0 {
		return nil
	}
	file, err := t.writeCSV(s.bulkDir)
	if err != nil {
		return err
	}
	defer os.Remove(file)
	return s.execLocked(statement(file), nil)
}

// put runs body once per row of t, r being the row: from a CSV file on
// the bulk path (s.bulkDir set), otherwise as UNWIND parameters in chunks
// of the batch size.
func (s *Store) put(body string, t *table) error {
	if len(t.rows) == 0 {
		return nil
	}
	if s.bulkDir != "" {
		return s.fromFile(t, func(file string) string { return t.loadPrefix(file) + body })
	}
	rows := t.maps()
	for i := 0; i < len(rows); i += s.batchSize {
		if err := s.execLocked("UNWIND $rows AS r "+body, map[string]any{"rows": rows[i:min(len(rows), i+s.batchSize)]}); err != nil {
			return err
		}
	}
	return nil
}
