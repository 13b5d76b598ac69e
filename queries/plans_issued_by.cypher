// Plans an organisation issued, with dates.
// Params: org (e.g. 无锡高新区)
MATCH (o)-[i:ISSUED]->(p:Plan)
WHERE o.name = $org
RETURN p.name AS plan, i.date AS date, i.article AS article
ORDER BY date, plan, article
