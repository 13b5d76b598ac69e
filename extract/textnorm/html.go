package textnorm

import (
	"html"
	"regexp"
	"strings"
)

// A saved web page instead of its text: take the text out of the markup.
var (
	looksHTML  = regexp.MustCompile(`(?i)<(?:html|body|head|div|p|br|span|table|meta)[\s>/]`)
	dropBlocks = regexp.MustCompile(`(?is)<(script|style|noscript|head)\b.*?</(?:script|style|noscript|head)\s*>`)
	blockEnds  = regexp.MustCompile(`(?i)<br\s*/?>|</(?:p|div|li|h[1-6]|tr|section|article|blockquote)\s*>`)
	anyTag     = regexp.MustCompile(`(?s)<[^<>]{1,1000}>`)
	comments   = regexp.MustCompile(`(?s)<!--.*?-->`)
)

// stripHTML returns the text of an HTML page (paragraphs on their own
// lines, entities decoded); text that is not HTML is returned unchanged.
func stripHTML(text string, rec *recorder) string {
	if !looksHTML.MatchString(text) {
		return text
	}
	out := comments.ReplaceAllString(text, "")
	out = dropBlocks.ReplaceAllString(out, "\n")
	out = blockEnds.ReplaceAllString(out, "\n")
	out = anyTag.ReplaceAllString(out, "")
	out = html.UnescapeString(out)
	rec.add("html", "", "", "markup of an HTML page removed")
	return strings.ReplaceAll(out, "\u00a0", " ")
}
