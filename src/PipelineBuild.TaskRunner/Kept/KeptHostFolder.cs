namespace PipelineBuild.TaskRunner.Kept;

/// <summary>
/// The per-user folder of kept task hosts' sockets and slot locks: <c>$XDG_RUNTIME_DIR/pipelinebuild</c>, else
/// <c>/tmp/pipelinebuild-&lt;uid&gt;</c>. Made mode 0700; used only while it is a real folder (not a link), ours, and
/// mode 0700 — anyone else could connect to a host there, or plant a socket of their own (a hostile /tmp).
/// </summary>
internal static class KeptHostFolder
{
    /// <summary>sun_path holds 108 bytes with its NUL; a socket is named by 16 + 1 + 32 characters and <c>.N</c>.</summary>
    private const int MaxSocketPath = 107;
    private const int LongestName = 16 + 1 + 32 + 3;
    private const ushort TypeMask = 0xF000;
    private const ushort FolderType = 0x4000;

    /// <summary>The folder to use, or null (with why) when kept hosts must not be used.</summary>
    public static string? Find(string? runtimeFolder, out string? whyNot)
    {
        var uid = KeptHostInterop.EffectiveUserId();
        var folder = PathFor(runtimeFolder, uid);
        if (System.Text.Encoding.UTF8.GetByteCount(folder) + 1 + LongestName > MaxSocketPath)
        {
            whyNot = $"{folder}: too long a path for a socket";
            return null;
        }

        // mkdir never follows a link at the name and keeps what exists; the check that follows decides.
        _ = KeptHostInterop.MakeFolder(folder, 0x1C0);
        if (Usable(folder, uid))
        {
            whyNot = null;
            return folder;
        }

        whyNot = $"{folder} is not a folder of this user's with mode 0700";
        return null;
    }

    /// <summary>The folder when it exists and may be used; nothing is made (for stopping the hosts in it).</summary>
    public static string? Existing(string? runtimeFolder)
    {
        var uid = KeptHostInterop.EffectiveUserId();
        var folder = PathFor(runtimeFolder, uid);
        return Usable(folder, uid) ? folder : null;
    }

    // XDG_RUNTIME_DIR when it is usable; then only its folder: a hostile one there means no kept hosts, not another place.
    private static string PathFor(string? runtimeFolder, uint uid) =>
        runtimeFolder is { Length: > 0 } runtime && Path.IsPathFullyQualified(runtime) && Usable(runtime, uid)
            ? Path.Combine(runtime, "pipelinebuild")
            : $"/tmp/pipelinebuild-{uid}";

    /// <summary>A real folder (lstat: not a link), owned by <paramref name="uid"/>, mode exactly 0700.</summary>
    internal static bool Usable(string folder, uint uid) =>
        KeptHostInterop.TryLstat(folder, out var owner, out var mode)
        && (mode & TypeMask) == FolderType
        && owner == uid
        && (mode & 0xFFF) == 0x1C0;
}
