namespace PipelineBuild.Core.Runs;

/// <summary>The runs of <c>exp run</c>: the newest run of each experiment name, and removing an experiment.</summary>
public sealed partial class RunStore
{
    /// <summary>The newest run of every experiment, oldest experiment first.</summary>
    public IReadOnlyList<RunRecord> Experiments() => Guard(Path, () =>
    {
        var ids = new List<string>();
        using (var command = Command(
            null,
            """
            SELECT id FROM runs AS r
            WHERE experiment IS NOT NULL
              AND seq = (SELECT MAX(seq) FROM runs WHERE experiment = r.experiment)
            ORDER BY seq;
            """))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        return ids.Select(id => Get(id)!).ToList();
    });

    /// <summary>Deletes every run of the experiment (its params, steps and metrics go with it); the number of runs deleted.</summary>
    public int RemoveExperiment(string name) => Guard(Path, () =>
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        using var command = Command(transaction, "DELETE FROM runs WHERE experiment = $name;", ("$name", name));
        var removed = command.ExecuteNonQuery();
        transaction.Commit();
        return removed;
    });
}
