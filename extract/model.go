package extract

import "strings"

// The output contract of `kg extract --format jsonl`: one Result per article.
// The shared scorer and the graph loader both read exactly this shape.

// Entity types.
const (
	TypeCompany      = "Company"
	TypePerson       = "Person"
	TypeOrganization = "Organization"
	TypePlan         = "Plan"
	TypeFigure       = "Figure"
	TypePlace        = "Place"
)

// Relation types.
const (
	RelHoldsPosition = "HOLDS_POSITION"
	RelIssued        = "ISSUED"
	RelPartOf        = "PART_OF"
	RelInvestsIn     = "INVESTS_IN"
	RelLocatedIn     = "LOCATED_IN"
	// RelParticipatesIn: a company or body in a plan, list or programme
	RelParticipatesIn = "PARTICIPATES_IN"
	// RelSameAreaAs: a development zone and the district or street whose
	// ground it covers, written 无锡高新区(新吴区)
	RelSameAreaAs = "SAME_AREA_AS"
	// RelMeasures goes from a figure to what it is about; its From names
	// the figure by its text, and Props["figure_start"] is the figure's
	// offset.
	RelMeasures = "MEASURES"
)

// Result is everything extracted from one article.
type Result struct {
	File      string     `json:"file"`
	Article   Article    `json:"article"`
	Entities  []Entity   `json:"entities"`
	Relations []Relation `json:"relations"`
}

// Article describes the source document.
type Article struct {
	ID        string  `json:"id"` // sha256 hex of the raw file bytes
	Title     *string `json:"title"`
	Published *string `json:"published"`
	Script    string  `json:"script"`
	Encoding  string  `json:"encoding,omitempty"`
	Text      string  `json:"text,omitempty"` // only with --with-text
}

// Entity is one distinct thing named in the article, with every mention.
type Entity struct {
	Type     string         `json:"type"`
	Name     string         `json:"name"`
	Aliases  []string       `json:"aliases"`
	Props    map[string]any `json:"props"`
	Mentions []Mention      `json:"mentions"`
}

// Mention is a rune span [Start, End) of the cleaned Simplified text.
type Mention struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Ref names an entity of the same article.
type Ref struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// Relation is a fact stated in one sentence of the article.
type Relation struct {
	Type     string         `json:"type"`
	From     Ref            `json:"from"`
	To       Ref            `json:"to"`
	Props    map[string]any `json:"props"`
	Evidence string         `json:"evidence"`
	// Start and End are the rune span of the evidence in the cleaned text.
	Start int `json:"start"`
	End   int `json:"end"`
}

// detach gives the result strings of its own. The recognisers slice the
// cleaned text without copying; a result kept after its article (a batch
// of facts waiting for the store) must not hold the whole text alive.
func (r *Result) detach() {
	for i := range r.Entities {
		e := &r.Entities[i]
		e.Name = strings.Clone(e.Name)
		for k, a := range e.Aliases {
			e.Aliases[k] = strings.Clone(a)
		}
		detachProps(e.Props)
	}
	for i := range r.Relations {
		x := &r.Relations[i]
		x.From.Name, x.To.Name = strings.Clone(x.From.Name), strings.Clone(x.To.Name)
		x.Evidence = strings.Clone(x.Evidence)
		detachProps(x.Props)
	}
}

func detachProps(p map[string]any) {
	for k, v := range p {
		if s, ok := v.(string); ok {
			p[k] = strings.Clone(s)
		}
	}
}
