using System.Text.Json;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Cli.Rendering;

/// <summary>Prints a plan for <c>status</c> and <c>run --dry-run</c>: per step, what a run would do and why.</summary>
internal static class PlanPrinter
{
    public static void Print(ExecutionPlan plan, bool json)
    {
        if (json)
        {
            PrintJson(plan);
            return;
        }

        if (plan.Steps.Count == 0)
        {
            Console.WriteLine("no steps selected");
            return;
        }

        var width = plan.Steps.Max(p => p.Step.Id.Length);
        // Where each step runs is a column only when some step leaves this machine.
        var onCluster = plan.Steps.Any(p => p.Step.Executor != Executor.Local);
        foreach (var planned in plan.Steps)
        {
            var reason = ReasonOf(planned);
            var where = onCluster ? $"{Executors.NameOf(planned.Step.Executor),-10}  " : "";
            Console.WriteLine($"{planned.Step.Id.PadRight(width)}  {StateName(planned.Decision),-10}  {where}{reason}".TrimEnd());
        }

        Console.WriteLine(plan.IsUpToDate ? "Everything is up to date." : $"{plan.ChangedCount} of {plan.Steps.Count} steps would run or restore.");
    }

    public static string StateName(StepDecision decision) => decision switch
    {
        StepDecision.UpToDate => "up-to-date",
        StepDecision.Restore => "restore",
        // Outputs a run --no-download left in the remote cache: a run without the flag restores them from there.
        StepDecision.Run { Why.Kind: ReasonKind.RemoteOnly } => "restore",
        _ => "run",
    };

    private static string ReasonOf(PlannedStep planned) => planned.Decision switch
    {
        StepDecision.UpToDate { RemoteOnly: true } => "remote only",
        StepDecision.UpToDate => planned.Step.Frozen ? "frozen" : "",
        var decision => ReasonText.Format(decision.Reason),
    };

    private static void PrintJson(ExecutionPlan plan)
    {
        using var stream = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var planned in plan.Steps)
            {
                writer.WriteStartObject();
                writer.WriteString("id", planned.Step.Id);
                writer.WriteString("state", StateName(planned.Decision));
                writer.WriteString("executor", Executors.NameOf(planned.Step.Executor));
                writer.WriteString("reason", ReasonOf(planned));
                writer.WriteString("reasonCode", planned.Decision.Reason.Code);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        stream.WriteByte((byte)'\n');
    }
}
