using Microsoft.Data.Sqlite;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Runs;

/// <summary>
/// The schema of <c>runs.db</c>, versioned with <c>PRAGMA user_version</c>: each migration takes the
/// database one version up, inside an immediate transaction, so two tools opening a new database at
/// once migrate it once. A database newer than this tool is refused rather than misread.
/// </summary>
internal static class RunStoreSchema
{
    private static readonly string[] Migrations =
    [
        // 1: runs, their params, steps, metrics and artifacts.
        """
        CREATE TABLE runs (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            pipeline TEXT NOT NULL,
            pipeline_file TEXT,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL,
            git_commit TEXT,
            git_branch TEXT,
            git_dirty INTEGER,
            git_path TEXT,
            tool_version TEXT,
            error TEXT
        );
        CREATE INDEX runs_started ON runs (started_at);
        CREATE TABLE run_params (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, name)
        );
        CREATE TABLE run_steps (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT NOT NULL,
            duration_ms INTEGER NOT NULL,
            fingerprint TEXT,
            exit_code INTEGER,
            attempts INTEGER NOT NULL,
            error TEXT,
            PRIMARY KEY (run_id, step_id)
        );
        CREATE TABLE run_metrics (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            step_id TEXT NOT NULL,
            source TEXT NOT NULL,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, source, name)
        );
        CREATE TABLE run_artifacts (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            digest TEXT NOT NULL,
            is_new INTEGER NOT NULL,
            PRIMARY KEY (run_id, name)
        );
        """,

        // 2: the experiment a run belongs to (exp run); null for plain runs.
        """
        ALTER TABLE runs ADD COLUMN experiment TEXT;
        CREATE INDEX runs_experiment ON runs (experiment);
        """,

        // 3: when each step started (the run's timeline).
        "ALTER TABLE run_steps ADD COLUMN started_at TEXT;",

        // 4: why each step ended as it did, as a stable code (ReasonNames) beside the reason's text.
        "ALTER TABLE run_steps ADD COLUMN reason_code TEXT;",

        // 5: where each step ran: the executor and, on a cluster, the node.
        "ALTER TABLE run_steps ADD COLUMN executor TEXT; ALTER TABLE run_steps ADD COLUMN node TEXT;",

        // 6: a run's up-to-date steps as one packed value (PackedSteps) instead of a row each; older runs keep their rows.
        """
        CREATE TABLE run_steps_packed (
            run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
            count INTEGER NOT NULL,
            data BLOB NOT NULL
        );
        """,
    ];

    public static int Version => Migrations.Length;

    public static void Migrate(SqliteConnection connection, string path)
    {
        if (UserVersion(connection) == Version)
        {
            return;
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        var current = UserVersion(connection, transaction);
        if (current > Version)
        {
            throw new PipelineException(
                RunCodes.NewerSchema,
                $"{path}: error {RunCodes.NewerSchema}: the run history has schema version {current}, newer than this tool knows ({Version}); update PipelineBuild",
                ExitCodes.InvalidInput);
        }

        for (var version = current; version < Version; version++)
        {
            Execute(connection, transaction, Migrations[version]);
        }

        Execute(connection, transaction, $"PRAGMA user_version = {Version};");
        transaction.Commit();
    }

    private static int UserVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
