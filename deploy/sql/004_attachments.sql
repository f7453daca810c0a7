-- GeminiClone schema 004: attachments' bytes, content-addressed.
--
-- A blob is one file's bytes under its SHA-256, in chunks of 1 MiB, so a file is streamed in and out a chunk at a
-- time and never held whole. An attachment is a reference to a blob (the chatroom keeps its name, type and size);
-- the same file uploaded twice is one blob with two references, and a blob goes with its last reference. The
-- foreign key makes that safe under races: a reference can never point at a blob that was just deleted.

CREATE TABLE IF NOT EXISTS attachment_blob
(
    sha256     text        PRIMARY KEY,
    size       bigint      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS attachment_chunk
(
    sha256 text    NOT NULL REFERENCES attachment_blob ON DELETE CASCADE,
    index  integer NOT NULL,
    bytes  bytea   NOT NULL,
    PRIMARY KEY (sha256, index)
);

-- Images and PDFs are compressed already: storing chunks out of line without trying again saves the CPU.
ALTER TABLE attachment_chunk ALTER COLUMN bytes SET STORAGE EXTERNAL;

CREATE TABLE IF NOT EXISTS attachment_ref
(
    attachment_id text PRIMARY KEY,
    chatroom_id   text NOT NULL,
    sha256        text NOT NULL REFERENCES attachment_blob
);

CREATE INDEX IF NOT EXISTS attachment_ref_by_chatroom ON attachment_ref (chatroom_id);
CREATE INDEX IF NOT EXISTS attachment_ref_by_blob ON attachment_ref (sha256);
