// Package graph defines the knowledge graph's model once (labels, keys,
// properties, relationship types) and the Store interface that every graph
// database driver implements, in the spirit of database/sql: callers open a
// store by driver name and never learn which database they talk to.
//
// Model (see docs/schema.md):
//
//	(:Article {id, file, title, published, script, encoding, ingested_at})
//	(:Company|Person|Organization|Plan|Place {name, aliases})   keyed by name
//	(:Figure {id, text, value, unit, subject, year, article, evidence})
//	(:Article)-[:MENTIONS {count}]->(entity)
//	(:Article)-[:REPORTS]->(:Figure)
//	(:Person)-[:HOLDS_POSITION {title, article, evidence}]->(:Organization|:Company)
//	(:Organization|:Company)-[:ISSUED {date, article, evidence}]->(:Plan)
//
// Every relationship that states a fact carries the id of the article it
// came from, so an article's facts can be traced and retracted.
package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"newskg/extract"
)

// Node labels. Entity labels are the extractor's entity types.
const (
	LabelArticle      = "Article"
	LabelCompany      = extract.TypeCompany
	LabelPerson       = extract.TypePerson
	LabelOrganization = extract.TypeOrganization
	LabelPlan         = extract.TypePlan
	LabelPlace        = extract.TypePlace
	LabelFigure       = extract.TypeFigure
)

// EntityLabels are the labels of named entities, keyed by name.
var EntityLabels = []string{LabelCompany, LabelPerson, LabelOrganization, LabelPlan, LabelPlace}

// Relationship types.
const (
	RelMentions      = "MENTIONS"
	RelReports       = "REPORTS"
	RelHoldsPosition = extract.RelHoldsPosition
	RelIssued        = extract.RelIssued
)

// RelTypes lists every relationship type, for counts and schema.
var RelTypes = []string{RelMentions, RelReports, RelHoldsPosition, RelIssued}

// OrgLabels are the labels a HOLDS_POSITION or ISSUED relationship may start
// or end at on the organisation side.
var OrgLabels = []string{LabelOrganization, LabelCompany}

// IsEntityLabel reports whether l is one of the model's entity labels; labels
// are only ever taken from this fixed list, never from text.
func IsEntityLabel(l string) bool {
	for _, x := range EntityLabels {
		if x == l {
			return true
		}
	}
	return false
}

// ArticleRow is an Article node.
type ArticleRow struct {
	ID, File, Title, Published, Script, Encoding, IngestedAt string
}

// EntityRow is a named entity and how often the article mentions it.
type EntityRow struct {
	Label string
	Name  string
	Names []string // every name the article uses, the canonical name first
	Count int
}

// FigureRow is a Figure node, owned by one article.
type FigureRow struct {
	ID, Text, Unit, Subject, Evidence string
	Value                             float64
	Year                              int64 // 0 when the article names none
}

// PositionRow is a HOLDS_POSITION relationship.
type PositionRow struct {
	Person, OrgLabel, Org, Title, Evidence string
}

// IssuedRow is an ISSUED relationship.
type IssuedRow struct {
	IssuerLabel, Issuer, Plan, Date, Evidence string
}

// Facts are everything one article contributes to the graph.
type Facts struct {
	Article   ArticleRow
	Entities  []EntityRow
	Figures   []FigureRow
	Positions []PositionRow
	Issued    []IssuedRow
}

// Rows is how many nodes and relationships the article writes: itself,
// each entity and its MENTIONS, each figure and its REPORTS, each position
// and each ISSUED.
func (f Facts) Rows() int64 {
	return int64(1 + 2*len(f.Entities) + 2*len(f.Figures) + len(f.Positions) + len(f.Issued))
}

// FactsFromResult maps an extraction result onto the graph model.
func FactsFromResult(r *extract.Result, ingestedAt time.Time) Facts {
	f := Facts{Article: ArticleRow{
		ID: r.Article.ID, File: r.File, Script: r.Article.Script, Encoding: r.Article.Encoding,
		IngestedAt: ingestedAt.UTC().Format(time.RFC3339),
	}}
	if r.Article.Title != nil {
		f.Article.Title = *r.Article.Title
	}
	if r.Article.Published != nil {
		f.Article.Published = *r.Article.Published
	}
	labelOf := map[string]string{}
	for _, e := range r.Entities {
		if e.Type == extract.TypeFigure {
			f.Figures = append(f.Figures, figureRow(r.Article.ID, e))
			continue
		}
		if !IsEntityLabel(e.Type) || e.Name == "" {
			continue
		}
		names := append([]string{e.Name}, e.Aliases...)
		f.Entities = append(f.Entities, EntityRow{Label: e.Type, Name: e.Name, Names: names, Count: max(1, len(e.Mentions))})
		labelOf[e.Type+"\x00"+e.Name] = e.Type
	}
	for _, rel := range r.Relations {
		switch rel.Type {
		case extract.RelHoldsPosition:
			title, _ := rel.Props["title"].(string)
			if rel.From.Type == LabelPerson && isOrgLabel(rel.To.Type) && rel.To.Name != "" {
				f.Positions = append(f.Positions, PositionRow{Person: rel.From.Name, OrgLabel: rel.To.Type, Org: rel.To.Name, Title: title, Evidence: rel.Evidence})
			}
		case extract.RelIssued:
			date, _ := rel.Props["date"].(string)
			if isOrgLabel(rel.From.Type) && rel.To.Type == LabelPlan {
				f.Issued = append(f.Issued, IssuedRow{IssuerLabel: rel.From.Type, Issuer: rel.From.Name, Plan: rel.To.Name, Date: date, Evidence: rel.Evidence})
			}
		}
	}
	sort.Slice(f.Entities, func(i, j int) bool {
		if f.Entities[i].Label != f.Entities[j].Label {
			return f.Entities[i].Label < f.Entities[j].Label
		}
		return f.Entities[i].Name < f.Entities[j].Name
	})
	return f
}

func isOrgLabel(l string) bool { return l == LabelOrganization || l == LabelCompany }

func figureRow(articleID string, e extract.Entity) FigureRow {
	row := FigureRow{Text: e.Name}
	if v, ok := e.Props["value"].(float64); ok {
		row.Value = v
	}
	row.Unit, _ = e.Props["unit"].(string)
	row.Subject, _ = e.Props["subject"].(string)
	switch y := e.Props["year"].(type) {
	case int:
		row.Year = int64(y)
	case float64:
		row.Year = int64(y)
	}
	row.Evidence, _ = e.Props["evidence"].(string)
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s", articleID, row.Text, row.Subject)))
	row.ID = hex.EncodeToString(sum[:12])
	return row
}
