using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Tests.Workspace;

/// <summary>
/// A theory about folder listings read with <c>getdents64</c>: skipped, with the reason, where the tool lists folders
/// through .NET instead (not Linux, or a 32-bit process), since what it checks does not exist there.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FolderEntriesTheoryAttribute : TheoryAttribute
{
    public FolderEntriesTheoryAttribute()
    {
        if (!LinuxFolderEntries.IsSupported)
        {
            Skip = "folder listings are read with getdents64 only on 64-bit Linux";
        }
    }
}
