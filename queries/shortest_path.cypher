// The shortest connection between two entities (up to 4 hops), by name or alias.
// Params: a, b (e.g. 章金伟 and 新洁能)
MATCH p = (x)-[*1..4]-(y)
WHERE (x.name = $a OR $a IN x.aliases) AND (y.name = $b OR $b IN y.aliases)
RETURN nodes(p) AS path, length(p) AS hops
ORDER BY hops
LIMIT 1
