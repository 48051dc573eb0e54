using System.Globalization;
using Microsoft.Data.Sqlite;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Runs;

/// <summary>Reads one run with its params, steps, metrics and artifacts.</summary>
internal static class RunStoreReader
{
    public static RunRecord? Read(SqliteConnection connection, string id)
    {
        RunRecord? run = null;
        using (var command = Query(connection, "SELECT pipeline, pipeline_file, started_at, ended_at, status, git_commit, git_branch, git_dirty, git_path, tool_version, error, experiment FROM runs WHERE id = $id;", id))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                run = new RunRecord
                {
                    Id = id,
                    Pipeline = reader.GetString(0),
                    PipelineFile = Text(reader, 1),
                    StartedAt = Time(reader.GetString(2)),
                    EndedAt = Text(reader, 3) is { } ended ? Time(ended) : null,
                    Status = RunStatusNames.Parse(reader.GetString(4)),
                    Git = Text(reader, 5) is { } commit
                        ? new GitState(commit, Text(reader, 6), !reader.IsDBNull(7) && reader.GetInt64(7) != 0, Text(reader, 8) ?? ".")
                        : null,
                    ToolVersion = Text(reader, 9),
                    Error = Text(reader, 10),
                    Experiment = Text(reader, 11),
                };
            }
        }

        if (run is null)
        {
            return null;
        }

        return run with
        {
            Params = ReadAll(connection, "SELECT name, value FROM run_params WHERE run_id = $id ORDER BY name;", id, r => new KeyValuePair<string, string>(r.GetString(0), r.GetString(1)))
                .OrderBy(p => p.Key, StringComparer.Ordinal).ToList(),
            Steps = Steps(connection, id),
            Metrics = ReadAll(
                connection,
                "SELECT step_id, source, name, value FROM run_metrics WHERE run_id = $id ORDER BY rowid;",
                id,
                r => new MetricValue(r.GetString(0), r.GetString(1), r.GetString(2), double.Parse(r.GetString(3), NumberStyles.Float, CultureInfo.InvariantCulture))),
            Artifacts = ReadAll(
                connection,
                "SELECT name, version, digest, is_new FROM run_artifacts WHERE run_id = $id ORDER BY name;",
                id,
                r => new PublishedArtifact(r.GetString(0), r.GetString(1), ContentDigest.Parse(r.GetString(2)), r.GetInt64(3) != 0)),
        };
    }

    /// <summary>The run's steps in order: the rows of those that did something, and the packed up-to-date ones.</summary>
    private static List<StepRecord> Steps(SqliteConnection connection, string id)
    {
        var rows = ReadAll(
            connection,
            "SELECT step_id, state, reason, duration_ms, fingerprint, exit_code, attempts, error, started_at, reason_code, executor, node, position FROM run_steps WHERE run_id = $id;",
            id,
            r => (Position: r.GetInt32(12), Step: new StepRecord(
                r.GetString(0),
                RunStatusNames.ParseStep(r.GetString(1)),
                r.GetString(2),
                TimeSpan.FromMilliseconds(r.GetInt64(3)),
                Text(r, 4),
                r.IsDBNull(5) ? null : r.GetInt32(5),
                r.GetInt32(6),
                Text(r, 7),
                Text(r, 8) is { } started ? Time(started) : null,
                Text(r, 9),
                Text(r, 10),
                Text(r, 11))));
        using var packed = Query(connection, "SELECT count, data FROM run_steps_packed WHERE run_id = $id;", id);
        using (var reader = packed.ExecuteReader())
        {
            if (reader.Read())
            {
                var steps = PackedSteps.Unpack(reader.GetValue(1) as byte[] ?? throw new InvalidDataException($"the packed steps of run {id} are damaged (not a blob)"));
                if (steps.Count != reader.GetInt64(0))
                {
                    throw new InvalidDataException($"the packed steps of run {id} are damaged (count)");
                }

                rows.AddRange(steps);
            }
        }

        return rows.OrderBy(s => s.Position).Select(s => s.Step).ToList();
    }

    private static List<T> ReadAll<T>(SqliteConnection connection, string sql, string id, Func<SqliteDataReader, T> map)
    {
        var items = new List<T>();
        using var command = Query(connection, sql, id);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            items.Add(map(reader));
        }

        return items;
    }

    private static SqliteCommand Query(SqliteConnection connection, string sql, string id)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        return command;
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset Time(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
