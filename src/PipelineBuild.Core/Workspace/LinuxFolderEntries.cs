using System.Runtime.InteropServices;
using System.Text;

namespace PipelineBuild.Core.Workspace;

/// <summary>
/// Lists one folder with readdir(3), 64-bit Linux: the kernel's d_type tells files, folders and links apart in the
/// same pass (.NET's enumeration exposes a link only by skipping it). Hand-written: no .NET API gives both.
/// </summary>
internal static unsafe partial class LinuxFolderEntries
{
    private const byte TypeUnknown = 0;
    private const byte TypeDirectory = 4;
    private const byte TypeRegular = 8;
    private const byte TypeLink = 10;

    // struct dirent on 64-bit glibc and musl: d_ino u64, d_off i64, d_reclen u16, d_type u8, d_name char[256].
    private const int RecordLengthOffset = 16;
    private const int TypeOffset = 18;
    private const int NameOffset = 19;

    private const int ENOENT = 2;
    private const int EPERM = 1;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;

    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>
    /// Adds the entries of <paramref name="fullFolder"/> (not <c>.</c> and <c>..</c>) to <paramref name="entries"/>,
    /// each named <paramref name="prefix"/> + its name. An entry of unknown type (some file systems) is lstat'ed.
    /// </summary>
    public static void Read(string fullFolder, string prefix, List<FolderEntry> entries) => Read(fullFolder, prefix, entries, out _);

    /// <summary>
    /// The same, and the stat of the folder opened (null if it could not be taken), taken before its entries are read:
    /// a change made while they are read changes the folder's stat after this one.
    /// </summary>
    public static void Read(string fullFolder, string prefix, List<FolderEntry> entries, out FolderStat? opened)
    {
        var folder = OpenDir(fullFolder);
        if (folder == 0)
        {
            throw ErrorFor(Marshal.GetLastPInvokeError(), fullFolder);
        }

        try
        {
            opened = LinuxStat.TryReadFolderHandle(DirFd(folder), out var stat) ? stat : null;
            while (true)
            {
                var entry = ReadDir(folder);
                if (entry == null)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != 0)
                    {
                        throw ErrorFor(errno, fullFolder);
                    }

                    return;
                }

                // Bounded by the record's length: the name is NUL-padded within it, never read past it.
                var name = new ReadOnlySpan<byte>(entry + NameOffset, *(ushort*)(entry + RecordLengthOffset) - NameOffset);
                name = name[..name.IndexOf((byte)0)];
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                {
                    continue;
                }

                var relative = Concat(prefix, name);
                entries.Add(new FolderEntry(relative, KindOf(entry[TypeOffset], fullFolder, relative.AsSpan(prefix.Length))));
            }
        }
        finally
        {
            _ = CloseDir(folder);
        }
    }

    private static FileKind KindOf(byte type, string fullFolder, ReadOnlySpan<char> name) => type switch
    {
        TypeRegular => FileKind.RegularFile,
        TypeDirectory => FileKind.Directory,
        TypeLink => FileKind.SymbolicLink,
        TypeUnknown => LinuxStat.KindOf(string.Concat(fullFolder, "/", name)) switch
        {
            FileKind.Missing => FileKind.RegularFile, // gone since it was listed: listed as a file, as .NET's enumeration does
            var kind => kind,
        },
        _ => FileKind.Special,
    };

    /// <summary><paramref name="prefix"/> and a UTF-8 name as one string, without a string for the name alone.</summary>
    internal static string Concat(string prefix, ReadOnlySpan<byte> name)
    {
        fixed (byte* bytes = name)
        {
            var state = (Prefix: prefix, Name: (nint)bytes, NameLength: name.Length);
            return string.Create(prefix.Length + Encoding.UTF8.GetCharCount(name), state, static (chars, s) =>
            {
                s.Prefix.CopyTo(chars);
                Encoding.UTF8.GetChars(new ReadOnlySpan<byte>((byte*)s.Name, s.NameLength), chars[s.Prefix.Length..]);
            });
        }
    }

    /// <summary>The exception .NET's own enumeration throws for the same error.</summary>
    private static Exception ErrorFor(int errno, string fullFolder) => errno switch
    {
        ENOENT or ENOTDIR => new DirectoryNotFoundException($"Could not find a part of the path '{fullFolder}'."),
        EACCES or EPERM => new UnauthorizedAccessException($"Access to the path '{fullFolder}' is denied."),
        _ => new IOException($"{Marshal.GetPInvokeErrorMessage(errno)} : '{fullFolder}'", errno),
    };

    [LibraryImport("libc", EntryPoint = "opendir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint OpenDir(string path);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial byte* ReadDir(nint folder);

    [LibraryImport("libc", EntryPoint = "dirfd")]
    private static partial int DirFd(nint folder);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(nint folder);
}
