namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// Programs joined by pipes, started without a shell as <c>bash -o pipefail</c> would start them: the first reads
/// <paramref name="Input"/> (null: /dev/null), the last writes <paramref name="Output"/> (null: the step's stdout),
/// truncated or appended to; <paramref name="Process"/> gives the folder, environment and record folder of them all.
/// </summary>
internal sealed record PipelineSpec(ProcessSpec Process, IReadOnlyList<IReadOnlyList<string>> Members, string? Input, string? Output, bool Appends);
