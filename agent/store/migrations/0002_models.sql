-- 0002: the models' inputs and outputs (issue 16): every transfer between
-- two accounts, corridor definitions (node metadata), the models committed
-- on chain and the analyses recorded there, the agent's own fitted model
-- versions with the parameters it serves, its forecasts and anomalies.

-- A node's metadata (a corridor's definition is its JSON metadata).
ALTER TABLE mesh_nodes ADD COLUMN metadata TEXT NOT NULL DEFAULT '';

-- Every PIVC-charged transfer between two accounts (x/pivc
-- EventFeeCaptured with a recipient: bank sends, x/ledger transfers), one row
-- per coin, with its block time: the forecasts' and the anomaly model's
-- input. seq is the event's observation seq in its block.
CREATE TABLE transfers (
    height     BIGINT  NOT NULL,
    seq        INTEGER NOT NULL,
    denom      TEXT    NOT NULL,
    time_ms    BIGINT  NOT NULL,
    sender     TEXT    NOT NULL,
    recipient  TEXT    NOT NULL,
    amount     TEXT    NOT NULL,
    PRIMARY KEY (height, seq, denom)
);
CREATE INDEX transfers_time ON transfers (time_ms);
CREATE INDEX transfers_sender ON transfers (sender, height);

-- x/mesh committed model versions as the events tell them (every reporter).
CREATE TABLE mesh_models (
    node_id             TEXT   NOT NULL,
    model               TEXT   NOT NULL,
    version             BIGINT NOT NULL,
    params_hash         TEXT   NOT NULL,
    train_start_height  BIGINT NOT NULL,
    train_end_height    BIGINT NOT NULL,
    metrics             TEXT   NOT NULL,
    committer           TEXT   NOT NULL,
    committed_height    BIGINT NOT NULL,
    PRIMARY KEY (node_id, model, version)
);

-- x/mesh federated analyses recorded on chain (EventAnalysisRecorded).
CREATE TABLE mesh_analyses (
    height       BIGINT  NOT NULL,
    seq          INTEGER NOT NULL,
    reporter     TEXT    NOT NULL,
    employee_id  TEXT    NOT NULL,
    device_id    TEXT    NOT NULL,
    corridor_id  TEXT    NOT NULL,
    score        BIGINT  NOT NULL,
    outcome      TEXT    NOT NULL,
    action_id    TEXT    NOT NULL,
    PRIMARY KEY (height, seq)
);

-- The model versions the agent fitted and proposed to commit, with the
-- canonical parameter encoding (base64) whose SHA-256 is params_hash: what
-- /v1/models serves so anyone can check the hash on chain. A version whose
-- commit never landed may be proposed again with other parameters, hence
-- the hash in the key. model_json is the fitted model as the agent runs it
-- (federated analysis evaluates exactly the committed version).
CREATE TABLE agent_models (
    node_id             TEXT   NOT NULL,
    model               TEXT   NOT NULL,
    version             BIGINT NOT NULL,
    params_hash         TEXT   NOT NULL,
    params              TEXT   NOT NULL,
    train_start_height  BIGINT NOT NULL,
    train_end_height    BIGINT NOT NULL,
    metrics             TEXT   NOT NULL,
    fitted_height       BIGINT NOT NULL,
    action_id           TEXT   NOT NULL,
    model_json          TEXT   NOT NULL,
    PRIMARY KEY (node_id, model, version, params_hash)
);

-- The latest forecast of each corridor (a JSON document: the observed
-- buckets, the forecast with its interval, the backtest).
CREATE TABLE forecasts (
    corridor_id  TEXT   PRIMARY KEY,
    height       BIGINT NOT NULL,
    doc          TEXT   NOT NULL
);

-- Accounts the anomaly model flagged, per scoring height, with the reasons.
CREATE TABLE anomalies (
    height     BIGINT  NOT NULL,
    account    TEXT    NOT NULL,
    score_ppm  BIGINT  NOT NULL,
    reasons    TEXT    NOT NULL,
    PRIMARY KEY (height, account)
);
CREATE INDEX anomalies_account ON anomalies (account, height);
