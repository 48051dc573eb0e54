using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Caching;

/// <summary>An action cache entry: a fingerprint and the outputs it produced.</summary>
public sealed record ActionEntry(ActionKey Key, IReadOnlyList<OutputRecord> Outputs);
