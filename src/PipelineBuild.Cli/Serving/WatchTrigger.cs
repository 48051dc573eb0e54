using Microsoft.Extensions.FileSystemGlobbing;

namespace PipelineBuild.Cli.Serving;

/// <summary>
/// Requests a run when files matching the <c>watch:</c> globs change, once they have been quiet for the
/// debounce time (a copy of many files is one run). Changes inside <c>.pipeline/</c>, <c>.git/</c> and the
/// outputs of the pipeline's own steps are ignored, so a run never triggers itself.
/// </summary>
internal sealed class WatchTrigger : IDisposable
{
    private readonly string _root;
    private readonly Matcher _matcher = new(StringComparison.Ordinal);
    private readonly IReadOnlyList<string> _plainPaths;
    private readonly Func<string, bool> _isOutput;
    private readonly TimeSpan _debounce;
    private readonly TriggerQueue _queue;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private string? _firstChange;

    public WatchTrigger(string root, IReadOnlyList<string> globs, Func<string, bool> isOutput, TimeSpan debounce, TriggerQueue queue)
    {
        _root = root;
        _isOutput = isOutput;
        _debounce = debounce;
        _queue = queue;
        _plainPaths = globs.Where(g => g.IndexOfAny(['*', '?', '[']) < 0).ToList();
        foreach (var glob in globs.Except(_plainPaths))
        {
            _matcher.AddInclude(glob);
            if (glob.EndsWith("**", StringComparison.Ordinal))
            {
                _matcher.AddInclude(glob + "/*");
            }
        }

        _timer = new Timer(_ => Fire());
        _watcher = new FileSystemWatcher(root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Created += (_, e) => Changed(e.FullPath);
        _watcher.Changed += (_, e) => Changed(e.FullPath);
        _watcher.Deleted += (_, e) => Changed(e.FullPath);
        _watcher.Renamed += (_, e) =>
        {
            Changed(e.OldFullPath);
            Changed(e.FullPath);
        };
        _watcher.Error += (_, e) => Note($"events lost ({e.GetException().Message})");
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Whether a workspace-relative, <c>/</c>-separated path is watched.</summary>
    public bool IsWatched(string path)
    {
        if (path.StartsWith(".pipeline/", StringComparison.Ordinal) || path.StartsWith(".git/", StringComparison.Ordinal) || _isOutput(path))
        {
            return false;
        }

        return _plainPaths.Any(p => path == p || path.StartsWith(p + "/", StringComparison.Ordinal)) || _matcher.Match(path).HasMatches;
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _timer.Dispose();
    }

    private void Changed(string fullPath)
    {
        var path = Path.GetRelativePath(_root, fullPath).Replace('\\', '/');
        if (IsWatched(path))
        {
            Note(path);
        }
    }

    private void Note(string change)
    {
        lock (_gate)
        {
            _firstChange ??= change;
            _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        string? change;
        lock (_gate)
        {
            change = _firstChange;
            _firstChange = null;
        }

        if (change is not null)
        {
            _queue.Request(TriggerKind.Watch, RunRequest.For($"watch: {change} changed"));
        }
    }
}
