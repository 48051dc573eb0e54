using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace PipelineBuild.Core.Workspace.Watching;

/// <summary>
/// Which paths of a workspace changed since a token, learned from inotify instead of a stat per file (git's fsmonitor,
/// Bazel's <c>--watchfs</c>): the folders of each root asked about are watched, every event is numbered, and a question
/// is answered with the paths changed since the token under those roots, or "unknown" whenever the watches cannot
/// vouch for that: another instance's token, a root watched only now or lost since (deleted, moved, replaced, a link
/// under it, another device, the watch limit), a queue overflow, a file system inotify does not see every change of.
/// Not thread-safe: one caller at a time (the journal process serialises them).
/// </summary>
public sealed unsafe class ChangeJournal : IDisposable
{
    /// <summary>File systems whose every change passes through this kernel (statfs f_type): ext2/3/4, xfs, btrfs, tmpfs, overlayfs.</summary>
    private static readonly long[] LocalFileSystems = [0xEF53, 0x58465342, 0x9123683E, 0x01021994, 0x794C7630];

    /// <summary>Past this many changed paths remembered, the oldest knowledge is dropped: tokens before it get "unknown".</summary>
    private readonly int _maxRemembered;

    private readonly string _workspace;
    private readonly int _fd;
    private readonly Dictionary<int, Watch> _watches = [];
    private readonly Dictionary<string, Root> _roots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _changed = new(StringComparer.Ordinal);
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly List<FolderEntry> _entries = [];
    private long _sequence;
    private long _lostBefore;

    /// <param name="workspace">The workspace's full path: roots are relative to it.</param>
    public ChangeJournal(string workspace, int maxRemembered = 1 << 20)
    {
        _workspace = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspace));
        _maxRemembered = maxRemembered;
        _fd = InotifyInterop.Open();
        if (_fd < 0)
        {
            throw new IOException($"cannot create an inotify instance (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    public Guid Instance { get; } = Guid.NewGuid();

    /// <summary>The inotify descriptor, for a caller that waits until events are there to <see cref="Drain"/>.</summary>
    public int Descriptor => _fd;

    /// <summary>
    /// The paths changed under <paramref name="roots"/> (workspace-relative folders) since <paramref name="since"/>,
    /// a <see cref="JournalAnswer.Sequence"/> this instance gave. Pending events are read first: a change whose system
    /// call returned before this call is in the answer. A root not watched yet is watched now (the answer is then
    /// unknown, its sequence taken after the watches are in place).
    /// </summary>
    public JournalAnswer ChangesSince(Guid instance, long since, IReadOnlyList<string> roots)
    {
        Drain();
        var known = instance == Instance && since >= _lostBefore && since <= _sequence;
        foreach (var root in roots)
        {
            if (!IsRootPath(root))
            {
                known = false;
            }
            else if (!_roots.TryGetValue(root, out var state) || !StillWatched(root, state))
            {
                _roots.Remove(root);
                known = false;
                TryWatch(root);
            }
            else if (since < state.WatchedSince)
            {
                known = false;
            }
        }

        if (!known)
        {
            return new JournalAnswer(Instance, _sequence, null);
        }

        var changed = new List<string>();
        foreach (var (path, sequence) in _changed)
        {
            if (sequence > since && roots.Any(root => IsUnder(path, root)))
            {
                changed.Add(path);
            }
        }

        changed.Sort(StringComparer.Ordinal);
        return new JournalAnswer(Instance, _sequence, changed);
    }

    /// <summary>Reads and numbers every event the kernel holds for this instance now.</summary>
    public void Drain()
    {
        fixed (byte* buffer = _buffer)
        {
            while (true)
            {
                var read = InotifyInterop.Read(_fd, buffer, _buffer.Length);
                if (read < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == InotifyInterop.Interrupted)
                    {
                        continue;
                    }

                    if (errno == InotifyInterop.WouldBlock)
                    {
                        return;
                    }

                    // Any other failure: nothing it said since can be trusted.
                    _lostBefore = ++_sequence;
                    return;
                }

                Process(_buffer.AsSpan(0, (int)read));
            }
        }
    }

    /// <summary>Handles events as the kernel lays them out (<c>struct inotify_event</c>); tests pass their own (an overflow).</summary>
    internal void Process(ReadOnlySpan<byte> events)
    {
        var at = 0;
        while (events.Length - at >= 16)
        {
            var wd = MemoryMarshal.Read<int>(events[at..]);
            var mask = MemoryMarshal.Read<uint>(events[(at + 4)..]);
            var nameLength = (int)Math.Min(MemoryMarshal.Read<uint>(events[(at + 12)..]), (uint)(events.Length - at - 16));
            var name = events.Slice(at + 16, nameLength);
            var end = name.IndexOf((byte)0);
            Handle(wd, mask, end < 0 ? name : name[..end]);
            at += 16 + nameLength;
        }
    }

    public void Dispose() => _ = InotifyInterop.Close(_fd);

    private void Handle(int wd, uint mask, ReadOnlySpan<byte> name)
    {
        if ((mask & InotifyInterop.QueueOverflow) != 0)
        {
            _lostBefore = ++_sequence;
            return;
        }

        if (!_watches.TryGetValue(wd, out var watch))
        {
            return;
        }

        if ((mask & InotifyInterop.Ignored) != 0)
        {
            // The folder is gone or no longer watched: its parent's event names it; a root is lost.
            _watches.Remove(wd);
            ForgetRootsWatchedBy(wd);
            return;
        }

        if ((mask & (InotifyInterop.DeleteSelf | InotifyInterop.MoveSelf)) != 0)
        {
            ForgetRootsWatchedBy(wd);
            Record(watch.Path);
            return;
        }

        // A name that would not read back as itself (not UTF-8, not one path segment) changes its whole folder.
        var path = name.IsEmpty || !IsName(name) ? watch.Path : Join(watch.Path, System.Text.Encoding.UTF8.GetString(name));
        Record(path);
        if (path == watch.Path || (mask & (InotifyInterop.Create | InotifyInterop.MovedTo)) == 0)
        {
            return;
        }

        if ((mask & InotifyInterop.IsFolder) != 0)
        {
            // Watched from now on (a folder moved within gets its watches back, renamed); what landed in it before its
            // watch was added is covered by the folder's own change, recorded above.
            if (!WatchTree(path, watch.Device, out _))
            {
                ForgetRootsAround(path);
            }
        }
        else if (LinuxStat.KindOf(FullPath(path)) == FileKind.SymbolicLink)
        {
            // The tool follows a link that stays inside the workspace; a change of what it names raises no event here.
            ForgetRootsAround(path);
        }
    }

    private void Record(string path)
    {
        if (_changed.Count >= _maxRemembered && !_changed.ContainsKey(path))
        {
            _changed.Clear();
            _lostBefore = ++_sequence;
        }

        _changed[path] = ++_sequence;
    }

    private void TryWatch(string root)
    {
        var full = FullPath(root);
        if (!AncestorsAreFolders(root)
            || InotifyInterop.FileSystemType(full) is not { } type || !LocalFileSystems.Contains(type)
            || !LinuxStat.TryReadFolder(full, followLinks: false, out var stat)
            || !WatchTree(root, stat.Device, out var rootWatch))
        {
            return;
        }

        // A sequence of its own: a token given before the root was watched is before this one.
        _roots[root] = new Root(rootWatch, ++_sequence);
    }

    /// <summary>
    /// Watches <paramref name="folder"/> and every folder under it (each watched before it is listed, so a folder made
    /// meanwhile is either listed or reported); false when one of them cannot be vouched for.
    /// </summary>
    private bool WatchTree(string folder, ulong device, out int topWatch)
    {
        topWatch = -1;
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.TryPop(out var next))
        {
            var full = FullPath(next);
            var wd = InotifyInterop.AddWatch(_fd, full, InotifyInterop.WatchMask);
            if (wd < 0)
            {
                if (next != folder && Marshal.GetLastPInvokeError() is 2 or 20)
                {
                    continue; // gone (ENOENT) or replaced (ENOTDIR) since its parent was listed: the parent's event says so
                }

                return false;
            }

            _watches[wd] = new Watch(next, device);
            if (next == folder)
            {
                topWatch = wd;
            }

            if (!LinuxStat.TryReadFolder(full, followLinks: false, out var stat) || stat.Device != device)
            {
                return false;
            }

            _entries.Clear();
            try
            {
                LinuxFolderEntries.Read(full, next.Length == 0 ? string.Empty : next + "/", _entries);
            }
            catch (DirectoryNotFoundException) when (next != folder)
            {
                continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }

            foreach (var (relative, kind) in _entries)
            {
                if (kind == FileKind.SymbolicLink || relative.Contains('\uFFFD', StringComparison.Ordinal))
                {
                    return false;
                }

                if (kind == FileKind.Directory)
                {
                    pending.Push(relative);
                }
            }
        }

        return true;
    }

    /// <summary>The root's watch is still on the folder at its path (the same descriptor comes back), no link on the way.</summary>
    private bool StillWatched(string root, Root state) =>
        AncestorsAreFolders(root) && InotifyInterop.AddWatch(_fd, FullPath(root), InotifyInterop.WatchMask) == state.Watch;

    /// <summary>Every folder between the workspace and <paramref name="root"/> is a folder, not a link (lstat).</summary>
    private bool AncestorsAreFolders(string root)
    {
        for (var slash = root.IndexOf('/'); slash > 0; slash = root.IndexOf('/', slash + 1))
        {
            if (LinuxStat.KindOf(FullPath(root[..slash])) != FileKind.Directory)
            {
                return false;
            }
        }

        return true;
    }

    private void ForgetRootsWatchedBy(int wd)
    {
        foreach (var (root, state) in _roots)
        {
            if (state.Watch == wd)
            {
                _roots.Remove(root);
            }
        }
    }

    private void ForgetRootsAround(string path)
    {
        foreach (var root in _roots.Keys)
        {
            if (IsUnder(path, root) || IsUnder(root, path))
            {
                _roots.Remove(root);
            }
        }
    }

    private string FullPath(string relative) => relative.Length == 0 ? _workspace : _workspace + "/" + relative;

    private static string Join(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies under it ("" is the workspace).</summary>
    internal static bool IsUnder(string path, string folder) =>
        folder.Length == 0
        || (path.StartsWith(folder, StringComparison.Ordinal) && (path.Length == folder.Length || path[folder.Length] == '/'));

    /// <summary>"" or names joined by <c>/</c>: nothing absolute, no <c>.</c> or <c>..</c>, no empty name.</summary>
    internal static bool IsRootPath(string root) =>
        root.Length == 0 || root.Split('/').All(name => name.Length > 0 && name != "." && name != ".." && !name.Contains('\0', StringComparison.Ordinal));

    private static bool IsName(ReadOnlySpan<byte> name) =>
        !name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8) && name.IndexOf((byte)'/') < 0 && Utf8.IsValid(name);

    private sealed record Watch(string Path, ulong Device);

    private sealed record Root(int Watch, long WatchedSince);
}
