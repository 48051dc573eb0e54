using System.Text;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Tests.Hashing;

public sealed class ContentDigestTests
{
    private const string Hex = "0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210";

    [Fact]
    public void Should_be_the_SHA256_of_the_content_at_every_length_around_the_tiny_limit()
    {
        var content = Enumerable.Range(0, 300).Select(i => (byte)(i * 31)).ToArray();
        for (var length = 0; length <= content.Length; length++)
        {
            var expected = System.Security.Cryptography.SHA256.HashData(content.AsSpan(0, length));
            Assert.Equal(Convert.ToHexStringLower(expected), ContentDigest.Of(content.AsSpan(0, length)).Hex);
        }
    }

    [Fact]
    public void Should_parse_UTF8_hex_as_the_string_parser_does()
    {
        // When
        var parsed = ContentDigest.TryParseUtf8(Encoding.UTF8.GetBytes(Hex), out var digest);

        // Then
        Assert.True(parsed);
        Assert.Equal(ContentDigest.Parse(Hex), digest);
        Assert.Equal(Hex, digest.Hex);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789abcdeffedcba98765432100123456789abcdeffedcba987654321")]
    [InlineData("0123456789abcdeffedcba98765432100123456789abcdeffedcba98765432100")]
    [InlineData("0123456789ABCDEFfedcba98765432100123456789abcdeffedcba9876543210")]
    [InlineData("0123456789abcdeffedcba98765432100123456789abcdeffedcba987654321g")]
    [InlineData("0123456789abcdeffedcba98765432100123456789abcdeffedcba987654321 ")]
    [InlineData("0123456789abcdeffedcba98765432100123456789abcdeffedcba98765432\u00e9")]
    public void Should_refuse_UTF8_that_is_not_64_lowercase_hex_digits(string text)
    {
        // When
        var parsed = ContentDigest.TryParseUtf8(Encoding.UTF8.GetBytes(text), out var digest);

        // Then: refused like the string parser refuses it, and nothing half-parsed comes out
        Assert.False(parsed);
        Assert.False(ContentDigest.TryParse(text, out _));
        Assert.Equal(default, digest);
    }

    [Fact]
    public void Should_write_the_same_hex_as_its_text_for_every_byte_value()
    {
        // Given digests whose bytes take every value, each at every position of an eight-digit group
        for (var start = 0; start < 256; start += 7)
        {
            var bytes = new byte[ContentDigest.ByteLength];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(start + (i * 9));
            }

            var digest = ContentDigest.FromHash(bytes);
            var written = new byte[ContentDigest.HexLength + 1];

            // When
            digest.WriteHexUtf8(written);

            // Then
            Assert.Equal(Convert.ToHexStringLower(bytes), Encoding.ASCII.GetString(written, 0, ContentDigest.HexLength));
            Assert.Equal(0, written[^1]);
        }
    }
}
