using System.Security.Cryptography;
using System.Text;
using PipelineBuild.Tasks.Download;
using PipelineBuild.Testing;

namespace PipelineBuild.Tasks.Tests;

public sealed class DownloadTaskTests
{
    private const string Content = "a,b\n1,2\n";
    private static readonly string Sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Content)));

    [Fact]
    public async Task Should_download_a_file_url_and_verify_its_checksum()
    {
        using var ws = TestWorkspace.Create();
        var source = ws.Write("source/data.csv", Content);

        await new DownloadTask().RunAsync(TaskContexts.For(ws, $$"""{ "url": "{{new Uri(source)}}", "output": "data/raw.csv", "sha256": "{{Sha}}" }"""), CancellationToken.None);

        Assert.Equal(Content, ws.Read("data/raw.csv"));
    }

    [Fact]
    public async Task Should_fail_without_writing_the_output_when_the_checksum_differs()
    {
        using var ws = TestWorkspace.Create();
        var source = ws.Write("source/data.csv", Content + "tampered\n");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            new DownloadTask().RunAsync(TaskContexts.For(ws, $$"""{ "url": "{{new Uri(source)}}", "output": "data/raw.csv", "sha256": "{{Sha}}" }"""), CancellationToken.None));

        Assert.Contains($"not the expected {Sha}; if the source changed on purpose, update 'sha256'", error.Message, StringComparison.Ordinal);
        Assert.False(ws.Exists("data/raw.csv"));
        Assert.False(ws.Exists("data/raw.csv.download"));
    }

    [Fact]
    public async Task Should_require_a_checksum_and_give_the_actual_one_to_paste()
    {
        using var ws = TestWorkspace.Create();
        var source = ws.Write("source/data.csv", Content);

        var error = await Assert.ThrowsAsync<FormatException>(() =>
            new DownloadTask().RunAsync(TaskContexts.For(ws, $$"""{ "url": "{{new Uri(source)}}", "output": "data/raw.csv" }"""), CancellationToken.None));

        Assert.Equal($"with.sha256 is required so that the download is verified and cached by checksum; this content's is {Sha}", error.Message);
    }

    [Fact]
    public async Task Should_take_content_the_store_has_under_its_checksum_without_fetching()
    {
        // Given the content store holds the file, and the URL is unreachable
        using var ws = TestWorkspace.Create();
        ws.Write($".pipeline/cache/cas/{Sha[..2]}/{Sha}", Content);
        Environment.SetEnvironmentVariable(DownloadTask.ContentStoreVariable, ws.PathOf(".pipeline/cache/cas"));
        try
        {
            // When
            await new DownloadTask().RunAsync(TaskContexts.For(ws, $$"""{ "url": "http://127.0.0.1:9/gone.csv", "output": "data/raw.csv", "sha256": "{{Sha}}" }"""), CancellationToken.None);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DownloadTask.ContentStoreVariable, null);
        }

        // Then
        Assert.Equal(Content, ws.Read("data/raw.csv"));
    }
}
