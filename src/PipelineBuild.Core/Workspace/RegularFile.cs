using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PipelineBuild.Core.Workspace;

/// <summary>
/// Opens state files (cache objects, action entries) only when they are regular files themselves.
/// A FIFO put in their place would block <c>open</c> forever (and the run with it, deaf to SIGTERM);
/// a symlink would read whatever it points to. On Linux the open itself refuses both
/// (<c>O_NOFOLLOW | O_NONBLOCK</c>) and the opened handle is checked again, so no swap in between helps.
/// </summary>
public static partial class RegularFile
{
    private const int OwnerReadWrite = 0x180;
    private const int ReadWriteForAll = 0x1b6;
    private const int NoSuchEntry = 2;
    private const int ReadOnlyForAll = 0x124;
    private const int CurrentFolder = -100;
    private const uint NoReplace = 1;

    /// <summary>A read stream, or null when the path is missing or is not a regular file.</summary>
    public static FileStream? TryOpenRead(string path)
    {
        if (FileKinds.Of(path) != FileKind.RegularFile)
        {
            return null;
        }

        if (!OperatingSystem.IsLinux())
        {
            return TryOpenPortable(path);
        }

        return StreamOfRegular(OpenDescriptor(path, followLinks: false), FileAccess.Read);
    }

    /// <summary>
    /// Linux: a read-only descriptor of <paramref name="path"/>, or -1 (errno in <see cref="Marshal.GetLastPInvokeError"/>).
    /// Opened without blocking, so a FIFO in a file's place opens at once instead of waiting for a writer (the caller
    /// checks the descriptor's kind). State files are opened with <paramref name="followLinks"/> false (a link is
    /// refused); workspace inputs follow their in-workspace links, which the link guard has checked.
    /// </summary>
    internal static int OpenDescriptor(string path, bool followLinks) =>
        LinuxDescriptors.Open(path, LinuxDescriptors.ReadOnly | LinuxDescriptors.NonBlocking | LinuxDescriptors.CloseOnExec | (followLinks ? 0 : LinuxDescriptors.NoFollow));

    /// <summary>The whole content of a small state file, or null when it is not a regular file (or longer than <paramref name="maxBytes"/>).</summary>
    public static byte[]? TryReadAllBytes(string path, long maxBytes)
    {
        using var stream = TryOpenRead(path);
        if (stream is null || stream.Length > maxBytes)
        {
            return null;
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// An unbuffered append stream to a state file this process writes (created 0600 if missing), or null when the path
    /// is a symlink, a FIFO or anything but a regular file: a planted link must never make the tool write through it.
    /// </summary>
    public static FileStream? TryOpenAppend(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return FileKinds.Of(path) is FileKind.RegularFile or FileKind.Missing
                ? new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0)
                : null;
        }

        const int Flags = LinuxDescriptors.WriteOnly | LinuxDescriptors.Create | LinuxDescriptors.Append | LinuxDescriptors.NonBlocking | LinuxDescriptors.CloseOnExec;
        return StreamOfRegular(LinuxDescriptors.Open(path, Flags | LinuxDescriptors.NoFollow, OwnerReadWrite), FileAccess.Write);
    }

    /// <summary>
    /// Linux: creates <paramref name="path"/> (it must not exist; a link in its place is refused, not followed) with
    /// <paramref name="content"/>, through a plain descriptor: no handle or stream object. Its folder is made when missing,
    /// as a <see cref="FileMode.CreateNew"/> stream's writers do. Mode 0666 less the umask, as .NET creates files, or
    /// exactly 0444 when <paramref name="readOnly"/> (set through the descriptor: no <c>chmod</c> by path afterwards).
    /// </summary>
    /// <exception cref="IOException">It exists or cannot be created or written.</exception>
    internal static void WriteNew(string path, ReadOnlySpan<byte> content, bool readOnly = false)
    {
        const int Flags = LinuxDescriptors.WriteOnly | LinuxDescriptors.Create | LinuxDescriptors.Exclusive | LinuxDescriptors.CloseOnExec;
        var fd = LinuxDescriptors.Open(path, Flags | LinuxDescriptors.NoFollow, ReadWriteForAll);
        if (fd < 0 && Marshal.GetLastPInvokeError() == NoSuchEntry)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            fd = LinuxDescriptors.Open(path, Flags | LinuxDescriptors.NoFollow, ReadWriteForAll);
        }

        if (fd < 0)
        {
            throw Failure("create", path);
        }

        var written = LinuxDescriptors.WriteAll(fd, content) && (!readOnly || ChangeMode(fd, ReadOnlyForAll) == 0);
        var error = Marshal.GetLastPInvokeError();
        _ = LinuxDescriptors.Close(fd);
        if (!written)
        {
            Marshal.SetLastPInvokeError(error);
            throw Failure("write", path);
        }
    }

    /// <summary>
    /// Linux: renames <paramref name="from"/> to <paramref name="to"/> in one call that never replaces what is at
    /// <paramref name="to"/> (<c>renameat2</c> with <c>RENAME_NOREPLACE</c>). False when that did not happen for any
    /// reason (it exists, the file system or C library lacks the call, …): the caller then takes its portable path,
    /// which says why.
    /// </summary>
    internal static bool TryRenameNew(string from, string to)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return RenameAt2(CurrentFolder, from, CurrentFolder, to, NoReplace) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static partial int ChangeMode(int fd, int mode);

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int fromFolder, string from, int toFolder, string to, uint flags);

    private static IOException Failure(string what, string path)
    {
        var error = Marshal.GetLastPInvokeError();
        return new IOException($"cannot {what} '{path}': {Marshal.GetPInvokeErrorMessage(error)}", error);
    }

    /// <summary>An unbuffered stream of an opened descriptor, or null when the open failed or what was opened is not a regular file (checked on the handle, so no swap after the open helps).</summary>
    private static FileStream? StreamOfRegular(int fd, FileAccess access)
    {
        if (fd < 0)
        {
            return null;
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (LinuxStat.KindOfHandle(fd) != FileKind.RegularFile)
        {
            handle.Dispose();
            return null;
        }

        return new FileStream(handle, access, bufferSize: 0);
    }

    private static FileStream? TryOpenPortable(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
