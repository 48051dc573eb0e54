using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Loading;

/// <summary>One matrix cell of a draft between the two expansion passes: env and outputs are known.</summary>
internal sealed record StepCell(
    StepDraft Draft,
    string Id,
    IReadOnlyList<KeyValuePair<string, string>> Matrix,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<OutputSpec> Outputs,
    ExpansionScope FirstScope);
