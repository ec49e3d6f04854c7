-- 0001: the agent's first schema. The same SQL runs on SQLite and on
-- PostgreSQL: only BIGINT, INTEGER, TEXT and BOOLEAN columns, amounts as
-- decimal TEXT (they outgrow 64 bits), hashes as hex TEXT.

-- One row per processed block, written in the block's transaction: the
-- per-height record that proves no block was skipped or processed twice.
CREATE TABLE blocks (
    height        BIGINT  PRIMARY KEY,
    hash          TEXT    NOT NULL,
    time_ms       BIGINT  NOT NULL,
    txs           INTEGER NOT NULL,
    observations  INTEGER NOT NULL,
    processed_ms  BIGINT  NOT NULL
);

-- The chain the store belongs to and the last processed height (one row).
CREATE TABLE cursor (
    id            INTEGER PRIMARY KEY,
    chain_id      TEXT    NOT NULL,
    last_height   BIGINT  NOT NULL
);

-- Every typed event of a Nexus module, decoded.
CREATE TABLE observations (
    height        BIGINT  NOT NULL,
    seq           INTEGER NOT NULL,
    tx_index      INTEGER NOT NULL,
    tx_hash       TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    account       TEXT    NOT NULL,
    counterparty  TEXT    NOT NULL,
    amount        TEXT    NOT NULL,
    fee           TEXT    NOT NULL,
    ref           TEXT    NOT NULL,
    detail        TEXT    NOT NULL,
    PRIMARY KEY (height, seq)
);
CREATE INDEX observations_account ON observations (account, height);
CREATE INDEX observations_counterparty ON observations (counterparty, height);
CREATE INDEX observations_kind ON observations (kind, height);

-- Per account and denom: what it sent and received in PIVC-charged
-- transfers, and the PIVC it paid.
CREATE TABLE account_flows (
    address         TEXT    NOT NULL,
    denom           TEXT    NOT NULL,
    sent_count      BIGINT  NOT NULL,
    sent_amount     TEXT    NOT NULL,
    received_count  BIGINT  NOT NULL,
    received_amount TEXT    NOT NULL,
    fees_paid       TEXT    NOT NULL,
    first_height    BIGINT  NOT NULL,
    last_height     BIGINT  NOT NULL,
    PRIMARY KEY (address, denom)
);

-- PIVC captured per block and denom (EventFeeCaptured), for reconciliation.
CREATE TABLE fee_totals (
    height    BIGINT NOT NULL,
    denom     TEXT   NOT NULL,
    amount    TEXT   NOT NULL,
    captures  BIGINT NOT NULL,
    PRIMARY KEY (height, denom)
);

-- x/forge orders as the events tell them.
CREATE TABLE forge_orders (
    order_id       TEXT    PRIMARY KEY,
    buyer          TEXT    NOT NULL,
    seller         TEXT    NOT NULL,
    amount         TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    close_reason   TEXT    NOT NULL,
    disputed       BOOLEAN NOT NULL,
    placed_height  BIGINT  NOT NULL,
    closed_height  BIGINT  NOT NULL
);
CREATE INDEX forge_orders_buyer ON forge_orders (buyer);
CREATE INDEX forge_orders_seller ON forge_orders (seller);

-- Each account's settlement and dispute history (the feedback scorer's input).
CREATE TABLE forge_parties (
    address           TEXT   PRIMARY KEY,
    orders            BIGINT NOT NULL,
    settled           BIGINT NOT NULL,
    refunded          BIGINT NOT NULL,
    disputes_opened   BIGINT NOT NULL,
    disputes_won      BIGINT NOT NULL,
    disputes_lost     BIGINT NOT NULL,
    seller_cancels    BIGINT NOT NULL,
    seller_expiries   BIGINT NOT NULL,
    updated_height    BIGINT NOT NULL
);

-- x/mesh nodes as the events tell them.
CREATE TABLE mesh_nodes (
    node_id             TEXT    PRIMARY KEY,
    node_type           TEXT    NOT NULL,
    owner               TEXT    NOT NULL,
    data_sharing        BOOLEAN NOT NULL,
    model_training      BOOLEAN NOT NULL,
    federated_analysis  BOOLEAN NOT NULL,
    reputation          BIGINT  NOT NULL,
    active              BOOLEAN NOT NULL,
    updated_height      BIGINT  NOT NULL
);
CREATE INDEX mesh_nodes_owner ON mesh_nodes (owner);

-- x/aegis standing as the events tell it.
CREATE TABLE standings (
    address         TEXT    PRIMARY KEY,
    tier            TEXT    NOT NULL,
    frozen          BOOLEAN NOT NULL,
    updated_height  BIGINT  NOT NULL
);

-- x/ledger checkpoints seen (EventCheckpointRecorded) and what the agent
-- found when it reconciled them.
CREATE TABLE checkpoints (
    height           BIGINT  PRIMARY KEY,
    first_sequence   BIGINT  NOT NULL,
    last_sequence    BIGINT  NOT NULL,
    entries_hash     TEXT    NOT NULL,
    hash             TEXT    NOT NULL,
    chain_reconciled BOOLEAN NOT NULL,
    status           TEXT    NOT NULL,
    proof            TEXT    NOT NULL,
    detail           TEXT    NOT NULL,
    checked_ms       BIGINT  NOT NULL
);
CREATE INDEX checkpoints_status ON checkpoints (status, height);

-- The action log: every action a planner proposed, before anything is
-- signed, and what became of it.
CREATE TABLE actions (
    id               TEXT    PRIMARY KEY,
    kind             TEXT    NOT NULL,
    planner          TEXT    NOT NULL,
    cause_height     BIGINT  NOT NULL,
    msg_type         TEXT    NOT NULL,
    msg              TEXT    NOT NULL,
    subject          TEXT    NOT NULL,
    counterparties   TEXT    NOT NULL,
    value            TEXT    NOT NULL,
    summary          TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    rule             TEXT    NOT NULL,
    article          BIGINT  NOT NULL,
    reason           TEXT    NOT NULL,
    tx_hash          TEXT    NOT NULL,
    included_height  BIGINT  NOT NULL,
    attempts         INTEGER NOT NULL,
    created_ms       BIGINT  NOT NULL,
    updated_ms       BIGINT  NOT NULL,
    signed_ms        BIGINT  NOT NULL
);
CREATE INDEX actions_status ON actions (status, cause_height);
CREATE INDEX actions_tx ON actions (tx_hash);

-- Signed transactions, stored before they are broadcast so that after a
-- crash the same bytes are broadcast again (never a second signature for the
-- same actions while the first can still be included).
CREATE TABLE txs (
    hash            TEXT    PRIMARY KEY,
    raw             TEXT    NOT NULL,
    sequence        BIGINT  NOT NULL,
    timeout_height  BIGINT  NOT NULL,
    status          TEXT    NOT NULL,
    height          BIGINT  NOT NULL,
    code            INTEGER NOT NULL,
    log             TEXT    NOT NULL,
    created_ms      BIGINT  NOT NULL,
    updated_ms      BIGINT  NOT NULL
);
CREATE INDEX txs_status ON txs (status);
