using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Model;

/// <summary>An entry of <c>needs</c>: a stage name or a step id, resolved by the graph.</summary>
public sealed record NeedReference(string Target, SourceLocation Location);
