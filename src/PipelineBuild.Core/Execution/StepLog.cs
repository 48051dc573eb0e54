using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// A step's output: every line goes to its log file (<c>.pipeline/logs/&lt;run&gt;/&lt;step&gt;.log</c>) and to
/// the live console; the last lines of stderr are kept for the failure summary. The file is created with the
/// first line, so a step that writes nothing leaves no file (for many small quiet steps, one file fewer each).
/// </summary>
public sealed class StepLog : IDisposable
{
    private const int TailLines = 20;
    private readonly Action<string, bool> _live;
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();
    private StreamWriter? _file;
    private bool _unwritable;
    private bool _disposed;

    public StepLog(string path, Action<string, bool> live)
    {
        Path = path;
        _live = live;
    }

    /// <summary>Where the log is written once the step writes a line.</summary>
    public string Path { get; }

    /// <summary>The log file, or null when the step wrote nothing (or the file could not be written).</summary>
    public string? WrittenPath
    {
        get
        {
            lock (_gate)
            {
                return _file is null ? null : Path;
            }
        }
    }

    public void Write(string line, bool isError)
    {
        lock (_gate)
        {
            File()?.WriteLine(line);
            if (isError)
            {
                _tail.Enqueue(line);
                if (_tail.Count > TailLines)
                {
                    _tail.Dequeue();
                }
            }
        }

        _live(line, isError);
    }

    /// <summary>A line for the log file only (what ran where), not the console.</summary>
    public void Note(string line)
    {
        lock (_gate)
        {
            File()?.WriteLine(line);
        }
    }

    /// <summary>The last lines the step wrote to stderr.</summary>
    public IReadOnlyList<string> ErrorTail()
    {
        lock (_gate)
        {
            return _tail.ToArray();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _file?.Dispose();
        }
    }

    /// <summary>The open file; null after <see cref="Dispose"/> or when it cannot be written (the console and the tail still get every line).</summary>
    private StreamWriter? File()
    {
        if (_file is not null || _disposed || _unwritable)
        {
            return _file;
        }

        try
        {
            _file = new StreamWriter(Open(Path)) { AutoFlush = true };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _unwritable = true;
        }

        return _file;
    }

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }
        catch (IOException e) when (OpenFailure.FolderWasMissing(e))
        {
            // The run's log folder is made by the first step that writes a line.
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }
    }
}
