package kuzu

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// A table is the rows one write statement consumes, with typed columns.
// The statement's body reads a row as r (r.name, r.count …) whichever way
// the rows reach Kùzu: as a list parameter (UNWIND $rows AS r) or, on the
// bulk path, as a CSV file read by LOAD FROM, which spares the per-value
// parameter binding that dominates the cost of large batches.
type table struct {
	cols []column
	rows [][]any
}

type column struct {
	name string
	typ  colType
}

type colType int

const (
	colString colType = iota
	colInt
	colIntOrNull // 0 is written as an empty field, which Kùzu reads as NULL
	colFloat
	colStrings // a list of strings
)

// listSep joins a list of strings in one CSV field; text never holds it.
const listSep = "\x1f"

// csvName is the column's variable in LOAD FROM, clear of Cypher's words
// (count, date, year).
func (c column) csvName() string { return "c_" + c.name }

func newTable(cols ...column) *table { return &table{cols: cols} }

func str(name string) column   { return column{name, colString} }
func num(name string) column   { return column{name, colInt} }
func year(name string) column  { return column{name, colIntOrNull} }
func float(name string) column { return column{name, colFloat} }
func list(name string) column  { return column{name, colStrings} }

func (t *table) add(values ...any) {
	if len(values) != len(t.cols) {
		panic(fmt.Sprintf("kuzu: row of %d values for %d columns", len(values), len(t.cols)))
	}
	t.rows = append(t.rows, values)
}

// maps is the table as UNWIND parameter rows.
func (t *table) maps() []any {
	out := make([]any, len(t.rows))
	for i, row := range t.rows {
		m := make(map[string]any, len(t.cols))
		for j, c := range t.cols {
			m[c.name] = row[j]
		}
		out[i] = m
	}
	return out
}

// writeCSV writes the table to a new file in dir: every field quoted,
// quotes and backslashes escaped with a backslash (Kùzu's CSV defaults),
// lists joined with listSep. Values hold no line breaks (see csvSafe).
func (t *table) writeCSV(dir string) (string, error) {
	f, err := os.CreateTemp(dir, "rows-*.csv")
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	for i, c := range t.cols {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString(c.csvName())
	}
	w.WriteByte('\n')
	for _, row := range t.rows {
		for j, c := range t.cols {
			if j > 0 {
				w.WriteByte(',')
			}
			switch c.typ {
			case colInt:
				w.WriteString(strconv.FormatInt(row[j].(int64), 10))
			case colIntOrNull:
				if v := row[j].(int64); v != 0 {
					w.WriteString(strconv.FormatInt(v, 10))
				}
			case colFloat:
				w.WriteString(strconv.FormatFloat(row[j].(float64), 'g', -1, 64))
			case colStrings:
				var parts []string
				for _, v := range row[j].([]any) {
					parts = append(parts, v.(string))
				}
				writeQuoted(w, strings.Join(parts, listSep))
			default:
				writeQuoted(w, row[j].(string))
			}
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return "", err
	}
	return f.Name(), f.Close()
}

var csvEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

func writeQuoted(w *bufio.Writer, s string) {
	w.WriteByte('"')
	csvEscaper.WriteString(w, s)
	w.WriteByte('"')
}

// loadPrefix is the LOAD FROM clause that reads the file and binds each
// row to r as UNWIND would: empty strings come back from CSV as NULL, so
// they are restored, and lists are split.
func (t *table) loadPrefix(file string) string {
	var heads, fields []string
	for _, c := range t.cols {
		v := c.csvName()
		typ, val := "STRING", "coalesce("+v+", '')"
		switch c.typ {
		case colInt, colIntOrNull:
			typ, val = "INT64", v
		case colFloat:
			typ, val = "DOUBLE", v
		case colStrings:
			val = "string_split(coalesce(" + v + ", ''), '" + listSep + "')"
		}
		heads = append(heads, v+" "+typ)
		fields = append(fields, c.name+": "+val)
	}
	return fmt.Sprintf("LOAD WITH HEADERS (%s) FROM '%s' (header=true) WITH {%s} AS r ",
		strings.Join(heads, ", "), file, strings.Join(fields, ", "))
}
