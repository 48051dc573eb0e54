using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Recording;

namespace PipelineBuild.Cli.Rendering;

/// <summary>The steps that took longest, as Cake and NUKE end a build: where the time went.</summary>
internal static class SlowestSteps
{
    private const int Shown = 5;

    public static void Write(TextWriter output, RunReport report)
    {
        var worked = report.Steps.Where(s => s.State is StepState.Ran or StepState.Restored or StepState.Failed).ToList();
        if (worked.Count < 2)
        {
            return;
        }

        var table = new TextTable("STEP", "STATE", "DURATION");
        foreach (var step in worked.OrderByDescending(s => s.Duration).Take(Shown))
        {
            table.Add(step.Id, StepStateNames.Of(step.State), Durations.Format(step.Duration));
        }

        output.WriteLine();
        output.WriteLine(worked.Count > Shown ? $"Slowest {Shown} of {worked.Count} steps:" : "Slowest steps:");
        table.Write(output);
    }
}
