package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"newskg/extract"
	"newskg/extract/textnorm"
)

// Props are a node's or relationship's properties, as canonical Go values
// (see Canon): string, int64, float64, []string, []int64; absent when empty.
type Props map[string]any

// Ref names a node by label and key.
type Ref struct{ Label, Key string }

// MentionRow is an entity the article names and its MENTIONS properties.
type MentionRow struct {
	Entity Ref
	Props  Props
}

// NodeRow is a node the article owns (a Figure).
type NodeRow struct {
	Label string
	Props Props
}

// RelRow is a relationship other than MENTIONS.
type RelRow struct {
	Type     string
	From, To Ref
	Props    Props
}

// Facts are everything one article contributes to the graph, as rows of
// the model.
type Facts struct {
	Article  Props
	Mentions []MentionRow
	Nodes    []NodeRow
	Rels     []RelRow
}

// ID is the article's id.
func (f Facts) ID() string { s, _ := f.Article["id"].(string); return s }

// Sources are the article's files.
func (f Facts) Sources() []string { s, _ := f.Article["sources"].([]string); return s }

// Rows is how many nodes and relationships the article writes.
func (f Facts) Rows() int64 {
	return int64(1 + 2*len(f.Mentions) + len(f.Nodes) + len(f.Rels))
}

// Canon is the canonical value of v for a property of kind k: the one
// every driver stores and the dump prints. Empty strings and lists are
// absent (nil).
func Canon(k Kind, v any) any {
	switch k {
	case String:
		if s, ok := v.(string); ok && s != "" {
			return s
		}
	case Int:
		switch x := v.(type) {
		case int64:
			return x
		case int:
			return int64(x)
		case float64:
			return int64(x)
		}
	case Float:
		switch x := v.(type) {
		case float64:
			return x
		case int64:
			return float64(x)
		case int:
			return float64(x)
		}
	case Strings:
		var out []string
		switch x := v.(type) {
		case []string:
			out = x
		case []any:
			for _, e := range x {
				if s, ok := e.(string); ok {
					out = append(out, s)
				}
			}
		}
		if len(out) > 0 {
			return out
		}
	case Ints:
		var out []int64
		switch x := v.(type) {
		case []int64:
			out = x
		case []int:
			for _, e := range x {
				out = append(out, int64(e))
			}
		case []any:
			for _, e := range x {
				switch n := e.(type) {
				case int64:
					out = append(out, n)
				case float64:
					out = append(out, int64(n))
				}
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// canonProps keeps the declared properties of ps, canonical.
func canonProps(decl []Prop, in Props) Props {
	out := Props{}
	for _, p := range decl {
		if v := Canon(p.Kind, in[p.Name]); v != nil {
			out[p.Name] = v
		}
	}
	return out
}

// FactsFromResult maps an extraction result onto the graph model. sources
// are the article's files; n is the normalised article (its text and
// repairs), or nil.
func FactsFromResult(r *extract.Result, n *textnorm.Article, sources []string, ingestedAt time.Time) Facts {
	id := r.Article.ID
	art := Props{"id": id, "sources": sortedCopy(sources), "script": r.Article.Script, "encoding": r.Article.Encoding,
		"ingested_at": ingestedAt.UTC().Format(time.RFC3339)}
	if r.Article.Title != nil {
		art["title"] = *r.Article.Title
	}
	if r.Article.Published != nil {
		art["published"] = *r.Article.Published
	}
	if n != nil {
		art["text"] = n.Text
		if n.Script != textnorm.ScriptSimplified {
			art["original"] = n.Original
		}
		var repairs []string
		for _, rp := range n.Repairs {
			b, _ := json.Marshal(rp)
			repairs = append(repairs, string(b))
		}
		art["repairs"] = repairs
	}
	at, _ := NodeTypeOf(LabelArticle)
	f := Facts{Article: canonProps(at.Props, art)}
	mentions, _ := RelTypeOf(RelMentions)
	figures, _ := NodeTypeOf(LabelFigure)
	known := map[Ref]bool{}
	figureAt := map[int]string{} // a figure's offset → its id
	for _, e := range r.Entities {
		if e.Type == extract.TypeFigure {
			row := figureRow(id, e)
			if len(e.Mentions) > 0 {
				figureAt[e.Mentions[0].Start] = row["id"].(string)
			}
			f.Nodes = append(f.Nodes, NodeRow{Label: LabelFigure, Props: canonProps(figures.Props, row)})
			f.Rels = append(f.Rels, RelRow{Type: RelReports, From: Ref{LabelArticle, id}, To: Ref{LabelFigure, row["id"].(string)}, Props: Props{}})
			continue
		}
		if !IsEntityLabel(e.Type) || e.Name == "" {
			continue
		}
		ref := Ref{e.Type, e.Name}
		if known[ref] {
			continue
		}
		known[ref] = true
		names := append([]string{e.Name}, e.Aliases...)
		var starts, ends []int64
		for _, m := range e.Mentions {
			starts, ends = append(starts, int64(m.Start)), append(ends, int64(m.End))
		}
		f.Mentions = append(f.Mentions, MentionRow{Entity: ref, Props: canonProps(mentions.Props, Props{
			"count": int64(max(1, len(e.Mentions))), "names": names, "starts": starts, "ends": ends,
		})})
	}
	seen := map[string]bool{}
	for _, rel := range r.Relations {
		t, ok := RelTypeOf(rel.Type)
		from, to := Ref{rel.From.Type, rel.From.Name}, Ref{rel.To.Type, rel.To.Name}
		if rel.Type == extract.RelMeasures {
			// the extractor names a figure by its text and offset; the
			// graph by its id
			start, _ := rel.Props["figure_start"].(int)
			fid, ok := figureAt[start]
			if !ok {
				continue
			}
			from = Ref{LabelFigure, fid}
			known[from] = true
		}
		if !ok || t.FromArticle || !t.Joins(from.Label, to.Label) || !known[from] || !known[to] {
			continue
		}
		props := Props{"article": id, "evidence": rel.Evidence, "start": int64(rel.Start), "end": int64(rel.End)}
		for k, v := range rel.Props {
			props[k] = v
		}
		row := RelRow{Type: rel.Type, From: from, To: to, Props: canonProps(t.Props, props)}
		k := fmt.Sprint(row.Type, row.From, row.To, row.Props)
		if seen[k] {
			continue // the same fact twice in one article is one fact
		}
		seen[k] = true
		f.Rels = append(f.Rels, row)
	}
	sort.Slice(f.Mentions, func(i, j int) bool { return refLess(f.Mentions[i].Entity, f.Mentions[j].Entity) })
	return f
}

func refLess(a, b Ref) bool {
	if a.Label != b.Label {
		return a.Label < b.Label
	}
	return a.Key < b.Key
}

func sortedCopy(xs []string) []string {
	out := append([]string(nil), xs...)
	sort.Strings(out)
	return out
}

func figureRow(articleID string, e extract.Entity) Props {
	row := Props{"article": articleID, "text": e.Name}
	for k, v := range e.Props {
		row[k] = v // the declared ones are kept (canonProps)
	}
	if len(e.Mentions) > 0 {
		row["start"], row["end"] = int64(e.Mentions[0].Start), int64(e.Mentions[0].End)
	}
	subject, _ := row["subject"].(string)
	sum := sha256.Sum256([]byte(articleID + "\x00" + e.Name + "\x00" + subject))
	row["id"] = hex.EncodeToString(sum[:12])
	return row
}
