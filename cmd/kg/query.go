package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"newskg/extract/textnorm"
	"newskg/graph"
	"newskg/graph/cypher"
)

// paramFlag collects --param k=v (repeatable): numbers stay numbers
// unless asText (--param-str), which keeps every value a string.
type paramFlag struct {
	into   map[string]any
	asText bool
}

func (p paramFlag) String() string { return "" }
func (p paramFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want name=value, got %q", s)
	}
	if _, dup := p.into[k]; dup {
		return fmt.Errorf("parameter %q given twice", k)
	}
	switch n, err := strconv.ParseInt(v, 10, 64); {
	case p.asText:
		p.into[k] = v
	case err == nil:
		p.into[k] = n
	default:
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			p.into[k] = f
		} else {
			p.into[k] = v
		}
	}
	return nil
}

// simplifyParams converts string values to Simplified script, as ingest
// converts the articles: 崔榮國 finds the node 崔荣国.
func simplifyParams(params map[string]any) error {
	var n *textnorm.Normalizer
	for k, v := range params {
		s, ok := v.(string)
		if !ok || !textnorm.MayHoldTraditional(s) {
			continue
		}
		if n == nil {
			var err error
			if n, err = textnorm.New(); err != nil {
				return err
			}
		}
		conv, err := n.Simplify(s)
		if err != nil {
			return fmt.Errorf("--param %s: %w", k, err)
		}
		params[k] = conv
	}
	return nil
}

func runQuery(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("query", stderr)
	sf := addStoreFlags(fs)
	file := fs.String("f", "", "read the query from a .cypher file")
	format := fs.String("format", "table", "output: table, json or csv")
	write := fs.Bool("write", false, "allow a query that changes the graph (opens the store for writing)")
	params := map[string]any{}
	fs.Var(paramFlag{into: params}, "param", "query parameter name=value (repeatable), used as $name; numbers are numbers, text is converted to Simplified script")
	fs.Var(paramFlag{into: params, asText: true}, "param-str", "query parameter name=value kept as text even when it looks like a number")
	args, err := parseArgs(fs, args)
	if err != nil {
		return usageErr(err)
	}
	var q string
	switch {
	case *file != "" && len(args) == 0:
		b, err := readQueryFile(*file, sf.driver())
		if err != nil {
			return err
		}
		q = string(b)
	case *file == "" && len(args) == 1:
		q = args[0]
	default:
		fs.Usage()
		return exitCode(2)
	}
	if *format != "table" && *format != "json" && *format != "csv" {
		return usagef("--format %q: want table, json or csv", *format)
	}
	q = cypher.StripComments(q)
	if !*write {
		if err := cypher.CheckReadOnly(q); err != nil {
			return usagef("refused: %v. Queries run read-only; add --write to run one that changes the graph or reaches outside it", err)
		}
	}
	if err := cypher.CheckParams(q, params); err != nil {
		return usagef("%v", err)
	}
	if err := simplifyParams(params); err != nil {
		return err
	}
	store, err := sf.open(ctx, !*write)
	if err != nil {
		return fmt.Errorf("cannot open the graph store: %w", err)
	}
	defer store.Close()
	rows, err := store.Query(ctx, q, params)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		return printJSON(stdout, rows)
	case "csv":
		return printCSV(stdout, rows)
	}
	printTable(stdout, rows)
	return nil
}

// readQueryFile reads a .cypher file; where a query has one file per
// store (shortest_path.kuzu.cypher, shortest_path.neo4j.cypher) the plain
// name reads the one for the store in use.
func readQueryFile(name, driver string) ([]byte, error) {
	b, err := os.ReadFile(name)
	if err == nil || !os.IsNotExist(err) {
		return b, err
	}
	variant := strings.TrimSuffix(name, ".cypher") + "." + driver + ".cypher"
	if b, verr := os.ReadFile(variant); verr == nil {
		return b, nil
	}
	return nil, err
}

func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = cell(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return fmt.Sprint(v)
}

// displayWidth counts East Asian wide characters as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

func printTable(w io.Writer, rows *graph.Rows) {
	printTableFooter(w, rows, true)
}

// printTableFooter prints rows aligned by display width, with a row count
// when footer is set.
func printTableFooter(w io.Writer, rows *graph.Rows, footer bool) {
	widths := make([]int, len(rows.Columns))
	cells := make([][]string, len(rows.Values))
	for i, c := range rows.Columns {
		widths[i] = displayWidth(c)
	}
	for r, vals := range rows.Values {
		cells[r] = make([]string, len(vals))
		for i, v := range vals {
			s := strings.ReplaceAll(cell(v), "\n", " ")
			cells[r][i] = s
			widths[i] = max(widths[i], displayWidth(s))
		}
	}
	line := func(vals []string) {
		var b strings.Builder
		for i, v := range vals {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(v)
			if i < len(vals)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(v)))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(rows.Columns)
	sep := make([]string, len(widths))
	for i, n := range widths {
		sep[i] = strings.Repeat("-", n)
	}
	fmt.Fprintln(w, strings.Join(sep, "-+-"))
	for _, c := range cells {
		line(c)
	}
	if footer {
		fmt.Fprintf(w, "(%d rows)\n", len(cells))
	}
}

func printJSON(w io.Writer, rows *graph.Rows) error {
	out := make([]map[string]any, 0, len(rows.Values))
	for _, vals := range rows.Values {
		m := map[string]any{}
		for i, c := range rows.Columns {
			m[c] = jsonValue(vals[i])
		}
		out = append(out, m)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case nil, string, bool, int64, float64, int, map[string]any, graph.Node, graph.Rel:
		return v
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e)
		}
		return out
	}
	return fmt.Sprint(v)
}

func printCSV(w io.Writer, rows *graph.Rows) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(rows.Columns); err != nil {
		return err
	}
	for _, vals := range rows.Values {
		rec := make([]string, len(vals))
		for i, v := range vals {
			rec[i] = cell(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func runStats(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("stats", stderr)
	sf := addStoreFlags(fs)
	args, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return fmt.Errorf("stats takes no arguments, got %q (see kg help stats)", args)
	}
	store, err := sf.open(ctx, true)
	if err != nil {
		return fmt.Errorf("cannot open the graph store: %w", err)
	}
	defer store.Close()
	st, err := store.Stats(ctx)
	if err != nil {
		return err
	}
	rows := &graph.Rows{Columns: []string{"kind", "name", "count"}}
	add := func(kind string, m map[string]int64) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			rows.Values = append(rows.Values, []any{kind, k, m[k]})
		}
	}
	add("node", st.Nodes)
	add("relationship", st.Relationships)
	printTableFooter(stdout, rows, false)
	fmt.Fprintf(stdout, "total: %d nodes, %d relationships\n", graph.Total(st.Nodes), graph.Total(st.Relationships))
	return nil
}
