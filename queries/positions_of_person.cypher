// Every position a person holds, across articles and scripts (崔榮國 = 崔荣国).
// Params: person (e.g. 崔荣国)
MATCH (p:Person)-[h:HOLDS_POSITION]->(o)
WHERE p.name = $person
RETURN DISTINCT o.name AS organisation, h.title AS title
ORDER BY organisation, title
