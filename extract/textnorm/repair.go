package textnorm

// Repair is one change the normaliser made to the text, kept so a user can
// see what was changed and why.
type Repair struct {
	Kind     string `json:"kind"`               // e.g. "pinyin", "mojibake", "boilerplate", "invalid-utf8"
	Line     int    `json:"line,omitempty"`     // 1-based line of the decoded text, when it applies
	Removed  string `json:"removed,omitempty"`  // text taken out
	Inserted string `json:"inserted,omitempty"` // text put in its place
	Note     string `json:"note,omitempty"`     // why
}

// recorder collects repairs; the zero value is ready to use.
type recorder struct {
	line    int
	repairs []Repair
}

func (r *recorder) add(kind, removed, inserted, note string) {
	r.repairs = append(r.repairs, Repair{Kind: kind, Line: r.line, Removed: removed, Inserted: inserted, Note: note})
}
