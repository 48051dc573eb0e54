using System.Globalization;
using System.Text;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// The one process record of this tool process in a workspace: <c>.pipeline/processes/run-&lt;tool pid&gt;</c>, a line
/// <c>+ &lt;group&gt; &lt;leader start time&gt;</c> when a step's process group starts and <c>- &lt;group&gt;</c> when it has
/// ended, appended to a file opened once. The file goes when the run has ended and no group it names is still
/// held; a file left behind is a killed run's, whose groups the next run stops (<see cref="ProcessGroupRecords"/>).
/// </summary>
internal sealed class RunProcessRecord
{
    public const string FilePrefix = "run-";
    private readonly string _folder;
    private readonly HashSet<int> _held = [];
    private readonly Lock _gate = new();
    private FileStream? _file;
    private bool _runEnded;

    public RunProcessRecord(string folder)
    {
        _folder = folder;
        Path = System.IO.Path.Combine(folder, FilePrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    }

    public string Path { get; }

    /// <summary>Whether this process has its file open now (a file of that name that is not open is a dead run's).</summary>
    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _file is not null;
            }
        }
    }

    public void Add(int group, ulong leaderStarted)
    {
        lock (_gate)
        {
            _runEnded = false;
            if (_held.Add(group))
            {
                Append(string.Create(CultureInfo.InvariantCulture, $"+ {group} {leaderStarted}\n"));
            }
        }
    }

    public void Remove(int group)
    {
        lock (_gate)
        {
            if (_held.Remove(group))
            {
                Append(string.Create(CultureInfo.InvariantCulture, $"- {group}\n"));
                CloseIfDone();
            }
        }
    }

    /// <summary>The run is over: the file goes now, or when the last group still held (a warm task host) has ended.</summary>
    public void EndRun()
    {
        lock (_gate)
        {
            _runEnded = true;
            CloseIfDone();
        }
    }

    private void Append(string line)
    {
        try
        {
            _file ??= Open();
            _file.Write(Encoding.ASCII.GetBytes(line));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the watcher still stops the group if the tool dies.
        }
    }

    private FileStream Open()
    {
        if (FileKinds.Of(_folder) == FileKind.Missing)
        {
            Directory.CreateDirectory(_folder);
        }

        // Nor is a link planted in the folder's place: the record would land wherever it points.
        if (FileKinds.Of(_folder) != FileKind.Directory)
        {
            throw new IOException($"{_folder} is not a folder; the process record is not kept");
        }

        // Unbuffered and appending: each line is one write(2), whole in the file even if the tool is killed after it.
        // A symlink planted at the record's path is never written through (the watcher still guards the groups).
        return RegularFile.TryOpenAppend(Path) ?? throw new IOException($"{Path} is not a regular file; the process record is not kept");
    }

    private void CloseIfDone()
    {
        if (!_runEnded || _held.Count > 0 || _file is null)
        {
            return;
        }

        _file.Dispose();
        _file = null;
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A record naming no held group is harmless: the next run finds nothing of it alive.
        }
    }
}
