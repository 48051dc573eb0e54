using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;
using PipelineBuild.Kubernetes.Jobs;
using PipelineBuild.Kubernetes.Manifests;

namespace PipelineBuild.Kubernetes.Export;

/// <summary>
/// The selected steps as they are exported, in dependency order: each container step with its image
/// reference and the command the container runner would run; every step that cannot be exported (not a
/// container step, an image only built locally) reported at once.
/// </summary>
public sealed record ExportPlan(PipelineDefinition Pipeline, IReadOnlyList<ExportedStep> Steps)
{
    public static ExportPlan Make(PipelineDefinition pipeline, StepGraph selection, IReadOnlyDictionary<string, string> imageReferences)
    {
        var diagnostics = new DiagnosticBag();
        CheckOverrides(pipeline, imageReferences, diagnostics);
        var exported = new Dictionary<string, ExportedStep>(StringComparer.Ordinal);
        var ordered = new List<ExportedStep>();
        var unpushed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in selection.Steps)
        {
            if (step.Kind != StepKind.Container)
            {
                diagnostics.Add(PipelineDiagnostic.Error(
                    KubernetesCodes.ExportStepNotContainer,
                    step.Location,
                    $"step '{step.Id}' is a {KindName(step.Kind)} step: only container steps (run with image) can be exported",
                    "give the step an image, or export only container steps with --stage/--step"));
                continue;
            }

            if (ImageOf(pipeline, step, imageReferences, unpushed, diagnostics) is not { } image)
            {
                continue;
            }

            var shell = StepShell.Of(step);
            var container = new JobContainer(
                image,
                [shell.Program, .. shell.Arguments],
                [step.Command ?? ""],
                step.Env,
                step.Secrets.Names,
                PodContainer.WorkspacePath);
            var dependencies = selection.DependenciesOf(step.Id).Where(d => exported.ContainsKey(d.Id)).Select(d => exported[d.Id]).ToList();
            var entry = new ExportedStep(step, KubernetesNames.Object(KubernetesNames.Slug(pipeline.Name, 20), step.Id), container, dependencies);
            exported[step.Id] = entry;
            ordered.Add(entry);
        }

        diagnostics.ThrowIfErrors();
        return new ExportPlan(pipeline, ordered);
    }

    private static string? ImageOf(PipelineDefinition pipeline, StepDefinition step, IReadOnlyDictionary<string, string> imageReferences, HashSet<string> unpushed, DiagnosticBag diagnostics)
    {
        var name = step.Image ?? "";
        if (imageReferences.TryGetValue(name, out var given))
        {
            return given;
        }

        var defined = pipeline.Images.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal));
        if (defined is null)
        {
            return name;
        }

        if (defined.Reference is { } reference)
        {
            return reference;
        }

        if (!unpushed.Add(name))
        {
            return null;
        }

        diagnostics.Add(PipelineDiagnostic.Error(
            KubernetesCodes.ImageNotPushed,
            step.Location,
            $"step '{step.Id}' runs in image '{name}', which is built from '{defined.BuildContext}' on this machine: a cluster cannot pull it",
            $"push it to a registry and pass --image {name}=registry.example.com/{name}@sha256:…"));
        return null;
    }

    private static void CheckOverrides(PipelineDefinition pipeline, IReadOnlyDictionary<string, string> imageReferences, DiagnosticBag diagnostics)
    {
        foreach (var name in imageReferences.Keys.Order(StringComparer.Ordinal))
        {
            if (!pipeline.Images.Any(i => string.Equals(i.Name, name, StringComparison.Ordinal)))
            {
                diagnostics.Add(PipelineDiagnostic.Error(
                    KubernetesCodes.BadImageOverride,
                    SourceLocation.None(pipeline.FilePath),
                    $"--image names '{name}', which is not an image under images:",
                    $"use one of: {string.Join(", ", pipeline.Images.Select(i => i.Name))}"));
            }
        }
    }

    private static string KindName(StepKind kind) => kind switch
    {
        StepKind.Host => "host",
        StepKind.Task => ".NET task",
        StepKind.Notebook => "notebook",
        _ => "container",
    };
}
