using System.Globalization;

namespace PipelineBuild.Core.Runs;

/// <summary>Aggregates over the history of one pipeline, for its Prometheus metrics.</summary>
public sealed partial class RunStore
{
    /// <summary>Runs by status, step executions by state, the last success and the latest run of <paramref name="pipeline"/>.</summary>
    public PipelineHistory History(string pipeline) => Guard(Path, () =>
    {
        var runs = Counts("SELECT status, COUNT(*) FROM runs WHERE pipeline = $p GROUP BY status;", pipeline);
        var steps = Counts("SELECT s.state, COUNT(*) FROM run_steps s JOIN runs r ON r.id = s.run_id WHERE r.pipeline = $p GROUP BY s.state;", pipeline);
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
