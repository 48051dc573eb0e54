namespace PipelineBuild.Core.Workspace;

/// <summary>
/// A folder opened with <c>O_PATH</c> (no read permission needed, nothing read): a handle that paths can be
/// resolved relative to, so the kernel walks the folder's own path once instead of once per file in it.
/// </summary>
internal static class LinuxFolder
{
    /// <summary>
    /// The descriptor of the folder at a NUL-terminated UTF-8 path, resolved as any path is (links followed), or -1
    /// when it cannot be opened (missing, not a folder, no permission, no descriptors left).
    /// </summary>
    public static int Open(ReadOnlySpan<byte> nulTerminatedPath) =>
        LinuxDescriptors.Open(nulTerminatedPath, LinuxDescriptors.PathOnly | LinuxDescriptors.Directory | LinuxDescriptors.CloseOnExec);

    public static void Close(int fd) => _ = LinuxDescriptors.Close(fd);
}
