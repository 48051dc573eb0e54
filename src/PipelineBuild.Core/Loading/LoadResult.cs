using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Loading;

/// <summary>The loaded pipeline, or null when any error was found; every diagnostic either way.</summary>
public sealed record LoadResult(PipelineDefinition? Pipeline, IReadOnlyList<PipelineDiagnostic> Diagnostics)
{
    public bool Succeeded => Pipeline is not null;

    /// <summary>True when the definition came from the definition cache (<c>Definitions.DefinitionCache</c>) instead of the files.</summary>
    public bool FromCache { get; init; }
}
