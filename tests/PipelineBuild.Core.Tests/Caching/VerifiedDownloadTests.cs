using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Caching;

public sealed class VerifiedDownloadTests
{
    [Fact]
    public async Task Should_write_every_byte_once_when_the_download_hashes_to_its_name()
    {
        // Given a download of several buffers' worth of bytes
        using var ws = TestWorkspace.Create();
        var bytes = new byte[(3 << 20) + 12345];
        new Random(13).NextBytes(bytes);
        using var source = new MemoryStream(bytes);

        // When it is written with its digest as the expected one
        var length = await VerifiedDownload.TryWriteAsync(source, ContentDigest.Of(bytes), ws.PathOf("staged"), CancellationToken.None);

        // Then the file holds exactly those bytes
        Assert.Equal(bytes.Length, length);
        Assert.Equal(bytes, File.ReadAllBytes(ws.PathOf("staged")));
    }

    [Fact]
    public async Task Should_leave_no_file_when_the_download_does_not_hash_to_its_name()
    {
        // Given a download whose bytes were tampered with
        using var ws = TestWorkspace.Create();
        using var source = new MemoryStream("tampered"u8.ToArray());

        // When it is written expecting the original's digest
        var length = await VerifiedDownload.TryWriteAsync(source, ContentDigest.Of("original"u8), ws.PathOf("staged"), CancellationToken.None);

        // Then nothing is kept
        Assert.Null(length);
        Assert.False(File.Exists(ws.PathOf("staged")));
    }

    [Fact]
    public async Task Should_leave_no_file_when_the_download_breaks_off()
    {
        // Given a download that fails after its first megabyte
        using var ws = TestWorkspace.Create();
        using var source = new BreakingStream(1 << 20);

        // When it is written
        await Assert.ThrowsAsync<IOException>(() => VerifiedDownload.TryWriteAsync(source, ContentDigest.Of("x"u8), ws.PathOf("staged"), CancellationToken.None));

        // Then no partial file is left behind
        Assert.False(File.Exists(ws.PathOf("staged")));
    }

    /// <summary>Yields <c>limit</c> zero bytes, then fails like a connection reset.</summary>
    private sealed class BreakingStream(int limit) : Stream
    {
        private int _left = limit;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left == 0)
            {
                throw new IOException("connection reset");
            }

            var n = Math.Min(count, _left);
            Array.Clear(buffer, offset, n);
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
