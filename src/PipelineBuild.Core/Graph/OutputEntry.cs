using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Graph;

/// <summary>One declared output with its normalized path and the index of its step in file order.</summary>
internal readonly record struct OutputEntry(int Step, string Path, OutputSpec Spec);
