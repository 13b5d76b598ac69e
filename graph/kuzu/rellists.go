package kuzu

import (
	"slices"
	"strconv"
	"strings"

	"newskg/graph"
)

// A relationship's list properties (MENTIONS' names, starts and ends) are
// stored as one STRING column each, the elements joined behind a marker,
// and read back as lists: Kùzu 0.11's checkpoint rewrites every list
// column of each relationship node group a transaction touched, at a cost
// no scalar column comes near. Measured on the news corpus' graph (its
// 140,000 MENTIONS), a second bulk batch of the same size: COMMIT 32.9 s
// with the three lists, 1.7 s with them as strings; one article of 12
// mentions added to that store: 2.9 s against 0.2 s (every Close that
// checkpoints pays it). The model keeps them lists: Neo4j stores them so,
// the dump and every reader through this driver see lists; only Cypher
// run on Kùzu sees the string (regexp_split_to_array(m.names, '\\x1f')
// lists the names: Kùzu reads no escape in a string literal, its regular
// expressions do).
//
// The markers are control characters, which cleaned text never holds
// (textnorm removes them) and encode refuses at the start of any other
// string: a string read back that starts with one is a list, whatever
// query read it. listSep marks and separates lists of strings, intsSep
// lists of integers.
const intsSep = "\x1c"

// joined is a list as the string stored for it: encode writes it as it
// is, where it refuses any other string that starts with a marker.
type joined string

// storedAsString reports whether the property of a relationship is
// stored as a string in Kùzu.
func storedAsString(p graph.Prop) bool { return p.Kind == graph.Strings || p.Kind == graph.Ints }

// relColumnType is the Kùzu column type of a relationship's property.
func relColumnType(p graph.Prop) string {
	if storedAsString(p) {
		return kuzuType(graph.String)
	}
	return kuzuType(p.Kind)
}

// relRows turns a relationship's rows (from key, to key, then props) into
// rows of the columns Kùzu stores: lists joined.
func relRows(props []graph.Prop, rows [][]any) ([]graph.Prop, [][]any, error) {
	cols := slices.Clone(props)
	lists := false
	for i, p := range props {
		if storedAsString(p) {
			cols[i].Kind, lists = graph.String, true
		}
	}
	if !lists {
		return cols, rows, nil
	}
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = slices.Clone(r)
		for j, p := range props {
			if storedAsString(p) {
				v, err := joinList(p, r[2+j])
				if err != nil {
					return nil, nil, err
				}
				out[i][2+j] = v
			}
		}
	}
	return cols, out, nil
}

// joinList is a list value as its stored string, nil when empty.
func joinList(p graph.Prop, v any) (any, error) {
	v = graph.Canon(p.Kind, v)
	if v == nil {
		return nil, nil
	}
	var b strings.Builder
	switch x := v.(type) {
	case []string:
		for _, e := range x {
			if err := checkElement(p, e); err != nil {
				return nil, err
			}
			b.WriteString(listSep)
			b.WriteString(e)
		}
	case []int64:
		for _, n := range x {
			b.WriteString(intsSep)
			b.WriteString(strconv.FormatInt(n, 10))
		}
	}
	return joined(b.String()), nil
}

// listMarkers are the characters that start a joined list.
const listMarkers = listSep + intsSep

// isJoinedList reports whether a stored string starts with a list
// marker; encode refuses any other string that would.
func isJoinedList(s string) bool { return s != "" && strings.ContainsAny(s[:1], listMarkers) }

// splitList turns a string read back into the list it stands for (as
// go-kuzu gives lists: []any), and leaves any other value as it is.
func splitList(v any) any {
	s, ok := v.(string)
	if !ok || !isJoinedList(s) {
		return v
	}
	parts := strings.Split(s[1:], s[:1])
	out := make([]any, len(parts))
	for i, e := range parts {
		out[i] = e
		if s[:1] == intsSep {
			n, err := strconv.ParseInt(e, 10, 64)
			if err != nil {
				return v // not one of ours: leave it as stored
			}
			out[i] = n
		}
	}
	return out
}

// stored is a row value as bound to a statement: a joined list as its
// string, anything else canonical for its kind.
func stored(k graph.Kind, v any) any {
	if j, ok := v.(joined); ok {
		return string(j)
	}
	return graph.Canon(k, v)
}
