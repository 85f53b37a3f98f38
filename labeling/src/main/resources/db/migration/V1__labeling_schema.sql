-- The labeling app's schema. Portable between SQLite and PostgreSQL: ${pk} is an
-- auto-generated integer key (Database sets the placeholder per vendor), times are epoch
-- milliseconds, booleans are 0/1 integers.

-- One project per database: its settings live in a single row.
CREATE TABLE project (
    id INTEGER PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    k INTEGER NOT NULL,
    overlap INTEGER NOT NULL,
    demonstrations_enabled INTEGER NOT NULL,
    rankings_enabled INTEGER NOT NULL,
    -- Bumped by every task assignment: the UPDATE serialises assignments on both databases.
    assignments BIGINT NOT NULL
);
INSERT INTO project (id, name, k, overlap, demonstrations_enabled, rankings_enabled, assignments)
VALUES (1, 'default', 4, 1, 1, 1, 0);

CREATE TABLE users (
    id ${pk},
    name VARCHAR(100) NOT NULL UNIQUE,
    role VARCHAR(20) NOT NULL,
    password_hash VARCHAR(100) NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE prompts (
    id ${pk},
    text TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE candidates (
    id ${pk},
    prompt_id BIGINT NOT NULL REFERENCES prompts (id),
    model VARCHAR(200) NOT NULL,
    output TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX candidates_by_prompt ON candidates (prompt_id);

-- A task is one prompt given to one labeler for one kind of work. candidate_ids (ranking
-- tasks) is the JSON array of the K candidates in the order the labeler was shown them.
CREATE TABLE tasks (
    id ${pk},
    prompt_id BIGINT NOT NULL REFERENCES prompts (id),
    labeler_id BIGINT NOT NULL REFERENCES users (id),
    type VARCHAR(20) NOT NULL,
    status VARCHAR(20) NOT NULL,
    candidate_ids TEXT,
    created_at BIGINT NOT NULL,
    done_at BIGINT,
    UNIQUE (prompt_id, labeler_id, type)
);
CREATE INDEX tasks_by_labeler_status ON tasks (labeler_id, type, status);
CREATE INDEX tasks_by_labeler_prompt ON tasks (labeler_id, type, prompt_id);
CREATE INDEX tasks_by_prompt ON tasks (prompt_id, type);
CREATE INDEX tasks_by_status ON tasks (type, status);

-- One submission per task (the primary key), named by the id the form carried, so that a
-- retried POST finds its own earlier row instead of inserting a second one.
CREATE TABLE demonstrations (
    task_id BIGINT PRIMARY KEY REFERENCES tasks (id),
    submission_id VARCHAR(64) NOT NULL UNIQUE,
    completion TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- ranking: JSON array of groups of candidate ids, best group first; a group holds ties.
CREATE TABLE rankings (
    task_id BIGINT PRIMARY KEY REFERENCES tasks (id),
    submission_id VARCHAR(64) NOT NULL UNIQUE,
    ranking TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Per-output Likert rating (1-7) and metadata, as in InstructGPT's labeling interface.
CREATE TABLE ratings (
    task_id BIGINT NOT NULL REFERENCES tasks (id),
    candidate_id BIGINT NOT NULL REFERENCES candidates (id),
    likert INTEGER NOT NULL,
    fails_instruction INTEGER NOT NULL,
    inappropriate_for_customer INTEGER NOT NULL,
    hallucination INTEGER NOT NULL,
    sexual_content INTEGER NOT NULL,
    violent_content INTEGER NOT NULL,
    moral_judgment INTEGER NOT NULL,
    encourages_violence INTEGER NOT NULL,
    denigrates_protected_class INTEGER NOT NULL,
    harmful_advice INTEGER NOT NULL,
    PRIMARY KEY (task_id, candidate_id)
);

CREATE TABLE skips (
    task_id BIGINT PRIMARY KEY REFERENCES tasks (id),
    submission_id VARCHAR(64) NOT NULL UNIQUE,
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
