-- GeminiClone schema 005: what the admin API reads, the operators' user directory and the audit log.
--
-- user_directory: a projection of the users for GET /admin/users. The user grains' state is stored serialized
-- (grain_state.payload), which cannot be searched; each user grain writes its row here as it registers and as its
-- name, tier, suspension or last activity (to within an hour) change, and deletes it with the account.
-- `Silo sync-directory` rewrites every row from the user grains themselves, which stay the truth. Searches match a
-- part of the number's digits or of the name (any case): pg_trgm's GIN indexes serve `LIKE '%…%'`. pg_trgm is a
-- trusted extension (PostgreSQL 13+): the database's owner may create it without superuser rights.
--
-- audit_log: append-only. The service only inserts (under a table lock, so rows become visible in sequence order
-- and a reader paging with ?after= never skips one committed late) and reads. The trigger refuses every UPDATE and
-- TRUNCATE, and every DELETE but the retention job's: a transaction that says its retention
-- (SET LOCAL geminiclone.audit_retention_days) may delete only rows older than that. Rows hold no secrets.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE IF NOT EXISTS user_directory
(
    user_id        text        PRIMARY KEY,
    -- E.164, as the user signed up; the API shows it masked.
    mobile_number  text        NOT NULL,
    name           text        NOT NULL,
    -- 0 Basic, 1 Pro: the plan the user has now (paid or complimentary).
    tier           smallint    NOT NULL,
    created_at     timestamptz NOT NULL,
    last_active_at timestamptz,
    suspended      boolean     NOT NULL DEFAULT false,
    written_at     timestamptz NOT NULL DEFAULT now()
);

-- Pages run newest first, keyed by (created_at, user_id).
CREATE INDEX IF NOT EXISTS user_directory_newest ON user_directory (created_at DESC, user_id DESC);
CREATE INDEX IF NOT EXISTS user_directory_name_words ON user_directory USING gin (lower(name) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS user_directory_number_digits ON user_directory USING gin (mobile_number gin_trgm_ops);

CREATE TABLE IF NOT EXISTS audit_log
(
    sequence   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL,
    kind       text        NOT NULL,
    -- A user id, or 'system'.
    actor      text        NOT NULL,
    -- The user the event is about.
    subject    text,
    -- The client's address as the gateway saw it; NULL for the service's own work.
    ip_address text,
    details    jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);

CREATE OR REPLACE FUNCTION audit_log_refuse_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    retention text := current_setting('geminiclone.audit_retention_days', true);
BEGIN
    IF TG_OP = 'DELETE' AND retention ~ '^[0-9]{1,5}$' AND retention::integer >= 1
       AND OLD.at < now() - make_interval(days => retention::integer) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE FUNCTION audit_log_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: TRUNCATE refused' USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_changes();
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_truncate();

-- Roles other than the table's owner (a reporting account, say) may read, never change.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
