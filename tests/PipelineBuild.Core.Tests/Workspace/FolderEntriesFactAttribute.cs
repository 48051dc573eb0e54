using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Tests.Workspace;

/// <summary>
/// A test of folder listings read with <c>getdents64</c>: skipped, with the reason, where the tool lists folders
/// through .NET instead (not Linux, or a 32-bit process), since what it checks does not exist there.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FolderEntriesFactAttribute : FactAttribute
{
    /// <summary>Why such a test cannot run here; null where it can (also for <see cref="FolderEntriesTheoryAttribute"/>).</summary>
    internal static string? Unsupported => LinuxFolderEntries.IsSupported ? null : "folder listings are read with getdents64 only on 64-bit Linux";

    public FolderEntriesFactAttribute() => Skip = Unsupported;
}
