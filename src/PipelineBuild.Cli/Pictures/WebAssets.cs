namespace PipelineBuild.Cli.Pictures;

/// <summary>
/// The scripts and style every HTML page carries inline, embedded in the tool: Vega, Vega-Lite and
/// vega-embed (minified, pinned by build/web/package-lock.json) and the tool's own pictures.js/css.
/// </summary>
internal static class WebAssets
{
    public static readonly IReadOnlyList<string> Scripts = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "pictures.js"];

    public static string Read(string name)
    {
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream("PipelineBuild.Pictures." + name)
            ?? throw new InvalidOperationException($"The tool was built without its web asset {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
