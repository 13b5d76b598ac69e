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

	"newskg/graph"
)

// paramFlag collects --param k=v (repeatable); numbers stay numbers.
type paramFlag map[string]any

func (p paramFlag) String() string { return "" }
func (p paramFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want k=v, got %q", s)
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		p[k] = n
	} else if f, err := strconv.ParseFloat(v, 64); err == nil {
		p[k] = f
	} else {
		p[k] = v
	}
	return nil
}

func runQuery(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("query", stderr)
	sf := addStoreFlags(fs)
	file := fs.String("f", "", "read the query from a .cypher file")
	format := fs.String("format", "table", "output: table, json or csv")
	write := fs.Bool("write", false, "allow a query that changes the graph")
	params := paramFlag{}
	fs.Var(params, "param", "query parameter k=v (repeatable), used as $k")
	args, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	var q string
	switch {
	case *file != "" && len(args) == 0:
		b, err := os.ReadFile(*file)
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
	q = stripComments(q)
	if graph.IsWriteQuery(q) && !*write {
		return fmt.Errorf("this query writes to the graph; add --write if that is intended")
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
	case "table":
		printTable(stdout, rows)
		return nil
	}
	return fmt.Errorf("--format %q: want table, json or csv", *format)
}

// stripComments drops // line comments, so documented .cypher files run on
// stores that do not accept comments.
func stripComments(q string) string {
	var out []string
	for _, l := range strings.Split(q, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "//") {
			continue
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.Join(out, "\n")), ";"))
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
