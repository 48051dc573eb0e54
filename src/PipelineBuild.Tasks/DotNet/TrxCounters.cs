using System.Globalization;
using System.Xml;

namespace PipelineBuild.Tasks.DotNet;

/// <summary>The <c>&lt;Counters&gt;</c> of every TRX file under a folder, added up.</summary>
internal sealed record TrxCounters(int Files, int Total, int Passed, int Failed, int Skipped)
{
    public static TrxCounters Read(string folder)
    {
        var sum = new TrxCounters(0, 0, 0, 0, 0);
        if (!Directory.Exists(folder))
        {
            return sum;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.trx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Counters")
                {
                    sum = new TrxCounters(
                        sum.Files + 1,
                        sum.Total + Count(reader, "total"),
                        sum.Passed + Count(reader, "passed"),
                        sum.Failed + Count(reader, "failed") + Count(reader, "error") + Count(reader, "timeout") + Count(reader, "aborted"),
                        sum.Skipped + SkippedIn(reader));
                    break;
                }
            }
        }

        return sum;
    }

    /// <summary>
    /// vstest counts a skipped test in <c>total</c> but not in <c>executed</c>, and leaves <c>notExecuted</c>
    /// at 0 (seen with xunit 2.9): the difference is the skipped count.
    /// </summary>
    private static int SkippedIn(XmlReader reader) =>
        Math.Max(Count(reader, "notExecuted"), Count(reader, "total") - Count(reader, "executed"));

    private static int Count(XmlReader reader, string attribute) =>
        int.TryParse(reader.GetAttribute(attribute), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
