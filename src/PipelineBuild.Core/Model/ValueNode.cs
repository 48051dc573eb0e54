using System.Text;

namespace PipelineBuild.Core.Model;

/// <summary>
/// A parsed YAML value (params, <c>with</c>, matrix values) without YAML types attached:
/// scalars keep their text, so <c>5</c> and <c>5.0</c> stay different values, as a user wrote them.
/// </summary>
public abstract record ValueNode
{
    /// <summary>A canonical, order-preserving JSON-like text, used for expansion of maps and for fingerprints.</summary>
    public abstract void WriteCanonical(StringBuilder builder);

    public string ToCanonicalString()
    {
        var builder = new StringBuilder();
        WriteCanonical(builder);
        return builder.ToString();
    }

    /// <summary>The text used when the value is expanded into a command: scalars as-is, others canonical.</summary>
    public virtual string ToExpansionText() => ToCanonicalString();

    protected static void WriteQuoted(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
