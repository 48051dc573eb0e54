using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Graph;

/// <summary>Reports paths written by two steps (PB3002): the same path, or one output inside another's folder.</summary>
internal static class OutputConflicts
{
    public static void Report(IReadOnlyList<StepDefinition> steps, OutputIndex outputs, DiagnosticBag diagnostics)
    {
        var reported = new HashSet<(int, int, string)>();
        var above = new List<OutputEntry>();
        foreach (var output in outputs.All)
        {
            above.Clear();
            outputs.AddAtOrAbove(output.Path, above);
            foreach (var other in above)
            {
                if (other.Step == output.Step)
                {
                    continue;
                }

                // Name the conflict once, at the output declared later in the file.
                var (first, second) = Order(other, output);
                if (!reported.Add((first.Step, second.Step, second.Path)))
                {
                    continue;
                }

                var message = first.Path == second.Path
                    ? $"'{second.Spec}' is written by both '{steps[first.Step].Id}' and '{steps[second.Step].Id}'"
                    : $"output '{Inner(first, second).Spec}' of '{steps[Inner(first, second).Step].Id}' lies inside output folder '{Outer(first, second).Spec}' of '{steps[Outer(first, second).Step].Id}'";
                diagnostics.Error(
                    GraphCodes.DuplicateOutput,
                    second.Spec.Location,
                    message,
                    "every path has one producer; give each step its own output path");
            }
        }
    }

    private static (OutputEntry First, OutputEntry Second) Order(OutputEntry a, OutputEntry b) =>
        a.Step < b.Step ? (a, b) : (b, a);

    private static OutputEntry Inner(OutputEntry a, OutputEntry b) => a.Path.Length >= b.Path.Length ? a : b;

    private static OutputEntry Outer(OutputEntry a, OutputEntry b) => a.Path.Length >= b.Path.Length ? b : a;
}
