using PipelineBuild.Core.Model;
using PipelineBuild.Kubernetes.Jobs;

namespace PipelineBuild.Kubernetes.Export;

/// <summary>A step as exported: its object name, what its container runs, and the exported steps it waits for.</summary>
public sealed record ExportedStep(StepDefinition Step, string Name, JobContainer Container, IReadOnlyList<ExportedStep> Dependencies);
