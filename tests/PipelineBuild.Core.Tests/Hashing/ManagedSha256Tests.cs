using System.Security.Cryptography;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Tests.Hashing;

public sealed class ManagedSha256Tests
{
    [Fact]
    public void Should_give_the_platform_digest_for_every_length_up_to_a_thousand_bytes()
    {
        // Given random bytes, and every length from empty past fifteen blocks (each padding case: the length fits in the last block, or spills into another)
        var bytes = new byte[1000];
        new Random(20261201).NextBytes(bytes);
        Span<byte> managed = stackalloc byte[32];

        for (var length = 0; length <= bytes.Length; length++)
        {
            // When
            ManagedSha256.HashData(bytes.AsSpan(0, length), managed);

            // Then
            Assert.True(SHA256.HashData(bytes.AsSpan(0, length)).AsSpan().SequenceEqual(managed), $"length {length}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(8192)]
    [InlineData(120_037)]
    public void Should_give_the_platform_digest_for_bytes_given_in_parts(int length)
    {
        // Given random bytes, cut into parts of every size from 1 to 130 bytes in turn (parts that fill a block, end inside one, span several)
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var hasher = new ManagedSha256.Incremental();
        var size = 1;
        for (var offset = 0; offset < length; offset += size, size = size % 130 + 1)
        {
            // When each part is appended
            hasher.Append(bytes.AsSpan(offset, Math.Min(size, length - offset)));
        }

        // Then the digest is the one of all the bytes at once
        var digest = new byte[32];
        hasher.Finish(digest);
        Assert.Equal(SHA256.HashData(bytes), digest);
    }

    [Theory]
    [InlineData(100, 100)]
    [InlineData(200_000, 200_000)]
    [InlineData(2 * 1_048_576, 4 * 1_048_576)]
    [InlineData(1000, 999)]
    public void Should_hash_a_stream_a_chunk_at_a_time_up_to_a_limit(int length, int maxBytes)
    {
        // Given a stream of random bytes (past the managed limit in one case, where the platform's hash takes over)
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        using var stream = new MemoryStream(bytes);

        // When it is hashed with a limit
        var digest = SmallSha256.HashData(stream, maxBytes);

        // Then the digest is the one of its bytes, or none when it holds more than the limit
        Assert.Equal(length <= maxBytes ? SHA256.HashData(bytes) : null, digest);
    }

    [Theory]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(119)]
    [InlineData(120)]
    [InlineData(128)]
    [InlineData(65_536)]
    [InlineData(1_048_576 + 7)]
    public void Should_give_the_platform_digest_at_block_boundaries_and_for_large_inputs(int length)
    {
        // Given
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        Span<byte> managed = stackalloc byte[32];

        // When
        ManagedSha256.HashData(bytes, managed);

        // Then
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), Convert.ToHexStringLower(managed));
    }

    [Fact]
    public void Should_give_the_published_digests_of_the_standard_test_messages()
    {
        // Given the FIPS 180-4 examples: "abc" and the two-block message
        Span<byte> digest = stackalloc byte[32];

        // When / Then
        ManagedSha256.HashData("abc"u8, digest);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(digest));
        ManagedSha256.HashData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8, digest);
        Assert.Equal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", Convert.ToHexStringLower(digest));
        ManagedSha256.HashData([], digest);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Should_hash_a_slice_in_the_middle_of_a_buffer_as_the_bytes_alone()
    {
        // Given a block-unaligned slice of a larger buffer (the fingerprint builder hashes the front of a pooled one)
        var bytes = new byte[500];
        new Random(7).NextBytes(bytes);
        Span<byte> managed = stackalloc byte[32];

        // When
        ManagedSha256.HashData(bytes.AsSpan(3, 200), managed);

        // Then
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(3, 200))), Convert.ToHexStringLower(managed));
    }

    [Fact]
    public void Should_refuse_a_destination_shorter_than_a_digest()
    {
        Assert.Throws<ArgumentException>(() => ManagedSha256.HashData("abc"u8, new byte[31]));
    }
}
