using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Loading;

/// <summary>The loaded pipeline, or null when any error was found; every diagnostic either way.</summary>
public sealed record LoadResult(PipelineDefinition? Pipeline, IReadOnlyList<PipelineDiagnostic> Diagnostics)
{
    public bool Succeeded => Pipeline is not null;

    /// <summary>True when the definition came from the definition cache instead of the files (<see cref="Definitions.DefinitionCache"/>).</summary>
    public bool FromCache { get; init; }
}
