using System.Security.Cryptography;
using System.Text;

namespace PipelineBuild.Kubernetes.Manifests;

/// <summary>
/// Names and label values Kubernetes accepts, made from step ids and pipeline names that it would not
/// (<c>train.fit[lr=0.1]</c>): a readable part plus a hash of the whole, so two ids never share a name.
/// </summary>
public static partial class KubernetesNames
{
    /// <summary>A DNS-1123 label of at most <paramref name="maxLength"/> characters: <c>pb-train-fit-lr-0-1-3f2a9c1e</c>.</summary>
    public static string Object(string prefix, string id, int maxLength = 63)
    {
        var hash = Hash(id);
        var room = maxLength - prefix.Length - hash.Length - 2;
        var slug = Slug(id, room);
        return slug.Length == 0 ? $"{prefix}-{hash}" : $"{prefix}-{slug}-{hash}";
    }

    /// <summary>A label value (at most 63 characters of <c>[a-z0-9._-]</c>, alphanumeric at both ends).</summary>
    public static string LabelValue(string value) =>
        value.Length <= 63 && LabelPattern().IsMatch(value) ? value : Object("x", value);

    /// <summary>Lower-case letters and digits, every other run of characters one '-', trimmed, cut to <paramref name="max"/>.</summary>
    internal static string Slug(string text, int max)
    {
        var builder = new StringBuilder(Math.Min(text.Length, Math.Max(max, 0)));
        foreach (var c in text)
        {
            if (builder.Length >= max)
            {
                break;
            }

            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (c is >= 'A' and <= 'Z')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        return builder.ToString().Trim('-');
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex LabelPattern();

    private static string Hash(string id) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..8];
}
