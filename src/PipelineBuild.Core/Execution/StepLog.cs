namespace PipelineBuild.Core.Execution;

/// <summary>
/// A step's output: every line goes to its log file (<c>.pipeline/logs/&lt;run&gt;/&lt;step&gt;.log</c>) and to
/// the live console; the last lines of stderr are kept for the failure summary.
/// </summary>
public sealed class StepLog : IDisposable
{
    private const int TailLines = 20;
    private readonly StreamWriter _file;
    private readonly Action<string, bool> _live;
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();

    public StepLog(string path, Action<string, bool> live)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        _live = live;
    }

    public void Write(string line, bool isError)
    {
        lock (_gate)
        {
            _file.WriteLine(line);
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
            _file.WriteLine(line);
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

    public void Dispose() => _file.Dispose();
}
