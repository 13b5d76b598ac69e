package graph

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"newskg/extract"
)

// Change is one atomic update of the graph: what a batch of an ingest
// run does.
type Change struct {
	// Retract are ids of stored articles to remove with their facts.
	Retract []string
	// Write are articles to add; one whose id is stored replaces it.
	Write []Facts
	// Sources are stored articles that stay but whose files changed
	// (renamed, copied, a copy removed): id → the new sources.
	Sources map[string][]string
}

// Empty reports whether the change does nothing.
func (c Change) Empty() bool { return len(c.Retract) == 0 && len(c.Write) == 0 && len(c.Sources) == 0 }

// Tx is one open write transaction, as a driver hands it to Apply. Rows
// are canonical values (see Canon); nil is absent.
type Tx interface {
	// Read runs a read query with parameters and returns its rows.
	Read(q string, params map[string]any) ([][]any, error)
	// Exec runs a statement with parameters (lists of strings only).
	Exec(q string, params map[string]any) error
	// Put runs body once per row, rendered for the way the driver binds
	// the row (see Row); cols name the row's values in order.
	Put(body func(Row) string, cols []Prop, rows [][]any) error
	// CreateNodes creates nodes whose keys are not stored; rows hold
	// t.Props in order.
	CreateNodes(t NodeType, rows [][]any) error
	// CreateRels creates relationships between stored nodes; rows hold
	// the from key, the to key, then t.Props in order.
	CreateRels(t RelType, e End, rows [][]any) error
	// Lock creates the entities that do not exist and takes a write lock
	// on all of them (sorted names), so that writers of one database
	// running side by side (shards) update an entity one after the other.
	// A store with one writer does nothing.
	Lock(label string, names []string) error
}

// A Row is how a statement that runs once per row refers to the row.
type Row interface {
	// Field is the row's value of the column name.
	Field(name string) string
	// Match matches node v of type t whose key is the row's field; the
	// variables in carry stay bound.
	Match(v string, t NodeType, field string, carry ...string) string
}

// Unwound is the row as the variable r of an UNWIND (or of a driver's
// projection of a CSV line): r.<prop> for each column.
type Unwound struct{}

func (Unwound) Field(name string) string { return "r." + Quote(name) }

// Match binds the field to a variable of its own first, one node per
// MATCH. Kùzu 0.11 plans a MATCH on a field of the row (r.kg_from), or
// two nodes in one MATCH, as a scan of the whole table crossed with the
// rows, and a MATCH on a variable as a hash join: 100–160 ms against 8 ms
// for the relationships of one article into the store of the news
// corpus. Neo4j seeks its key index either way.
func (u Unwound) Match(v string, t NodeType, field string, carry ...string) string {
	k := "kg_" + v
	return fmt.Sprintf("WITH %s, %s AS %s MATCH (%s:%s {%s: %s})",
		strings.Join(append(carry, "r"), ", "), u.Field(field), k, v, t.Label, Quote(t.Key), k)
}

// Params is the row as the parameters of a statement executed once a
// row: column i of Cols is $p<i>. A MATCH on a parameter is a look-up in
// the key's index, in Kùzu too; a statement a row pays for it in calls.
type Params struct{ Cols []Prop }

// ParamName is the parameter of column i.
func ParamName(i int) string { return "p" + strconv.Itoa(i) }

func (p Params) Field(name string) string {
	for i, c := range p.Cols {
		if c.Name == name {
			return "$" + ParamName(i)
		}
	}
	panic("graph: no column " + name + " in the row")
}

func (p Params) Match(v string, t NodeType, field string, _ ...string) string {
	return fmt.Sprintf("MATCH (%s:%s {%s: %s})", v, t.Label, Quote(t.Key), p.Field(field))
}

// StatementTx gives a driver CreateNodes and CreateRels written with Put.
type StatementTx struct {
	Put func(body func(Row) string, cols []Prop, rows [][]any) error
}

// CreateNodes is CREATE (:L {…}) per row.
func (s StatementTx) CreateNodes(t NodeType, rows [][]any) error {
	return s.Put(func(r Row) string { return fmt.Sprintf("CREATE (:%s {%s})", t.Label, propMap(r, t.Props)) }, t.Props, rows)
}

// CreateRels is MATCH both ends by key, CREATE the relationship, per row.
func (s StatementTx) CreateRels(t RelType, e End, rows [][]any) error {
	from, _ := NodeTypeOf(e.From)
	to, _ := NodeTypeOf(e.To)
	cols := append([]Prop{{Name: "kg_from", Kind: String}, {Name: "kg_to", Kind: String}}, t.Props...)
	return s.Put(func(r Row) string {
		props := ""
		if len(t.Props) > 0 {
			props = " {" + propMap(r, t.Props) + "}"
		}
		return fmt.Sprintf("%s %s CREATE (a)-[:%s%s]->(b)", r.Match("a", from, "kg_from"), r.Match("b", to, "kg_to", "a"), t.Type, props)
	}, cols, rows)
}

// setProps renders "v.p = <the row's p>, …".
func setProps(r Row, v string, ps []Prop) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = v + "." + Quote(p.Name) + " = " + r.Field(p.Name)
	}
	return strings.Join(parts, ", ")
}

// propMap renders "p: <the row's p>, …".
func propMap(r Row, ps []Prop) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = Quote(p.Name) + ": " + r.Field(p.Name)
	}
	return strings.Join(parts, ", ")
}

// Apply carries out one change inside tx. It is the one write algorithm
// of every store; drivers only bind rows and run statements.
//
// Every read comes before the first write: Kùzu 0.11, inside a
// transaction, misses relationships created in that transaction when it
// scans a node's incoming relationships after all its stored ones were
// deleted, so an entity re-linked by the new version of an article would
// look orphaned (TestEditAfterReopenKeepsEntities). What an entity keeps
// (its aliases, whether it still exists) is computed here from the state
// before the change plus the rows of the change.
func Apply(tx Tx, c Change) error {
	gone := append([]string(nil), c.Retract...)
	for _, f := range c.Write {
		gone = append(gone, f.ID())
	}
	// only stored articles have anything to retract
	if len(gone) > 0 {
		rows, err := tx.Read("MATCH (a:Article) WHERE a.id IN $ids RETURN a.id", map[string]any{"ids": anyList(dedupe(gone))})
		if err != nil {
			return fmt.Errorf("reading stored articles: %w", err)
		}
		gone = gone[:0]
		for _, r := range rows {
			if id, ok := r[0].(string); ok {
				gone = append(gone, id)
			}
		}
		sort.Strings(gone)
	}

	// the entities whose aliases or existence may change
	touched := map[string]map[string]bool{}
	touch := func(label, name string) {
		if touched[label] == nil {
			touched[label] = map[string]bool{}
		}
		touched[label][name] = true
	}
	// the names the written articles use for each entity they mention,
	// indexed once: looking them up per touched entity by scanning every
	// mention made a batch cost its size squared
	written := map[Ref][]string{}
	for _, f := range c.Write {
		for _, m := range f.Mentions {
			touch(m.Entity.Label, m.Entity.Key)
			written[m.Entity] = append(written[m.Entity], stringList(m.Props["names"])...)
		}
	}
	if len(gone) > 0 {
		for _, l := range EntityLabels {
			rows, err := tx.Read(fmt.Sprintf("UNWIND $ids AS i MATCH (a:Article {id: i}) MATCH (a)-[:MENTIONS]->(n:%s) RETURN DISTINCT n.name", l), map[string]any{"ids": anyList(gone)})
			if err != nil {
				return fmt.Errorf("reading what the retracted articles mention: %w", err)
			}
			for _, r := range rows {
				if s, ok := r[0].(string); ok {
					touch(l, s)
				}
			}
		}
	}
	for _, l := range EntityLabels {
		if names := slices.Sorted(maps.Keys(touched[l])); len(names) > 0 {
			if err := tx.Lock(l, names); err != nil {
				return fmt.Errorf("locking %s entities: %w", l, err)
			}
		}
	}
	// the names every other article uses for them
	kept := map[string]map[string][]string{} // label → name → names
	for _, l := range EntityLabels {
		names := slices.Sorted(maps.Keys(touched[l]))
		if len(names) == 0 {
			continue
		}
		kept[l] = map[string][]string{}
		if len(gone) == 0 {
			// nothing retracted: every stored entity stays, and what its
			// articles call it is on its node (goesBy reads it), without
			// reading every article that mentions it (thousands for 中国)
			continue
		}
		// from the entity (found by its key) to its articles, never the
		// other way round
		// the lists whole, not unwound: the embedded store keeps a
		// relationship's lists as strings, read back as lists
		rows, err := tx.Read(fmt.Sprintf("UNWIND $names AS x MATCH (n:%s {name: x}) MATCH (a:Article)-[m:MENTIONS]->(n) WHERE NOT a.id IN $gone RETURN n.name, collect(m.names)", l),
			map[string]any{"names": anyList(names), "gone": anyList(append(gone, "\x00"))})
		if err != nil {
			return fmt.Errorf("reading the names of %s entities: %w", l, err)
		}
		for _, r := range rows {
			name, _ := r[0].(string)
			lists, _ := r[1].([]any)
			for _, ns := range lists {
				kept[l][name] = append(kept[l][name], stringList(ns)...)
			}
		}
	}

	// what each touched entity goes by after the change, and the split of
	// every name into alias (one entity goes by it) or shared, which may
	// change for entities the change does not touch
	names, err := goesBy(tx, written, touched, kept, len(gone) > 0)
	if err != nil {
		return err
	}
	isWritten := func(r Ref) bool { _, ok := written[r]; return ok }
	// an entity's properties as the change leaves them
	propsAfter := func(r Ref) Props { return EntityProps(r.Label, r.Key, names.after[r], names.shared(r)) }

	// retract
	if len(gone) > 0 {
		p := map[string]any{"gone": anyList(gone)}
		var stmts []string
		for _, t := range Rels {
			if !t.FromArticle {
				stmts = append(stmts, fmt.Sprintf("MATCH ()-[x:%s]->() WHERE x.article IN $gone DELETE x", t.Type))
			}
		}
		for _, n := range Nodes {
			if n.Owned {
				stmts = append(stmts, fmt.Sprintf("MATCH (n:%s) WHERE n.article IN $gone DETACH DELETE n", n.Label))
			}
		}
		stmts = append(stmts, "MATCH (a:Article) WHERE a.id IN $gone DETACH DELETE a")
		for _, q := range stmts {
			if err := tx.Exec(q, p); err != nil {
				return fmt.Errorf("retracting articles: %w", err)
			}
		}
	}

	// write
	articles, _ := NodeTypeOf(LabelArticle)
	if len(c.Write) > 0 {
		var rows [][]any
		for _, f := range c.Write {
			rows = append(rows, values(articles.Props, f.Article))
		}
		if err := tx.CreateNodes(articles, rows); err != nil {
			return fmt.Errorf("writing articles: %w", err)
		}
		// the entities the articles mention, with what they go by now:
		// one statement a label (a MERGE, then a SET apart, cost one more
		// statement a label on every write)
		for _, l := range EntityLabels {
			nt, _ := NodeTypeOf(l)
			var set, keep [][]any // entities whose properties change; those whose do not (or that are new without any)
			for _, name := range slices.Sorted(maps.Keys(touched[l])) {
				if r := (Ref{l, name}); isWritten(r) {
					if p := propsAfter(r); names.unchanged(r, p) {
						keep = append(keep, []any{name})
					} else {
						set = append(set, values(nt.Props, p))
					}
				}
			}
			merge := func(r Row) string {
				return fmt.Sprintf("MERGE (n:%s {name: %s}) SET %s", l, r.Field("name"), setProps(r, "n", nt.Props[1:]))
			}
			if err := tx.Put(merge, nt.Props, set); err != nil {
				return fmt.Errorf("writing %s entities: %w", l, err)
			}
			exists := func(r Row) string { return fmt.Sprintf("MERGE (n:%s {name: %s})", l, r.Field("name")) }
			if err := tx.Put(exists, nt.Props[:1], keep); err != nil {
				return fmt.Errorf("writing %s entities: %w", l, err)
			}
		}
		for _, n := range Nodes {
			if !n.Owned {
				continue
			}
			var rows [][]any
			for _, f := range c.Write {
				for _, o := range f.Nodes {
					if o.Label == n.Label {
						rows = append(rows, values(n.Props, o.Props))
					}
				}
			}
			if err := tx.CreateNodes(n, rows); err != nil {
				return fmt.Errorf("writing %s: %w", n.Label, err)
			}
		}
		for _, t := range Rels {
			for _, e := range t.Ends {
				var rows [][]any
				for _, f := range c.Write {
					if t.Type == RelMentions {
						for _, m := range f.Mentions {
							if m.Entity.Label == e.To {
								rows = append(rows, append([]any{f.ID(), m.Entity.Key}, values(t.Props, m.Props)...))
							}
						}
						continue
					}
					for _, r := range f.Rels {
						if r.Type == t.Type && r.From.Label == e.From && r.To.Label == e.To {
							rows = append(rows, append([]any{r.From.Key, r.To.Key}, values(t.Props, r.Props)...))
						}
					}
				}
				if err := tx.CreateRels(t, e, rows); err != nil {
					return fmt.Errorf("writing %s %s→%s: %w", t.Type, e.From, e.To, err)
				}
			}
		}
	}
	if len(c.Sources) > 0 {
		var rows [][]any
		for _, id := range slices.Sorted(maps.Keys(c.Sources)) {
			rows = append(rows, []any{id, Canon(Strings, sortedCopy(c.Sources[id]))})
		}
		set := func(r Row) string { return r.Match("a", articles, "id") + " SET a.sources = " + r.Field("sources") }
		if err := tx.Put(set, []Prop{{Name: "id", Kind: String}, {Name: "sources", Kind: Strings}}, rows); err != nil {
			return fmt.Errorf("updating sources: %w", err)
		}
	}

	// what the other touched entities keep, and who else shares a name
	for _, l := range EntityLabels {
		nt, _ := NodeTypeOf(l)
		var props, orphans [][]any
		for _, name := range slices.Sorted(maps.Keys(touched[l])) {
			if _, stays := names.after[Ref{l, name}]; !stays {
				orphans = append(orphans, []any{name})
			}
		}
		for _, r := range names.update(l) {
			if isWritten(r) {
				continue // set with its MERGE above
			}
			if p := propsAfter(r); !names.unchanged(r, p) {
				props = append(props, values(nt.Props, p))
			}
		}
		set := func(r Row) string { return r.Match("n", nt, "name") + " SET " + setProps(r, "n", nt.Props[1:]) }
		if err := tx.Put(set, nt.Props, props); err != nil {
			return fmt.Errorf("writing %s aliases: %w", l, err)
		}
		remove := func(r Row) string { return r.Match("n", nt, "name") + " DETACH DELETE n" }
		if err := tx.Put(remove, entityProps[:1], orphans); err != nil {
			return fmt.Errorf("removing %s entities no article mentions: %w", l, err)
		}
	}
	return nil
}

// EntityProps are an entity node's properties: its name, the names its
// articles use for it split by Aliases into aliases and shared names, and
// what the name itself states (a plan's period). shared reports whether
// another entity goes by a name too. The one rule of the stores and the
// exporters.
func EntityProps(label, name string, used []string, shared func(string) bool) Props {
	p := Props{"name": name}
	aliases, common := Aliases(name, used, shared)
	if a := Canon(Strings, aliases); a != nil {
		p["aliases"] = a
	}
	if c := Canon(Strings, common); c != nil {
		p["shared"] = c
	}
	if label == LabelPlan {
		if period := extract.PlanPeriod(name); period != "" {
			p["period"] = period
		}
	}
	return p
}

// Aliases is the rule for an entity's other names, from every name the
// articles that mention it use: distinct, sorted, without the name itself
// and without words too generic to name one thing across articles (those
// stay on the MENTIONS edge of the article that used them). A name another
// entity goes by too (shared reports it) is not an alias but a shared
// name: an alias lookup must answer one entity.
func Aliases(name string, used []string, shared func(string) bool) (aliases, common []string) {
	for _, n := range OtherNames(name, used) {
		if shared != nil && shared(n) {
			common = append(common, n)
		} else {
			aliases = append(aliases, n)
		}
	}
	return aliases, common
}

// OtherNames are the names an entity goes by besides its key, the generic
// words left out: distinct and sorted. Two entities that share one of them
// share a name.
func OtherNames(name string, used []string) []string {
	seen := map[string]bool{name: true}
	var out []string
	for _, n := range used {
		if seen[n] || extract.IsGenericName(n) {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// nameUse is who goes by which name once a change is applied.
type nameUse struct {
	// after holds the other names (OtherNames) of every entity whose
	// properties the change sets: the touched ones that stay, and stored
	// ones that share a name with a touched one
	after map[Ref][]string
	// users is every entity that goes by a name
	users map[string]map[Ref]bool
	// stored is what each stored entity with other names holds (absent:
	// neither aliases nor shared names)
	stored map[Ref]storedNames
}

type storedNames struct{ aliases, shared []string }

// unchanged reports whether p, an entity's properties after the change,
// are what the store holds: then writing them only adds to the store's
// log (each of a new article's entities was SET again, 10% of the log and
// a tenth of its statements). A Plan's period, derived from its name, is
// not read back, so a Plan counts as changed.
func (u nameUse) unchanged(r Ref, p Props) bool {
	st := u.stored[r]
	return r.Label != LabelPlan && slices.Equal(stringList(p["aliases"]), st.aliases) && slices.Equal(stringList(p["shared"]), st.shared)
}

// update lists the entities of a label whose properties are set, sorted.
func (u nameUse) update(label string) []Ref {
	var out []Ref
	for r := range u.after {
		if r.Label == label {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Ref) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// shared reports, for entity r, whether another entity goes by a name.
func (u nameUse) shared(r Ref) func(string) bool {
	return func(n string) bool {
		for o := range u.users[n] {
			if o != r {
				return true
			}
		}
		return false
	}
}

// goesBy reads the other names of every stored entity that has any, and
// works out what the touched entities and those sharing a name with them
// go by after the change. Entities with other names are few (short forms
// and Traditional spellings), so they are read whole rather than searched
// name by name, which neither store indexes inside lists. written holds
// the names the written articles use for each entity they mention; kept what
// the articles that stay call each touched entity when the change
// retracts some; without retractions a stored entity keeps all it goes
// by (its aliases and shared names: generic words never count).
func goesBy(tx Tx, written map[Ref][]string, touched map[string]map[string]bool, kept map[string]map[string][]string, retracting bool) (nameUse, error) {
	u := nameUse{after: map[Ref][]string{}, users: map[string]map[Ref]bool{}, stored: map[Ref]storedNames{}}
	stored := map[Ref][]string{}
	for _, l := range EntityLabels {
		rows, err := tx.Read(fmt.Sprintf("MATCH (n:%s) WHERE n.aliases IS NOT NULL OR n.shared IS NOT NULL RETURN n.name, n.aliases, n.shared", l), nil)
		if err != nil {
			return u, fmt.Errorf("reading the names %s entities go by: %w", l, err)
		}
		for _, row := range rows {
			name, _ := row[0].(string)
			r := Ref{l, name}
			u.stored[r] = storedNames{aliases: stringList(row[1]), shared: stringList(row[2])}
			stored[r] = append(stringList(row[1]), stringList(row[2])...)
		}
	}
	// the touched entities that stay, with the names they go by
	affected := map[string]bool{}
	for _, l := range EntityLabels {
		for name := range touched[l] {
			r := Ref{l, name}
			used, stays := kept[l][name]
			if !retracting {
				used = append([]string(nil), stored[r]...)
			}
			if ns, ok := written[r]; ok {
				stays = true
				used = append(used, ns...)
			}
			for _, n := range stored[r] {
				affected[n] = true // a name it may no longer go by
			}
			if stays {
				u.after[r] = OtherNames(name, used)
				for _, n := range u.after[r] {
					affected[n] = true
				}
			}
		}
	}
	use := func(n string, r Ref) {
		if u.users[n] == nil {
			u.users[n] = map[Ref]bool{}
		}
		u.users[n][r] = true
	}
	// every entity's names count, so that a stored entity re-split here
	// sees all who share each of its names
	for r, ns := range u.after {
		for _, n := range ns {
			use(n, r)
		}
	}
	for r, ns := range stored {
		if touched[r.Label][r.Key] {
			continue // what it goes by now is in after
		}
		for _, n := range ns {
			use(n, r)
		}
		for _, n := range ns {
			if affected[n] {
				u.after[r] = ns // its split may change
				break
			}
		}
	}
	return u, nil
}

// values lists the props in the declared order.
func values(decl []Prop, p Props) []any {
	out := make([]any, len(decl))
	for i, d := range decl {
		out[i] = p[d.Name]
	}
	return out
}

func anyList(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func stringList(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
