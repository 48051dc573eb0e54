namespace PipelineBuild.Core.Model;

/// <summary>
/// A registry named by <c>registry:</c> / <c>--registry</c>: <c>host[:port]</c>, optionally a repository path after it
/// (<c>registry.example.com:5000/team</c>); no scheme, no tag. Images built from the repo are pushed below it.
/// </summary>
public static class RegistryAddress
{
    public const string Hint = "write host[:port] or host[:port]/path, e.g. registry.example.com:5000/ml (no https://, no tag)";

    public static bool IsValid(string text)
    {
        var trimmed = text.TrimEnd('/');
        if (trimmed.Length == 0 || trimmed.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = trimmed.Split('/');
        var host = parts[0];
        var colon = host.LastIndexOf(':');
        var name = colon < 0 ? host : host[..colon];
        var portOk = colon < 0 || (host[(colon + 1)..] is { Length: > 0 and <= 5 } port && port.All(char.IsAsciiDigit));
        return name.Length > 0 && portOk
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-')
            && parts.Skip(1).All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_'));
    }
}
