using System.CommandLine;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline cache status|push|pull|verify|gc</c>: the local cache and the remote one.</summary>
internal static class CacheCommand
{
    /// <summary>The remote-cache line of the last run, for <c>cache status</c>.</summary>
    public static string LastRunFile(WorkspaceLayout layout) => Path.Combine(layout.CacheFolder, "remote-last-run.txt");

    public static Command Create() =>
        new("cache", "The local cache and the shared remote cache") { CreateStatus(), CreatePush(), CreatePull(), CreateVerify(), CacheGcCommand.Create() };

    private static Command CreateStatus()
    {
        var file = CommonOptions.File();
        var settings = new RemoteCacheSettings();
        var command = new Command("status", "Local cache size, whether the remote answers, and the last run's remote hits and bytes") { file, settings.Url };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (pipeline, _) = PipelineOpener.Open(parse.GetValue(file), [], null);
            var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
            var (objects, bytes) = Measure(layout.ContentFolder);
            Console.WriteLine($"local cache {layout.CacheFolder}: {objects} objects, {Bytes(bytes)}, {new ActionCache(layout.ActionFolder, _ => { }).Keys().Count()} entries");
            var options = settings.Resolve(parse, pipeline);
            if (options is null)
            {
                Console.WriteLine("remote cache: none (set --cache-url, PIPELINEBUILD_CACHE_URL or 'cache: remote:')");
            }
            else
            {
                using var store = options.Store;
                var session = new RemoteCacheSession(options with { Retries = 1 }, _ => { });
                var reachable = await RemoteCacheProbe.IsReachableAsync(session, cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"remote cache {store.DisplayUrl}: {(reachable ? "reachable" : $"unavailable ({session.Summary().Unavailable})")}");
            }

            var last = LastRunFile(layout);
            Console.WriteLine(File.Exists(last) ? $"last run: {File.ReadAllText(last).Trim()}" : "last run: no remote cache used yet");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreatePush()
    {
        var file = CommonOptions.File();
        var settings = new RemoteCacheSettings();
        var all = new Option<bool>("--all") { Description = "Push every local entry, not only the lock file's" };
        var command = new Command("push", "Upload the local cache entries of the lock file's steps (blobs first, entries last)") { file, settings.Url, all };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (pipeline, _) = PipelineOpener.Open(parse.GetValue(file), [], null);
            var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
            var actions = new ActionCache(layout.ActionFolder, Warn);
            var keys = parse.GetValue(all) ? actions.Keys().ToList()
                : LockFileSerializer.Read(pipeline.LockFilePath, pipeline.Name, Warn).Steps.Values.Select(e => e.Fingerprint).ToList();
            return await SyncAsync(settings, parse, pipeline, layout, actions, async sync =>
            {
                var pushed = await sync.PushAsync(keys, cancellationToken).ConfigureAwait(false);
                return $"pushed {pushed} of {keys.Count} entries";
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command CreatePull()
    {
        var file = CommonOptions.File();
        var settings = new RemoteCacheSettings();
        var command = new Command("pull", "Download the remote entries of the lock file's steps into the local cache (verified)") { file, settings.Url };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (pipeline, _) = PipelineOpener.Open(parse.GetValue(file), [], null);
            var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
            var locked = LockFileSerializer.Read(pipeline.LockFilePath, pipeline.Name, Warn);
            var steps = pipeline.Steps.Where(s => s.Cache && locked.Find(s.Id) is not null).Select(s => (s, locked.Find(s.Id)!.Fingerprint)).ToList();
            return await SyncAsync(settings, parse, pipeline, layout, new ActionCache(layout.ActionFolder, Warn), async sync =>
            {
                var pulled = await sync.PullAsync(steps, cancellationToken).ConfigureAwait(false);
                return $"pulled {pulled} of {steps.Count} entries";
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command CreateVerify()
    {
        var file = CommonOptions.File();
        var command = new Command("verify", "Re-hash every object of the local cache; report and remove damaged ones") { file };
        command.SetAction(parse =>
        {
            var (pipeline, _) = PipelineOpener.Open(parse.GetValue(file), [], null);
            var (count, bytes, dropped) = new ContentStore(new WorkspaceLayout(pipeline.WorkspaceRoot).ContentFolder).VerifyAll();
            foreach (var name in dropped)
            {
                Console.WriteLine($"damaged: {name} (removed)");
            }

            Console.WriteLine($"verified {count} objects ({Bytes(bytes)}): {dropped.Count} damaged");
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int> SyncAsync(
        RemoteCacheSettings settings,
        ParseResult parse,
        Core.Model.PipelineDefinition pipeline,
        WorkspaceLayout layout,
        ActionCache actions,
        Func<RemoteCacheSync, Task<string>> transfer)
    {
        var options = settings.Resolve(parse, pipeline) ?? throw new PipelineException(
            RemoteCacheCodes.BadSetting,
            $"error {RemoteCacheCodes.BadSetting}: no remote cache is set; give --cache-url, set PIPELINEBUILD_CACHE_URL or 'cache: remote:' in the pipeline");
        using var store = options.Store;
        var session = new RemoteCacheSession(options with { Mode = Core.Model.RemoteCacheMode.ReadWrite }, Warn);
        var outcome = await transfer(new RemoteCacheSync(session, new ContentStore(layout.ContentFolder), actions)).ConfigureAwait(false);
        Console.WriteLine($"{outcome}; {RunSummary.RemoteCacheLine(session.Summary())}");
        return session.IsAvailable ? ExitCodes.Success : ExitCodes.ServiceUnavailable;
    }

    private static (int Objects, long Bytes) Measure(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Aggregate((0, 0L), (sum, path) => (sum.Item1 + 1, sum.Item2 + new FileInfo(path).Length))
            : (0, 0L);

    internal static string Bytes(long bytes) => RunSummary.FormatBytes(bytes);

    private static void Warn(string message) => Console.Error.WriteLine(message);
}
