package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// The graph model, declared once. Every store driver renders it (Kùzu DDL,
// Neo4j constraints and indexes), the exporters take their headers from it,
// the canonical dump reads what it lists, and docs/schema.md is checked
// against it by a test. A new relationship is one entry in Rels, the code
// that produces its rows, and its tests.

// Kind is a property's value type, the same in every store.
type Kind int

// Property kinds. Go values: string, int64, float64, []string, []int64.
const (
	String Kind = iota
	Int
	Float
	Strings
	Ints
)

func (k Kind) String() string {
	return [...]string{"string", "int", "float", "string list", "int list"}[k]
}

// Prop is one property of a label or relationship type.
//
// One rule for every store: a property without a value (an empty string,
// an empty list) is absent, never stored as ” or [] — so `x IS NULL`
// means the same thing everywhere, and neo4j-admin's import, which cannot
// tell an empty field from a missing one, stores the same graph.
type Prop struct {
	Name string
	Kind Kind
	Doc  string
	// Volatile properties differ between two ingests of the same files
	// (when an article was ingested); the canonical dump leaves them out.
	Volatile bool
}

// NodeType is a node label.
type NodeType struct {
	Label string
	Key   string // the property that identifies a node; unique
	Props []Prop // the key first
	// Entity: a named thing shared by articles: it exists while at least
	// one article MENTIONS it, and its aliases are the names they use.
	Entity bool
	// Owned: the node belongs to the article in its `article` property
	// and goes when that article is retracted.
	Owned bool
	Doc   string
}

// End is a pair of labels a relationship type may join.
type End struct{ From, To string }

// RelType is a relationship type.
type RelType struct {
	Type  string
	Ends  []End
	Props []Prop
	// FromArticle: the relationship starts at its article and goes with
	// it. Every other relationship carries the `article` it was stated in
	// and goes when that article is retracted.
	FromArticle bool
	Doc         string
}

// Node labels.
const (
	LabelArticle      = "Article"
	LabelCompany      = "Company"
	LabelPerson       = "Person"
	LabelOrganization = "Organization"
	LabelPlan         = "Plan"
	LabelPlace        = "Place"
	LabelFigure       = "Figure"
)

// Relationship types.
const (
	RelMentions      = "MENTIONS"
	RelReports       = "REPORTS"
	RelHoldsPosition = "HOLDS_POSITION"
	RelIssued        = "ISSUED"
	RelMeasures      = "MEASURES"
	RelPartOf        = "PART_OF"
)

var entityProps = []Prop{
	{Name: "name", Kind: String, Doc: "the name in Simplified script, as the articles write it in full"},
	{Name: "aliases", Kind: Strings, Doc: "other names articles use for it (short forms, Traditional spellings are converted first), sorted; generic words (管委会, 区委) are kept only on the MENTIONS edge of the article that used them"},
}

// article is the `article` property of owned nodes and fact relationships.
var article = Prop{Name: "article", Kind: String, Doc: "id of the article that states it"}

// Nodes is every label of the model.
var Nodes = []NodeType{
	{Label: LabelArticle, Key: "id", Doc: "one version of one article: the same bytes under several file names are one article", Props: []Prop{
		{Name: "id", Kind: String, Doc: "sha256 of the file's bytes"},
		{Name: "sources", Kind: Strings, Doc: "the files holding these bytes, as paths relative to the working directory of the ingest (absolute outside it), sorted"},
		{Name: "title", Kind: String, Doc: "headline, when the article has one"},
		{Name: "published", Kind: String, Doc: "publication date YYYY-MM-DD, when the article states it"},
		{Name: "script", Kind: String, Doc: "script of the original: simplified, traditional or mixed"},
		{Name: "encoding", Kind: String, Doc: "encoding of the file (UTF-8, GB18030, Big5, UTF-16LE …)"},
		{Name: "text", Kind: String, Doc: "the cleaned Simplified text; every offset in the graph (MENTIONS starts/ends, Figure start/end) counts runes of it"},
		{Name: "original", Kind: String, Doc: "the decoded text before cleaning and conversion, kept when the script is not simplified"},
		{Name: "repairs", Kind: Strings, Doc: "what the cleaner changed (encoding, script, pinyin, mojibake, boilerplate), one line each"},
		{Name: "ingested_at", Kind: String, Doc: "when it was written, RFC 3339 UTC", Volatile: true},
	}},
	{Label: LabelCompany, Key: "name", Entity: true, Props: entityProps, Doc: "a business, domestic or foreign"},
	{Label: LabelPerson, Key: "name", Entity: true, Props: entityProps, Doc: "an official, executive or reporter"},
	{Label: LabelOrganization, Key: "name", Entity: true, Props: entityProps, Doc: "a government body, party committee, zone acting as an administration, association, institute, school, hospital or media outlet"},
	{Label: LabelPlan, Key: "name", Entity: true, Props: entityProps, Doc: "a document in 《》 or a named programme, plan, campaign or list"},
	{Label: LabelPlace, Key: "name", Entity: true, Props: entityProps, Doc: "a country, province, city, district or town"},
	{Label: LabelFigure, Key: "id", Owned: true, Doc: "a quantity written with digits, owned by the article that states it", Props: []Prop{
		{Name: "id", Kind: String, Doc: "hash of article, text and subject"},
		article,
		{Name: "text", Kind: String, Doc: "as written: 401家"},
		{Name: "value", Kind: Float, Doc: "the number: 401"},
		{Name: "unit", Kind: String, Doc: "the unit as written: 家, 亿元, %"},
		{Name: "subject", Kind: String, Doc: "the clause before it, up to 16 runes"},
		{Name: "metric", Kind: String, Doc: "the indicator it reports, a whole phrase: 规上工业总产值, 营业收入, 总投资"},
		{Name: "period", Kind: String, Doc: "the period the sentence names: 2023年, 2023年上半年, 2023年1—11月"},
		{Name: "year", Kind: Int, Doc: "the year it refers to"},
		{Name: "year_from", Kind: String, Doc: "where the year comes from: text (the sentence, 去年 counted from the date) or published (the article's date, inferred)"},
		{Name: "kind", Kind: String, Doc: "target (力争, 目标, 预计, 到2030年) or actual"},
		{Name: "evidence", Kind: String, Doc: "the sentence"},
		{Name: "start", Kind: Int, Doc: "rune offset of the figure in the article's text"},
		{Name: "end", Kind: Int, Doc: "rune offset just past it"},
	}},
}

// EntityLabels are the labels of named entities.
var EntityLabels = labels(func(n NodeType) bool { return n.Entity })

// OrgLabels are the labels that act as organisations in positions and plans.
var OrgLabels = []string{LabelOrganization, LabelCompany}

func endsFrom(from []string, to ...string) []End {
	var out []End
	for _, f := range from {
		for _, t := range to {
			out = append(out, End{f, t})
		}
	}
	return out
}

var evidence = Prop{Name: "evidence", Kind: String, Doc: "the sentence that states it"}

// Rels is every relationship type of the model.
var Rels = []RelType{
	{Type: RelMentions, FromArticle: true, Ends: endsFrom([]string{LabelArticle}, EntityLabels...), Doc: "the article names the entity", Props: []Prop{
		{Name: "count", Kind: Int, Doc: "how many times"},
		{Name: "names", Kind: Strings, Doc: "the names this article uses for it, the entity's name first"},
		{Name: "starts", Kind: Ints, Doc: "rune offset of each mention in the article's text"},
		{Name: "ends", Kind: Ints, Doc: "rune offset just past each mention"},
	}},
	{Type: RelReports, FromArticle: true, Ends: []End{{LabelArticle, LabelFigure}}, Doc: "the article states the figure"},
	{Type: RelHoldsPosition, Ends: endsFrom([]string{LabelPerson}, OrgLabels...), Doc: "the person holds a post in the organisation", Props: []Prop{
		{Name: "title", Kind: String, Doc: "党工委书记, 区长, 总经理 …"},
		article, evidence,
	}},
	{Type: RelIssued, Ends: endsFrom(OrgLabels, LabelPlan), Doc: "the body issued the plan", Props: []Prop{
		{Name: "date", Kind: String, Doc: "YYYY-MM-DD, when the sentence dates it"},
		article, evidence,
	}},
	{Type: RelPartOf, Ends: []End{{LabelPlace, LabelPlace}}, Doc: "the place is a division of the other (county → city → province), both named by the article", Props: []Prop{
		{Name: "source", Kind: String, Doc: "text (a sentence names both) or divisions (the administrative-division list relates two places the article names apart)"},
		article, evidence,
	}},
	{Type: RelMeasures, Ends: endsFrom([]string{LabelFigure}, LabelCompany, LabelOrganization, LabelPlace), Doc: "the figure is about the company, body or place its clause names before it", Props: []Prop{
		article, evidence,
	}},
}

// RelTypes lists the relationship type names.
var RelTypes = func() []string {
	var out []string
	for _, r := range Rels {
		out = append(out, r.Type)
	}
	return out
}()

func labels(keep func(NodeType) bool) []string {
	var out []string
	for _, n := range Nodes {
		if keep(n) {
			out = append(out, n.Label)
		}
	}
	return out
}

// NodeTypeOf returns the label's declaration.
func NodeTypeOf(label string) (NodeType, bool) {
	for _, n := range Nodes {
		if n.Label == label {
			return n, true
		}
	}
	return NodeType{}, false
}

// RelTypeOf returns the relationship type's declaration.
func RelTypeOf(typ string) (RelType, bool) {
	for _, r := range Rels {
		if r.Type == typ {
			return r, true
		}
	}
	return RelType{}, false
}

// IsEntityLabel reports whether l is one of the model's entity labels;
// labels are only ever taken from the model, never from text.
func IsEntityLabel(l string) bool {
	n, ok := NodeTypeOf(l)
	return ok && n.Entity
}

// Joins reports whether the relationship type may join the two labels.
func (r RelType) Joins(from, to string) bool {
	for _, e := range r.Ends {
		if e.From == from && e.To == to {
			return true
		}
	}
	return false
}

// Prop returns the named property of the label.
func (n NodeType) Prop(name string) (Prop, bool) { return findProp(n.Props, name) }

// Prop returns the named property of the relationship type.
func (r RelType) Prop(name string) (Prop, bool) { return findProp(r.Props, name) }

func findProp(ps []Prop, name string) (Prop, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return Prop{}, false
}

// Fingerprint identifies this version of the model. A store made by a kg
// with another model refuses to be written (its tables would not match).
func Fingerprint() string {
	var b strings.Builder
	for _, n := range Nodes {
		fmt.Fprintf(&b, "N %s %s %v %v\n", n.Label, n.Key, n.Entity, n.Owned)
		for _, p := range n.Props {
			fmt.Fprintf(&b, "  %s %d\n", p.Name, p.Kind)
		}
	}
	for _, r := range Rels {
		fmt.Fprintf(&b, "R %s %v %v\n", r.Type, r.FromArticle, r.Ends)
		for _, p := range r.Props {
			fmt.Fprintf(&b, "  %s %d\n", p.Name, p.Kind)
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
}
