// Companies named in the most articles.
MATCH (a:Article)-[:MENTIONS]->(c:Company)
RETURN c.name AS company, count(DISTINCT a.id) AS articles
ORDER BY articles DESC, company
LIMIT 20
