package server

import (
	"maps"
	"slices"

	"newskg/graph"
)

// The stores return plain values: strings, numbers, lists as []any, nodes
// as graph.Node. These read them through graph.Canon, the drivers' rule.

func str(v any) string {
	s, _ := graph.Canon(graph.String, v).(string)
	return s
}

func strs(v any) []string {
	l, _ := graph.Canon(graph.Strings, v).([]string)
	return l
}

func num(v any) int64 {
	n, _ := graph.Canon(graph.Int, v).(int64)
	return n
}

func ints(v any) []int64 {
	l, _ := graph.Canon(graph.Ints, v).([]int64)
	return l
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
