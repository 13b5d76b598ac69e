// Package cypher reads Cypher text the way Kùzu and Neo4j do, as far as
// the guard of read-only queries needs: tokens, statements, parameters.
// It does not parse; it knows where strings, back-quoted names and
// comments begin and end, so that no word hides inside one and none is
// taken from one.
package cypher

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is a token's kind.
type Kind int

// Token kinds.
const (
	Word   Kind = iota // an unquoted name or keyword: MATCH, n, count
	Quoted             // a back-quoted name: `my label`
	Str                // a string literal, '…' or "…"
	Number             // 12, 3.5, 1e3
	Param              // $name
	Punct              // ( ) [ ] { } , . : ; = < > + - * / % ^ | ! ~ and their pairs
)

// Token is one token and its byte offset in the query.
type Token struct {
	Kind Kind
	Text string // as written; for Quoted, Str and Param the name or value without quotes or $
	At   int    // byte offset of its first byte
	End  int    // byte offset just past it
}

// Lex splits a query into tokens, dropping whitespace and comments. Both
// stores read strings with backslash escapes and back-quoted names with
// doubled back-quotes (`a“b` is the name a`b; a backslash is an
// ordinary character there). An unterminated string, name or comment is
// an error: the stores would refuse it, and a guard must not guess.
func Lex(q string) ([]Token, error) {
	var out []Token
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case strings.HasPrefix(q[i:], "//"):
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				i = len(q)
			} else {
				i += j + 1
			}
		case strings.HasPrefix(q[i:], "/*"):
			j := strings.Index(q[i+2:], "*/")
			if j < 0 {
				return nil, fmt.Errorf("unterminated comment at offset %d", i)
			}
			i += 2 + j + 2
		case c == '\'' || c == '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(q) && q[j] != c; j++ {
				if q[j] == '\\' {
					j++
					if j >= len(q) {
						break
					}
				}
				b.WriteByte(q[j])
			}
			if j >= len(q) {
				return nil, fmt.Errorf("unterminated string at offset %d", i)
			}
			out = append(out, Token{Str, b.String(), i, j + 1})
			i = j + 1
		case c == '`':
			name, end, err := backQuoted(q, i)
			if err != nil {
				return nil, err
			}
			out = append(out, Token{Quoted, name, i, end})
			i = end
		case c == '$':
			j := i + 1
			if j < len(q) && q[j] == '`' {
				name, end, err := backQuoted(q, j)
				if err != nil {
					return nil, err
				}
				out = append(out, Token{Param, name, i, end})
				i = end
				continue
			}
			for j < len(q) && isWordByte(q, j) {
				_, n := utf8.DecodeRuneInString(q[j:])
				j += n
			}
			if j == i+1 {
				return nil, fmt.Errorf("a $ with no parameter name at offset %d", i)
			}
			out = append(out, Token{Param, q[i+1 : j], i, j})
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < len(q) && (q[j] >= '0' && q[j] <= '9' || q[j] == '.' && j+1 < len(q) && q[j+1] >= '0' && q[j+1] <= '9' ||
				q[j] == 'e' || q[j] == 'E' || q[j] == 'x' || q[j] >= 'a' && q[j] <= 'f' || q[j] >= 'A' && q[j] <= 'F' || q[j] == '_') {
				j++
			}
			out = append(out, Token{Number, q[i:j], i, j})
			i = j
		case isWordByte(q, i):
			j := i
			for j < len(q) && isWordByte(q, j) {
				_, n := utf8.DecodeRuneInString(q[j:])
				j += n
			}
			out = append(out, Token{Word, q[i:j], i, j})
			i = j
		default:
			r, n := utf8.DecodeRuneInString(q[i:])
			if r == utf8.RuneError && n == 1 {
				return nil, fmt.Errorf("invalid UTF-8 at offset %d", i)
			}
			out = append(out, Token{Punct, q[i : i+n], i, i + n})
			i += n
		}
	}
	return out, nil
}

// backQuoted reads the back-quoted name starting at q[i] and returns it
// with the offset just past it.
func backQuoted(q string, i int) (string, int, error) {
	var b strings.Builder
	j := i + 1
	for {
		k := strings.IndexByte(q[j:], '`')
		if k < 0 {
			return "", 0, fmt.Errorf("unterminated back-quoted name at offset %d", i)
		}
		b.WriteString(q[j : j+k])
		j += k + 1
		if j < len(q) && q[j] == '`' { // a doubled back-quote
			b.WriteByte('`')
			j++
			continue
		}
		return b.String(), j, nil
	}
}

func isWordByte(q string, i int) bool {
	r, _ := utf8.DecodeRuneInString(q[i:])
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
