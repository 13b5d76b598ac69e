package server

import (
	"maps"
	"slices"

	"newskg/graph"
)

// The stores return canonical values (see graph.Canon): strings, int64,
// float64, lists as []any, nodes as graph.Node. These read them.

func str(v any) string {
	s, _ := v.(string)
	return s
}

func strs(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func num(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int:
		return int64(x)
	case float64:
		return int64(x)
	case int32:
		return int64(x)
	case uint64:
		return int64(x)
	}
	return 0
}

func ints(v any) []int64 {
	switch x := v.(type) {
	case []int64:
		return x
	case []any:
		out := make([]int64, 0, len(x))
		for _, e := range x {
			out = append(out, num(e))
		}
		return out
	}
	return nil
}

func contains(xs []string, s string) bool { return slices.Contains(xs, s) }

// nodeProps are a returned node's properties ({} for anything else).
func nodeProps(v any) map[string]any {
	if n, ok := v.(graph.Node); ok && n.Props != nil {
		return n.Props
	}
	return map[string]any{}
}

// relProps are a returned relationship's properties.
func relProps(v any) map[string]any {
	if r, ok := v.(graph.Rel); ok && r.Props != nil {
		return r.Props
	}
	return map[string]any{}
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// dateOf is a position's date for ordering: undated ones last.
func dateOf(e Edge) string {
	if d := str(e.Props["date"]); d != "" {
		return d
	}
	return "9999"
}

func isEntity(label string) bool { return slices.Contains(graph.EntityLabels, label) }

func truncate(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}
