using System.CommandLine;
using System.Globalization;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.Collection;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Experiments;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Loading;
using PipelineBuild.Core.Loading.Definitions;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Docker.Engine;
using PipelineBuild.Docker.Images;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// <c>dotnet pipeline cache gc [--max-size 10GB] [--keep-days 30]</c>: trims the local cache under the
/// workspace lock (and the lock of every experiment copy, which shares the cache), keeping what the lock
/// files need, and removes old <c>pipeline/&lt;name&gt;:&lt;key&gt;</c> images.
/// </summary>
internal static class CacheGcCommand
{
    private const int DefaultKeepDays = 30;

    public static Command Create()
    {
        var file = CommonOptions.File();
        var maxSize = new Option<string?>("--max-size") { Description = "Remove the least recently used entries until the cache is at most this big (10GB, 500MB; binary units). Default: no size limit" };
        var keepDays = new Option<int?>("--keep-days") { Description = $"Remove entries not used for more than this many days (default {DefaultKeepDays})" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be removed, remove nothing" };
        var noWait = new Option<bool>("--no-wait") { Description = "Fail at once (exit 2) when a run holds the workspace, instead of waiting" };
        var command = new Command("gc", "Trim the local cache (entries unused for --keep-days, then the least recently used beyond --max-size) and old images the tool built") { file, maxSize, keepDays, dryRun, noWait };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var limits = Limits(parse.GetValue(maxSize), parse.GetValue(keepDays));
            var (pipeline, _) = PipelineOpener.Open(parse.GetValue(file), [], null);
            var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
            var dry = parse.GetValue(dryRun);
            var now = DateTime.UtcNow;
            var locks = await LockAllAsync(layout, !parse.GetValue(noWait), cancellationToken).ConfigureAwait(false);
            try
            {
                var steps = LockFilesOf(pipeline, layout).SelectMany(l => l.Steps.Values).ToList();
                var pins = CachePins.Of(steps.Select(s => s.Fingerprint), steps.SelectMany(s => s.Outputs.Concat(s.Inputs)), new ContentStore(layout.ContentFolder));
                var collection = new CacheCollector(layout.ContentFolder, layout.ActionFolder).Collect(limits, pins, now, dry);
                Print(collection, limits, dry);
                PrintSwept("staging", "interrupted runs", StagingSweep.Sweep(layout.TempFolder, dry), dry);
                PrintSwept("definitions", "interrupted writes", SweepDefinitions(layout, now, dry), dry);

                await CollectImagesAsync(pipeline, layout, now - limits.KeepAge, dry, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                foreach (var held in locks)
                {
                    held.Dispose();
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static CacheLimits Limits(string? maxSize, int? keepDays)
    {
        long? bytes = null;
        if (maxSize is not null)
        {
            bytes = MemorySizeParser.TryParse(maxSize, out var parsed) ? parsed
                : throw Bad("--max-size", $"'{maxSize}' is not a size", "give a byte count or a number with a unit: 10GB, 500MB, 2g");
        }

        var days = keepDays ?? DefaultKeepDays;
        return days >= 0
            ? new CacheLimits(TimeSpan.FromDays(days), bytes)
            : throw Bad("--keep-days", $"{days} is not a number of days", "give 0 or more");
    }

    private static PipelineException Bad(string option, string message, string fix) =>
        new(PipelineDiagnostic.Error(CacheCodes.BadCollectionLimit, SourceLocation.None(option), message, fix));

    /// <summary>
    /// The workspace's lock, then each experiment copy's: copies are made under the workspace lock, so none
    /// appears meanwhile, and a running experiment (which writes the shared cache) is waited for.
    /// </summary>
    private static async Task<List<IDisposable>> LockAllAsync(WorkspaceLayout layout, bool wait, CancellationToken cancellationToken)
    {
        var held = new List<IDisposable>();
        try
        {
            held.Add(await WorkspaceLock.AcquireAsync(layout, wait, Notify, cancellationToken).ConfigureAwait(false));
            foreach (var copy in ExperimentCopies(layout))
            {
                held.Add(await WorkspaceLock.AcquireAsync(new WorkspaceLayout(copy), wait, Notify, cancellationToken).ConfigureAwait(false));
            }

            return held;
        }
        catch
        {
            foreach (var done in held)
            {
                done.Dispose();
            }

            throw;
        }
    }

    private static IEnumerable<string> ExperimentCopies(WorkspaceLayout layout)
    {
        var folder = ExperimentWorkspace.FolderOf(layout);
        return FileKinds.Of(folder) == FileKind.Directory
            ? Directory.EnumerateDirectories(folder).Where(d => FileKinds.Of(Path.Combine(d, WorkspaceLayout.StateFolderName)) == FileKind.Directory).Order(StringComparer.Ordinal)
            : [];
    }

    /// <summary>The pipeline's lock file and its copy in every experiment: what they name stays.</summary>
    private static IEnumerable<LockFile> LockFilesOf(PipelineDefinition pipeline, WorkspaceLayout layout)
    {
        var relative = Path.GetRelativePath(pipeline.WorkspaceRoot, pipeline.LockFilePath);
        foreach (var path in ExperimentCopies(layout).Select(c => Path.Combine(c, relative)).Prepend(pipeline.LockFilePath))
        {
            if (FileKinds.Of(path) == FileKind.RegularFile)
            {
                yield return LockFileSerializer.Read(path, pipeline.Name, Warn);
            }
        }
    }

    /// <summary>Temp files of definition cache writes killed half-way (<c>.pipeline/definitions/</c>, a real folder only).</summary>
    private static StagingSwept SweepDefinitions(WorkspaceLayout layout, DateTime nowUtc, bool dryRun) =>
        FileKinds.Of(layout.StateFolder) == FileKind.Directory
            ? TempFileSweep.Sweep(Path.Combine(layout.StateFolder, DefinitionCache.FolderName), nowUtc, dryRun)
            : new StagingSwept(0, 0);

    private static void PrintSwept(string what, string of, StagingSwept swept, bool dryRun)
    {
        if (swept.Leftovers > 0)
        {
            Console.WriteLine($"{what}: {(dryRun ? "would remove" : "removed")} {swept.Leftovers} leftover{(swept.Leftovers == 1 ? "" : "s")} of {of}, {(dryRun ? "freeing" : "freed")} {CacheCommand.Bytes(swept.Bytes)}");
        }
    }

    private static void Print(CacheCollection collection, CacheLimits limits, bool dryRun)
    {
        var verb = dryRun ? "would remove" : "removed";
        Console.WriteLine($"local cache: {verb} {collection.EntriesRemoved} entr{(collection.EntriesRemoved == 1 ? "y" : "ies")} and {collection.ObjectsRemoved} object{(collection.ObjectsRemoved == 1 ? "" : "s")}, {(dryRun ? "freeing" : "freed")} {CacheCommand.Bytes(collection.BytesFreed)}" +
            (collection.DamagedEntries > 0 ? $" ({collection.DamagedEntries} damaged entr{(collection.DamagedEntries == 1 ? "y" : "ies")})" : ""));
        Console.WriteLine($"local cache: {(dryRun ? "would keep" : "kept")} {collection.EntriesKept} entr{(collection.EntriesKept == 1 ? "y" : "ies")} and {collection.ObjectsKept} object{(collection.ObjectsKept == 1 ? "" : "s")}, {CacheCommand.Bytes(collection.BytesKept)}; the lock file needs {CacheCommand.Bytes(collection.PinnedBytes)} of it");
        if (limits.MaxBytes is { } max && collection.BytesKept > max)
        {
            Warn(PipelineDiagnostic.Warning(
                CacheCodes.PinnedBeyondLimit,
                SourceLocation.None("--max-size"),
                $"the cache is {CacheCommand.Bytes(collection.BytesKept)} after collection, more than --max-size {CacheCommand.Bytes(max)}: what is left is needed by the lock file (or was written during the collection)",
                "raise --max-size; the lock file's outputs are never removed").ToString());
        }
    }

    private static async Task CollectImagesAsync(PipelineDefinition pipeline, WorkspaceLayout layout, DateTime cutoffUtc, bool dryRun, CancellationToken cancellationToken)
    {
        using var engine = new DockerEngine();
        var digests = new FileDigests(layout, StatCacheFile.Load(layout.StatCacheFile), Environment.ProcessorCount);
        var images = await new ImageCollector(engine).CollectAsync(pipeline, digests, cutoffUtc, dryRun, cancellationToken).ConfigureAwait(false);
        if (images.Skipped is { } reason)
        {
            if (pipeline.Images.Any(i => i.BuildContext is not null))
            {
                Console.WriteLine($"images: not collected ({reason})");
            }

            return;
        }

        var verb = dryRun ? "would remove" : "removed";
        Console.WriteLine(images.Removed.Count == 0
            ? $"images: none to remove (built more than {(DateTime.UtcNow - cutoffUtc).TotalDays.ToString("0", CultureInfo.InvariantCulture)} days ago and not current)"
            : $"images: {verb} {string.Join(", ", images.Removed)}");
        if (images.InUse.Count > 0)
        {
            Console.WriteLine($"images: kept {string.Join(", ", images.InUse)} (a container uses them)");
        }
    }

    private static void Notify(string message) => Console.Error.WriteLine(message);

    private static void Warn(string message) => Console.Error.WriteLine(message);
}
