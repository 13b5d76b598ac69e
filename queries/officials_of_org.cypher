// Officials of an organisation, with their titles and how many articles say so.
// Params: org (e.g. 无锡高新区)
// kg query -f queries/officials_of_org.cypher --param org=无锡高新区
MATCH (p:Person)-[h:HOLDS_POSITION]->(o)
WHERE o.name = $org
RETURN p.name AS person, h.title AS title, count(DISTINCT h.article) AS articles
ORDER BY person, title
