using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Artifacts;

/// <summary>
/// A step that made an artifact, as its lock entry recorded it: fingerprint, image id, params and
/// the digests of its inputs and outputs (folders end with <c>/</c> and stand for their listing).
/// </summary>
public sealed record StepLineage(
    string Id,
    string Fingerprint,
    string? Image,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, ContentDigest> Inputs,
    IReadOnlyDictionary<string, ContentDigest> Outputs);
