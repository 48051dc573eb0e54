using System.Globalization;
using Microsoft.Data.Sqlite;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Runs;

/// <summary>
/// The run history in <c>.pipeline/runs.db</c> (SQLite, WAL). Every write is one immediate
/// transaction and every connection waits for a busy database, so concurrent runs and readers
/// never see a half-written run and never fail with "database is locked".
/// </summary>
public sealed partial class RunStore : IDisposable
{
    private static readonly Lazy<bool> NativeReady = new(() =>
    {
        // Explicit, not found by reflection: the Native AOT build keeps it.
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly SqliteConnection _connection;

    /// <summary>
    /// A run that leaves the log at least this long (1 MiB, ≈ 250 pages) folds it into the database and empties
    /// it: a no-op of 1,000 steps adds ≈ 90 KB, so about every twelfth run pays the syncs.
    /// </summary>
    public const long CheckpointLogBytes = 1L << 20;

    private RunStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Opens (and creates or migrates) the store.</summary>
    public static RunStore Open(string path) => Guard(path, () =>
    {
        _ = NativeReady.Value;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 60,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            KeepLogOnClose(connection);
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
                pragma.ExecuteNonQuery();
            }

            RunStoreSchema.Migrate(connection, path);
            return new RunStore(connection, path);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    });

    /// <summary>Opens the store when it exists; null when no run was ever recorded there.</summary>
    public static RunStore? OpenExisting(string path) => File.Exists(path) ? Open(path) : null;

    public void Save(RunRecord run) => Guard(Path, () =>
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        Execute(transaction, "DELETE FROM runs WHERE id = $id;", ("$id", run.Id));
        Execute(
            transaction,
            """
            INSERT INTO runs (id, pipeline, pipeline_file, started_at, ended_at, status, git_commit, git_branch, git_dirty, git_path, tool_version, error, experiment)
            VALUES ($id, $pipeline, $file, $started, $ended, $status, $commit, $branch, $dirty, $gitPath, $tool, $error, $experiment);
            """,
            ("$id", run.Id),
            ("$pipeline", run.Pipeline),
            ("$file", run.PipelineFile),
            ("$started", Timestamp(run.StartedAt)),
            ("$ended", run.EndedAt is { } ended ? Timestamp(ended) : null),
            ("$status", RunStatusNames.Of(run.Status)),
            ("$commit", run.Git?.Commit),
            ("$branch", run.Git?.Branch),
            ("$dirty", run.Git is null ? null : run.Git.Dirty ? 1 : 0),
            ("$gitPath", run.Git?.WorkspacePath),
            ("$tool", run.ToolVersion),
            ("$error", run.Error),
            ("$experiment", run.Experiment));
        foreach (var (name, value) in run.Params)
        {
            Execute(transaction, "INSERT INTO run_params (run_id, name, value) VALUES ($run, $name, $value);", ("$run", run.Id), ("$name", name), ("$value", value));
        }

        // One prepared statement for every step: a large pipeline records thousands of rows per run.
        using (var insert = Command(
            transaction,
            """
            INSERT INTO run_steps (run_id, position, step_id, state, reason, duration_ms, fingerprint, exit_code, attempts, error, started_at, reason_code, executor, node)
            VALUES ($run, $position, $step, $state, $reason, $duration, $fingerprint, $exit, $attempts, $error, $started, $reasonCode, $executor, $node);
            """,
            ("$run", run.Id),
            ("$position", null),
            ("$step", null),
            ("$state", null),
            ("$reason", null),
            ("$duration", null),
            ("$fingerprint", null),
            ("$exit", null),
            ("$attempts", null),
            ("$error", null),
            ("$started", null),
            ("$reasonCode", null),
            ("$executor", null),
            ("$node", null)))
        {
            insert.Prepare();
            var values = insert.Parameters;
            for (var i = 0; i < run.Steps.Count; i++)
            {
                var step = run.Steps[i];
                if (PackedSteps.Holds(step.State))
                {
                    continue;
                }

                values[1].Value = i;
                values[2].Value = step.Id;
                values[3].Value = StepStateNames.Of(step.State);
                values[4].Value = step.Reason;
                values[5].Value = (long)step.Duration.TotalMilliseconds;
                values[6].Value = (object?)step.Fingerprint ?? DBNull.Value;
                values[7].Value = (object?)step.ExitCode ?? DBNull.Value;
                values[8].Value = step.Attempts;
                values[9].Value = (object?)step.Error ?? DBNull.Value;
                values[10].Value = step.StartedAt is { } started ? Timestamp(started) : DBNull.Value;
                values[11].Value = (object?)step.ReasonCode ?? DBNull.Value;
                values[12].Value = (object?)step.Executor ?? DBNull.Value;
                values[13].Value = (object?)step.Node ?? DBNull.Value;
                insert.ExecuteNonQuery();
            }
        }

        // Up-to-date steps (all of a no-op's) cost one row per run, not one each.
        var packed = run.Steps.Select((step, position) => (position, step)).Where(s => PackedSteps.Holds(s.step.State)).ToList();
        if (packed.Count > 0)
        {
            Execute(
                transaction,
                "INSERT INTO run_steps_packed (run_id, count, data) VALUES ($run, $count, $data);",
                ("$run", run.Id),
                ("$count", packed.Count),
                ("$data", PackedSteps.Pack(packed)));
        }

        foreach (var metric in run.Metrics)
        {
            Execute(
                transaction,
                "INSERT OR REPLACE INTO run_metrics (run_id, step_id, source, name, value) VALUES ($run, $step, $source, $name, $value);",
                ("$run", run.Id),
                ("$step", metric.Step),
                ("$source", metric.Source),
                ("$name", metric.Name),
                ("$value", metric.Value.ToString("R", CultureInfo.InvariantCulture)));
        }

        foreach (var artifact in run.Artifacts)
        {
            Execute(
                transaction,
                "INSERT OR REPLACE INTO run_artifacts (run_id, name, version, digest, is_new) VALUES ($run, $name, $version, $digest, $new);",
                ("$run", run.Id),
                ("$name", artifact.Name),
                ("$version", artifact.Version),
                ("$digest", artifact.Digest.Hex),
                ("$new", artifact.IsNew ? 1 : 0));
        }

        transaction.Commit();
        FoldLogWhenLong();
        return 0;
    });

    /// <summary>The newest runs first (by start time), with their steps, params, metrics and artifacts.</summary>
    public IReadOnlyList<RunRecord> List(int limit) => Guard(Path, () =>
    {
        var ids = new List<string>();
        using (var command = Command(null, "SELECT id FROM runs ORDER BY started_at DESC, seq DESC LIMIT $limit;", ("$limit", limit)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        return ids.Select(id => Get(id)!).ToList();
    });

    /// <summary>Ids of every run, newest first.</summary>
    public IReadOnlyList<string> Ids() => Guard(Path, () =>
    {
        var ids = new List<string>();
        using var command = Command(null, "SELECT id FROM runs ORDER BY started_at DESC, seq DESC;");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    });

    public RunRecord? Get(string id) => Guard(Path, () => RunStoreReader.Read(_connection, id));

    public void Dispose() => _connection.Dispose();

    /// <summary>
    /// Closing the last connection would fold the log into the database and sync the log, the database and
    /// (for a log made anew) its folder: 10–20 ms of waiting for the disk per run, most of a no-op's wall time.
    /// The log stays instead: a committed run is in it (readers see it at once, a crash of the tool loses
    /// nothing), and <see cref="FoldLogWhenLong"/> bounds it. As with <c>synchronous = NORMAL</c> before, a
    /// power cut may lose the latest runs, never damage the database (the log's frames are checksummed).
    /// </summary>
    private void FoldLogWhenLong()
    {
        // TRUNCATE, not SQLite's automatic PASSIVE checkpoint: what a checkpoint copied is known only to the
        // shared memory of the connections then open, so the next tool would find a full log and copy it all
        // again. An emptied log cannot be misread. Readers in the way make it report busy, and a failure (a full
        // disk) leaves the log as it was, the run already in it, as a checkpoint on close did: the next run tries again.
        var log = new FileInfo(Path + "-wal");
        if (log.Exists && log.Length >= CheckpointLogBytes)
        {
            try
            {
                using var checkpoint = Command(null, "PRAGMA wal_checkpoint(TRUNCATE);");
                checkpoint.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
            }
        }
    }

    private static void KeepLogOnClose(SqliteConnection connection)
    {
        var rc = SQLitePCL.raw.sqlite3_db_config(connection.Handle, SQLitePCL.raw.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, out _);
        SqliteException.ThrowExceptionForRC(rc, connection.Handle);
    }

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private void Execute(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static T Guard<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new PipelineException(
                RunCodes.StoreFailure,
                $"{path}: error {RunCodes.StoreFailure}: the run history cannot be used ({e.Message.TrimEnd('.')}); check the file is writable and the disk has space, or move the damaged file away to start a new history",
                ExitCodes.StepFailed,
                e);
        }
    }
}
