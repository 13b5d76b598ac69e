package queries

import (
	"strings"
	"testing"
)

func TestLibraryParsesHeaders(t *testing.T) {
	for _, driver := range []string{"kuzu", "neo4j"} {
		lib, err := Library(driver)
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]Query{}
		for _, q := range lib {
			if q.Doc == "" {
				t.Errorf("%s: %s has no description", driver, q.Name)
			}
			byName[q.Name] = q
		}
		for _, c := range []struct {
			name    string
			params  []Param
			dialect string // a word only the driver's form holds
		}{
			{"officials_of_org", []Param{{"org", "无锡高新区"}}, ""},
			{"shortest_path", []Param{{"a", "章金伟"}, {"b", "无锡新洁能股份有限公司"}}, map[string]string{"kuzu": "SHORTEST", "neo4j": "shortestPath"}[driver]},
			{"companies_most_mentioned", nil, ""},
		} {
			q, ok := byName[c.name]
			if !ok {
				t.Fatalf("%s: no %s in the library", driver, c.name)
			}
			if len(q.Params) != len(c.params) {
				t.Fatalf("%s %s: params %v, want %v", driver, c.name, q.Params, c.params)
			}
			for i := range c.params {
				if q.Params[i] != c.params[i] {
					t.Errorf("%s %s: param %d = %+v, want %+v", driver, c.name, i, q.Params[i], c.params[i])
				}
			}
			if c.dialect != "" && !strings.Contains(q.Cypher, c.dialect) {
				t.Errorf("%s: %s is not the %s form", driver, c.name, driver)
			}
		}
	}
}
