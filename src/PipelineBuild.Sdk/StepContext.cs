namespace PipelineBuild.Sdk;

/// <summary>
/// Everything a task may use: where the workspace is, what the step declared (inputs, outputs, params,
/// <c>with</c>), a log and metrics. Only declared params are present: they are what enters the step's
/// fingerprint, so a value read here can never be stale in the cache. Construct one in unit tests of a task.
/// </summary>
public sealed class StepContext
{
    /// <summary>The step id, <c>stage.step</c>.</summary>
    public required string StepId { get; init; }

    /// <summary>The workspace folder, absolute; also the task's current directory.</summary>
    public required string Workspace { get; init; }

    /// <summary>The step's <c>inputs</c>, workspace-relative, <c>/</c>-separated, as declared (folders end with <c>/</c>).</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>The step's <c>outputs</c>, workspace-relative, as declared. Each must exist when the task returns.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>
    /// The params the step uses (referenced in <c>with</c> or listed under the step's <c>params:</c>),
    /// by dotted name (<c>train.depth</c>).
    /// </summary>
    public TaskValues Params { get; init; } = TaskValues.Empty;

    /// <summary>The step's <c>with:</c> map, expressions expanded.</summary>
    public TaskValues With { get; init; } = TaskValues.Empty;

    /// <summary>The step's log.</summary>
    public TaskLog Log { get; init; } = TaskLog.Console;

    /// <summary>Metrics the task reports.</summary>
    public TaskMetrics Metrics { get; init; } = new();

    /// <summary>Cancelled when the run is interrupted or the step times out (the same token <c>RunAsync</c> gets).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>The absolute path of a workspace-relative path.</summary>
    /// <param name="relativePath">A path relative to the workspace, <c>/</c>-separated.</param>
    /// <returns>The full path.</returns>
    public string FullPath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return Path.GetFullPath(Path.Combine(Workspace, relativePath.Replace('/', Path.DirectorySeparatorChar)));
    }
}
