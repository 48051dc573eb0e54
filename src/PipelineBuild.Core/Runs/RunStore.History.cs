using System.Globalization;
using PipelineBuild.Core.Execution;

namespace PipelineBuild.Core.Runs;

/// <summary>Aggregates over the history of one pipeline, for its Prometheus metrics.</summary>
public sealed partial class RunStore
{
    /// <summary>Runs by status, step executions by state, the last success and the latest run of <paramref name="pipeline"/>.</summary>
    public PipelineHistory History(string pipeline) => Guard(Path, () =>
    {
        var runs = Counts("SELECT status, COUNT(*) FROM runs WHERE pipeline = $p GROUP BY status;", pipeline);
        var steps = Counts("SELECT s.state, COUNT(*) FROM run_steps s JOIN runs r ON r.id = s.run_id WHERE r.pipeline = $p GROUP BY s.state;", pipeline);
        using (var command = Command(null, "SELECT SUM(s.count) FROM run_steps_packed s JOIN runs r ON r.id = s.run_id WHERE r.pipeline = $p;", ("$p", pipeline)))
        {
            if (command.ExecuteScalar() is long packed && packed > 0)
            {
                var upToDate = StepStateNames.Of(StepState.UpToDate);
                steps[upToDate] = steps.GetValueOrDefault(upToDate) + packed;
            }
        }

        DateTimeOffset? lastSuccess = null;
        using (var command = Command(null, "SELECT MAX(ended_at) FROM runs WHERE pipeline = $p AND status = 'succeeded';", ("$p", pipeline)))
        {
            if (command.ExecuteScalar() is string text)
            {
                lastSuccess = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            }
        }

        string? latestId;
        using (var command = Command(null, "SELECT id FROM runs WHERE pipeline = $p ORDER BY started_at DESC, seq DESC LIMIT 1;", ("$p", pipeline)))
        {
            latestId = command.ExecuteScalar() as string;
        }

        return new PipelineHistory(pipeline, runs, steps, lastSuccess, latestId is null ? null : RunStoreReader.Read(_connection, latestId));
    });

    /// <summary>
    /// How long each step took the last time it ran, among the newest <paramref name="runs"/> runs: one query over
    /// the steps that ran (a no-op history of a large pipeline has none to read).
    /// </summary>
    public IReadOnlyDictionary<string, TimeSpan> RecentDurations(int runs) => Guard(Path, () =>
    {
        var durations = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        using var command = Command(
            null,
            """
            SELECT s.step_id, s.duration_ms
            FROM (SELECT id, started_at, seq FROM runs ORDER BY started_at DESC, seq DESC LIMIT $runs) r
            JOIN run_steps s ON s.run_id = r.id
            WHERE s.state = $ran
            ORDER BY r.started_at DESC, r.seq DESC;
            """,
            ("$runs", runs),
            ("$ran", StepStateNames.Of(StepState.Ran)));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            durations.TryAdd(reader.GetString(0), TimeSpan.FromMilliseconds(reader.GetInt64(1)));
        }

        return durations;
    });

    private Dictionary<string, long> Counts(string sql, string pipeline)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var command = Command(null, sql, ("$p", pipeline));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
