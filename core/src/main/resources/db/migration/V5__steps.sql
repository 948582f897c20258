-- Steps before and after a deploy that have finished for a promotion, so that a server resuming
-- the promotion after a stop does not run them again.
CREATE TABLE deploy_step_runs (
    promotion_id BIGINT NOT NULL REFERENCES promotions (id),
    stage VARCHAR(8) NOT NULL,
    step_index INT NOT NULL,
    name VARCHAR(200) NOT NULL,
    succeeded BOOLEAN NOT NULL,
    detail VARCHAR NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (promotion_id, stage, step_index)
);
