using System.Text;
using k8s.Models;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Kubernetes.Argo;
using PipelineBuild.Kubernetes.Jobs;
using PipelineBuild.Kubernetes.Manifests;

namespace PipelineBuild.Kubernetes.Export;

/// <summary>
/// An export as one Argo Workflow: a DAG template (the entrypoint) with one task per step and its
/// dependencies from the step graph, one container template per step (the same image and command as a
/// container run), the pipeline's params as workflow parameters, each step given those it uses as inputs,
/// which reach its container as <c>PIPELINEBUILD_PARAM_&lt;NAME&gt;</c> variables (data, never shell code).
/// </summary>
public static class ArgoWorkflowBuilder
{
    public const string DagTemplate = "pipeline";
    public const string ParamVariablePrefix = "PIPELINEBUILD_PARAM_";

    public static ArgoWorkflow Build(ExportPlan plan, KubernetesSettings settings)
    {
        var pipeline = plan.Pipeline;
        RefuseTemplateSyntax(plan);
        var parameters = ParameterNames(pipeline);
        var templates = new List<ArgoTemplate>
        {
            new()
            {
                Name = DagTemplate,
                Dag = new ArgoDagTemplate { Tasks = [.. plan.Steps.Select(s => Task(s, parameters))] },
            },
        };
        templates.AddRange(plan.Steps.Select(s => Template(s, parameters, settings)));
        return new ArgoWorkflow
        {
            Metadata = new V1ObjectMeta
            {
                GenerateName = $"{KubernetesNames.Slug(pipeline.Name, 40)}-",
                NamespaceProperty = settings.Namespace,
                Labels = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [JobLabels.ManagedBy] = JobLabels.ManagedByValue,
                    [JobLabels.Pipeline] = KubernetesNames.LabelValue(pipeline.Name),
                },
            },
            Spec = new ArgoWorkflowSpec
            {
                Entrypoint = DagTemplate,
                Arguments = parameters.Count == 0 ? null : new ArgoParameters
                {
                    Parameters = [.. parameters.Select(p => new ArgoParameter { Name = p.Value, Value = pipeline.Params.Find(p.Key)?.ToExpansionText() ?? "" })],
                },
                Templates = templates,
                ServiceAccountName = settings.ServiceAccount,
                ImagePullSecrets = settings.ImagePullSecrets.Count == 0 ? null : settings.ImagePullSecrets.Select(s => new V1LocalObjectReference { Name = s }).ToList(),
                NodeSelector = settings.NodeSelector.Count == 0 ? null : new Dictionary<string, string>(settings.NodeSelector, StringComparer.Ordinal),
                Tolerations = settings.Tolerations.Count == 0 ? null : [.. settings.Tolerations],
                Volumes = PodContainer.Volumes(settings),
            },
        };
    }

    /// <summary>
    /// Each param's Argo name: dots become <c>_</c> (Argo takes <c>[-a-zA-Z0-9_]</c>); two params that would
    /// share a name are refused rather than one silently shadowing the other.
    /// </summary>
    public static SortedDictionary<string, string> ParameterNames(PipelineDefinition pipeline)
    {
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var param in pipeline.Params.LeafNames())
        {
            var name = ArgoName(param);
            if (owners.TryGetValue(name, out var other))
            {
                throw new PipelineException(PipelineDiagnostic.Error(
                    KubernetesCodes.ParamNameClash,
                    SourceLocation.None(pipeline.FilePath),
                    $"params '{other}' and '{param}' would both be the Argo parameter '{name}'",
                    "rename one of them"));
            }

            owners[name] = param;
            names[param] = name;
        }

        return names;
    }

    /// <summary>
    /// Argo replaces <c>{{…}}</c> anywhere in a template, with no way to escape it: a value holding it would
    /// be rewritten (or read another parameter), so it is refused, every occurrence at once.
    /// </summary>
    private static void RefuseTemplateSyntax(ExportPlan plan)
    {
        var diagnostics = new DiagnosticBag();
        foreach (var param in plan.Pipeline.Params.LeafNames())
        {
            if (plan.Pipeline.Params.Find(param)?.ToExpansionText().Contains("{{", StringComparison.Ordinal) == true)
            {
                diagnostics.Error(KubernetesCodes.ArgoTemplateSyntax, SourceLocation.None(plan.Pipeline.FilePath), $"param '{param}' holds '{{{{', which Argo would replace", "change the value, or export --format kubernetes");
            }
        }

        foreach (var step in plan.Steps)
        {
            var values = step.Container.Arguments.Concat(step.Container.Command).Concat(step.Container.Environment.Values).Append(step.Container.Image);
            if (values.Any(v => v.Contains("{{", StringComparison.Ordinal)))
            {
                diagnostics.Error(KubernetesCodes.ArgoTemplateSyntax, step.Step.Location, $"step '{step.Step.Id}' has '{{{{' in its command, env or image, which Argo would replace", "write it another way (e.g. '{ {'), or export --format kubernetes");
            }
        }

        diagnostics.ThrowIfErrors();
    }

    private static ArgoDagTask Task(ExportedStep step, SortedDictionary<string, string> parameters)
    {
        var used = UsedParameters(step, parameters);
        return new ArgoDagTask
        {
            Name = step.Name,
            Template = step.Name,
            Dependencies = step.Dependencies.Count == 0 ? null : [.. step.Dependencies.Select(d => d.Name)],
            Arguments = used.Count == 0 ? null : new ArgoParameters
            {
                Parameters = [.. used.Select(p => new ArgoParameter { Name = p, Value = $"{{{{workflow.parameters.{p}}}}}" })],
            },
        };
    }

    private static ArgoTemplate Template(ExportedStep step, SortedDictionary<string, string> parameters, KubernetesSettings settings)
    {
        var used = UsedParameters(step, parameters);
        var paramEnvironment = used.Select(p => new V1EnvVar { Name = ParamVariablePrefix + p.ToUpperInvariant().Replace('-', '_'), Value = $"{{{{inputs.parameters.{p}}}}}" });
        return new ArgoTemplate
        {
            Name = step.Name,
            Inputs = used.Count == 0 ? null : new ArgoParameters { Parameters = [.. used.Select(p => new ArgoParameter { Name = p })] },
            Container = PodContainer.Create(step.Step, step.Container, settings, paramEnvironment),
            RetryStrategy = step.Step.Retries > 0 ? new ArgoRetryStrategy { Limit = step.Step.Retries } : null,
            ActiveDeadlineSeconds = step.Step.Timeout is { } timeout ? (int)Math.Ceiling(timeout.TotalSeconds) : null,
        };
    }

    private static List<string> UsedParameters(ExportedStep step, SortedDictionary<string, string> parameters) =>
        [.. step.Step.Params.Where(parameters.ContainsKey).Select(p => parameters[p]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static string ArgoName(string param)
    {
        var builder = new StringBuilder(param.Length);
        foreach (var c in param)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return builder.ToString();
    }
}
