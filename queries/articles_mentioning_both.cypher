// Articles that mention two given entities together.
// Params: a, b (entity names, e.g. 崔荣国 and 无锡高新区; a = b lists the
// articles that mention one entity)
// Two MATCH clauses, not one pattern: Neo4j never binds one relationship
// twice within a pattern, Kùzu does, so with a = b one pattern would give
// rows in one store and none in the other.
MATCH (art:Article)-[:MENTIONS]->(x)
WHERE x.name = $a
MATCH (art)-[:MENTIONS]->(y)
WHERE y.name = $b
RETURN DISTINCT art.id AS article, art.sources AS sources, art.title AS title, art.published AS published
ORDER BY published, article
