using System.Security.Cryptography;
using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Hashing;
using PipelineBuild.RemoteCache;

namespace PipelineBuild.EndToEnd.Tests.RemoteCache;

/// <summary>Each backend against its real server: objects round-trip as streams, their lengths are reported unread, a missing one is a miss, a server down is unavailable.</summary>
public sealed class RemoteStoreTests
{
    [RemoteCacheFact("nginx")]
    public Task Should_round_trip_objects_when_the_remote_is_nginx_webdav() => RoundTripAsync("http");

    [RemoteCacheFact("s3rver")]
    public Task Should_round_trip_objects_when_the_remote_is_s3() => RoundTripAsync("s3");

    [RemoteCacheFact("azurite-blob")]
    public Task Should_round_trip_objects_when_the_remote_is_azure_blob() => RoundTripAsync("azblob");

    [Fact]
    public Task Should_round_trip_objects_when_the_remote_is_a_shared_folder() => RoundTripAsync("file");

    [RemoteCacheFact("nginx")]
    public Task Should_throw_unavailable_when_the_nginx_server_is_down() => DownAsync("http");

    [RemoteCacheFact("s3rver")]
    public Task Should_throw_unavailable_when_the_s3_server_is_down() => DownAsync("s3");

    [RemoteCacheFact("azurite-blob")]
    public Task Should_throw_unavailable_when_the_azure_server_is_down() => DownAsync("azblob");

    [Fact]
    public Task Should_throw_unavailable_when_the_shared_folder_is_gone() => DownAsync("file");

    [Fact]
    public void Should_refuse_a_cache_url_that_carries_credentials()
    {
        // When
        var error = Assert.Throws<Core.Diagnostics.PipelineException>(() => RemoteStoreFactory.Create("https://alice:hunter2@cache.example/team", new Dictionary<string, string>()));

        // Then
        Assert.Equal("PB7010", error.Code);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_ask_for_credentials_when_an_azure_cache_has_none()
    {
        var error = Assert.Throws<Core.Diagnostics.PipelineException>(() => RemoteStoreFactory.Create("azblob://account/cache", new Dictionary<string, string>()));

        Assert.Equal("PB7011", error.Code);
    }

    private static async Task RoundTripAsync(string kind)
    {
        // Given
        using var server = CacheServer.Start(kind);
        using var store = RemoteStoreFactory.Create(server.Url, server.Environment);
        var bytes = RandomNumberGenerator.GetBytes((3 << 20) + 17);
        var blob = RemoteObjectKey.Blob(ContentDigest.Of(bytes));
        var entry = RemoteObjectKey.Entry(new ActionKey(ContentDigest.Of("entry"u8)));
        var absent = RemoteObjectKey.Blob(ContentDigest.Of("absent"u8));

        // When
        await store.PutAsync(blob, new MemoryStream(bytes), bytes.Length, CancellationToken.None);
        await store.PutAsync(entry, new MemoryStream("{}"u8.ToArray()), 2, CancellationToken.None);
        await store.PutAsync(entry, new MemoryStream("{\"a\":1}"u8.ToArray()), 7, CancellationToken.None);

        // Then
        Assert.True(await store.ExistsAsync(blob, CancellationToken.None));
        Assert.False(await store.ExistsAsync(absent, CancellationToken.None));
        Assert.Null(await store.OpenReadAsync(absent, CancellationToken.None));
        Assert.Equal(bytes.Length, await store.LengthAsync(blob, CancellationToken.None));
        Assert.Equal(7, await store.LengthAsync(entry, CancellationToken.None));
        Assert.Null(await store.LengthAsync(absent, CancellationToken.None));
        Assert.Equal(bytes, await ReadAllAsync(store, blob));
        Assert.Equal("{\"a\":1}"u8.ToArray(), await ReadAllAsync(store, entry));
    }

    private static async Task DownAsync(string kind)
    {
        // Given
        var server = CacheServer.Start(kind);
        using var store = RemoteStoreFactory.Create(server.Url, server.Environment);
        var key = RemoteObjectKey.Blob(ContentDigest.Of("x"u8));

        // When
        server.Dispose();

        // Then
        await Assert.ThrowsAsync<RemoteStoreException>(() => store.ExistsAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<RemoteStoreException>(() => store.OpenReadAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<RemoteStoreException>(() => store.LengthAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<RemoteStoreException>(() => store.PutAsync(key, new MemoryStream("x"u8.ToArray()), 1, CancellationToken.None));
    }

    private static async Task<byte[]> ReadAllAsync(IRemoteStore store, RemoteObjectKey key)
    {
        await using var stream = await store.OpenReadAsync(key, CancellationToken.None) ?? throw new InvalidOperationException($"{key} is missing");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
