using PipelineBuild.Core.Caching;

namespace PipelineBuild.Core.Planning;

/// <summary>A decision is a value with a reason: the answer to "why did this step run?".</summary>
public abstract record StepDecision
{
    private StepDecision()
    {
    }

    public abstract StepReason Reason { get; }

    /// <summary>
    /// Nothing to do; <paramref name="Outputs"/> are the recorded outputs, still on disk — or, when <paramref name="RemoteOnly"/>
    /// (<c>run --no-download</c>), in the remote cache only, as long as it still holds the step's entry (the worker checks).
    /// </summary>
    public sealed record UpToDate(IReadOnlyList<OutputRecord> Outputs, bool RemoteOnly = false) : StepDecision
    {
        public override StepReason Reason => RemoteOnly ? new StepReason(ReasonKind.RemoteOnly) : StepReason.UpToDate;
    }

    /// <summary>The outputs come back from the cache without running.</summary>
    public sealed record Restore(ActionEntry Entry, StepReason Why) : StepDecision
    {
        public override StepReason Reason => Why;
    }

    public sealed record Run(StepReason Why) : StepDecision
    {
        public override StepReason Reason => Why;
    }

    /// <summary>
    /// Not decidable yet (plans only): an upstream step would run first, the step's image or task project
    /// would be built first, or what it reads is unusable. A run decides it when its turn comes.
    /// </summary>
    public sealed record Pending(StepReason Why) : StepDecision
    {
        public override StepReason Reason => Why;
    }
}
