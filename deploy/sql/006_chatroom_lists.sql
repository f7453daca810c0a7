-- GeminiClone schema 006: the users' chatroom lists, a row per chatroom.
--
-- user_chatrooms: what a user's chatroom list shows (title, last activity, pinned, archived, folder, temporary),
-- one row per chatroom of the user's, up to Chatrooms:MaxChatroomsPerUser of them. Only the user's grain writes
-- its rows (the chatroom sends it the whole summary with every change and turn) and reads them once per activation.
-- The list used to live in the user grain's state, so every turn rewrote all of it (up to a thousand summaries);
-- as rows, a turn rewrites its own chatroom's row only. `summary` is a ChatroomSummary in Orleans' binary format,
-- which reads and writes by the type's [Alias] and [Id]s rather than CLR names, so a summary written by an older
-- release still loads after the type moves or gains members (as grain_state.payload does).

CREATE TABLE IF NOT EXISTS user_chatrooms
(
    user_id     text        NOT NULL,
    chatroom_id text        NOT NULL,
    summary     bytea       NOT NULL,
    written_at  timestamptz NOT NULL DEFAULT now(),
    -- Also the index a user's list is read by (user_id leads).
    PRIMARY KEY (user_id, chatroom_id)
);
