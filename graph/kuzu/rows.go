package kuzu

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"newskg/graph"
)

// A table is the rows one statement consumes. Every value travels as a
// string — an UNWIND parameter or a CSV field alike — and one projection
// turns it back into its kind, with "" for absent: go-kuzu cannot bind a
// list of rows in which one row's value is null and another's is not, nor
// an empty list, and CSV has no null but the empty field. So both paths
// share one projection and store the same values.
type table struct {
	cols []graph.Prop
	rows [][]string
}

// listSep joins the elements of a list in one field; cleaned text never
// holds it (control characters are removed).
const listSep = "\x1f"

func newTable(cols []graph.Prop, rows [][]any) (*table, error) {
	t := &table{cols: cols, rows: make([][]string, len(rows))}
	for i, r := range rows {
		if len(r) != len(cols) {
			return nil, fmt.Errorf("kuzu: row of %d values for %d columns", len(r), len(cols))
		}
		t.rows[i] = make([]string, len(r))
		for j, v := range r {
			s, err := encode(cols[j], v)
			if err != nil {
				return nil, err
			}
			t.rows[i][j] = s
		}
	}
	return t, nil
}

// encode is a canonical value as a field.
func encode(p graph.Prop, v any) (string, error) {
	if j, ok := v.(joined); ok {
		return string(j), nil
	}
	v = graph.Canon(p.Kind, v)
	if v == nil {
		return "", nil
	}
	if s, ok := v.(string); ok && (strings.ContainsAny(s, csvQuote+csvBackslash) || isJoinedList(s)) {
		return "", &graph.ValueError{Prop: p.Name, Value: s, Reason: "a value holds U+001D or U+001E, or starts with U+001C or U+001F, which the embedded store uses as separators"}
	}
	switch p.Kind {
	case graph.Int:
		return strconv.FormatInt(v.(int64), 10), nil
	case graph.Float:
		return strconv.FormatFloat(v.(float64), 'g', -1, 64), nil
	case graph.Strings:
		for _, e := range v.([]string) {
			if err := checkElement(p, e); err != nil {
				return "", err
			}
		}
		return strings.Join(v.([]string), listSep), nil
	case graph.Ints:
		parts := make([]string, len(v.([]int64)))
		for i, n := range v.([]int64) {
			parts[i] = strconv.FormatInt(n, 10)
		}
		return strings.Join(parts, listSep), nil
	}
	return v.(string), nil
}

// checkElement refuses a list element the embedded store could not read
// back as written: empty, or holding one of its separators.
func checkElement(p graph.Prop, e string) error {
	if e == "" || strings.ContainsAny(e, listMarkers+csvQuote+csvBackslash) {
		return &graph.ValueError{Prop: p.Name, Value: e, Reason: "a list element is empty or holds U+001C, U+001D, U+001E or U+001F, which the embedded store uses as separators"}
	}
	return nil
}

// field is the Cypher expression that turns the string x back into a
// value of p's kind, NULL when it is empty.
func field(p graph.Prop, x string) string {
	s := "nullif(CAST(" + x + " AS STRING), '')"
	switch p.Kind {
	case graph.Int:
		return "CAST(" + s + " AS INT64)"
	case graph.Float:
		return "CAST(" + s + " AS DOUBLE)"
	case graph.Strings:
		return "string_split(" + s + ", '" + listSep + "')"
	case graph.Ints:
		return "CAST(string_split(" + s + ", '" + listSep + "') AS INT64[])"
	}
	return s
}

// column is the name of a column in a parameter row or CSV header: c0,
// c1 … (clear of Cypher's words).
func column(i int) string { return "c" + strconv.Itoa(i) }

// record binds r to the typed row read from the variable src.
func (t *table) record(src func(i int) string) string {
	parts := make([]string, len(t.cols))
	for i, c := range t.cols {
		parts[i] = graph.Quote(c.Name) + ": " + field(c, src(i))
	}
	return "WITH {" + strings.Join(parts, ", ") + "} AS r "
}

// unwindPrefix binds r for each row of the $rows parameter.
func (t *table) unwindPrefix() string {
	return "UNWIND $rows AS p " + t.record(func(i int) string { return "p." + column(i) })
}

// params is the table as the $rows parameter.
func (t *table) params() []any {
	out := make([]any, len(t.rows))
	for i, row := range t.rows {
		m := make(map[string]any, len(row))
		for j, v := range row {
			m[column(j)] = v
		}
		out[i] = m
	}
	return out
}

// loadPrefix binds r for each row of a CSV file written by writeCSV,
// turning the stand-ins of quotes and backslashes back.
func (t *table) loadPrefix(file string) string {
	heads := make([]string, len(t.cols))
	for i := range t.cols {
		heads[i] = column(i) + " STRING"
	}
	return fmt.Sprintf("LOAD WITH HEADERS (%s) FROM '%s' (%s) ", strings.Join(heads, ", "), file, csvOptions) +
		t.record(func(i int) string {
			switch t.cols[i].Kind {
			case graph.String, graph.Strings:
				return "regexp_replace(regexp_replace(" + column(i) + ", '" + csvQuote + "', '\"', 'g'), '" + csvBackslash + "', '\\\\\\\\', 'g')" // a backslash, escaped for the literal, then for the rewrite
			}
			return column(i)
		})
}

// csvOptions is how Kùzu reads every file writeCSV writes: a header;
// one thread, since line breaks stay inside quoted fields; and Kùzu's
// default dialect (comma, '"' quotes) given, not sniffed. Sniffing tries
// several dialects over the file, and took more than half of each COPY:
// the news corpus' 41,441 figures in 2.6 s against 0.7 s.
const csvOptions = "header=true, parallel=false, auto_detect=false"

// csvQuote and csvBackslash stand in for '"' and '\' in CSV fields: Kùzu
// 0.11's CSV reader loses its place at some backslash-escaped quotes deep
// in a large file ("quote should be followed by end of file …", found
// loading 100 MB of news), so no field holds an escape. Cleaned text and
// JSON never hold these control characters; encode refuses values that do.
const (
	csvQuote     = "\x1e"
	csvBackslash = "\x1d"
)

// writeCSV writes the table to a new file in dir: every field quoted, its
// quotes and backslashes replaced by their stand-ins, so the file holds
// no escape; line breaks stay inside the quotes (read with
// parallel=false). For COPY (forCopy), lists are written in COPY's own
// syntax, [a,b]; for LOAD they stay joined by listSep, which the
// statement splits.
func (t *table) writeCSV(dir string, forCopy bool) (string, error) {
	f, err := os.CreateTemp(dir, "rows-*.csv")
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	for i := range t.cols {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString(column(i))
	}
	w.WriteByte('\n')
	for _, row := range t.rows {
		for j, v := range row {
			if j > 0 {
				w.WriteByte(',')
			}
			if v == "" {
				continue // empty field: NULL
			}
			if forCopy && isList(t.cols[j]) {
				v = "[" + strings.ReplaceAll(v, listSep, ",") + "]"
			}
			writeQuoted(w, v)
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return "", err
	}
	return f.Name(), f.Close()
}

func isList(p graph.Prop) bool { return p.Kind == graph.Strings || p.Kind == graph.Ints }

// splitCopyable splits the table into the rows COPY reads back exactly as
// they are, and the others (given as their source rows, for the statement
// path). COPY reads a field as written, so a quote or a backslash (whose
// stand-ins only a LOAD statement turns back) keeps a row out; so does a
// list element COPY's list syntax would read otherwise (see plainElement).
func (t *table) splitCopyable(src [][]any) (copied *table, rest [][]any) {
	copied = &table{cols: t.cols}
	for i, row := range t.rows {
		if t.copyable(row) {
			copied.rows = append(copied.rows, row)
		} else {
			rest = append(rest, src[i])
		}
	}
	return copied, rest
}

func (t *table) copyable(row []string) bool {
	for j, v := range row {
		if strings.ContainsAny(v, `"\`) {
			return false
		}
		if t.cols[j].Kind == graph.Strings && v != "" {
			for _, e := range strings.Split(v, listSep) {
				if !plainElement(e) {
					return false
				}
			}
		}
	}
	return true
}

// plainElement reports whether COPY reads e back as itself inside a list:
// Kùzu 0.11 splits a list at commas, reads brackets, braces and quotes as
// nesting, trims spaces and reads null as NULL.
func plainElement(e string) bool {
	return e != "" && !strings.ContainsAny(e, ",[]{}'\"\\") && strings.TrimSpace(e) == e && !strings.EqualFold(e, "null")
}

var csvEscaper = strings.NewReplacer(`\`, csvBackslash, `"`, csvQuote)

func writeQuoted(w *bufio.Writer, s string) {
	w.WriteByte('"')
	csvEscaper.WriteString(w, s)
	w.WriteByte('"')
}
