package graph

import (
	"context"
	"testing"
)

func TestIsWriteQuery(t *testing.T) {
	cases := map[string]bool{
		"MATCH (n) RETURN n":                                  false,
		"MATCH (n) WHERE n.name = 'CREATE (x)' RETURN n":      false,
		"MATCH (n) WHERE n.name = $x RETURN n // then DELETE": false,
		"MATCH (n:`SET`) RETURN n":                            false,
		"MATCH (n) DETACH DELETE n":                           true,
		"match (n) set n.x = 1":                               true,
		"MERGE (n:Person {name: 'a'})":                        true,
		"UNWIND [1] AS x CREATE (:A)":                         true,
		"COPY Person FROM 'x.csv'":                            true,
	}
	for q, want := range cases {
		if got := IsWriteQuery(q); got != want {
			t.Errorf("IsWriteQuery(%q) = %v, want %v", q, got, want)
		}
	}
}

func TestOpenUnknownDriver(t *testing.T) {
	if _, err := Open(context.Background(), "nosuch", Config{}); err == nil {
		t.Error("unknown driver opened")
	}
}
