namespace PipelineBuild.Core.Workspace;

/// <summary>Where PipelineBuild keeps its state: <c>&lt;workspace&gt;/.pipeline/</c> (docs/reference/files-on-disk.md).</summary>
public sealed record WorkspaceLayout(string Root)
{
    public const string StateFolderName = ".pipeline";

    public string StateFolder => Path.Combine(Root, StateFolderName);

    public string CacheFolder => Path.Combine(StateFolder, "cache");

    /// <summary>The content-addressed store: <c>cas/ab/abcdef…</c>.</summary>
    public string ContentFolder => Path.Combine(CacheFolder, "cas");

    /// <summary>Action entries: fingerprint → outputs manifest.</summary>
    public string ActionFolder => Path.Combine(CacheFolder, "ac");

    /// <summary>Scratch space on the cache's file system (staging restores, build context archives).</summary>
    public string TempFolder => Path.Combine(CacheFolder, "tmp");

    public string StatCacheFile => Path.Combine(CacheFolder, "stat");

    /// <summary>The last dirty flag the run record's git check computed, and what it rests on (<see cref="Runs.Git.GitDirtyMemo"/>).</summary>
    public string GitDirtyMemoFile => Path.Combine(CacheFolder, "git-dirty");

    public string LogsFolder => Path.Combine(StateFolder, "logs");

    public string LockPath => Path.Combine(StateFolder, "lock");

    /// <summary>One file per running step process group (its id and start time), for the next run to stop after a crash.</summary>
    public string ProcessesFolder => Path.Combine(StateFolder, "processes");

    /// <summary>The run history (SQLite).</summary>
    public string RunsDatabase => Path.Combine(StateFolder, "runs.db");

    /// <summary>The local artifact store: versions, aliases and the objects they are made of.</summary>
    public string ArtifactsFolder => Path.Combine(StateFolder, "artifacts");

    public string FullPath(string relativePath) =>
        Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The workspace-relative, <c>/</c>-separated form of an absolute path.</summary>
    public string RelativePath(string fullPath) =>
        Path.GetRelativePath(Root, fullPath).Replace(Path.DirectorySeparatorChar, '/');
}
