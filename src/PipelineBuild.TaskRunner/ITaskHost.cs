using PipelineBuild.Core.Execution;

namespace PipelineBuild.TaskRunner;

/// <summary>A task host process that runs one task request at a time: <see cref="WarmTaskHost"/> or <see cref="Kept.KeptTaskHost"/>.</summary>
internal interface ITaskHost : IAsyncDisposable
{
    /// <summary>False once the host may not run another task (a step was cancelled in it, it ended or broke).</summary>
    bool IsUsable { get; }

    /// <summary>Runs the task of the request file, its output going to <paramref name="log"/>; returns the host's exit code for it.</summary>
    Task<int> RunAsync(string requestPath, StepLog log, CancellationToken cancellationToken);
}
