// Figures about a topic, with their year and source sentence.
// Params: topic (e.g. 专精特新)
MATCH (a:Article)-[:REPORTS]->(f:Figure)
WHERE f.subject CONTAINS $topic OR f.evidence CONTAINS $topic
RETURN f.text AS figure, f.value AS value, f.unit AS unit, f.subject AS subject, f.year AS year, a.sources AS sources, f.evidence AS evidence, a.id AS article
ORDER BY article, figure, evidence
