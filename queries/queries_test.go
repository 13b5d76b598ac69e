// Package queries holds the analysts' Cypher library; this test runs every
// query against the seeds ingested into a temporary Kùzu store and checks
// the answers against facts stated in the articles.
package queries

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newskg/graph"
	"newskg/graph/graphtest"
	_ "newskg/graph/kuzu"
)

func load(t *testing.T, name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "//") {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

func rowsText(r *graph.Rows) string {
	var b strings.Builder
	for _, v := range r.Values {
		fmt.Fprintln(&b, v...)
	}
	return b.String()
}

func TestLibraryOnSeeds(t *testing.T) {
	ctx := context.Background()
	s, err := graph.Open(ctx, "kuzu", graph.Config{Path: filepath.Join(t.TempDir(), "kg.kuzu")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.EnsureSchema(ctx); err != nil {
		t.Fatal(err)
	}
	graphtest.Ingest(t, s, graphtest.SeedsDir(t))

	cases := []struct {
		file   string
		params map[string]any
		want   []string // each must appear in the answer
		notIn  []string
	}{
		{"officials_of_org.cypher", map[string]any{"org": "无锡高新区"}, []string{"崔荣国 党工委书记", "章金伟 管委会副主任", "顾国栋 党工委委员"}, nil},
		{"positions_of_person.cypher", map[string]any{"person": "崔荣国"}, []string{"无锡高新区 党工委书记", "新吴区 区委书记"}, nil},
		{"companies_most_mentioned.cypher", nil, []string{"LG化学 1", "SK海力士 1"}, nil},
		{"figures_about.cypher", map[string]any{"topic": "专精特新"}, []string{"401家", "721亿元 721 亿元", "2022 004_"}, []string{"110亿美元"}},
		{"plans_issued_by.cypher", map[string]any{"org": "无锡高新区"}, []string{"无锡高新区建设具有世界影响力的高科技园区行动纲要(2022-2035年) 2022-11-18"}, nil},
		{"articles_mentioning_both.cypher", map[string]any{"a": "崔荣国", "b": "无锡高新区"}, []string{"000_f633c72267f1f7cd.txt", "001_45225d23cd9f1580.txt", "002_f49a278f5d9342b4.txt", "003_ce44ddf465ad17a8.txt"}, []string{"004_"}},
		{"shortest_path.cypher", map[string]any{"a": "章金伟", "b": "新洁能"}, []string{"(:Person 章金伟)", "(:Company 无锡新洁能股份有限公司)] 2"}, nil},
	}
	files, _ := filepath.Glob("*.cypher")
	if len(files) != len(cases) {
		t.Errorf("%d query files, %d tested: test every query", len(files), len(cases))
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			q := load(t, c.file)
			if graph.IsWriteQuery(q) {
				t.Fatal("library queries must be read-only")
			}
			rows, err := s.Query(ctx, q, c.params)
			if err != nil {
				t.Fatal(err)
			}
			got := rowsText(rows)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("answer lacks %q:\n%s", w, got)
				}
			}
			for _, w := range c.notIn {
				if strings.Contains(got, w) {
					t.Errorf("answer holds %q:\n%s", w, got)
				}
			}
		})
	}
}
