namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// A step's process, started as the leader of a session (and process group) of its own where the system allows; its
/// stdin reads nothing, and each line it writes to stdout or stderr goes to the callback it was started with.
/// </summary>
internal interface IStepProcess : IDisposable
{
    /// <summary>The processes the step started itself: one, or each member of a pipeline, each leading its own group where it can.</summary>
    IReadOnlyList<int> Ids { get; }

    /// <summary>Whether the process leads a process group of its own (false only where <c>setsid</c> is missing).</summary>
    bool LeadsGroup { get; }

    /// <summary>Completes with the exit code when the process ends (128 + signal number when a signal ended it).</summary>
    Task<int> Exited { get; }

    /// <summary>Completes when stdout and stderr both reached their end and every line was delivered (faults if the callback threw).</summary>
    Task OutputEnded { get; }

    /// <summary>Signals every process of the step's group (of each member's, for a pipeline); false when none is left.</summary>
    bool SignalGroup(int signal);
}
