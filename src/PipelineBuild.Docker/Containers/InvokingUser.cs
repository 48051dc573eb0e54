using System.Runtime.InteropServices;

namespace PipelineBuild.Docker.Containers;

/// <summary>The uid:gid of the user running the tool: containers run as it, so that outputs are not owned by root.</summary>
internal static partial class InvokingUser
{
    public static bool IsRoot => OperatingSystem.IsWindows() || GetUid() == 0;

    public static string UidGid() => OperatingSystem.IsWindows() ? "" : $"{GetUid()}:{GetGid()}";

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "getgid")]
    private static partial uint GetGid();
}
