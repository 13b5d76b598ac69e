package graph

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// DumpOptions tune Dump.
type DumpOptions struct {
	// Volatile includes the properties that differ between two ingests of
	// the same files (ingested_at).
	Volatile bool
}

// Dump writes the whole graph in a canonical form: one JSON object a line
// for every node and every relationship of the model, with every property
// it has, sorted. Two stores that hold the same graph give the same bytes,
// whatever the store and whatever order the facts were written in, so
// tests and operators compare graphs by their dumps, never by counts.
//
//	{"label":"Person","key":"崔荣国","props":{"aliases":["崔榮國"],"name":"崔荣国"}}
//	{"type":"MENTIONS","from":["Article","9f…"],"to":["Person","崔荣国"],"props":{"count":3,…}}
func Dump(ctx context.Context, query QueryFunc, w io.Writer, o DumpOptions) error {
	var lines []string
	for _, n := range Nodes {
		props := dumpProps(n.Props, o)
		cols := make([]string, len(props))
		for i, p := range props {
			cols[i] = fmt.Sprintf("n.%s AS c%d", Quote(p.Name), i)
		}
		rows, err := query(ctx, fmt.Sprintf("MATCH (n:%s) RETURN n.%s AS k, %s", n.Label, Quote(n.Key), strings.Join(cols, ", ")), nil)
		if err != nil {
			return fmt.Errorf("dump %s: %w", n.Label, err)
		}
		for _, r := range rows.Values {
			line, err := NodeLine(n.Label, r[0], dumpValues(props, r[1:]))
			if err != nil {
				return err
			}
			lines = append(lines, line)
		}
	}
	for _, t := range Rels {
		props := dumpProps(t.Props, o)
		for _, e := range t.Ends {
			from, _ := NodeTypeOf(e.From)
			to, _ := NodeTypeOf(e.To)
			cols := []string{fmt.Sprintf("a.%s AS f", Quote(from.Key)), fmt.Sprintf("b.%s AS t", Quote(to.Key))}
			for i, p := range props {
				cols = append(cols, fmt.Sprintf("x.%s AS c%d", Quote(p.Name), i))
			}
			rows, err := query(ctx, fmt.Sprintf("MATCH (a:%s)-[x:%s]->(b:%s) RETURN %s", e.From, t.Type, e.To, strings.Join(cols, ", ")), nil)
			if err != nil {
				return fmt.Errorf("dump %s: %w", t.Type, err)
			}
			for _, r := range rows.Values {
				line, err := RelLine(t.Type, e.From, r[0], e.To, r[1], dumpValues(props, r[2:]))
				if err != nil {
					return err
				}
				lines = append(lines, line)
			}
		}
	}
	sort.Strings(lines)
	bw := bufio.NewWriter(w)
	for _, l := range lines {
		bw.WriteString(l)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// NodeLine is one node's line of the dump.
func NodeLine(label string, key any, props map[string]any) (string, error) {
	b, err := json.Marshal(struct {
		Label string         `json:"label"`
		Key   any            `json:"key"`
		Props map[string]any `json:"props"`
	}{label, key, props})
	return string(b), err
}

// RelLine is one relationship's line of the dump.
func RelLine(typ, fromLabel string, fromKey any, toLabel string, toKey any, props map[string]any) (string, error) {
	b, err := json.Marshal(struct {
		Type  string         `json:"type"`
		From  []any          `json:"from"`
		To    []any          `json:"to"`
		Props map[string]any `json:"props"`
	}{typ, []any{fromLabel, fromKey}, []any{toLabel, toKey}, props})
	return string(b), err
}

// DumpString is Dump into a string (for tests).
func DumpString(ctx context.Context, query QueryFunc, o DumpOptions) (string, error) {
	var b strings.Builder
	err := Dump(ctx, query, &b, o)
	return b.String(), err
}

func dumpProps(ps []Prop, o DumpOptions) []Prop {
	var out []Prop
	for _, p := range ps {
		if o.Volatile || !p.Volatile {
			out = append(out, p)
		}
	}
	return out
}

// dumpValues keeps every stored value as stored: nil (absent) is left
// out, but an empty string or list stays, so a driver that stores one
// where the model says absent shows in the dump. Numbers take the kind the
// model gives them (stores return integers and floats differently).
func dumpValues(ps []Prop, vals []any) map[string]any {
	out := map[string]any{}
	for i, p := range ps {
		v := vals[i]
		if v == nil {
			continue
		}
		switch p.Kind {
		case Int:
			if f, ok := v.(float64); ok {
				v = int64(f)
			}
		case Float:
			if n, ok := v.(int64); ok {
				v = float64(n)
			}
		}
		out[p.Name] = v
	}
	return out
}

// Quote back-quotes a name of the model for Cypher (end, count and text
// are words of the language in one store or the other).
func Quote(name string) string { return "`" + name + "`" }
