// The companies the articles place in a zone, district or place, or in a
// plan, list or programme: located there (位于, 落户, 在…投资), investing
// there (签约, 投资, 开工 … with the sum), or taking part (入选, 获评, 列入).
// Params: name (e.g. 无锡高新区, or a plan's name)
MATCH (c:Company)-[r:LOCATED_IN]->(x)
WHERE x.name = $name
RETURN c.name AS company, 'located' AS how, '' AS amount, r.evidence AS evidence
UNION
MATCH (c:Company)-[r:INVESTS_IN]->(x)
WHERE x.name = $name
RETURN c.name AS company, r.event AS how, coalesce(r.amount, '') AS amount, r.evidence AS evidence
UNION
MATCH (c:Company)-[r:PARTICIPATES_IN]->(x:Plan)
WHERE x.name = $name
RETURN c.name AS company, r.how AS how, '' AS amount, r.evidence AS evidence
