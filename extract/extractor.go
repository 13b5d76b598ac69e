// Package extract turns one article into the entities and relations an
// analyst wants in the graph. It is pure: bytes and strings in, values out.
//
// The stages: textnorm cleans the text; segment cuts it into words with gse
// and the domain lexicon; the recognisers (company.go, org.go, person.go,
// plan.go, figure.go, place.go) propose typed spans by pattern; resolve.go
// keeps the longest of overlapping spans, merges short names and
// abbreviations into the full names the article establishes, and the
// positions and plans become relations with their evidence sentences.
package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"newskg/extract/lexicon"
	"newskg/extract/ner"
	"newskg/extract/segment"
	"newskg/extract/textnorm"
)

// Extractor holds the shared, read-only resources (OpenCC dictionaries,
// gse dictionary). Build one with New and share it between goroutines.
type Extractor struct {
	norm  *textnorm.Normalizer
	seg   *segment.Segmenter
	model *ner.Model // the name tagger; nil runs the patterns alone
}

// Recognizers choose the proposers of names.
const (
	// RecognizeAll runs the pattern recognisers and the statistical name
	// tagger, fused in acceptSpans (the default).
	RecognizeAll = "all"
	// RecognizePatterns runs the pattern recognisers alone: no model.
	RecognizePatterns = "patterns"
)

// New loads the normaliser, the segmenter and the name tagger (about two
// seconds), with every recogniser on.
func New() (*Extractor, error) { return NewWith(RecognizeAll) }

// NewWith is New with a choice of recognisers (RecognizeAll or
// RecognizePatterns).
func NewWith(recognizers string) (*Extractor, error) {
	if recognizers != RecognizeAll && recognizers != RecognizePatterns {
		return nil, fmt.Errorf("recognizers %q: want %s or %s", recognizers, RecognizeAll, RecognizePatterns)
	}
	n, err := textnorm.New()
	if err != nil {
		return nil, err
	}
	s, err := segment.New()
	if err != nil {
		return nil, err
	}
	x := &Extractor{norm: n, seg: s}
	if recognizers == RecognizeAll {
		m, err := loadModel()
		if err != nil {
			return nil, err
		}
		x.model = m
	}
	return x, nil
}

// ModelEnv names a model file that replaces the embedded one (a model
// retrained on your own data, without rebuilding kg).
const ModelEnv = "KG_NER_MODEL"

func loadModel() (*ner.Model, error) {
	m, err := ner.Embedded()
	from := "the embedded name tagger model"
	if path := os.Getenv(ModelEnv); path != "" {
		from = path + " (" + ModelEnv + ")"
		b, rerr := os.ReadFile(path)
		if rerr != nil {
			return nil, fmt.Errorf("name tagger model: %w", rerr)
		}
		m, err = ner.Load(b)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", from, err)
	}
	if m != nil && m.Lexicon != lexicon.Fingerprint() {
		return nil, fmt.Errorf("%s was trained with another lexicon: retrain it (go run ./extract/ner/train) after changing extract/lexicon", from)
	}
	return m, nil
}

// Segmenter exposes the shared segmenter (for benchmarks).
func (x *Extractor) Segmenter() *segment.Segmenter { return x.seg }

// Normalizer exposes the text-cleaning stage on its own.
func (x *Extractor) Normalizer() *textnorm.Normalizer { return x.norm }

// ArticleID is the content hash that identifies an article.
func ArticleID(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// Extract normalises raw (the bytes of the file named file) and extracts
// from it. The error is a *textnorm.InputError for unusable input.
func (x *Extractor) Extract(file string, raw []byte, opts textnorm.Options) (*Result, *textnorm.Article, error) {
	a, err := x.norm.Normalize(raw, opts)
	if err != nil {
		return nil, nil, err
	}
	return x.FromArticle(file, ArticleID(raw), a), a, nil
}

// sectionRunes bounds the text one pass of the recognisers reads. Entity
// resolution compares the entities of a text with each other, so its cost
// grows faster than the text; a longer article (a 20 MB dump of many news
// items in one file) is read in sections cut at line ends, and their
// results merged: time and memory stay linear in the article's size.
const sectionRunes = 200_000

// FromArticle extracts from an already normalised article.
func (x *Extractor) FromArticle(file, id string, a *textnorm.Article) *Result {
	if utf8.RuneCountInString(a.Text) <= sectionRunes {
		return x.fromText(file, id, a, a.Text)
	}
	var parts []*Result
	for _, sec := range sections(a.Text, sectionRunes) {
		r := x.fromText(file, id, a, sec.text)
		shift(r, sec.start)
		parts = append(parts, r)
	}
	return mergeResults(parts)
}

// section is a piece of a text and the rune offset where it starts.
type section struct {
	text  string
	start int
}

// sections cuts text into pieces of at most max runes after a line break
// (or anywhere, in a line longer than that).
func sections(text string, max int) []section {
	var out []section
	start := 0
	for len(text) > 0 {
		n, end, cut, cutRunes := 0, 0, -1, 0
		for i, r := range text {
			if n == max {
				break
			}
			n, end = n+1, i+utf8.RuneLen(r)
			if r == '\n' {
				cut, cutRunes = end, n
			}
		}
		if end == len(text) {
			out = append(out, section{text, start})
			break
		}
		if cut < 0 { // no line break: cut after max runes
			cut, cutRunes = end, n
		}
		out = append(out, section{text[:cut], start})
		text, start = text[cut:], start+cutRunes
	}
	return out
}

// shift moves a section's offsets (mentions, evidence, a figure's place
// in MEASURES) to the article's.
func shift(r *Result, by int) {
	for i := range r.Entities {
		for k := range r.Entities[i].Mentions {
			r.Entities[i].Mentions[k].Start += by
			r.Entities[i].Mentions[k].End += by
		}
	}
	for i := range r.Relations {
		x := &r.Relations[i]
		x.Start, x.End = x.Start+by, x.End+by
		if at, ok := x.Props["figure_start"].(int); ok {
			x.Props["figure_start"] = at + by
		}
	}
}

// mergeResults joins the results of an article's sections: one entity per
// type and name (figures: per text and subject) with every mention and
// alias, the relations of each section once.
func mergeResults(parts []*Result) *Result {
	out := &Result{File: parts[0].File, Article: parts[0].Article}
	at := map[string]int{}
	seen := map[string]bool{}
	for _, p := range parts {
		for _, e := range p.Entities {
			k := e.Type + "\x00" + e.Name
			if e.Type == TypeFigure {
				k += "\x00" + fmt.Sprint(e.Props["subject"])
			}
			i, ok := at[k]
			if !ok {
				at[k] = len(out.Entities)
				out.Entities = append(out.Entities, e)
				continue
			}
			m := &out.Entities[i]
			m.Mentions = append(m.Mentions, e.Mentions...)
			for _, a := range e.Aliases {
				if !slices.Contains(m.Aliases, a) {
					m.Aliases = append(m.Aliases, a)
				}
			}
			sort.Strings(m.Aliases)
			for pk, pv := range e.Props {
				if _, ok := m.Props[pk]; !ok {
					m.Props[pk] = pv
				}
			}
		}
		for _, r := range p.Relations {
			k := fmt.Sprint(r.Type, r.From, r.To, r.Props, r.Evidence)
			if !seen[k] {
				seen[k] = true
				out.Relations = append(out.Relations, r)
			}
		}
	}
	return out
}

// fromText extracts from text, the article's text or one section of it.
func (x *Extractor) fromText(file, id string, a *textnorm.Article, text string) *Result {
	d := newDoc(text, x.seg, a.Published)
	res := &Result{File: file, Article: Article{ID: id, Script: a.Script, Encoding: a.Encoding}}
	if a.Title != "" {
		t := a.Title
		res.Article.Title = &t
	}
	if a.Published != "" {
		p := a.Published
		res.Article.Published = &p
	}

	// the tagger reads first: the patterns consult its names (a list
	// item it names is a name) before the two are fused
	names := x.findNames(d)
	d.tagged = map[[2]int]bool{}
	for _, c := range names {
		d.tagged[[2]int{c.start, c.end}] = true
	}
	var spanCands []cand
	spanCands = append(spanCands, findPlaces(d)...)
	spanCands = append(spanCands, findOrganizations(d)...)
	spanCands = append(spanCands, findCompanies(d)...)
	persons, positions := findPositions(d)
	bylinePersons, bylinePositions := findBylines(d)
	positions = append(positions, bylinePositions...)
	spanCands = append(spanCands, persons...)
	spanCands = append(spanCands, findSpeakers(d)...)
	spanCands = append(spanCands, bylinePersons...)
	other := acceptSpans(append(findPlans(d), findFigures(d)...))
	// a body named inside a plan's title is part of the title
	spanCands = outsidePlans(spanCands, other)
	names = outsidePlans(names, other)
	accepted := fuse(d, spanCands, names)
	spanCands = append(spanCands, names...)
	seenPosition := map[string]bool{}
	for _, p := range positions {
		seenPosition[positionKey(p)] = true
	}
	for _, p := range resumePositions(d, accepted) {
		if !seenPosition[positionKey(p)] {
			seenPosition[positionKey(p)] = true
			positions = append(positions, p)
		}
	}

	b := newEntityBuilder(d)
	for _, c := range accepted {
		b.add(c)
	}
	// aliases declared by candidates that lost their span still count
	for _, c := range spanCands {
		if len(c.aliases) > 0 {
			if e := b.get(c.typ, c.name); e != nil {
				for _, a := range c.aliases {
					b.addAlias(e, a)
				}
			}
		}
	}
	for _, c := range other {
		if c.typ == TypeFigure {
			c.name = c.name + "\x00" + subjectOf(c)
		}
		b.add(c)
	}
	bodyOwner, district := chainFacts(positions, b)
	b.resolveAbbreviations(bodyOwner, district)
	b.linkCompanyShortNames(accepted)
	b.linkPlanForms()
	b.linkDeclaredShortForms()
	b.addMentions(accepted)

	res.Relations = append(res.Relations, positionRelations(d, b, positions, district)...)
	res.Relations = append(res.Relations, issuedRelations(d, b)...)
	res.Entities = b.result()
	res.Relations = append(res.Relations, measuresRelations(d, res.Entities)...)
	res.Relations = append(res.Relations, partOfRelations(d, res.Entities)...)
	res.Relations = append(res.Relations, bodyPartOfRelations(d, res.Entities)...)
	res.Relations = append(res.Relations, sameAreaRelations(d, res.Entities)...)
	res.Relations = append(res.Relations, locatedRelations(d, res.Entities)...)
	res.Relations = append(res.Relations, investRelations(d, res.Entities)...)
	res.Relations = append(res.Relations, participationRelations(d, res.Entities)...)
	res.detach()
	return res
}

func outsidePlans(cs, others []cand) []cand {
	var out []cand
	for _, c := range cs {
		inside := false
		for _, o := range others {
			if o.typ == TypePlan && c.start >= o.start && c.end <= o.end && c.start >= 0 {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, c)
		}
	}
	return out
}

func subjectOf(c cand) string {
	s, _ := c.props["subject"].(string)
	return s
}

// chainFacts learns from title chains which organisation owns a body word
// (无锡高新区 has the 党工委) and which district the article is about.
func chainFacts(ps []position, b *entityBuilder) (map[string]string, string) {
	owner := map[string]string{}
	districts := map[string]int{}
	for _, p := range ps {
		if p.org == "" {
			continue
		}
		org := canonicalOrgName(b, p.org)
		for _, body := range []string{"党工委", "管委会"} {
			if strings.HasPrefix(p.title, body) && owner[body] == "" {
				owner[body] = org
			}
		}
		if isDistrict(org) {
			districts[org]++
		}
	}
	for _, e := range b.ofType(TypeOrganization) {
		if isDistrict(e.Name) {
			districts[e.Name] += len(e.Mentions)
		}
	}
	best, n := "", 0
	for name, c := range districts {
		if c > n || c == n && name < best {
			best, n = name, c
		}
	}
	return owner, best
}

// canonicalOrgName maps a name as written to the entity it names.
func canonicalOrgName(b *entityBuilder, name string) string {
	if e := b.get(TypeOrganization, name); e != nil {
		return e.Name
	}
	if e := b.get(TypeCompany, name); e != nil {
		return e.Name
	}
	if zoneSuffixes[lastZone(name)] {
		var hits []*Entity
		for _, o := range b.ofType(TypeOrganization) {
			if strings.HasSuffix(o.Name, name) && o.Name != name {
				hits = append(hits, o)
			}
		}
		if len(hits) == 1 {
			return hits[0].Name
		}
	}
	return name
}

func lastZone(name string) string {
	for z := range zoneSuffixes {
		if name == z {
			return z
		}
	}
	return ""
}

// positionRelations turns title chains into HOLDS_POSITION relations,
// creating the organisation when the chain is its only mention (太科园).
func positionRelations(d *doc, b *entityBuilder, ps []position, district string) []Relation {
	var out []Relation
	seen := map[string]bool{}
	for _, p := range ps {
		var to *Entity
		switch {
		case p.anaphor:
			to = lastCompanyBefore(b, p.at)
		case p.org != "":
			name := canonicalOrgName(b, p.org)
			if e := entityEndingAt(d, b, p.orgStart, p.orgEnd); e != nil {
				name = e.Name // 新光维医疗 is the company's short name
			}
			if to = b.get(TypeCompany, name); to == nil {
				if to = b.get(TypeOrganization, name); to == nil {
					c := cand{typ: TypeOrganization, name: name, start: p.orgStart, end: p.orgEnd}
					if c.start >= 0 && coveredBy(Mention{c.start, c.end}, allMentions(b)) {
						c.start = -1
					}
					to = b.add(c)
				}
			}
		case p.level == "区" && district != "":
			to = b.get(TypeOrganization, district)
		}
		if to == nil {
			continue
		}
		person := b.get(TypePerson, p.person)
		if person == nil {
			continue
		}
		k := person.Name + "|" + p.title + "|" + to.Name
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, d.relation(RelHoldsPosition, Ref{TypePerson, person.Name}, Ref{to.Type, to.Name}, p.evAt, d.positionTime(p)))
	}
	return out
}

// entityEndingAt finds the company or organisation whose name or alias is
// written right before a title (…新光维医疗|联合创始人), within the span the
// chain scan gave the organisation.
func entityEndingAt(d *doc, b *entityBuilder, start, end int) *Entity {
	if start < 0 {
		return nil
	}
	var best *Entity
	bestLen := 0
	for _, typ := range []string{TypeCompany, TypeOrganization} {
		for _, e := range b.ofType(typ) {
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				l := runeLen(n)
				if l > bestLen && l >= 2 && end-l >= start-12 && d.str(end-l, end) == n {
					best, bestLen = e, l
				}
			}
		}
	}
	return best
}

func allMentions(b *entityBuilder) []Mention {
	var out []Mention
	for _, e := range b.entities {
		if e.Type != TypeFigure && e.Type != TypePlan {
			out = append(out, e.Mentions...)
		}
	}
	return out
}

func lastCompanyBefore(b *entityBuilder, at int) *Entity {
	var best *Entity
	bestPos := -1
	for _, e := range b.ofType(TypeCompany) {
		for _, m := range e.Mentions {
			if m.End <= at && m.Start > bestPos {
				best, bestPos = e, m.Start
			}
		}
	}
	return best
}

var (
	fullDateRE = regexp.MustCompile(`((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日`)
	issueVerbs = lexicon.New([]string{"发布", "印发", "出台", "制定", "推出", "下发", "公布", "实施", "启动"})
)

// issuedRelations links a plan to the body that issued it: the body written
// right before the title (科技部《…》), or the subject of an issuing verb
// in the plan's sentence (无锡高新区…发布…《…》).
func issuedRelations(d *doc, b *entityBuilder) []Relation {
	var out []Relation
	orgs := append(b.ofType(TypeOrganization), b.ofType(TypeCompany)...)
	for _, p := range b.ofType(TypePlan) {
		if len(p.Mentions) == 0 {
			continue
		}
		var issuer *Entity
		var at int
		// 《无锡高新区关于…的行动计划》: a title that opens with a body's
		// name was issued by that body.
		for _, o := range orgs {
			for _, n := range append([]string{o.Name}, o.Aliases...) {
				if runeLen(n) >= 3 && strings.HasPrefix(p.Name, n) && (issuer == nil || runeLen(n) > runeLen(issuer.Name)) {
					issuer, at = o, p.Mentions[0].Start
				}
			}
		}
		for _, m := range p.Mentions {
			if issuer != nil {
				break
			}
			sen := d.sentenceAt(m.Start)
			// adjacent: 科技部《…》, 无锡市委市政府《…》
			for _, o := range orgs {
				for _, om := range o.Mentions {
					if om.End == m.Start-1 || om.End == m.Start {
						issuer, at = o, m.Start
					}
				}
			}
			if issuer != nil {
				break
			}
			before := d.str(sen.start, m.Start)
			if vi, _ := issueVerbs.Index(before); vi >= 0 {
				verbAt := sen.start + runeLen(before[:vi])
				first := -1
				for _, o := range orgs {
					if isMediaName(o.Name) {
						continue // a dateline's agency reports, it does not issue
					}
					for _, om := range o.Mentions {
						if om.Start >= sen.start && om.End <= verbAt && (first < 0 || om.Start < first) {
							issuer, first, at = o, om.Start, m.Start
						}
					}
				}
			}
			if issuer != nil {
				break
			}
		}
		if issuer == nil {
			continue
		}
		props := map[string]any{}
		if date := d.sentenceDate(at); date != "" {
			props["date"] = date
			p.Props["date"] = date
		}
		p.Props["issuer"] = issuer.Name
		out = append(out, d.relation(RelIssued, Ref{issuer.Type, issuer.Name}, Ref{TypePlan, p.Name}, at, props))
	}
	return out
}

var monthDayRE = regexp.MustCompile(`(\d{1,2})月(\d{1,2})日`)

// sentenceDate is the full date stated in the sentence at pos, or the
// publication date when the sentence says the event is today's news.
func (d *doc) sentenceDate(pos int) string {
	sen := d.sentenceAt(pos)
	s := d.str(sen.start, sen.end)
	if strings.Contains(s, "日") { // both date patterns end in 日
		if m := fullDateRE.FindStringSubmatch(s); m != nil {
			return pad(m[1], m[2], m[3])
		}
		if m := monthDayRE.FindStringSubmatch(s); m != nil && d.published != "" {
			return pad(d.published[:4], m[1], m[2])
		}
	}
	if d.published != "" {
		if strings.Contains(s, "今日") || strings.Contains(s, "会上") || strings.Contains(s, "今天") {
			return d.published
		}
	}
	return ""
}

func pad(y, m, dd string) string {
	if len(m) == 1 {
		m = "0" + m
	}
	if len(dd) == 1 {
		dd = "0" + dd
	}
	return y + "-" + m + "-" + dd
}

// result returns the entities in order of first mention, figures last.
func (b *entityBuilder) result() []Entity {
	var out []Entity
	for _, k := range b.order {
		e := b.entities[k]
		if e == nil {
			continue
		}
		if e.Type == TypeFigure {
			e.Name = strings.SplitN(e.Name, "\x00", 2)[0]
		}
		sort.Strings(e.Aliases)
		if e.Mentions == nil {
			e.Mentions = []Mention{}
		}
		out = append(out, *e)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return firstMention(out[i]) < firstMention(out[j])
	})
	return out
}

func firstMention(e Entity) int {
	if len(e.Mentions) == 0 {
		return 1 << 30
	}
	return e.Mentions[0].Start
}
