package textnorm

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// Source encodings the normaliser reports.
const (
	EncUTF8    = "utf-8"
	EncUTF8BOM = "utf-8-bom"
	EncUTF16LE = "utf-16le"
	EncUTF16BE = "utf-16be"
	EncUTF32LE = "utf-32le"
	EncUTF32BE = "utf-32be"
	EncGB18030 = "gb18030"
	EncBig5    = "big5"
)

// InputError says why an input cannot be turned into text. The caller adds
// the file name; Reason is meant for the person who dropped the file.
type InputError struct{ Reason string }

func (e *InputError) Error() string { return e.Reason }

// ErrInput matches every *InputError with errors.Is.
var ErrInput = errors.New("unusable input")

func (e *InputError) Is(target error) bool { return target == ErrInput }

func inputErr(format string, args ...any) error {
	return &InputError{Reason: fmt.Sprintf(format, args...)}
}

// decode detects the encoding of raw and returns its text as valid UTF-8.
// Invalid UTF-8 sequences in an otherwise UTF-8 file are dropped (and
// recorded) so that no later stage ever sees them: gocc swallows the rune
// after an invalid byte.
func decode(raw []byte, rec *recorder) (string, string, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		if len(raw) == 0 {
			return "", "", inputErr("empty file")
		}
		return "", "", inputErr("file holds only white space")
	}
	text, enc, err := decodeBytes(raw, rec)
	if err != nil {
		return "", "", err
	}
	if strings.IndexByte(text, 0) >= 0 {
		return "", "", inputErr("the %s text holds NUL characters: not an article in that encoding (a binary file, or text in an encoding this program does not read)", enc)
	}
	return dropControls(text, rec), enc, nil
}

// dropControls removes the control characters a text file may carry a
// few of (fewer than binaryReason refuses): C0 and C1 controls and DEL,
// with a terminal's colour codes (ESC [ … m) whole; a form feed or
// vertical tab breaks the line. Tabs and line ends stay. No later stage,
// nor a store, sees one: the embedded store's bulk files use four of
// them as separators.
func dropControls(s string, rec *recorder) string {
	i := 0
	for i < len(s) && !isControlStart(s, i) {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	dropped := 0
	for i < len(s) {
		if !isControlStart(s, i) {
			b.WriteByte(s[i])
			i++
			continue
		}
		dropped++
		switch c := s[i]; {
		case c == '\f' || c == '\v':
			b.WriteByte('\n')
			i++
		case c == 0x1b && i+1 < len(s) && s[i+1] == '[':
			j := i + 2
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) && s[j] >= 0x20 {
				j++
			}
			if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e {
				j++ // the sequence's final byte
			}
			i = j
		case c >= 0xc2: // a C1 control, two bytes in UTF-8
			i += 2
		default:
			i++
		}
	}
	rec.add("control", "", "", fmt.Sprintf("removed %s", pluralNote(dropped, "a control character", "control characters")))
	return b.String()
}

// isControlStart reports whether s[i] starts a control character other
// than a tab or a line end (s is valid UTF-8: U+0080–U+009F are C2 80–9F).
func isControlStart(s string, i int) bool {
	c := s[i]
	switch {
	case c < 0x20:
		return c != '\t' && c != '\n' && c != '\r'
	case c == 0x7f:
		return true
	case c == 0xc2:
		return i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f
	}
	return false
}

// CheckBytes says whether raw can be decoded into text, without cleaning
// it: the first, cheap test of an article file.
func CheckBytes(raw []byte) error {
	_, _, err := decode(raw, &recorder{})
	return err
}

func decodeBytes(raw []byte, rec *recorder) (string, string, error) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE, 0, 0}): // before UTF-16LE, whose mark it starts with
		return decodeWith(utf32.UTF32(utf32.LittleEndian, utf32.ExpectBOM), raw, EncUTF32LE)
	case bytes.HasPrefix(raw, []byte{0, 0, 0xFE, 0xFF}):
		return decodeWith(utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM), raw, EncUTF32BE)
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		return decodeUTF8(raw[3:], EncUTF8BOM, rec)
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		return decodeWith(xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), raw, EncUTF16LE)
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return decodeWith(xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), raw, EncUTF16BE)
	}
	if bytes.IndexByte(raw, 0) >= 0 {
		if s, enc, ok := unmarkedUTF16(raw); ok {
			return s, enc, nil
		}
		// a stray NUL or two in text that is otherwise fine
		if nuls := bytes.Count(raw, []byte{0}); nuls <= 3 {
			clean := bytes.ReplaceAll(raw, []byte{0}, nil)
			if binaryReason(clean) == "" && utf8.Valid(clean) {
				rec.add("nul", "", "", fmt.Sprintf("removed %s", pluralNote(nuls, "a NUL byte", "NUL bytes")))
				return decodeUTF8(clean, EncUTF8, rec)
			}
		}
	}
	if reason := binaryReason(raw); reason != "" {
		return "", "", inputErr("binary file: %s", reason)
	}
	if utf8.Valid(raw) {
		return decodeUTF8(raw, EncUTF8, rec)
	}
	// Mostly valid UTF-8 with a few broken sequences (truncated download,
	// bad copy) is still UTF-8; a legacy encoding has no valid multi-byte
	// UTF-8 runs to speak of.
	good, bad := utf8Stats(raw)
	if good > 0 && bad <= max(2, good/20) {
		return decodeUTF8(raw, EncUTF8, rec)
	}
	return decodeLegacy(raw)
}

func decodeUTF8(b []byte, enc string, rec *recorder) (string, string, error) {
	if utf8.Valid(b) {
		return string(b), enc, nil
	}
	var out strings.Builder
	dropped := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			dropped++
		} else {
			out.Write(b[:size])
		}
		b = b[size:]
	}
	rec.add("invalid-utf8", "", "", fmt.Sprintf("dropped %d byte(s) that are not valid UTF-8", dropped))
	return out.String(), enc, nil
}

func decodeWith(e encoding.Encoding, raw []byte, name string) (string, string, error) {
	out, err := e.NewDecoder().Bytes(raw)
	if err != nil {
		return "", "", inputErr("cannot decode as %s: %v", name, err)
	}
	s := strings.ToValidUTF8(string(out), "")
	if strings.TrimSpace(s) == "" {
		return "", "", inputErr("file holds only white space")
	}
	return s, name, nil
}

// decodeLegacy tries the Chinese legacy encodings and keeps the reading
// whose characters look most like ordinary Chinese prose.
func decodeLegacy(raw []byte) (string, string, error) {
	type candidate struct {
		name string
		enc  encoding.Encoding
	}
	best, bestName, bestScore := "", "", -1.0
	for _, c := range []candidate{{EncGB18030, simplifiedchinese.GB18030}, {EncBig5, traditionalchinese.Big5}} {
		out, err := c.enc.NewDecoder().Bytes(raw)
		if err != nil {
			continue
		}
		s := string(out)
		score := plausibility(s)
		if score > bestScore {
			best, bestName, bestScore = s, c.name, score
		}
	}
	if bestScore < 0.5 {
		return "", "", inputErr("not text in UTF-8, UTF-16, GB18030/GBK or Big5 (best reading %s looks like noise)", orNone(bestName))
	}
	return strings.ToValidUTF8(strings.ReplaceAll(best, "\uFFFD", ""), ""), bestName, nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// plausibility is the share of Han characters that are common ones, less a
// penalty for replacement characters; 0 when there is no Han at all.
func plausibility(s string) float64 {
	han, common, bad := 0, 0, 0
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			bad++
		case isHan(r):
			han++
			if isCommonHan(r) {
				common++
			}
		}
	}
	if han == 0 {
		return 0
	}
	return float64(common)/float64(han) - 5*float64(bad)/float64(han)
}

// binaryReason says why raw looks like a binary file, or "" if it does not.
func binaryReason(raw []byte) string {
	sample := raw
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	ctrl := 0
	for _, c := range sample {
		if c == 0 {
			return "contains NUL bytes"
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			ctrl++
		}
	}
	if ctrl*100 > len(sample) {
		return fmt.Sprintf("%d control bytes in the first %d", ctrl, len(sample))
	}
	return ""
}

// unmarkedUTF16 reads UTF-16 written without a byte-order mark: text
// whose ASCII characters (line breaks, digits, punctuation) put a NUL in
// every other byte. It is accepted when one byte order decodes cleanly to
// text that reads as Chinese prose.
func unmarkedUTF16(raw []byte) (string, string, bool) {
	if len(raw)%2 != 0 {
		return "", "", false
	}
	even, odd := 0, 0
	for i, c := range raw {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	try := func(order xunicode.Endianness, name string) (string, string, bool) {
		out, err := xunicode.UTF16(order, xunicode.IgnoreBOM).NewDecoder().Bytes(raw)
		if err != nil || !utf8.Valid(out) || bytes.IndexByte(out, 0) >= 0 || bytes.ContainsRune(out, utf8.RuneError) {
			return "", "", false
		}
		s := string(out)
		if plausibility(s) < 0.8 {
			return "", "", false
		}
		return s, name + " (no byte-order mark)", true
	}
	// ASCII puts its NUL in the high byte; a few Han characters (U+4E00)
	// have a NUL low byte, so one side dominates rather than stands alone
	switch {
	case odd > 4*even:
		return try(xunicode.LittleEndian, EncUTF16LE)
	case even > 4*odd:
		return try(xunicode.BigEndian, EncUTF16BE)
	}
	return "", "", false
}

// utf8Stats counts valid multi-byte runes and runs of invalid bytes.
func utf8Stats(b []byte) (good, bad int) {
	inBad := false
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		invalid := r == utf8.RuneError && size <= 1
		if invalid && !inBad {
			bad++
		} else if !invalid && size > 1 {
			good++
		}
		inBad = invalid
		b = b[size:]
	}
	return good, bad
}
