-- The promotion whose checks a run of suite 'checks' records: at most one run per promotion, so a
-- promotion's outcome is never stored twice. Null for uploaded runs.
ALTER TABLE evidence_runs ADD COLUMN promotion_id BIGINT REFERENCES promotions (id);
UPDATE evidence_runs SET promotion_id = CAST(SUBSTRING(ci_url, 20) AS BIGINT)
    WHERE suite = 'checks' AND ci_url LIKE '/api/v1/promotions/%'
    AND uploaded_by_name = 'slipway' AND uploaded_by_email IS NULL AND report_format = 'checks'
    AND id = (SELECT MIN(r.id) FROM evidence_runs r
        WHERE r.suite = 'checks' AND r.ci_url = evidence_runs.ci_url
        AND r.environment = evidence_runs.environment);
CREATE UNIQUE INDEX evidence_runs_promotion ON evidence_runs (promotion_id);
