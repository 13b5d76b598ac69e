// The names an entity goes by (its name, its aliases, and the short or
// generic forms one article used for it, such as 高新区) and the files that
// used each. Give the name, an alias or a form an article used: every
// entity that goes by it answers.
// Params: name (e.g. 无锡高新区, or 高新区)
// Kùzu keeps a relationship's lists as strings, each element after a
// U+001F (its checkpoints rewrite list columns of relationships slowly):
// regexp_split_to_array(m.names, '\\x1f') is the list of names.
MATCH (:Article)-[m0:MENTIONS]->(e)
WHERE e.name = $name OR list_contains(regexp_split_to_array(m0.names, '\\x1f'), $name)
WITH DISTINCT e
MATCH (a:Article)-[m:MENTIONS]->(e)
UNWIND regexp_split_to_array(m.names, '\\x1f') AS used
UNWIND a.sources AS source
RETURN DISTINCT e.name AS entity, used AS name, source
ORDER BY entity, name, source
