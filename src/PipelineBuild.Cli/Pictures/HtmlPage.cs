using System.Net;
using System.Text;
using System.Text.Json;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Pictures;

/// <summary>
/// One self-contained HTML file: the page's data as JSON, Vega, Vega-Lite, vega-embed and pictures.js
/// inline. Its Content-Security-Policy forbids every request except to the page's own server
/// (<paramref name="live"/>: the <c>ui</c> pages); a file works offline and cannot reach the network.
/// </summary>
internal static class HtmlPage
{
    public static string Render(string title, Action<Utf8JsonWriter> data, bool live = false)
    {
        var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            // The default encoder escapes '<', '>' and '&', so no "</script>" can close the data block early.
            data(writer);
        }

        var connect = live ? "'self'" : "'none'";
        var html = new StringBuilder(900_000);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; connect-src ")
            .Append(connect).Append("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .Append(WebUtility.HtmlEncode(title)).Append("</title>\n<style>\n").Append(WebAssets.Read("pictures.css")).Append("</style>\n</head>\n<body>\n")
            .Append("<main id=\"page\"></main>\n<script type=\"application/json\" id=\"pb-data\">")
            .Append(Encoding.UTF8.GetString(json.GetBuffer(), 0, (int)json.Length)).Append("</script>\n");
        foreach (var script in WebAssets.Scripts)
        {
            html.Append("<script>\n").Append(WebAssets.Read(script)).Append("\n</script>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>Writes the page atomically: a reader never sees half a file. Its folder must exist (no path is invented).</summary>
    public static void Save(string path, string html)
    {
        AtomicFile.Write(Path.GetFullPath(path), stream => stream.Write(Encoding.UTF8.GetBytes(html)));
    }
}
