using System.CommandLine;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Sessions;
using PipelineBuild.Core.Sessions.Reproduction;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// <c>dotnet pipeline reproduce NAME@VERSION</c>: rebuilds a version from its recorded inputs.
/// Exit 0 when the digest matches, 1 when it differs (the first differing step is named), 2 when
/// recorded inputs are no longer available (they are named).
/// </summary>
internal static class ReproduceCommand
{
    public static Command Create()
    {
        var reference = ArtifactsCommand.ReferenceArgument("NAME@VERSION or NAME@ALIAS");
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary workspace of the rebuild to inspect it" };
        var command = new Command("reproduce", "Rebuild an artifact version from its recorded commit, inputs and params, and check it is the same") { reference, keep };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var layout = WorkspaceLocator.Find(parse);
            var store = new ArtifactStore(layout.ArtifactsFolder);
            var manifest = store.Resolve(ArtifactReference.Parse(parse.GetValue(reference)!));
            Console.WriteLine($"reproducing {manifest.Reference} (run {manifest.Lineage.RunId}{(manifest.Lineage.Git is { } git ? $", commit {git.Commit[..12]}" : "")})");
            await using var reporter = RunReporters.Create(parse.GetValue(CommonOptions.Verbose));
            var (result, report) = await new ArtifactReproducer(ToolSession.Create(), reporter)
                .ReproduceAsync(layout, manifest, parse.GetValue(keep), cancellationToken)
                .ConfigureAwait(false);
            if (report is not null)
            {
                await reporter.CompleteAsync(report).ConfigureAwait(false);
            }

            return Report(result, parse.GetValue(keep));
        });
        return command;
    }

    private static int Report(ReproduceResult result, bool keep)
    {
        var manifest = result.Manifest;
        if (keep)
        {
            Console.WriteLine($"workspace kept at {result.Workspace}");
        }

        if (result.MissingInputs.Count > 0)
        {
            Console.Error.WriteLine(
                $"{manifest.Reference}: error {ArtifactCodes.InputsUnavailable}: {result.MissingInputs.Count} recorded input(s) are no longer available: {string.Join(", ", result.MissingInputs)}; "
                + "they are neither in the artifact store's objects nor at the recorded commit; restore them (same content) into the workspace and run the pipeline again");
            return ExitCodes.InvalidInput;
        }

        if (result.FailedStep is not null)
        {
            Console.Error.WriteLine($"{manifest.Reference}: not reproduced: step '{result.FailedStep}' failed in the rebuild; see its log above");
            return ExitCodes.StepFailed;
        }

        var table = new TextTable("STEP", "FINGERPRINT", "OUTPUTS");
        foreach (var step in result.Steps)
        {
            table.Add(step.Id, step.FingerprintMatches ? "same" : "differs", step.OutputsMatch ? "match" : $"differ: {string.Join(", ", step.DifferingOutputs)}");
        }

        if (table.Count > 0)
        {
            table.Write(Console.Out);
        }

        if (result.Matches)
        {
            Console.WriteLine($"✔ {manifest.Reference} reproduced: digest {manifest.Digest.Hex[..12]} matches");
            return ExitCodes.Success;
        }

        var first = result.FirstDifference;
        Console.Error.WriteLine(
            $"✖ {manifest.Reference} not reproduced: digest {(result.ActualDigest?.Hex[..12] ?? "(path missing)")} instead of {manifest.Digest.Hex[..12]}"
            + (first is null ? "" : $"; first differing step: {first.Id} ({string.Join(", ", first.DifferingOutputs)}) — it is not deterministic (time, randomness without a seed, unordered output)"));
        return ExitCodes.StepFailed;
    }
}
