using System.Net.Http;
using NuGet.Common;
using NuGet.Packaging;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;

namespace PipelineBuild.TaskHost;

/// <summary>
/// Pushes a package to a NuGet source with NuGet's own client (<c>NuGet.Protocol</c>: the v3 service
/// index or a v2 push URL, or a local feed folder, as <c>dotnet nuget push</c> does), unless the source
/// already has its id and version. The tool cannot link <c>NuGet.Protocol</c> (it is not trimmable), so
/// it runs this verb of the JIT host. The outcome is the exit code; the reason is the last line on stderr.
/// </summary>
internal static class NuGetPush
{
    public static async Task<int> RunAsync(string packagePath, string source, string? apiKey)
    {
        var identity = ReadIdentity(packagePath);
        var repository = Repository.Factory.GetCoreV3(source);
        if (repository.PackageSource.IsLocal)
        {
            // A new local feed: NuGet pushes into an existing folder only (as dotnet nuget push, flat in an empty one).
            Directory.CreateDirectory(repository.PackageSource.Source.StartsWith("file:", StringComparison.Ordinal) ? new Uri(source).LocalPath : source);
        }

        using var cache = new SourceCacheContext { NoCache = true };
        try
        {
            var finder = await repository.GetResourceAsync<FindPackageByIdResource>(CancellationToken.None).ConfigureAwait(false);
            if (finder is not null && await finder.DoesPackageExistAsync(identity.Id, identity.Version, cache, NullLogger.Instance, CancellationToken.None).ConfigureAwait(false))
            {
                return HostExitCodes.AlreadyThere;
            }

            var update = await repository.GetResourceAsync<PackageUpdateResource>(CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{source} is not a source NuGet can push to");
            var log = new LastError();
            await update.Push(
                [packagePath],
                symbolSource: null!,
                timeoutInSecond: 1800,
                disableBuffering: false,
                getApiKey: _ => apiKey ?? string.Empty,
                getSymbolApiKey: _ => string.Empty,
                noServiceEndpoint: false,
                skipDuplicate: true,
                symbolPackageUpdateResource: null,
                log).ConfigureAwait(false);
            return log.Message is null ? HostExitCodes.Succeeded : Fail(HostExitCodes.Refused, log.Message);
        }
        catch (Exception e) when (Unreachable(e))
        {
            return Fail(HostExitCodes.Unreachable, Innermost(e));
        }
        catch (Exception e) when (e is FatalProtocolException or HttpRequestException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return Fail(HostExitCodes.Refused, Innermost(e));
        }
    }

    private static NuGet.Packaging.Core.PackageIdentity ReadIdentity(string packagePath)
    {
        using var reader = new PackageArchiveReader(packagePath);
        return reader.GetIdentity();
    }

    /// <summary>No answer at all (refused connection, DNS, timeout), as opposed to an answer that says no.</summary>
    private static bool Unreachable(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { StatusCode: null } or System.Net.Sockets.SocketException or TaskCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    private static string Innermost(Exception e)
    {
        var messages = new List<string>();
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            messages.Add(inner.Message);
        }

        return string.Join(" ", messages.Distinct(StringComparer.Ordinal));
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine(message);
        return code;
    }

    /// <summary>NuGet reports some refusals only to its logger; the last error is the reason.</summary>
    private sealed class LastError : LoggerBase
    {
        public string? Message { get; private set; }

        public override void Log(ILogMessage message)
        {
            if (message.Level >= LogLevel.Error)
            {
                Message = message.Message;
            }
        }

        public override Task LogAsync(ILogMessage message)
        {
            Log(message);
            return Task.CompletedTask;
        }
    }
}
