// The places the articles name inside a place, at any depth of the
// administrative hierarchy (province → city → county), with how far down
// each lies. Params: place (e.g. 江苏省; the official name: 江苏 is 江苏省)
MATCH (c:Place)-[:PART_OF*1..3]->(p:Place)
WHERE p.name = $place
WITH DISTINCT c.name AS place
MATCH (c:Place)-[r:PART_OF]->(up:Place)
WHERE c.name = place
RETURN place, collect(DISTINCT up.name) AS within
ORDER BY place
