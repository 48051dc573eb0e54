using System.Runtime.InteropServices;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>The libc calls behind <see cref="SpawnedProcess"/> (glibc ≥ 2.29 for addchdir_np).</summary>
internal static unsafe partial class PosixSpawnInterop
{
    public const int SpawnSetSignalDefaults = 0x04;
    public const int SpawnSetSignalMask = 0x08;
    public const int SpawnSetSid = 0x80;
    public const int CloseOnExec = 0x80000;
    public const int ReadOnly = 0;
    public const int Interrupted = 4;
    public const int NoChild = 10;
    public const int Executable = 1;
    public const int SeekCurrent = 1;
    public const int SetStatusFlags = 4;

    /// <summary>Generous sizes for glibc's opaque structs (80, 336 and 128 bytes on x86-64 and arm64).</summary>
    public const int FileActionsSize = 512;
    public const int AttributesSize = 1024;
    public const int SignalSetSize = 256;

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int FileActionsInit(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int FileActionsDestroy(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int FileActionsAddDup2(void* actions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    public static partial int FileActionsAddOpen(void* actions, int fd, byte* path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FileActionsAddChdir(void* actions, string path);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    public static partial int AttributesInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    public static partial int AttributesDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    public static partial int AttributesSetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int AttributesSetSignalDefaults(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int AttributesSetSignalMask(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "sigfillset")]
    public static partial int SignalSetFill(void* set);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    public static partial int SignalSetEmpty(void* set);

    [LibraryImport("libc", EntryPoint = "posix_spawnp")]
    public static partial int SpawnP(int* pid, byte* file, void* actions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    public static partial int SpawnExact(int* pid, byte* path, void* actions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Access(string path, int mode);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    public static partial long Seek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int FileControl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe2(int* fds, int flags);

    /// <summary>The one <c>close</c> declaration of Core (<see cref="LinuxDescriptors"/>).</summary>
    public static int Close(int fd) => LinuxDescriptors.Close(fd);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    public static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "strerror")]
    public static partial IntPtr StrError(int error);

    public static string Describe(int error) => Marshal.PtrToStringUTF8(StrError(error)) ?? $"error {error}";
}
