-- GeminiClone schema 001: grain state for Orleans' ADO.NET storage provider (Microsoft.Orleans.Persistence.AdoNet).
--
-- The provider does not ship its SQL; it reads four statements by key from a table named OrleansQuery and calls
-- them with these parameters: @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString (the
-- string part of a key, or NULL), @GrainIdHash, @GrainTypeHash, @GrainStateVersion (the ETag, NULL before the first
-- write) and @PayloadBinary. It expects:
--   ReadFromStorageKey  -> at most one row with "PayloadBinary" and "Version";
--   WriteToStorageKey   -> one row with "NewGrainStateVersion", or none / NULL when the ETag did not match;
--   ClearStorageKey     -> the new version after emptying the payload, or nothing when the ETag did not match;
--   DeleteStorageKey    -> the deleted row's version + 1, or nothing when the ETag did not match.
-- A grain is identified by its full key (service, type, both integer parts and the string part); the hashes the
-- provider also sends are not needed for that, so they are not stored.
-- Applied by the silo at start-up (or `Silo migrate`) inside a transaction, once; every statement is idempotent.
-- The silos write grain state in batches (Grains/Adapters/PostgreSql/PostgresGrainStateWrites.cs) with a copy of
-- WriteToStorageKey in positional parameters: a change to that statement changes the copy too.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text        NOT NULL
);

CREATE TABLE IF NOT EXISTS grain_state
(
    service_id      text        NOT NULL,
    grain_type      text        NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    -- '' when the key has no string part, so the primary key never holds a NULL.
    grain_id_string text        NOT NULL,
    payload         bytea,
    version         integer     NOT NULL,
    modified_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_string)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $sql$
    SELECT payload AS "PayloadBinary", version AS "Version"
    FROM grain_state
    WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_string = COALESCE(@GrainIdExtensionString, '');
$sql$),
('WriteToStorageKey', $sql$
    WITH updated AS (
        UPDATE grain_state
        SET payload = @PayloadBinary, version = version + 1, modified_at = now()
        WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
          AND service_id = @ServiceId AND grain_type = @GrainTypeString
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND grain_id_string = COALESCE(@GrainIdExtensionString, '')
        RETURNING version),
    inserted AS (
        INSERT INTO grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_string, payload, version)
        SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''), @PayloadBinary, 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
        RETURNING version)
    SELECT version AS "NewGrainStateVersion" FROM updated
    UNION ALL
    SELECT version FROM inserted;
$sql$),
('ClearStorageKey', $sql$
    UPDATE grain_state
    SET payload = NULL, version = version + 1, modified_at = now()
    WHERE version = @GrainStateVersion
      AND service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_string = COALESCE(@GrainIdExtensionString, '')
    RETURNING version AS "NewGrainStateVersion";
$sql$),
('DeleteStorageKey', $sql$
    DELETE FROM grain_state
    WHERE version = @GrainStateVersion
      AND service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_string = COALESCE(@GrainIdExtensionString, '')
    RETURNING version + 1 AS "NewGrainStateVersion";
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
