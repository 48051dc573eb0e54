namespace PipelineBuild.Core.Tests.Workspace;

/// <summary>A theory about folder listings read with <c>getdents64</c>, skipped as <see cref="FolderEntriesFactAttribute"/> is.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FolderEntriesTheoryAttribute : TheoryAttribute
{
    public FolderEntriesTheoryAttribute() => Skip = FolderEntriesFactAttribute.Unsupported;
}
