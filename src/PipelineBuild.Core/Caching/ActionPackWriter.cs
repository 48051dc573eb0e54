using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Caching;

/// <summary>
/// This process's own pack in <c>ac/packs/</c>, made at its first entry (a run that stores nothing leaves no file):
/// one new file a run instead of one per step. Held open until disposed; on Linux .NET holds a shared <c>flock</c> on it
/// for as long, which is how <see cref="ActionPacks"/> tells a live writer's pack from a finished one.
/// </summary>
internal sealed class ActionPackWriter : IDisposable
{
    private readonly string _folder;
    private readonly Lock _gate = new();
    private FileStream? _stream;
    private bool _closed;

    public ActionPackWriter(string folder)
    {
        _folder = folder;
    }

    public string? Path => _stream?.Name;

    /// <summary>Appends one record with one unbuffered write: a crash tears at most this record, which readers then skip.</summary>
    public void Append(ActionKey key, ReadOnlySpan<byte> json)
    {
        var record = ActionPackFormat.Record(key, json);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _stream ??= Create();
            _stream.Write(record);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            _stream?.Dispose();
        }
    }

    private FileStream Create()
    {
        ShardFolders.Ensure(_folder);
        var path = System.IO.Path.Combine(_folder, $"{Environment.ProcessId}.{Guid.NewGuid():N}{ActionPacks.Extension}");

        // CreateNew: never opens what is already there (a planted link included). FileShare.Read: readers may read it
        // meanwhile, and on Linux the shared lock it takes keeps a compaction from taking the pack while this run writes.
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        stream.Write(ActionPackFormat.Header);
        return stream;
    }
}
