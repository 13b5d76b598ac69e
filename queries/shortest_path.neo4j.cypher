// The shortest connection between two entities (up to 6 hops), by name.
// Params: a, b (e.g. 章金伟 and 无锡新洁能股份有限公司)
// Neo4j's form; see shortest_path.kuzu.cypher for why there are two.
// Both ends are found through the name constraints' indexes.
MATCH (x:Person|Company|Organization|Plan|Place), (y:Person|Company|Organization|Plan|Place)
WHERE x.name = $a AND y.name = $b
MATCH p = shortestPath((x)-[*1..6]-(y))
RETURN [n IN nodes(p) | coalesce(n.name, n.title, n.id)] AS path, length(p) AS hops
ORDER BY hops
LIMIT 1
