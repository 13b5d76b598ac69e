package cypher

import (
	"fmt"
	"sort"
	"strings"
)

// A Refusal says why a query may not run read-only.
type Refusal struct {
	Clause string // the refused clause or construct, as the user wrote it
	Reason string
}

func (r *Refusal) Error() string {
	if r.Clause == "" {
		return r.Reason
	}
	return fmt.Sprintf("%s: %s", r.Clause, r.Reason)
}

// refused are the clauses of either dialect that change the database, read
// or write files, change settings or manage the server. A read-only query
// holds none of them as a keyword.
var refused = map[string]string{
	"CREATE": "writes", "MERGE": "writes", "DELETE": "writes", "DETACH": "writes", "SET": "writes", "REMOVE": "writes",
	"FOREACH": "writes", "DROP": "changes the schema", "ALTER": "changes the schema", "RENAME": "changes the schema",
	"COPY": "reads or writes files", "LOAD": "reads files", "IMPORT": "reads files", "EXPORT": "writes files",
	"ATTACH": "opens another database", "USE": "switches database", "INSTALL": "installs extensions", "UNINSTALL": "removes extensions",
	"CHECKPOINT": "writes the database", "BEGIN": "controls transactions", "COMMIT": "controls transactions",
	"ROLLBACK": "controls transactions", "TRANSACTION": "controls transactions", "TRANSACTIONS": "controls transactions",
	"PROJECT": "creates a projected graph", "GRANT": "administers the server", "REVOKE": "administers the server",
	"DENY": "administers the server", "SHOW": "administers the server", "START": "administers the server",
	"STOP": "administers the server", "TERMINATE": "administers the server", "ENABLE": "administers the server",
	"DISABLE": "administers the server", "ALIAS": "administers the server",
}

// ReadProcedures are the procedures a read-only query may CALL: catalogue
// look-ups and the full-text search, nothing that writes or reads files.
var ReadProcedures = map[string]bool{
	"db.labels": true, "db.relationshipTypes": true, "db.propertyKeys": true, "db.schema.visualization": true,
	"db.schema.nodeTypeProperties": true, "db.schema.relTypeProperties": true,
	"db.index.fulltext.queryNodes": true, "db.index.fulltext.queryRelationships": true,
	"show_tables": true, "table_info": true, "show_connection": true,
}

// CheckReadOnly says whether q may run on a store opened for reading. It
// allows exactly one statement (a trailing ; is fine) made of reading
// clauses only — MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, RETURN,
// ORDER BY, SKIP, LIMIT, UNION, CALL { subquery } and CALL of a procedure
// in ReadProcedures — and refuses anything else with the clause it found.
// Names are read as the stores read them (strings, back-quoted names,
// comments), so nothing hides inside one.
func CheckReadOnly(q string) error {
	toks, err := Lex(q)
	if err != nil {
		return &Refusal{Reason: "cannot read the query: " + err.Error()}
	}
	if len(toks) == 0 {
		return &Refusal{Reason: "the query is empty"}
	}
	for i, t := range toks {
		if t.Kind == Punct && t.Text == ";" && i != len(toks)-1 {
			return &Refusal{Clause: ";", Reason: "only one statement may run at a time"}
		}
	}
	for i, t := range toks {
		if t.Kind != Word || !isKeywordPosition(toks, i) {
			continue
		}
		up := strings.ToUpper(t.Text)
		if why, bad := refused[up]; bad {
			return &Refusal{Clause: t.Text, Reason: why}
		}
		if up == "CALL" {
			if err := checkCall(toks, i); err != nil {
				return err
			}
		}
	}
	return nil
}

// isKeywordPosition: a word is read as a keyword unless it is a property
// key (n.set), a label or type (:Set), or a map key ({set: 1}).
func isKeywordPosition(toks []Token, i int) bool {
	if i > 0 && toks[i-1].Kind == Punct && (toks[i-1].Text == "." || toks[i-1].Text == ":") {
		return false
	}
	if i+1 < len(toks) && toks[i+1].Kind == Punct && toks[i+1].Text == ":" && i > 0 &&
		toks[i-1].Kind == Punct && (toks[i-1].Text == "{" || toks[i-1].Text == ",") {
		return false
	}
	return true
}

// checkCall allows CALL { … } and CALL (x) { … } subqueries (their clauses
// are checked like the rest) and CALL of a read procedure.
func checkCall(toks []Token, i int) error {
	j := i + 1
	if j < len(toks) && toks[j].Kind == Punct && (toks[j].Text == "{" || toks[j].Text == "(") {
		return nil
	}
	var name []string
	for ; j < len(toks); j++ {
		t := toks[j]
		if t.Kind == Word || t.Kind == Quoted {
			name = append(name, t.Text)
			if j+1 < len(toks) && toks[j+1].Kind == Punct && toks[j+1].Text == "." {
				j++
				continue
			}
		}
		break
	}
	proc := strings.Join(name, ".")
	if ReadProcedures[proc] && j+1 < len(toks) && toks[j+1].Kind == Punct && toks[j+1].Text == "(" {
		return nil
	}
	allowed := make([]string, 0, len(ReadProcedures))
	for p := range ReadProcedures {
		allowed = append(allowed, p)
	}
	sort.Strings(allowed)
	if proc == "" {
		proc = "CALL"
	} else {
		proc = "CALL " + proc
	}
	return &Refusal{Clause: proc, Reason: "only these procedures may be called read-only: " + strings.Join(allowed, ", ")}
}

// Params returns the names of the parameters q refers to, sorted, each once.
func Params(q string) ([]string, error) {
	toks, err := Lex(q)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, t := range toks {
		if t.Kind == Param && !seen[t.Text] {
			seen[t.Text] = true
			out = append(out, t.Text)
		}
	}
	sort.Strings(out)
	return out, nil
}

// CheckParams compares the parameters a query uses with those given: every
// $name must be given and every given one used (a misspelt name would
// otherwise match nothing, or everything).
func CheckParams(q string, given map[string]any) error {
	used, err := Params(q)
	if err != nil {
		return err
	}
	var missing, unused []string
	isUsed := map[string]bool{}
	for _, u := range used {
		isUsed[u] = true
		if _, ok := given[u]; !ok {
			missing = append(missing, "$"+u)
		}
	}
	for g := range given {
		if !isUsed[g] {
			unused = append(unused, g)
		}
	}
	sort.Strings(unused)
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "the query uses "+strings.Join(missing, ", ")+" but no value was given (--param name=value)")
	}
	if len(unused) > 0 {
		parts = append(parts, "parameters given but not used by the query: "+strings.Join(unused, ", "))
	}
	if len(parts) == 0 {
		return nil
	}
	if len(used) > 0 {
		parts = append(parts, "the query's parameters are "+strings.Join(prefixed(used), ", "))
	} else {
		parts = append(parts, "the query takes no parameters")
	}
	return fmt.Errorf("%s", strings.Join(parts, "; "))
}

func prefixed(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = "$" + x
	}
	return out
}

// StripComments returns q without comments (for stores that take none)
// and without a trailing ;. A query that does not lex is returned as it is
// (the store then says what is wrong with it).
func StripComments(q string) string {
	toks, err := Lex(q)
	if err != nil || len(toks) == 0 {
		return strings.TrimSpace(q)
	}
	if lt := toks[len(toks)-1]; lt.Kind == Punct && lt.Text == ";" {
		toks = toks[:len(toks)-1]
	}
	// comments and whitespace are what lies between tokens: keep a line
	// break or a space for each gap
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && toks[i-1].End < t.At {
			b.WriteString(collapse(q[toks[i-1].End:t.At]))
		}
		b.WriteString(q[t.At:t.End])
	}
	return b.String()
}

// collapse turns the text between two tokens (whitespace and comments)
// into one line break or one space.
func collapse(gap string) string {
	if strings.Contains(gap, "\n") {
		return "\n"
	}
	return " "
}
