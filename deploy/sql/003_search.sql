-- GeminiClone schema 003: the search projection behind GET /chatroom/search.
--
-- Derived data: each chatroom writes its title and its messages (with their earlier versions) here as it stores
-- them, and `Silo reindex` rebuilds the table from the chatrooms' own state, which stays the truth. The words are
-- cut by the service (GeminiClone.Grains.Search.SearchText) and arrive as a ready tsvector, so the database's
-- text-search configuration and locale play no part.
-- The GIN index covers (owner_id, document), so a search reads only the caller's matching rows; btree_gin lets a
-- GIN index hold the plain text column. It is a trusted extension (PostgreSQL 13+): the database's owner may
-- create it without superuser rights.

CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE TABLE IF NOT EXISTS chat_search
(
    chatroom_id text        NOT NULL,
    -- The message's position in its chatroom; -1 for the chatroom's title.
    sequence    integer     NOT NULL,
    -- 0 for the message as it is now; k for its k-th earlier version (newest first).
    version     smallint    NOT NULL,
    owner_id    text        NOT NULL,
    -- 0 the user, 1 the model; NULL for the title.
    role        smallint,
    at          timestamptz NOT NULL,
    body        text        NOT NULL,
    document    tsvector    NOT NULL,
    PRIMARY KEY (chatroom_id, sequence, version)
);

CREATE INDEX IF NOT EXISTS chat_search_by_owner_and_words ON chat_search USING gin (owner_id, document);
