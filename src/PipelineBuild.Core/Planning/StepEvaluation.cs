using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Planning;

/// <summary>A step's decision with everything it was made from, kept to record the run afterwards.</summary>
public sealed record StepEvaluation(
    StepDefinition Step,
    StepDecision Decision,
    ActionKey Fingerprint,
    ContentDigest Definition,
    string? ImageId,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<ResolvedInput> Inputs,
    string? TaskAssemblyHash = null,
    string? Kernel = null);
