namespace PipelineBuild.Core.Locking;

/// <summary>The lock file's content: one entry per step id.</summary>
public sealed class LockFile
{
    public const int Schema = 1;

    public LockFile(string pipeline, IReadOnlyDictionary<string, LockEntry> steps)
    {
        Pipeline = pipeline;
        Steps = steps;
    }

    public static LockFile Empty(string pipeline) => new(pipeline, new Dictionary<string, LockEntry>(StringComparer.Ordinal));

    public string Pipeline { get; }

    public IReadOnlyDictionary<string, LockEntry> Steps { get; }

    public LockEntry? Find(string stepId) => Steps.GetValueOrDefault(stepId);
}
