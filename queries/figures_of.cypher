// Figures about one company, body or place, by year and metric: what the
// articles report for it, with the period, whether it is a target, and the
// sentence. A year taken from the article's date has year_from = published.
// Params: name (e.g. 无锡高新区)
MATCH (f:Figure)-[:MEASURES]->(e)
WHERE e.name = $name
RETURN f.year AS year, f.metric AS metric, f.text AS figure, f.value AS value, f.unit AS unit, f.period AS period, f.kind AS kind, f.year_from AS year_from, f.evidence AS evidence
ORDER BY year, metric, figure, evidence
