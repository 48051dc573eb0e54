using System.Security.Cryptography;

namespace PipelineBuild.Core.Execution;

/// <summary>Run ids: 16 hex characters, time-ordered (seconds since 2020) then random, abbreviable like git hashes.</summary>
public static class RunIds
{
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string New(DateTimeOffset now)
    {
        var seconds = (uint)Math.Max(0, (now - Epoch).TotalSeconds);
        Span<byte> random = stackalloc byte[4];
        RandomNumberGenerator.Fill(random);
        return seconds.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + Convert.ToHexStringLower(random);
    }
}
