-- GeminiClone schema 002: durable reminders for Orleans' ADO.NET reminder service (Microsoft.Orleans.Reminders.AdoNet),
-- which account deletion uses to finish what an outage interrupted (and chatroom retention to wake expired rooms).
--
-- Like grain storage, the provider reads its statements by key from OrleansQuery (schema 001) and calls them with
-- @ServiceId, @GrainId (the grain's full id as text), @ReminderName, @StartTime, @Period (a bigint), @GrainHash,
-- @BeginHash, @EndHash (a ring range of grain hashes) and @Version (the row's ETag). It expects:
--   UpsertReminderRowKey  -> one row with the reminder's new "version";
--   ReadReminderRowsKey   -> a grain's reminders; ReadReminderRowKey -> one of them;
--   ReadRangeRows1Key     -> reminders with BeginHash < hash <= EndHash; ReadRangeRows2Key -> the wrapped range,
--                            hash > BeginHash or hash <= EndHash (rows with "GrainId", "ReminderName", "StartTime",
--                            "Period", "Version");
--   DeleteReminderRowKey  -> the number of rows deleted (0 when the version did not match);
--   DeleteReminderRowsKey -> nothing; removes every reminder of the service.

CREATE TABLE IF NOT EXISTS reminder
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period        bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Silos read reminders by ranges of the hash ring when they take ownership of a range.
CREATE INDEX IF NOT EXISTS reminder_by_hash ON reminder (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', '
    INSERT INTO reminder (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
        SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
            version = reminder.version + 1
    RETURNING version AS "Version";'),
('ReadReminderRowsKey', '
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period", version AS "Version"
    FROM reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId;'),
('ReadReminderRowKey', '
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period", version AS "Version"
    FROM reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;'),
('ReadRangeRows1Key', '
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period", version AS "Version"
    FROM reminder
    WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;'),
('ReadRangeRows2Key', '
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period", version AS "Version"
    FROM reminder
    WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);'),
('DeleteReminderRowKey', '
    WITH deleted AS (
        DELETE FROM reminder
        WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
        RETURNING 1)
    SELECT count(*)::integer FROM deleted;'),
('DeleteReminderRowsKey', '
    DELETE FROM reminder WHERE service_id = @ServiceId;')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
