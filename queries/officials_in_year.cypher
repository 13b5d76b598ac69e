// The officials of a body and of the bodies under it (PART_OF, up to three
// levels: 无锡高新区 → 无锡高新区科技创新促进中心; a place takes the bodies
// its name opens: 锡山区 → 锡山区工信局) whom the articles of a year name
// in post: taken, left or held then (by the sentence's date, or the
// article's). Params: org (e.g. 无锡高新区), year as text (kg query
// --param-str year=2025)
MATCH (p:Person)-[h:HOLDS_POSITION]->(b:Organization)
WHERE b.name = $org AND h.date STARTS WITH $year
RETURN b.name AS body, p.name AS person, h.title AS title, h.date AS date, h.change AS change
UNION
MATCH (b:Organization)-[:PART_OF*1..3]->(top)
WHERE top.name = $org
MATCH (p:Person)-[h:HOLDS_POSITION]->(b)
WHERE h.date STARTS WITH $year
RETURN b.name AS body, p.name AS person, h.title AS title, h.date AS date, h.change AS change
