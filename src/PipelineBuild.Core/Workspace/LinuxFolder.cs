using System.Runtime.InteropServices;

namespace PipelineBuild.Core.Workspace;

/// <summary>
/// A folder opened with <c>O_PATH</c> (no read permission needed, nothing read): a handle that paths can be
/// resolved relative to, so the kernel walks the folder's own path once instead of once per file in it.
/// </summary>
internal static partial class LinuxFolder
{
    private const int OPath = 0x200000;
    private const int OCloexec = 0x80000;

    // O_DIRECTORY differs between architectures (asm-generic vs arm's own).
    private static int ODirectory =>
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    /// <summary>
    /// The descriptor of the folder at a NUL-terminated UTF-8 path, resolved as any path is (links followed), or -1
    /// when it cannot be opened (missing, not a folder, no permission, no descriptors left).
    /// </summary>
    public static int Open(ReadOnlySpan<byte> nulTerminatedPath)
    {
        if (nulTerminatedPath.IsEmpty || nulTerminatedPath[^1] != 0)
        {
            throw new ArgumentException("the path must end with NUL", nameof(nulTerminatedPath));
        }

        return OpenNative(ref MemoryMarshal.GetReference(nulTerminatedPath), OPath | ODirectory | OCloexec);
    }

    public static void Close(int fd) => _ = CloseNative(fd);

    [LibraryImport("libc", EntryPoint = "open")]
    private static partial int OpenNative(ref byte path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseNative(int fd);
}
