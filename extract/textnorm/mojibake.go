package textnorm

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Mojibake in scraped Chinese pages is most often GBK text decoded one byte
// out of step: every character of the span is made of the second byte of
// one real character and the first byte of the next. Such a span is full of
// rare characters, and it ends where the decoder re-synchronised on an ASCII
// byte (a letter glued after a Han character, as in 睙o錫) or gave up ("?").
// Re-encoding the span as GBK and decoding it one byte later gives the text
// back. A span is repaired only when that reading is made of common
// characters; a rare-character span that cannot be read is dropped.

// repairMojibake repairs or removes misaligned-GBK spans in one line.
func repairMojibake(line string, rec *recorder) string {
	if !mayHoldMojibake(line) {
		return line
	}
	rs := []rune(line)
	var out []rune
	for i := 0; i < len(rs); {
		if !isHan(rs[i]) {
			out = append(out, rs[i])
			i++
			continue
		}
		end := i
		for end < len(rs) && (isHan(rs[end]) || isGBKTrailASCII(rs, end)) {
			end++
		}
		fixed, atStart := fixSegment(rs[i:end], endsWithMarker(out), rec)
		if atStart {
			out = dropMarkers(out, rec)
		}
		out = append(out, fixed...)
		i = end
	}
	return string(out)
}

// mayHoldMojibake is a cheap pre-check so clean lines cost almost nothing.
func mayHoldMojibake(line string) bool {
	if strings.ContainsRune(line, '?') {
		return true
	}
	if !strings.ContainsFunc(line, isASCIILetter) {
		return false
	}
	rs := []rune(line)
	for i := 1; i+1 < len(rs); i++ {
		if isASCIILetter(rs[i]) && isHan(rs[i-1]) && isHan(rs[i+1]) {
			return true
		}
	}
	return false
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// isGBKTrailASCII: an ASCII letter directly after a Han character, which a
// GBK decoder produces when a trail byte falls in the ASCII range.
func isGBKTrailASCII(rs []rune, i int) bool {
	return isASCIILetter(rs[i]) && i > 0 && isHan(rs[i-1]) && (i+1 == len(rs) || !isASCIILetter(rs[i+1]))
}

func endsWithMarker(rs []rune) bool {
	return len(rs) > 0 && (rs[len(rs)-1] == '?' || rs[len(rs)-1] == '!')
}

// fixSegment looks at one run of Han characters (with glued ASCII letters).
// afterMarker says the run follows a decoder's "?" (or "?!"); atStart says
// the repair began at the run's first character, so that marker goes too.
func fixSegment(seg []rune, afterMarker bool, rec *recorder) (fixed []rune, atStart bool) {
	// A glued letter ends a misaligned span: try the shortest span ending
	// there whose shifted reading is common text.
	for j := 1; j < len(seg); j++ {
		if !isASCIILetter(seg[j]) {
			continue
		}
		for i := j - 1; i >= 0; i-- {
			if got, ok := shiftedReading(seg[i:j+1], afterMarker && i == 0, rec); ok {
				res := append(append([]rune{}, seg[:i]...), got...)
				tail, _ := fixSegment(seg[j+1:], false, rec)
				return append(res, tail...), afterMarker && i == 0
			}
		}
	}
	if !afterMarker || rareShare(seg) < 0.3 {
		return seg, false
	}
	if got, ok := shiftedReading(seg, true, rec); ok {
		return got, true
	}
	if rareShare(seg) >= 0.5 {
		rec.add("mojibake", string(seg), "", "unreadable misdecoded span removed")
		return nil, true
	}
	return seg, false
}

// shiftedReading re-encodes span as GBK, drops its first byte and decodes
// the rest. It accepts the reading when every Han character in it is common
// and the span itself was not (or ended in a glued letter).
func shiftedReading(span []rune, quoteAllowed bool, rec *recorder) ([]rune, bool) {
	enc, err := simplifiedchinese.GBK.NewEncoder().String(string(span))
	if err != nil || len(enc) < 2 {
		return nil, false
	}
	b := []byte(enc)
	first, rest := b[0], b[1:]
	dangling := ""
	if n := len(rest); n > 0 && rest[n-1] >= 0x81 && !completesGBK(rest) {
		// The last byte is the lead of a character the page lost.
		dangling, rest = fmt.Sprintf("%#x", rest[n-1]), rest[:n-1]
	}
	dec, err := simplifiedchinese.GBK.NewDecoder().Bytes(rest)
	if err != nil || !utf8.Valid(dec) || strings.ContainsRune(string(dec), utf8.RuneError) {
		return nil, false
	}
	got := []rune(string(dec))
	if len(got) == 0 || rareShare(got) > 0 {
		return nil, false
	}
	gluedLetter := isASCIILetter(span[len(span)-1])
	if !gluedLetter && rareShare(span) == 0 {
		return nil, false
	}
	var fixed []rune
	// The dropped byte is the tail of the character before the span; when it
	// is the tail of a GBK quotation mark (A1B0 “, A1B1 ”) that mark is
	// restored, as a quote is what most often stands before a quoted span.
	if quoteAllowed && (first == 0xB0 || first == 0xB1) {
		q := map[byte]rune{0xB0: '“', 0xB1: '”'}[first]
		fixed = append(fixed, q)
	}
	fixed = append(fixed, got...)
	note := "GBK text decoded one byte out of step, re-read"
	if dangling != "" {
		note += "; a trailing lone byte " + dangling + " was dropped"
	}
	rec.add("mojibake", string(span), string(fixed), note)
	return fixed, true
}

// completesGBK reports whether b decodes as whole GBK characters.
func completesGBK(b []byte) bool {
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			i++
			continue
		}
		if i+1 >= len(b) {
			return false
		}
		i += 2
	}
	return true
}

func rareShare(rs []rune) float64 {
	han, rare := 0, 0
	for _, r := range rs {
		if isHan(r) {
			han++
			if !isCommonHan(r) {
				rare++
			}
		}
	}
	if han == 0 {
		return 0
	}
	return float64(rare) / float64(han)
}

// dropMarkers removes the "?!" / "?" that a decoder left right before a
// span that has now been repaired; they stand for bytes that are lost.
func dropMarkers(rs []rune, rec *recorder) []rune {
	end := len(rs)
	for end > 0 && (rs[end-1] == '?' || rs[end-1] == '!') && len(rs)-end < 2 {
		end--
	}
	if end < len(rs) {
		rec.add("mojibake", string(rs[end:]), "", "decoder's placeholder for lost bytes removed")
	}
	return rs[:end]
}
