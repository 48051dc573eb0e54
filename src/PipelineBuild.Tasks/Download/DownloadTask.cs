using System.Security.Cryptography;
using PipelineBuild.Sdk;

namespace PipelineBuild.Tasks.Download;

/// <summary>Settings of <c>download</c>.</summary>
/// <param name="Url">An <c>http(s)://</c> or <c>file://</c> URL.</param>
/// <param name="Output">The file to write, workspace-relative (declare it under <c>outputs</c>).</param>
/// <param name="Sha256">The expected SHA-256 of the content, 64 hex characters.</param>
public sealed record DownloadSettings(string Url, string Output, string? Sha256 = null);

/// <summary>
/// <c>download</c>: fetches a file and checks its SHA-256. The checksum is required (the error for a
/// missing one gives the actual value to paste). Content already in the workspace's content store
/// under that checksum is copied from there, so a changed URL of the same file costs no download.
/// </summary>
[TaskName("download")]
public sealed class DownloadTask : PipelineTask<DownloadSettings>
{
    /// <summary>The environment variable through which the task host names the workspace's content store.</summary>
    public const string ContentStoreVariable = "PIPELINEBUILD_CONTENT_STORE";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(30) };

    /// <inheritdoc />
    public override async Task RunAsync(StepContext context, DownloadSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var expected = settings.Sha256?.Trim().ToLowerInvariant();
        if (expected is not null && (expected.Length != 64 || !expected.All(char.IsAsciiHexDigit)))
        {
            throw new FormatException($"with.sha256: '{settings.Sha256}' is not a SHA-256 (64 hex characters)");
        }

        if (!Uri.TryCreate(settings.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https" or "file"))
        {
            throw new FormatException($"with.url: '{settings.Url}' is not an http(s):// or file:// URL");
        }

        var target = context.FullPath(settings.Output);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + ".download";
        try
        {
            string actual;
            if (expected is not null && FromStore(expected) is { } stored)
            {
                context.Log.Info($"{settings.Output}: sha256 {expected} is in the content store; not downloading");
                actual = await CopyHashingAsync(File.OpenRead(stored), temp, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                context.Log.Info($"downloading {url}");
                actual = await CopyHashingAsync(await OpenAsync(url, cancellationToken).ConfigureAwait(false), temp, cancellationToken).ConfigureAwait(false);
            }

            if (expected is null)
            {
                throw new FormatException($"with.sha256 is required so that the download is verified and cached by checksum; this content's is {actual}");
            }

            if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{url} has sha256 {actual}, not the expected {expected}; if the source changed on purpose, update 'sha256'");
            }

            File.Move(temp, target, overwrite: true);
            context.Log.Info($"{settings.Output}: {new FileInfo(target).Length} bytes, sha256 verified");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string? FromStore(string sha256)
    {
        var store = Environment.GetEnvironmentVariable(ContentStoreVariable);
        var path = store is null ? null : Path.Combine(store, sha256[..2], sha256);
        return path is not null && File.Exists(path) ? path : null;
    }

    private static async Task<Stream> OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        if (url.IsFile)
        {
            return File.OpenRead(url.LocalPath);
        }

        var response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new HttpRequestException($"GET {url}: {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> CopyHashingAsync(Stream source, string path, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (source.ConfigureAwait(false))
        {
            var target = File.Create(path);
            await using (target.ConfigureAwait(false))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
