using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Monitoring;

/// <summary>
/// A drift rule that fired after a run: <paramref name="Step"/> measured <paramref name="Value"/> above the
/// rule's threshold; <paramref name="Retrain"/> are the steps to force in the follow-up run.
/// </summary>
public sealed record DriftTrigger(ScheduleDefinition Rule, string Step, double Value, IReadOnlyList<string> Retrain);
