// The shortest connection between two entities (up to 6 hops), by name.
// Params: a, b (e.g. 章金伟 and 无锡新洁能股份有限公司)
// Kùzu's form; shortest_path.neo4j.cypher is Neo4j's: the two dialects
// write shortest paths differently (Kùzu: [* SHORTEST 1..6], Neo4j:
// shortestPath()), and Kùzu writes label alternatives as (x:A:B) where
// Neo4j reads :A:B as both labels. kg query -f queries/shortest_path.cypher
// picks the file of the store it talks to.
// Both ends are looked up by their key in each entity table, so the search
// starts from two nodes, not from every node of the graph.
MATCH (x:Person:Company:Organization:Plan:Place), (y:Person:Company:Organization:Plan:Place)
WHERE x.name = $a AND y.name = $b
MATCH p = (x)-[* SHORTEST 1..6]-(y)
RETURN list_transform(nodes(p), n -> coalesce(n.name, n.title, n.id)) AS path, length(p) AS hops
ORDER BY hops
LIMIT 1
