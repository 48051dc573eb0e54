using System.Text.Json;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Cli.Rendering;

/// <summary>Prints a plan for <c>status</c> and <c>run --dry-run</c>: per step, what a run would do and why.</summary>
internal static class PlanPrinter
{
    public static void Print(IReadOnlyList<(StepDefinition Step, StepDecision Decision)> plan, bool json)
    {
        if (json)
        {
            PrintJson(plan);
            return;
        }

        if (plan.Count == 0)
        {
            Console.WriteLine("no steps selected");
            return;
        }

        var width = plan.Max(p => p.Step.Id.Length);
        foreach (var (step, decision) in plan)
        {
            var state = StateName(decision);
            var reason = decision is StepDecision.UpToDate ? (step.Frozen ? "frozen" : "") : decision.Describe();
            Console.WriteLine($"{step.Id.PadRight(width)}  {state,-10}  {reason}".TrimEnd());
        }

        var changed = plan.Count(p => p.Decision is not StepDecision.UpToDate);
        Console.WriteLine(changed == 0 ? "Everything is up to date." : $"{changed} of {plan.Count} steps would run or restore.");
    }

    public static string StateName(StepDecision decision) => decision switch
    {
        StepDecision.UpToDate => "up-to-date",
        StepDecision.Restore => "restore",
        _ => "run",
    };

    private static void PrintJson(IReadOnlyList<(StepDefinition Step, StepDecision Decision)> plan)
    {
        using var stream = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var (step, decision) in plan)
            {
                writer.WriteStartObject();
                writer.WriteString("id", step.Id);
                writer.WriteString("state", StateName(decision));
                writer.WriteString("reason", decision is StepDecision.UpToDate ? "" : decision.Describe());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        stream.WriteByte((byte)'\n');
    }
}
