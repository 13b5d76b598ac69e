package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
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
	// Example is one node as the seeds give it, for docs/schema.md.
	Example string
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
	// Example is one relationship as the seeds (or a tested sentence)
	// give it, for docs/schema.md.
	Example string
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
	RelLocatedIn     = "LOCATED_IN"
	RelInvestsIn     = "INVESTS_IN"
	RelParticipates  = "PARTICIPATES_IN"
	RelSameAreaAs    = "SAME_AREA_AS"
)

var entityProps = []Prop{
	{Name: "name", Kind: String, Doc: "the name in Simplified script, as the articles write it in full"},
	{Name: "aliases", Kind: Strings, Doc: "other names articles use for it (short forms, Traditional spellings are converted first) that no other entity goes by, sorted; generic words (管委会, 区委) are kept only on the MENTIONS edge of the article that used them"},
	{Name: "shared", Kind: Strings, Doc: "other names articles use for it that another entity goes by too (高新区 for two zones), sorted: not aliases, since they name no one thing; the MENTIONS edge says which article meant which"},
}

// article is the `article` property of owned nodes and fact relationships.
var article = Prop{Name: "article", Kind: String, Doc: "id of the article that states it"}

// Nodes is every label of the model.
var Nodes = []NodeType{
	{Label: LabelArticle, Key: "id", Example: "{published: '2025-02-04', script: 'simplified', sources: ['seeds/001_45225d23cd9f1580.txt'], …}", Doc: "one version of one article: the same bytes under several file names are one article", Props: []Prop{
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
	{Label: LabelCompany, Key: "name", Entity: true, Props: entityProps, Example: "{name: '无锡新洁能股份有限公司', aliases: ['新洁能']}", Doc: "a business, domestic or foreign"},
	{Label: LabelPerson, Key: "name", Entity: true, Props: entityProps, Example: "{name: '崔荣国'} (written 崔榮國 in a Traditional article)", Doc: "an official, executive or reporter"},
	{Label: LabelOrganization, Key: "name", Entity: true, Props: entityProps, Example: "{name: '无锡高新区', aliases: ['无锡国家高新区', …]}", Doc: "a government body, party committee, zone acting as an administration, association, institute, school, hospital or media outlet"},
	{Label: LabelPlan, Key: "name", Entity: true, Props: append(slices.Clip(entityProps),
		Prop{Name: "period", Kind: String, Doc: "the years its name states: 2021-2025 (十四五), 2022-2035; who issued it and when is on ISSUED, per article"}),
		Example: "{name: '无锡高新区建设具有世界影响力的高科技园区行动纲要(2022-2035年)', aliases: ['行动纲要'], period: '2022-2035'}", Doc: "a document in 《》 or a named programme, plan, campaign or list; keyed with a plain - in its year range (2025—2030 and 2025-2030 are one plan, the form written an alias)"},
	{Label: LabelPlace, Key: "name", Entity: true, Props: entityProps, Example: "{name: '锡山区'}", Doc: "a country, province, city, district or town"},
	{Label: LabelFigure, Key: "id", Owned: true, Example: "{text: '721亿元', value: 721, unit: '亿元', metric: '产值', year: 2022, year_from: 'text', kind: 'actual', …}", Doc: "a quantity written with digits, owned by the article that states it", Props: []Prop{
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

// stated are the provenance properties every fact relationship carries.
var stated = []Prop{article, evidence,
	{Name: "start", Kind: Int, Doc: "rune offset of the evidence in the article's text"},
	{Name: "end", Kind: Int, Doc: "rune offset just past the evidence"},
}

// fact lists a fact relationship's own properties, then its provenance.
func fact(own ...Prop) []Prop { return append(own, stated...) }

// located are the labels something can be located in: places, and bodies
// that are zones or districts (无锡高新区, 新吴区).
var located = []string{LabelPlace, LabelOrganization}

// Rels is every relationship type of the model.
var Rels = []RelType{
	{Type: RelMentions, FromArticle: true, Ends: endsFrom([]string{LabelArticle}, EntityLabels...), Example: "(:Article)-[{count: 9, names: ['无锡高新区', '高新区', …], starts: […], ends: […]}]->(:Organization {name: '无锡高新区'})", Doc: "the article names the entity", Props: []Prop{
		{Name: "count", Kind: Int, Doc: "how many times"},
		{Name: "names", Kind: Strings, Doc: "the names this article uses for it, the entity's name first"},
		{Name: "starts", Kind: Ints, Doc: "rune offset of each mention in the article's text"},
		{Name: "ends", Kind: Ints, Doc: "rune offset just past each mention"},
	}},
	{Type: RelReports, FromArticle: true, Ends: []End{{LabelArticle, LabelFigure}}, Example: "(:Article)-[:REPORTS]->(:Figure {text: '401家'})", Doc: "the article states the figure"},
	{Type: RelHoldsPosition, Ends: endsFrom([]string{LabelPerson}, OrgLabels...), Example: "(:Person {name: '崔荣国'})-[{title: '党工委书记', date: '2025-02-04', date_from: 'published'}]->(:Organization {name: '无锡高新区'})", Doc: "the person holds a post in the organisation", Props: fact(
		Prop{Name: "title", Kind: String, Doc: "党工委书记, 区长, 总经理 …"},
		Prop{Name: "change", Kind: String, Doc: "start (任命, 当选, 出任 …) or end (免去, 不再担任, 卸任 …) when the sentence says the post was taken or left; absent when it says the post is held"},
		Prop{Name: "date", Kind: String, Doc: "when: YYYY-MM-DD, YYYY-MM or YYYY as the sentence gives it, else the article's date"},
		Prop{Name: "date_from", Kind: String, Doc: "text (the sentence dates it) or published (the article's date: held, taken or left by then)"},
	)},
	{Type: RelIssued, Ends: endsFrom(OrgLabels, LabelPlan), Example: "(:Organization {name: '无锡高新区'})-[{date: '2022-11-18'}]->(:Plan {name: '无锡高新区建设具有世界影响力的高科技园区行动纲要(2022-2035年)'})", Doc: "the body issued the plan", Props: fact(
		Prop{Name: "date", Kind: String, Doc: "YYYY-MM-DD, when the sentence dates it"},
	)},
	{Type: RelPartOf, Ends: []End{{LabelPlace, LabelPlace}, {LabelOrganization, LabelOrganization}, {LabelOrganization, LabelPlace}}, Example: "(:Place {name: '锡山区'})-[{source: 'divisions'}]->(:Place {name: '无锡市'}); (:Organization {name: '锡山区工信局'})-[{source: 'name'}]->(:Place {name: '锡山区'})", Doc: "the place is a division of the other (town or street → county → city → province), or the body a part of the body or place its name opens with (无锡高新区科技创新促进中心 → 无锡高新区); both named by the article", Props: fact(
		Prop{Name: "source", Kind: String, Doc: "text (a sentence names both places), divisions (the administrative-division list relates two places the article names apart) or name (the body's name opens with the other's)"},
	)},
	{Type: RelSameAreaAs, Ends: []End{{LabelOrganization, LabelPlace}, {LabelOrganization, LabelOrganization}}, Example: "(:Organization {name: '无锡高新区'})-[]->(:Place {name: '新吴区'})", Doc: "the development zone covers the ground of the district or street written in brackets after it (无锡高新区(新吴区)): one area, one administration under two names", Props: fact()},
	{Type: RelMeasures, Ends: endsFrom([]string{LabelFigure}, LabelCompany, LabelOrganization, LabelPlace), Example: "(:Figure {text: '1300亿元', metric: '生物医药产业产值'})-[]->(:Organization {name: '苏州工业园区'})", Doc: "the figure is about the company, body or place its clause names before it", Props: fact()},
	{Type: RelLocatedIn, Ends: endsFrom(OrgLabels, located...), Example: "(:Company {name: '新光维医疗科技(苏州)股份有限公司'})-[]->(:Organization {name: '苏州工业园区'})", Doc: "the company or body is in the place, zone or district (位于X的Y, Y位于X, Y落户X, Y在X投资)", Props: fact()},
	{Type: RelInvestsIn, Ends: endsFrom([]string{LabelCompany}, located...), Example: "(:Company {name: 'LS集团'})-[{event: '投资', amount: '1亿美元', value: 1, unit: '亿美元'}]->(:Organization {name: '无锡高新区'})", Doc: "the company signs, invests, settles or starts work in the place, zone or district (签约, 投资, 落户, 开工, 投产 …), one sentence naming both", Props: fact(
		Prop{Name: "event", Kind: String, Doc: "the verb as written: 签约, 投资, 落户, 开工, 投产 …"},
		Prop{Name: "amount", Kind: String, Doc: "the sum the sentence states, as written: 1亿美元"},
		Prop{Name: "value", Kind: Float, Doc: "its number: 1"},
		Prop{Name: "unit", Kind: String, Doc: "its unit: 亿美元"},
		Prop{Name: "date", Kind: String, Doc: "YYYY-MM-DD, when the sentence dates it"},
	)},
	{Type: RelParticipates, Ends: endsFrom(OrgLabels, LabelPlan), Example: "(:Company {name: '无锡先导智能装备股份有限公司'})-[{how: '入选'}]->(:Plan {name: '2023年度智能制造示范工厂揭榜单位名单'}) (a tested sentence; the seeds state none)", Doc: "the company or body takes part in the plan, list or programme (入选, 获评, 列入 …)", Props: fact(
		Prop{Name: "how", Kind: String, Doc: "the verb as written: 入选, 获评, 列入 …"},
	)},
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
