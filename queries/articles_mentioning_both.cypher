// Articles that mention two given entities together.
// Params: a, b (entity names, e.g. 崔荣国 and 无锡高新区)
MATCH (x)<-[:MENTIONS]-(art:Article)-[:MENTIONS]->(y)
WHERE x.name = $a AND y.name = $b
RETURN art.file AS file, art.title AS title, art.published AS published
ORDER BY file
