package cypher

import (
	"strings"
	"testing"
)

func TestCheckReadOnly(t *testing.T) {
	cases := []struct {
		q      string
		clause string // "" = allowed
	}{
		{"MATCH (n) RETURN n", ""},
		{"MATCH (n) WHERE n.name = 'CREATE (x)' RETURN n", ""},
		{"MATCH (n) WHERE n.name = $x RETURN n // then DELETE", ""},
		{"MATCH (n:`SET`) RETURN n", ""},
		{"MATCH (n) RETURN n.set, {delete: 1} AS m", ""},
		{"MATCH (p:Person)-[h:HOLDS_POSITION]->(o) WITH p, count(*) AS c ORDER BY c DESC SKIP 1 LIMIT 5 RETURN p.name UNION ALL RETURN 'x' AS name", ""},
		{"OPTIONAL MATCH (n) UNWIND [1,2] AS x RETURN DISTINCT x;", ""},
		{"MATCH (n) WHERE EXISTS { MATCH (n)-->() } RETURN n", ""},
		{"CALL db.index.fulltext.queryNodes('entity_names', '高新区') YIELD node RETURN node", ""},
		{"CALL show_tables() RETURN *", ""},
		{"MATCH (n) CALL { WITH n MATCH (n)-->(m) RETURN count(m) AS k } RETURN n, k", ""},
		// writes
		{"MATCH (n) DETACH DELETE n", "DETACH"},
		{"match (n) set n.x = 1", "set"},
		{"MERGE (n:Person {name: 'a'})", "MERGE"},
		{"UNWIND [1] AS x CREATE (:A)", "CREATE"},
		{"MATCH (n) FOREACH (x IN [1] | SET n.a = x)", "FOREACH"},
		{"MATCH (n) REMOVE n.x", "REMOVE"},
		// files, settings, the server
		{"COPY Person FROM 'x.csv'", "COPY"},
		{`COPY (RETURN "x" AS x) TO "/tmp/x.csv"`, "COPY"},
		{`LOAD FROM "/etc/passwd" (header=false) RETURN *`, "LOAD"},
		{"LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "LOAD"},
		{"ATTACH 'other.kuzu' AS o (dbtype kuzu)", "ATTACH"},
		{"INSTALL httpfs", "INSTALL"},
		{"CHECKPOINT", "CHECKPOINT"},
		{"CALL threads=1", "CALL threads"},
		{"CALL db.createLabel('x')", "CALL db.createLabel"},
		{"CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value", "CALL apoc.load.json"},
		{"EXPORT DATABASE '/tmp/x'", "EXPORT"},
		{"SHOW USERS", "SHOW"},
		{"BEGIN TRANSACTION", "BEGIN"},
		// hiding places
		{"MATCH (`a\\`) RETURN 1 UNION LOAD FROM \"/etc/passwd\" (header=false) RETURN *", "LOAD"},
		{"MATCH (`a\\`) RETURN 1; COPY (RETURN 'x' AS x) TO '/tmp/p.csv'", ";"},
		{"MATCH (`a``b`) RETURN 1; CREATE (:X)", ";"},
		{"RETURN 'a\\'b' AS x; CREATE (:X)", ";"},
		{"RETURN \"a\\\"\" AS x CREATE (:X)", "CREATE"},
		{"RETURN 1 /* comment */ CREATE (:X)", "CREATE"},
		{"RETURN 1 /* CREATE */", ""},
		{"RETURN 1 /* unterminated", "cannot read"},
		{"RETURN 'unterminated", "cannot read"},
		{"RETURN `unterminated", "cannot read"},
		{"MATCH (n) RETURN n; MATCH (m) RETURN m", ";"},
		{"", "empty"},
		{"   // only a comment\n", "empty"},
	}
	for _, c := range cases {
		err := CheckReadOnly(c.q)
		if c.clause == "" {
			if err != nil {
				t.Errorf("%q refused: %v", c.q, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%q allowed, want refused at %s", c.q, c.clause)
			continue
		}
		if !strings.Contains(err.Error(), c.clause) {
			t.Errorf("%q: %v, want it to name %q", c.q, err, c.clause)
		}
	}
}

func TestLexBackQuotesAndStrings(t *testing.T) {
	toks, err := Lex("MATCH (`a\\`) RETURN 'x\\'y', \"z\\\\\", `b``c`, $p, $`q r`")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range toks {
		if tk.Kind != Punct {
			got = append(got, tk.Text)
		}
	}
	want := "MATCH|a\\|RETURN|x'y|z\\|b`c|p|q r"
	if strings.Join(got, "|") != want {
		t.Errorf("tokens %q, want %q", strings.Join(got, "|"), want)
	}
}

func TestCheckParams(t *testing.T) {
	q := "MATCH (p:Person) WHERE p.name = $person AND p.x <> '$notparam' // $comment\nRETURN p"
	if err := CheckParams(q, map[string]any{"person": "崔荣国"}); err != nil {
		t.Error(err)
	}
	err := CheckParams(q, nil)
	if err == nil || !strings.Contains(err.Error(), "$person") {
		t.Errorf("missing parameter: %v", err)
	}
	err = CheckParams(q, map[string]any{"name": "崔荣国"})
	if err == nil || !strings.Contains(err.Error(), "name") || !strings.Contains(err.Error(), "$person") {
		t.Errorf("misspelt parameter: %v", err)
	}
	if err := CheckParams("RETURN 1", map[string]any{"x": 1}); err == nil || !strings.Contains(err.Error(), "takes no parameters") {
		t.Errorf("unused parameter: %v", err)
	}
}

func TestStripComments(t *testing.T) {
	got := StripComments("// header\nMATCH (n) // tail\nWHERE n.x = '//not' /* c */ RETURN n;\n")
	want := "MATCH (n)\nWHERE n.x = '//not' RETURN n"
	if got != want {
		t.Errorf("StripComments = %q, want %q", got, want)
	}
}

func FuzzCheckReadOnly(f *testing.F) {
	for _, s := range []string{"MATCH (n) RETURN n", "MATCH (`a\\`) RETURN 1; LOAD FROM 'x' RETURN *", "RETURN '\\'' // x", "CALL db.labels()"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		err := CheckReadOnly(q)
		if err != nil {
			return
		}
		// an accepted query has no refused keyword outside strings,
		// names and comments, and at most a trailing ;
		toks, lerr := Lex(q)
		if lerr != nil {
			t.Fatalf("accepted a query that does not lex: %q", q)
		}
		for i, tk := range toks {
			if tk.Kind == Punct && tk.Text == ";" && i != len(toks)-1 {
				t.Fatalf("accepted two statements: %q", q)
			}
			if tk.Kind == Word && isKeywordPosition(toks, i) {
				if _, bad := refused[strings.ToUpper(tk.Text)]; bad {
					t.Fatalf("accepted %s in %q", tk.Text, q)
				}
			}
		}
		// stripping comments changes nothing the guard sees
		if s := StripComments(q); CheckReadOnly(s) != nil && strings.TrimSpace(s) != "" {
			t.Fatalf("stripped form of an accepted query is refused: %q → %q", q, s)
		}
	})
}
