// Every post a person held, in time order, across articles and scripts
// (崔榮國 = 崔荣国): when (the sentence's date, or the article's when
// date_from = published), whether the post was taken or left (change), and
// the article. Undated posts come last.
// Params: person (e.g. 崔荣国)
MATCH (p:Person)-[h:HOLDS_POSITION]->(o)
WHERE p.name = $person
RETURN DISTINCT h.date AS date, o.name AS organisation, h.title AS title, h.change AS change, h.date_from AS date_from, h.article AS article
ORDER BY coalesce(date, '9999'), organisation, title, coalesce(change, ''), article
