using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Model;

/// <summary>The pipeline's <c>cache:</c> section: a remote cache URL (never credentials) and how to use it.</summary>
public sealed record CacheDefinition(string? Remote, RemoteCacheMode? Mode, SourceLocation Location);
